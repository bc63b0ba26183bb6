"""The cookies page lists every cookie the system sets, with names and lifetimes from the
configuration; no consent banner is needed since nothing else is stored."""

from __future__ import annotations

import re

import pytest

from grants.extensions import db
from grants.public.cookies import PANEL_KEYS
from tests.support.factories import PASSWORD, make_user


def _set_cookie_names(response) -> set[str]:
    return {header.split("=", 1)[0].strip()
            for header in response.headers.getlist("Set-Cookie")}


def _login_flow(client) -> set[str]:
    """Every cookie name set while a visitor chooses a language, signs in, uses a form and
    signs out."""
    names: set[str] = set()
    for response in (
        client.get("/"),
        client.post("/language", data={"lang": "en", "next": "/"}),
        client.get("/login"),
        client.post("/login", data={"email": "cookie@example.org", "password": PASSWORD}),
        client.get("/start", follow_redirects=True),
        client.post("/language", data={"lang": "pl", "next": "/"}),
        client.post("/logout"),
        client.get("/"),
    ):
        names |= _set_cookie_names(response)
    return names


def _listed(client) -> set[str]:
    page = client.get("/cookies").text
    return set(re.findall(r"<code>([^<]+)</code>", page))


@pytest.mark.parametrize("session_name", [None, "mops_granty"])
def test_every_cookie_of_a_login_flow_is_listed(app, client, session_name):
    make_user("cookie@example.org")
    db.session.commit()
    previous = app.config["SESSION_COOKIE_NAME"]
    if session_name:
        app.config["SESSION_COOKIE_NAME"] = session_name
    try:
        set_cookies = _login_flow(client)
        listed = _listed(client)
    finally:
        app.config["SESSION_COOKIE_NAME"] = previous
    assert set_cookies, "the flow set no cookie: the test would prove nothing"
    assert set_cookies <= listed, set_cookies - listed
    assert (session_name or "session") in listed


def test_the_page_lists_the_panel_storage_and_is_linked_from_the_footer(client):
    page = client.get("/cookies")
    assert page.status_code == 200
    for key in PANEL_KEYS:
        assert f"<code>{key}</code>" in page.text
    assert 'href="/cookies">Pliki cookie</a>' in client.get("/deklaracja-dostepnosci").text


def test_the_lifetime_comes_from_the_configuration(app, client):
    hours = app.config.get("SESSION_STAFF_HOURS")
    page = client.get("/cookies").text
    if hours:
        assert f"{hours} godz." in page
    else:
        assert "Do zamknięcia przeglądarki" in page


def test_the_page_in_english(client):
    client.post("/language", data={"lang": "en", "next": "/cookies"})
    page = client.get("/cookies").text
    assert "<h1>Cookies</h1>" in page
