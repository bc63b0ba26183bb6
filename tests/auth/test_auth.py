"""Login (argon2; the throttle in test_login_throttle.py, sessions in test_sessions.py),
registration, password reset by e-mail, language."""

import re
from datetime import timedelta

import pytest

from config import ProductionConfig
from grants import create_app
from grants.auth import services
from grants.auth.models import User
from grants.core import clock
from grants.extensions import db
from tests.support.factories import PASSWORD, make_user


def _login(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def test_password_is_hashed_with_argon2():
    user = make_user("a@example.org")
    assert user.password_hash.startswith("$argon2")
    assert PASSWORD not in user.password_hash


def test_login_and_logout(client):
    make_user("a@example.org")
    db.session.commit()
    r = _login(client, "A@example.org ", PASSWORD)
    assert r.status_code == 302
    assert client.get("/account").status_code == 200
    client.post("/logout")
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize(("email", "password"), [
    ("a@example.org", "wrong-password-1"), ("nobody@example.org", PASSWORD), ("", ""),
])
def test_login_refused_with_message(client, email, password):
    make_user("a@example.org")
    db.session.commit()
    r = _login(client, email, password)
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    assert "Nieprawidłowy e-mail lub hasło" in body or "Podaj" in body
    assert client.get("/account").status_code == 302


def test_login_attempts_are_rate_limited(client):
    make_user("a@example.org")
    db.session.commit()
    statuses = [_login(client, f"x{i}@example.org", "bad-password-1").status_code
                for i in range(12)]
    assert statuses[0] == 200
    assert 429 in statuses
    r = _login(client, "a@example.org", PASSWORD)
    assert r.status_code == 429
    assert "Zbyt wiele" in r.get_data(as_text=True)


def _reset_link(mailbox) -> str:
    assert len(mailbox) == 1
    body = mailbox[0].get_content()
    return re.search(r"http://localhost(/password/reset/\S+)", body).group(1)


def test_password_reset_by_email_single_use(client, mailbox):
    make_user("a@example.org")
    db.session.commit()
    r = client.post("/password/forgot", data={"email": "a@example.org"})
    assert r.status_code == 302
    path = _reset_link(mailbox)
    assert mailbox[0]["To"] == "a@example.org"
    assert client.get(path).status_code == 200
    r = client.post(path, data={"password": "Nowe-haslo-123", "confirm": "Nowe-haslo-123"})
    assert r.status_code == 302
    assert _login(client, "a@example.org", "Nowe-haslo-123").status_code == 302
    client.post("/logout")
    # used once: refused the second time
    r = client.post(path, data={"password": "Inne-haslo-456", "confirm": "Inne-haslo-456"})
    assert r.status_code == 302 and "/password/forgot" in r.headers["Location"]
    assert _login(client, "a@example.org", "Inne-haslo-456").status_code == 200


def test_password_reset_link_expires(client, mailbox, app):
    make_user("a@example.org")
    db.session.commit()
    client.post("/password/forgot", data={"email": "a@example.org"})
    path = _reset_link(mailbox)
    later = clock.now() + timedelta(hours=app.config["PASSWORD_RESET_HOURS"], minutes=1)
    with clock.frozen_at(later):
        r = client.post(path, data={"password": "Nowe-haslo-123", "confirm": "Nowe-haslo-123"})
    assert r.status_code == 302 and "/password/forgot" in r.headers["Location"]


def test_password_reset_unknown_email_sends_nothing_and_says_the_same(client, mailbox):
    r = client.post("/password/forgot", data={"email": "nobody@example.org"},
                    follow_redirects=True)
    assert "Jeśli konto z tym adresem istnieje" in r.get_data(as_text=True)
    assert mailbox == []


def test_weak_password_refused_on_reset(client, mailbox):
    make_user("a@example.org")
    db.session.commit()
    client.post("/password/forgot", data={"email": "a@example.org"})
    path = _reset_link(mailbox)
    r = client.post(path, data={"password": "abcdefghijk", "confirm": "abcdefghijk"})
    assert r.status_code == 200
    assert "litery i cyfry" in r.get_data(as_text=True)


@pytest.mark.parametrize(("data", "message"), [
    ({"full_name": "", "email": "n@example.org", "password": "Haslo-12345",
      "confirm": "Haslo-12345"}, "Podaj imię i nazwisko"),
    ({"full_name": "Nowa", "email": "not-an-email", "password": "Haslo-12345",
      "confirm": "Haslo-12345"}, "Podaj poprawny adres e-mail"),
    ({"full_name": "Nowa", "email": "n@example.org", "password": "Haslo-12345",
      "confirm": "Haslo-99999"}, "Hasła nie są jednakowe"),
])
def test_registration_errors_keep_input(client, data, message):
    make_user("taken@example.org")
    db.session.commit()
    r = client.post("/register", data=data)
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    assert message in body
    if data["full_name"]:
        assert f'value="{data["full_name"]}"' in body


def test_registration_creates_account(client):
    r = client.post("/register", data={"full_name": "Nowa Osoba", "email": "Nowa@Example.org",
                                       "password": "Haslo-12345", "confirm": "Haslo-12345"})
    assert r.status_code == 302
    assert db.session.query(User).filter_by(email="nowa@example.org").one()


def test_language_is_chosen_and_remembered(client):
    user = make_user("a@example.org")
    db.session.commit()
    r = client.get("/deklaracja-dostepnosci")
    assert '<html lang="pl">' in r.get_data(as_text=True)
    client.post("/language", data={"lang": "en", "next": "/deklaracja-dostepnosci"})
    assert '<html lang="en">' in client.get("/deklaracja-dostepnosci").get_data(as_text=True)
    # a signed-in user's choice is stored on the account
    _login(client, "a@example.org", PASSWORD)
    client.post("/language", data={"lang": "en"})
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_no_open_redirect(client, target):
    r = client.post("/language", data={"lang": "pl", "next": target})
    assert r.headers["Location"].startswith("/")
    assert "evil" not in r.headers["Location"]


def test_production_refuses_default_secret(monkeypatch):
    class Prod(ProductionConfig):
        SECRET_KEY = "dev-secret-change-me"

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Prod)


def test_authenticate_service_is_usable_without_request():
    make_user("a@example.org")
    assert services.authenticate("a@example.org", PASSWORD).email == "a@example.org"


def test_language_picked_before_login_is_stored_on_the_account(client):
    user = make_user("a@example.org")
    db.session.commit()
    client.post("/language", data={"lang": "en"})
    _login(client, "a@example.org", PASSWORD)
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"
