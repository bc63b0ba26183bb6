"""Routes of the committee for the access table (merged into tests/permissions/table.py).

The officer of organiser A composes the committee (an officer elsewhere 404, others 403).
The committee's pages are for its members only (`world.committee`, the chair): everybody
else gets 404, so that nobody learns which committees exist; "my committees" is for
holders of the committee role (others 403). The sheet exists only after closing; then the
members and the organiser's officers see it.
"""

from __future__ import annotations

from tests.permissions.table import Route, only, staff_a


def member_only(url, method="GET", **kw) -> Route:
    return Route(url=url, expect={"anon": "login", "committee": "ok"}, default=404,
                 method=method, **kw)


def _base(o, key="eval_open") -> str:
    return f"/committee/competitions/{o[key]}"


ROUTES: dict[str, Route] = {
    "evaluation.compose": staff_a(lambda o: f"/officer/competitions/{o['eval_open']}/committee"),
    "evaluation.my_competitions": only(["committee"], lambda o: "/committee", others=403),
    "evaluation.competition": member_only(lambda o: _base(o)),
    "evaluation.declaration": member_only(lambda o: f"{_base(o)}/declaration"),
    "evaluation.offer": member_only(lambda o: f"{_base(o)}/offers/{o['eval_offer']}"),
    "evaluation.attachment": member_only(
        lambda o: f"{_base(o)}/offers/{o['eval_offer']}/attachments/{o['eval_attachment']}"),
    "evaluation.conflicts": member_only(lambda o: f"{_base(o)}/conflicts"),
    "evaluation.confirm_name": member_only(lambda o: f"{_base(o)}/name-matches",
                                           method="POST"),
    "evaluation.close": member_only(lambda o: f"{_base(o)}/close"),
    "evaluation.sheet": Route(lambda o: f"{_base(o, 'eval_closed')}/sheet",
                              expect={"anon": "login", "committee": "ok", "officer": "ok"}),
    "evaluation.sheet_xlsx": Route(lambda o: f"{_base(o, 'eval_closed')}/sheet.xlsx",
                                   expect={"anon": "login", "committee": "ok",
                                           "officer": "ok"}),
}
