"""Access rows of the History tabs and the administrators' log (grants.history): the staff
who may see the object (and administrators) read its history; a user who may see the object
but not its history gets 403, anybody else 404 (existence hidden)."""

from __future__ import annotations

from tests.permissions.table import Route, only

NGO_X_403 = {"ngo_admin": 403, "ngo_member": 403}
CONTRACT_STAFF = {"anon": "login", "officer": "ok", "finance": "ok", "admin": "ok", **NGO_X_403}

ROUTES = {
    "history.competition": only(["officer", "admin"], lambda o: f"/historia/konkurs/{o['competition']}"),
    "history.offer": Route(lambda o: f"/historia/oferta/{o['offer']}",
                           expect={"anon": "login", "officer": "ok", "admin": "ok", **NGO_X_403}),
    "history.committee": Route(lambda o: f"/historia/komisja/{o['eval_open']}",
                               expect={"anon": "login", "officer": "ok", "admin": "ok",
                                       "committee": 403}),
    "history.awards": only(["officer", "admin"],
                           lambda o: f"/historia/rozstrzygniecie/{o['competition']}"),
    "history.contract": Route(lambda o: f"/historia/umowa/{o['ct_contract']}",
                              expect=CONTRACT_STAFF),
    "history.report": Route(lambda o: f"/historia/sprawozdanie/{o['tr_report']}",
                            expect=CONTRACT_STAFF),
    "history.settlement": Route(lambda o: f"/historia/rozliczenie/{o['st_settlement']}",
                                expect=CONTRACT_STAFF),
    "history.organisation": Route(lambda o: f"/historia/organizacja/{o['org_x']}",
                                  expect={"anon": "login", "ngo_other": 404, **NGO_X_403},
                                  default="ok"),
    "history.audit_log": only(["admin"], lambda o: "/admin/audit", others=403),
    "history.audit_export": only(["admin"], lambda o: "/admin/audit.csv", others=403),
}
