"""Small grants in the access table (merged into tests/permissions/table.py).

Organisation X's members see and change X's offers; officers of organiser A (to which the
offers are addressed) handle filed ones; officers of organiser B get 404; the other roles
404 on an offer page (its existence is not revealed) and 403 on the officers' and the
administrator's pages; the public pages are open to everybody.
"""

from __future__ import annotations

from tests.permissions.table import NGO_X, OFFICERS, Route, everyone, only, signed_in, staff_a

ROUTES: dict[str, Route] = {
    # the NGO
    "smallgrants.mine": signed_in(lambda o: "/small-grants/mine"),
    "smallgrants.new": signed_in(lambda o: "/small-grants/new"),
    "smallgrants.edit": Route(lambda o: f"/small-grants/{o['sg_draft']}/edit",
                              expect={"anon": "login", **dict.fromkeys(NGO_X, "ok")}),
    # filing and withdrawing act for the organisation: its administrators (a member 403)
    "smallgrants.file": Route(lambda o: f"/small-grants/{o['sg_draft']}/file", method="POST",
                              expect={"anon": "login", "ngo_admin": "ok", "ngo_member": 403}),
    "smallgrants.view": Route(lambda o: f"/small-grants/{o['sg_filed']}",
                              expect={"anon": "login",
                                      **dict.fromkeys(NGO_X + ["officer"], "ok")}),
    "smallgrants.pdf": Route(lambda o: f"/small-grants/{o['sg_filed']}/pdf",
                             expect={"anon": "login",
                                     **dict.fromkeys(NGO_X + ["officer"], "ok")}),
    "smallgrants.withdraw": Route(lambda o: f"/small-grants/{o['sg_filed']}/withdraw",
                                  method="POST",
                                  expect={"anon": "login", "officer": 403,
                                          "ngo_admin": "ok", "ngo_member": 403}),
    # the officer of the organiser the offer is addressed to
    "smallgrants.officer_list": only(OFFICERS, lambda o: "/officer/small-grants", others=403),
    "smallgrants.officer_detail": staff_a(lambda o: f"/officer/small-grants/{o['sg_filed']}"),
    # the administrator
    "smallgrants.admin_plans": only(["admin"], lambda o: "/admin/small-grant-plans",
                                    others=403),
    # the public
    "smallgrants.public_list": everyone(lambda o: "/male-granty"),
    "smallgrants.public_detail": everyone(lambda o: f"/male-granty/{o['sg_published']}"),
    "smallgrants.public_pdf": everyone(lambda o: f"/male-granty/{o['sg_published']}/pdf"),
}
