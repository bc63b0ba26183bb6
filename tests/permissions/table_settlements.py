"""Routes of settlements for the access table (merged into tests/permissions/table.py).

`st_report`: organisation X's accepted final report, not yet settled (contract of organiser
A); `st_settlement`: a recorded settlement of another contract of X. The contract's viewers -
A's officers and finance staff, X's members - see settlements; only A's officer settles (X's
members and finance 403), only A's finance staff record returns (officer and X 403); anybody
else 404. POSTs without data are refused as input (422).
"""

from __future__ import annotations

from tests.permissions.table import NGO_X, Route

VIEWERS = ["officer", "finance", *NGO_X]

ROUTES: dict[str, Route] = {
    # the lists: anyone signed in; they hold only what the contracts' viewers may see
    # (settlements/test_lists.py)
    "settlements.index": Route(lambda o: "/rozliczenia", expect={"anon": "login"},
                               default="ok"),
    "settlements.returns": Route(lambda o: "/zwroty", expect={"anon": "login"}, default="ok"),
    "settlements.for_report": Route(
        lambda o: f"/sprawozdania/{o['st_report']}/rozliczenie",
        expect={"anon": "login", "officer": "ok", "finance": 403,
                **dict.fromkeys(NGO_X, 403)}),
    "settlements.show": Route(lambda o: f"/rozliczenia/{o['st_settlement']}",
                              expect={"anon": "login", **dict.fromkeys(VIEWERS, "ok")}),
    "settlements.pdf": Route(lambda o: f"/rozliczenia/{o['st_settlement']}/pdf",
                             expect={"anon": "login", **dict.fromkeys(VIEWERS, "ok")}),
    "settlements.record_payment": Route(
        lambda o: f"/rozliczenia/{o['st_settlement']}/zwroty", method="POST",
        expect={"anon": "login", "finance": "ok", "officer": 403,
                **dict.fromkeys(NGO_X, 403)}),
}
