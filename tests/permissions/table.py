"""The access table: for every endpoint, how to build its URL and the expected status per role.

Roles come from the `world` fixture: organiser A holds the competition; `ngo_admin` and
`ngo_member` belong to organisation X (the offeror); `ngo_other` to organisation Y;
`officer_b` is an officer of another organiser B. Expected values: "ok" (allowed), "login"
(redirect to the login page), or an HTTP status (403, 404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ["anon", "ngo_admin", "ngo_member", "ngo_other", "officer", "officer_b", "committee",
         "finance", "admin"]
SIGNED_IN = [r for r in ROLES if r != "anon"]


@dataclass
class Route:
    url: Callable[[dict], str]
    expect: dict[str, Any]
    default: Any = 404
    method: str = "GET"
    data: Callable[[dict], dict] | None = None


def everyone(url, method="GET", **kw) -> Route:
    return Route(url=url, expect={}, default="ok", method=method, **kw)


def signed_in(url, method="GET", **kw) -> Route:
    return Route(url=url, expect={"anon": "login"}, default="ok", method=method, **kw)


def only(roles: list[str], url, *, others=404, method="GET", **kw) -> Route:
    expect = {"anon": "login"}
    expect.update({r: "ok" for r in roles})
    return Route(url=url, expect=expect, default=others, method=method, **kw)


@dataclass
class Objects:
    ids: dict = field(default_factory=dict)


def build_objects(world) -> dict:
    """Objects the routes act on; all belong to organiser A / organisation X."""
    from tests.permissions.objects import make_objects

    return make_objects(world)


NGO_X = ["ngo_admin", "ngo_member"]
OFFICERS = ["officer", "officer_b"]


def staff_a(url, method="GET", **kw) -> Route:
    """Officers of organiser A only; officers elsewhere 404 (existence hidden); others 403."""
    return Route(url=url, expect={"anon": "login", "officer": "ok", "officer_b": 404},
                 default=403, method=method, **kw)


ROUTES: dict[str, Route] = {
    # public
    "public.index": everyone(lambda o: "/"),
    "public.accessibility": everyone(lambda o: "/deklaracja-dostepnosci"),
    "public.privacy": everyone(lambda o: "/ochrona-danych"),
    "public.dashboard": signed_in(lambda o: "/start"),
    # auth
    "auth.login": everyone(lambda o: "/login"),
    "auth.logout": everyone(lambda o: "/logout", method="POST"),
    "auth.register": everyone(lambda o: "/register"),
    "auth.registered": everyone(lambda o: "/register/sent"),
    "auth.confirm_email": everyone(lambda o: "/confirm/not-a-token"),
    "auth.unconfirmed": signed_in(lambda o: "/account/confirm"),
    "auth.resend_confirmation": signed_in(lambda o: "/account/confirm/resend", method="POST"),
    "auth.forgot_password": everyone(lambda o: "/password/forgot"),
    "auth.reset_password": everyone(lambda o: "/password/reset/not-a-token"),
    "auth.set_language": everyone(lambda o: "/language", method="POST"),
    "auth.account": signed_in(lambda o: "/account"),
    "auth.logout_everywhere": signed_in(lambda o: "/account/logout-everywhere", method="POST"),
    # competitions: public
    "calls.public_list": everyone(lambda o: "/konkursy"),
    "calls.public_detail": everyone(lambda o: f"/konkursy/{o['competition']}"),
    "calls.public_document": everyone(
        lambda o: f"/konkursy/{o['competition']}/dokumenty/{o['call_document']}"),
    # competitions: officers of the organiser
    "calls.manage": only(OFFICERS, lambda o: "/officer/competitions", others=403),
    "calls.new": only(OFFICERS, lambda o: "/officer/competitions/new", others=403),
    "calls.staff_detail": staff_a(lambda o: f"/officer/competitions/{o['call_draft']}"),
    "calls.edit": staff_a(lambda o: f"/officer/competitions/{o['call_draft']}/edit"),
    "calls.correct": staff_a(lambda o: f"/officer/competitions/{o['competition']}/correct"),
    "calls.publish": staff_a(lambda o: f"/officer/competitions/{o['call_draft']}/publish",
                             method="POST"),
    "calls.upload_document": staff_a(
        lambda o: f"/officer/competitions/{o['call_draft']}/documents", method="POST"),
    "calls.staff_document": staff_a(
        lambda o: f"/officer/competitions/{o['competition']}/documents/{o['call_document']}"),
    # organisations: X's members, every staff user and the administrator see X
    "organisations.mine": signed_in(lambda o: "/organisations/mine"),
    "organisations.register": signed_in(lambda o: "/organisations/register"),
    "organisations.view": Route(lambda o: f"/organisations/{o['org_x']}",
                                expect={"anon": "login", "ngo_other": 404}, default="ok"),
    "organisations.members": Route(lambda o: f"/organisations/{o['org_x']}/members",
                                   expect={"anon": "login", "ngo_other": 404}, default="ok"),
    "organisations.edit": Route(lambda o: f"/organisations/{o['org_x']}/edit",
                                expect={"anon": "login", "ngo_admin": "ok", "ngo_other": 404},
                                default=403),
    "organisations.verify": Route(lambda o: f"/organisations/{o['org_x']}/verify",
                                  expect={"anon": "login", "officer": "ok", "officer_b": "ok",
                                          "ngo_other": 404}, default=403, method="POST"),
    "organisations.staff_list": only(["officer", "officer_b", "committee", "finance", "admin"],
                                     lambda o: "/organisations/staff", others=403),
    "organisations.accept_invitation": everyone(
        lambda o: f"/organisations/invitations/{o['invitation_token']}"),
    # offers: organisation X's members; the organiser's officers see filed offers only;
    # nobody else learns that an offer exists (404)
    "offers.my_offers": signed_in(lambda o: "/offers/mine"),
    "offers.new": signed_in(lambda o: f"/offers/new/{o['competition']}"),
    "offers.edit": Route(lambda o: f"/offers/{o['offer_draft']}/edit",
                         expect={"anon": "login", **dict.fromkeys(NGO_X, "ok")}),
    "offers.view": Route(lambda o: f"/offers/{o['offer']}",
                         expect={"anon": "login", **dict.fromkeys(NGO_X + ["officer"], "ok")}),
    "offers.pdf": Route(lambda o: f"/offers/{o['offer']}/versions/1/pdf",
                        expect={"anon": "login", **dict.fromkeys(NGO_X + ["officer"], "ok")}),
    "offers.attachment": Route(
        lambda o: f"/offers/{o['offer']}/attachments/{o['offer_attachment']}",
        expect={"anon": "login", **dict.fromkeys(NGO_X + ["officer"], "ok")}),
    # filing and withdrawing act for the organisation: its administrators (a member 403)
    "offers.file": Route(lambda o: f"/offers/{o['offer_draft']}/file",
                         expect={"anon": "login", "ngo_admin": "ok", "ngo_member": 403}),
    "offers.withdraw": Route(lambda o: f"/offers/{o['offer']}/withdraw", method="POST",
                             expect={"anon": "login", "officer": 403, "ngo_admin": "ok",
                                     "ngo_member": 403}),
    "offers.replace": Route(lambda o: f"/offers/{o['offer']}/replace", method="POST",
                            expect={"anon": "login", "officer": 403,
                                    **dict.fromkeys(NGO_X, "ok")}),
    "offers.discard": Route(lambda o: f"/offers/{o['offer_draft']}/discard", method="POST",
                            expect={"anon": "login", **dict.fromkeys(NGO_X, "ok")}),
    "offers.for_competition": Route(lambda o: f"/officer/competitions/{o['competition']}/offers",
                                    expect={"anon": "login", "officer": "ok"}),
    # administration
    "admin.rules": only(["admin"], lambda o: "/admin/rules", others=403),
    "admin.rates": only(["admin"], lambda o: "/admin/rates", others=403),
    "admin.users": only(["admin"], lambda o: "/admin/users", others=403),
    "admin.organisers": only(["admin"], lambda o: "/admin/organisers", others=403),
    "calls.delete_document": staff_a(
        lambda o: f"/officer/competitions/{o['competition']}/documents/{o['call_document']}"
                  "/delete", method="POST"),
}


def _merge_area_tables() -> None:
    """Areas may keep their rows in tests/permissions/table_<area>.py (a dict ROUTES)."""
    import importlib
    import pkgutil

    import tests.permissions

    for info in pkgutil.iter_modules(tests.permissions.__path__):
        if info.name.startswith("table_"):
            module = importlib.import_module(f"tests.permissions.{info.name}")
            clash = set(module.ROUTES) & set(ROUTES)
            assert not clash, f"{info.name} repeats {sorted(clash)}"
            ROUTES.update(module.ROUTES)


_merge_area_tables()
