"""Routes of control for the access table (merged into tests/permissions/table.py).

`ct_contract`: a signed, paid contract of organisation X with organiser A. Its viewers - A's
officers and finance staff, X's members - see the visits and findings; only A's officers
record them (finance and X 403; empty POSTs are refused as input, 422); anybody else 404.
"""

from __future__ import annotations

from tests.permissions.table import NGO_X, Route

VIEWERS = ["officer", "finance", *NGO_X]


def _post(path: str) -> Route:
    return Route(lambda o: f"/umowy/{o['ct_contract']}/kontrole/{path}", method="POST",
                 expect={"anon": "login", "officer": "ok", "finance": 403,
                         **dict.fromkeys(NGO_X, 403)})


ROUTES: dict[str, Route] = {
    "controls.index": Route(lambda o: f"/umowy/{o['ct_contract']}/kontrole",
                            expect={"anon": "login", **dict.fromkeys(VIEWERS, "ok")}),
    "controls.record_visit": _post("wizyty"),
    "controls.record_misuse": _post("nieprawidlowosci"),
}
