"""Routes of the formal check for the access table (merged into tests/permissions/table.py).

The officer of organiser A runs the check; an officer elsewhere gets 404; on the list other
users get 403; on an offer's check the offeror's members (who may see the offer) get 403
and everyone else 404; the correction is prepared by the offeror's members only (in the
open competition of `world` the service refuses it and the page redirects with a message).
"""

from __future__ import annotations

from tests.permissions.table import NGO_X, Route, staff_a

ROUTES: dict[str, Route] = {
    "formal.competition_list": staff_a(
        lambda o: f"/officer/competitions/{o['competition']}/formal"),
    "formal.check": Route(lambda o: f"/officer/offers/{o['offer']}/formal",
                          expect={"anon": "login", "officer": "ok",
                                  **dict.fromkeys(NGO_X, 403)}),
    "formal.start_correction": Route(lambda o: f"/offers/{o['offer']}/correction",
                                     method="POST",
                                     expect={"anon": "login", "officer": 403,
                                             **dict.fromkeys(NGO_X, "ok")}),
}
