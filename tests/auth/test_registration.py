"""Registration: the address is confirmed by a link mailed to it before the account can act or
receive a role; the page and the time say nothing about which addresses have accounts; the form
is throttled (issue 10)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from grants.auth.models import EmailVerificationToken, StaffRole, User
from grants.core import clock
from grants.extensions import db
from tests.support.factories import PASSWORD, make_user
from tests.support.organisations import as_user

OUTSIDER_PASSWORD = "Przejecie-konta-77"


def _register(client, email, *, password=OUTSIDER_PASSWORD, name="Nowy Urzędnik"):
    return client.post("/register", data={"full_name": name, "email": email,
                                          "password": password, "confirm": password})


def _confirm_link(message) -> str:
    return re.search(r"http://localhost(/confirm/\S+)", message.get_content()).group(1)


def _user(email) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).filter_by(email=email))


def _grant(client, world, email):
    as_user(client, world.admin)
    return client.post("/admin/users", data={"action": "grant", "email": email,
                                             "organiser_id": world.org_a.id,
                                             "role": "officer"})


def test_an_outsider_registering_an_officer_looking_address_gets_no_role(client, world, mailbox):
    """The attack of issue 10: an outsider registers nowy.urzednik@mops.sopot.pl before the
    administrator, who then grants the officer role to that account."""
    r = _register(client, "nowy.urzednik@mops.sopot.pl")
    assert r.status_code == 302 and r.location.endswith("/register/sent")
    outsider = _user("nowy.urzednik@mops.sopot.pl")
    assert outsider.email_verified_at is None
    # the outsider is not signed in, and signing in leads only to "confirm your address"
    assert client.get("/start").status_code == 302
    assert client.post("/login", data={"email": "nowy.urzednik@mops.sopot.pl",
                                       "password": OUTSIDER_PASSWORD}).status_code == 302
    r = client.get("/start")
    assert r.status_code == 302 and r.location.endswith("/account/confirm")
    assert client.get("/organisations/register").location.endswith("/account/confirm")
    # the administrator tries to grant the officer role: refused, the page says why
    other = client.application.test_client()
    r = _grant(other, world, "nowy.urzednik@mops.sopot.pl")
    assert r.status_code == 200
    assert "nie został potwierdzony" in r.text
    assert db.session.scalar(select(StaffRole).filter_by(user_id=outsider.id)) is None
    assert "adres niepotwierdzony" in other.get("/admin/users?q=nowy.urzednik").text
    # the real owner of the mailbox opens the link without the outsider's password: nothing
    link = _confirm_link(mailbox[0])
    owner = client.application.test_client()
    assert owner.get(link).status_code == 200
    r = owner.post(link, data={"password": "nie-znam-hasla"})
    assert r.status_code == 200 and "Nieprawidłowe hasło" in r.text
    assert _user("nowy.urzednik@mops.sopot.pl").email_verified_at is None
    assert "nie został potwierdzony" in _grant(other, world, "nowy.urzednik@mops.sopot.pl").text


def test_the_role_is_granted_once_the_address_is_confirmed_by_the_mailed_link(
        client, world, mailbox):
    _register(client, "nowy.urzednik@mops.sopot.pl", name="Nowy Urzędnik")
    assert mailbox[0]["To"] == "nowy.urzednik@mops.sopot.pl"
    link = _confirm_link(mailbox[0])
    r = client.post(link, data={"password": OUTSIDER_PASSWORD})
    assert r.status_code == 302 and "/login" in r.location
    user = _user("nowy.urzednik@mops.sopot.pl")
    assert user.email_verified_at is not None
    admin = client.application.test_client()
    assert _grant(admin, world, "nowy.urzednik@mops.sopot.pl").status_code == 302
    assert db.session.scalar(select(StaffRole).filter_by(user_id=user.id)) is not None
    # single use: the link does not work again
    page = client.application.test_client().get(link)
    assert "wygasł lub został już użyty" in page.text


def test_the_link_confirms_without_the_password_for_its_signed_in_owner(client, mailbox):
    _register(client, "nowa@example.org")
    client.post("/login", data={"email": "nowa@example.org", "password": OUTSIDER_PASSWORD})
    link = _confirm_link(mailbox[0])
    assert client.post(link).status_code == 302
    assert _user("nowa@example.org").email_verified_at is not None
    r = client.get("/start")  # the dashboard (it sends a user without roles on)
    assert "/account/confirm" not in (r.location or "")
    assert client.get("/organisations/register").status_code == 200


def test_the_confirmation_link_expires(client, app, mailbox):
    _register(client, "nowa@example.org")
    link = _confirm_link(mailbox[0])
    later = clock.now() + timedelta(hours=app.config["EMAIL_VERIFICATION_HOURS"], minutes=1)
    with clock.frozen_at(later):
        r = client.post(link, data={"password": OUTSIDER_PASSWORD})
    assert "wygasł lub został już użyty" in r.text
    assert _user("nowa@example.org").email_verified_at is None


def test_only_the_hash_of_the_token_is_stored(client, mailbox):
    _register(client, "nowa@example.org")
    token = _confirm_link(mailbox[0]).rsplit("/", 1)[1]
    stored = db.session.scalars(select(EmailVerificationToken.token_hash)).one()
    assert token not in stored and len(stored) == 64


def test_an_unconfirmed_account_can_ask_for_a_new_link(client, mailbox):
    _register(client, "nowa@example.org")
    client.post("/login", data={"email": "nowa@example.org", "password": OUTSIDER_PASSWORD})
    page = client.get("/account/confirm")
    assert page.status_code == 200 and "nowa@example.org" in page.text
    r = client.post("/account/confirm/resend")
    assert r.status_code == 302
    assert len(mailbox) == 2
    # the newest link works, and the account can act afterwards
    assert client.post(_confirm_link(mailbox[1])).status_code == 302
    assert client.get("/organisations/register").status_code == 200


def test_an_unconfirmed_account_can_sign_out_and_switch_language(client):
    _register(client, "nowa@example.org")
    client.post("/login", data={"email": "nowa@example.org", "password": OUTSIDER_PASSWORD})
    assert client.post("/language", data={"lang": "en"}).status_code == 302
    assert client.post("/logout").status_code == 302
    assert client.get("/account/confirm").status_code == 302  # signed out: the login page


def test_a_new_account_is_not_signed_in_by_registering(client):
    _register(client, "nowa@example.org")
    assert client.get("/account").status_code == 302
    assert "/login" in client.get("/account").location


@pytest.mark.parametrize("case", ["new", "existing", "existing_unconfirmed"])
def test_registration_says_the_same_whether_or_not_the_address_has_an_account(
        client, mailbox, case):
    """No enumeration: the same redirect and page; the owner of an existing account gets a
    notice instead of a link (nothing that would confirm someone else's account)."""
    if case == "existing":
        make_user("taken@example.org")
    elif case == "existing_unconfirmed":
        make_user("taken@example.org", verified=False)
    db.session.commit()
    r = _register(client, "Taken@Example.org")
    assert r.status_code == 302 and r.location.endswith("/register/sent")
    page = client.get(r.location).text
    assert "Sprawdź skrzynkę" in page
    assert "już istnieje" not in page
    assert len(mailbox) == 1 and mailbox[0]["To"] == "taken@example.org"
    body = mailbox[0].get_content()
    if case == "new":
        assert "/confirm/" in body
    else:
        assert "/confirm/" not in body and "/password/forgot" in body
        assert _user("taken@example.org").password_hash != ""  # the account is unchanged
        assert db.session.scalars(select(User).filter_by(email="taken@example.org")).one()


def test_registration_hashes_the_password_whether_or_not_the_address_has_an_account(
        client, monkeypatch):
    """The same work on both paths (argon2 dominates the time of the answer)."""
    make_user("taken@example.org")
    db.session.commit()
    hashed = []
    original = PasswordHasher.hash
    monkeypatch.setattr(PasswordHasher, "hash",
                        lambda self, secret, **kw: hashed.append(1) or original(self, secret, **kw))
    _register(client, "new@example.org")
    _register(client, "taken@example.org")
    assert len(hashed) == 2


def test_an_existing_account_keeps_its_password_when_its_address_is_registered_again(client):
    make_user("taken@example.org")
    db.session.commit()
    _register(client, "taken@example.org", password="Inne-haslo-napastnika-9")
    assert client.post("/login", data={"email": "taken@example.org",
                                       "password": "Inne-haslo-napastnika-9"}).status_code == 200
    assert client.post("/login", data={"email": "taken@example.org",
                                       "password": PASSWORD}).status_code == 302


def test_registration_is_throttled(client, app):
    limit = int(app.config["REGISTER_RATE_LIMIT"].split()[0])
    statuses = [_register(client, f"n{i}@example.org").status_code for i in range(limit + 1)]
    assert statuses[:limit] == [302] * limit
    assert statuses[-1] == 429
    assert "Zbyt wiele" in _register(client, "late@example.org").text


def test_a_password_reset_by_the_mailed_link_confirms_the_address(client, mailbox):
    """The owner of the mailbox who takes over a squatted account by a reset link proves the
    address: the account is confirmed (and the squatter's password is gone)."""
    _register(client, "nowa@example.org")
    mailbox.clear()
    client.post("/password/forgot", data={"email": "nowa@example.org"})
    path = re.search(r"http://localhost(/password/reset/\S+)", mailbox[0].get_content()).group(1)
    client.post(path, data={"password": "Moje-wlasne-haslo-5", "confirm": "Moje-wlasne-haslo-5"})
    assert _user("nowa@example.org").email_verified_at is not None


@pytest.mark.parametrize(("password", "message"), [
    ("Password123", "zbyt łatwe do odgadnięcia"),
    ("qwertyuiop1", "zbyt łatwe do odgadnięcia"),
    ("Kowalski1990", "zbyt łatwe do odgadnięcia"),
    ("nowa.osoba1!", "adresu e-mail ani imienia"),
])
def test_registration_refuses_a_guessable_password_under_its_field(client, password, message):
    r = _register(client, "nowa.osoba@example.org", password=password, name="Nowa Osoba")
    assert r.status_code == 200
    assert re.search(r'id="password-errors"[^>]*>\s*.*' + message, r.text, re.S)
    assert _user("nowa.osoba@example.org") is None


def test_a_guessable_password_is_refused_on_reset(client, mailbox):
    make_user("a@example.org")
    db.session.commit()
    client.post("/password/forgot", data={"email": "a@example.org"})
    path = re.search(r"http://localhost(/password/reset/\S+)", mailbox[0].get_content()).group(1)
    r = client.post(path, data={"password": "Password123", "confirm": "Password123"})
    assert r.status_code == 200 and "zbyt łatwe do odgadnięcia" in r.text


def test_new_links_are_throttled_per_account(client, app):
    _register(client, "nowa@example.org")
    client.post("/login", data={"email": "nowa@example.org", "password": OUTSIDER_PASSWORD})
    limit = int(app.config["REGISTER_RATE_LIMIT"].split()[0])
    statuses = [client.post("/account/confirm/resend").status_code for _ in range(limit + 1)]
    assert statuses[:limit] == [302] * limit and statuses[-1] == 429
