"""Routes of the contracts for the access table (merged into tests/permissions/table.py).

`ct_contract` is a signed contract of organiser A with organisation X; `ct_draft` an unsigned
one. The organiser's officers manage them, finance staff see them and record transfers, X's
members see them; who may see a contract but not do the action gets 403, anybody else 404.
Generation acts on `ct_award` (a confirmed award of A) and `ct_small_grant` (a small-grant
offer of A in contracting): A's officers only, everybody else 404. POSTs without data are
refused as input (422).
"""

from __future__ import annotations

from tests.permissions.table import NGO_X, Route, only

VIEWERS = ["officer", "finance", *NGO_X]


def _viewers_do(roles: list[str], url, method="GET") -> Route:
    expect = {"anon": "login", **dict.fromkeys(VIEWERS, 403), **dict.fromkeys(roles, "ok")}
    return Route(url=url, expect=expect, default=404, method=method)


ROUTES: dict[str, Route] = {
    "contracts.index": Route(lambda o: "/umowy", expect={"anon": "login"}, default="ok"),
    "contracts.show": only(VIEWERS, lambda o: f"/umowy/{o['ct_contract']}"),
    "contracts.pdf": only(VIEWERS, lambda o: f"/umowy/{o['ct_contract']}/wersje/0/umowa.pdf"),
    "contracts.new_from_award": only(["officer"],
                                     lambda o: f"/umowy/nowa/z-konkursu/{o['ct_award']}"),
    "contracts.new_from_small_grant": only(
        ["officer"], lambda o: f"/umowy/nowa/maly-grant/{o['ct_small_grant']}"),
    "contracts.edit_version": _viewers_do(
        ["officer"], lambda o: f"/umowy/{o['ct_draft']}/wersje/0/edycja"),
    "contracts.sign": _viewers_do(["officer"],
                                  lambda o: f"/umowy/{o['ct_draft']}/wersje/0/podpisanie"),
    "contracts.create_annex": _viewers_do(["officer"],
                                          lambda o: f"/umowy/{o['ct_contract']}/aneksy",
                                          method="POST"),
    "contracts.record_payment": _viewers_do(["finance"],
                                            lambda o: f"/umowy/{o['ct_contract']}/przelewy",
                                            method="POST"),
    "contracts.terminate": _viewers_do(["officer"],
                                       lambda o: f"/umowy/{o['ct_contract']}/rozwiazanie"),
}
