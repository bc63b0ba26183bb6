"""Helpers for the organisation and administration tests."""

from __future__ import annotations

import re

from flask import g

from tests.conftest import login
from tests.support.factories import VALID_IBANS, VALID_NIPS, VALID_REGONS


def as_user(client, user) -> None:
    """Sign `user` in; forget the user Flask-Login cached for an earlier request of the test
    (the test's app context is shared with the client's requests)."""
    g.pop("_login_user", None)
    if user is None:
        with client.session_transaction() as sess:
            sess.clear()
        return
    login(client, user)


# index 5 of the factory numbers is not used by the `world` organisations (0 and 1)
def org_data(**overrides) -> dict:
    """A valid registration, as a service receives it."""
    data = {
        "name": "Fundacja Sopockie Schronienie",
        "legal_form": "foundation",
        "krs": "0000123456",
        "other_register_name": "",
        "other_register_number": "",
        "nip": VALID_NIPS[5],
        "regon": VALID_REGONS[5],
        "street": "ul. Kolejowa 5",
        "postal_code": "81-717",
        "city": "Sopot",
        "email": "biuro@schronienie.example.org",
        "phone": "+48 58 123 45 67",
        "iban": VALID_IBANS[5],
        "areas": ["pomoc_spoleczna", "dzialalnosc_charytatywna"],
        "signing_rule": "dwóch członków zarządu łącznie",
        "representatives": [
            {"full_name": "Ewa Zarządna", "function": "Prezes Zarządu", "signs_alone": False},
            {"full_name": "Piotr Skarbnik", "function": "Członek Zarządu", "signs_alone": False},
        ],
    }
    data.update(overrides)
    return data


def org_form(**overrides) -> dict:
    """The same registration as the browser posts it."""
    data = org_data()
    reps = overrides.pop("representatives", data.pop("representatives"))
    data.pop("representatives", None)
    data.update(overrides)
    form: dict = {k: v for k, v in data.items() if k != "areas"}
    form["areas"] = data["areas"]
    for i, rep in enumerate(reps):
        form[f"representatives-{i}-full_name"] = rep["full_name"]
        form[f"representatives-{i}-function"] = rep["function"]
        if rep.get("signs_alone"):
            form[f"representatives-{i}-signs_alone"] = "y"
    return form


def link_in(message) -> str:
    body = message.get_body(("plain",)).get_content()
    match = re.search(r"https?://\S+/organisations/invitations/(\S+)", body)
    assert match, body
    return match.group(1)
