"""Headers and form tokens (issue 10, low): a signed-in user's pages and downloads are never
stored by a browser or proxy cache (a shared computer's back button or cache showed them after
logout); https is sticky (HSTS); a form's CSRF token expires after a working day, with a clear
Polish message and a way back to the form instead of a bare 400."""

from __future__ import annotations

import re

import pytest
from flask import g
from itsdangerous.timed import TimestampSigner

from grants import create_app
from tests.conftest import login
from tests.core.test_config_security import _production
from tests.support.offers import filed_offer

CSS = "app.css"


# ---------------------------------------------------------------- Cache-Control

def test_signed_in_pages_and_downloads_are_not_stored(client, world):
    offer = filed_offer(world)
    login(client, world.ngo_admin)
    for path in ("/account", "/umowy", f"/offers/{offer.id}",
                 f"/offers/{offer.id}/versions/1/pdf"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["Cache-Control"] == "no-store", path


def test_public_pages_and_static_files_stay_cacheable(client, world):
    assert "no-store" not in client.get("/konkursy").headers.get("Cache-Control", "")
    login(client, world.ngo_admin)
    with client.get("/static/css/" + CSS) as static:
        assert static.status_code == 200
        assert "no-store" not in static.headers.get("Cache-Control", "")


# ---------------------------------------------------------------- HSTS

def test_hsts_over_https_only_outside_production(client):
    secure = client.get("/konkursy", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/konkursy").headers


def test_hsts_always_in_production_behind_the_tls_proxy(app):
    prod = create_app(_production(app, TRUSTED_HOSTS=["localhost"]))
    r = prod.test_client().get("/konkursy")
    assert "max-age=31536000; includeSubDomains" == r.headers["Strict-Transport-Security"]


# ---------------------------------------------------------------- CSRF tokens expire

@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def _token(client) -> str:
    html = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _post_later(client, token, monkeypatch, hours: float):
    now = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp",
                        lambda self: now(self) + int(hours * 3600))
    g.pop("_login_user", None)
    return client.post("/login", data={"csrf_token": token, "email": "nikt@example.org",
                                       "password": "zle-haslo-123"})


def test_a_form_is_valid_for_a_working_day(app, client, csrf_on, monkeypatch):
    assert app.config["WTF_CSRF_TIME_LIMIT"] == 10 * 3600
    r = _post_later(client, _token(client), monkeypatch, hours=9.5)
    assert r.status_code == 200          # the login form's own answer: wrong password
    assert "Formularz wygasł" not in r.get_data(as_text=True)


def test_an_expired_form_says_so_in_polish_and_links_back(client, csrf_on, monkeypatch):
    r = _post_later(client, _token(client), monkeypatch, hours=10.5)
    html = r.get_data(as_text=True)
    assert r.status_code == 400
    assert "Formularz wygasł: strona była otwarta dłużej niż 10 godz." in html
    assert 'href="/login"' in html


def test_a_forged_token_still_gets_the_general_message(client, csrf_on):
    _token(client)
    r = client.post("/login", data={"csrf_token": "abc", "email": "a@example.org",
                                    "password": "x"})
    assert r.status_code == 400
    assert "Formularz wygasł lub jest nieprawidłowy" in r.get_data(as_text=True)
