"""Routes of the awards for the access table (merged into tests/permissions/table.py).

Officer pages act on `aw_competition` (organiser A, results published, an award of
organisation X lower than requested): officers of A may use them, officers elsewhere get 404,
everybody else 403. The offer update and giving up the grant act on `aw_offer` (X's offer):
X's members prepare the update; giving up the grant (like filing the update) is an act of the
organisation, for its administrator (a member gets 403); the organiser's officer, who may see
the offer, gets 403; everybody else 404.
POSTs without data are refused as input (400/409/422) or redirect with a message.
"""

from __future__ import annotations

from tests.permissions.table import NGO_X, Route, staff_a


def _offer(path: str, method: str = "GET", *, members: str | int = "ok") -> Route:
    return Route(lambda o: f"/offers/{o['aw_offer']}/{path}", method=method,
                 expect={"anon": "login", "officer": 403, **dict.fromkeys(NGO_X, "ok"),
                         "ngo_member": members})


ROUTES: dict[str, Route] = {
    "awards.ranking": staff_a(lambda o: f"/officer/competitions/{o['aw_competition']}/ranking"),
    "awards.decision": staff_a(
        lambda o: f"/officer/competitions/{o['aw_competition']}/decision"),
    "awards.publish": staff_a(
        lambda o: f"/officer/competitions/{o['aw_competition']}/results/publish",
        method="POST"),
    "awards.annul": staff_a(lambda o: f"/officer/competitions/{o['aw_competition']}/annul"),
    "awards.protocol": staff_a(
        lambda o: f"/officer/competitions/{o['aw_competition']}/protocol.pdf"),
    "awards.ranking_xlsx": staff_a(
        lambda o: f"/officer/competitions/{o['aw_competition']}/ranking.xlsx"),
    "awards.update": _offer("update"),
    "awards.decline": _offer("decline", method="POST", members=403),
}
