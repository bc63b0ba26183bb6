"""Login protections that do not work against users (issue 10): failures slow down per account
and client address, never locking the real owner out; an unknown account gets the same answer,
after the same password hash work, as a known one."""

from __future__ import annotations

import pytest
from flask import g

from grants.auth import services
from grants.extensions import db
from tests.support.factories import PASSWORD, make_user

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
GENERIC = "Nieprawidłowy e-mail lub hasło"
SLOW_DOWN = "Zbyt wiele prób logowania"


def _login(client, email, password, address):
    g.pop("_login_user", None)
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def _failures(client, email, address, n):
    return [_login(client, email, f"wrong-password-{i}", address) for i in range(n)]


def test_wrong_passwords_from_an_attacker_do_not_lock_the_owner_out(app):
    make_user("a@example.org")
    db.session.commit()
    attacker, owner = app.test_client(), app.test_client()
    _failures(attacker, "a@example.org", ATTACKER, 8)
    r = _login(owner, "a@example.org", PASSWORD, OWNER)
    assert r.status_code == 302
    assert owner.get("/account").status_code == 200


def test_the_attacker_is_slowed_down_on_that_account_from_that_address(app):
    make_user("a@example.org")
    make_user("b@example.org")
    db.session.commit()
    attacker = app.test_client()
    limit = app.config["LOGIN_ACCOUNT_ADDRESS_FAILURES"]
    assert limit.startswith("5 per")
    statuses = [r.status_code for r in _failures(attacker, "a@example.org", ATTACKER, 5)]
    assert statuses == [200] * 5
    # even the right password is not tried any more from there for a while
    r = _login(attacker, "a@example.org", PASSWORD, ATTACKER)
    assert r.status_code == 429
    assert SLOW_DOWN in r.get_data(as_text=True)
    assert attacker.get("/account").status_code == 302
    # another account from the same address (a shared office address) still signs in
    assert _login(app.test_client(), "b@example.org", PASSWORD, ATTACKER).status_code == 302


def test_the_owner_who_signs_in_starts_counting_afresh(app):
    make_user("a@example.org")
    db.session.commit()
    client = app.test_client()
    for _ in range(2):  # 8 failures: under the limit of the address
        _failures(client, "a@example.org", OWNER, 4)
        assert _login(client, "a@example.org", PASSWORD, OWNER).status_code == 302
        client.post("/logout")


@pytest.mark.parametrize("attempts", [1, 6])
def test_unknown_and_known_accounts_get_the_same_answer(app, attempts):
    make_user("a@example.org")
    db.session.commit()
    known = _failures(app.test_client(), "a@example.org", ATTACKER, attempts)[-1]
    unknown = _failures(app.test_client(), "nobody@example.org", OWNER, attempts)[-1]
    assert known.status_code == unknown.status_code

    def flashed(r):
        return [m for m in (GENERIC, SLOW_DOWN, "zablokowane") if m in r.get_data(as_text=True)]
    assert flashed(known) == flashed(unknown) != []


def test_the_password_hash_is_verified_for_unknown_accounts_too(app, monkeypatch):
    """The time of an answer does not tell whether the account exists: the argon2 verification
    runs once, with the same parameters, for a known and an unknown account."""
    user = make_user("a@example.org")
    db.session.commit()
    calls = []
    real_verify, real_hash = services.verify_password, services.hash_password

    def spy_verify(password_hash, password):
        calls.append(password_hash)
        return real_verify(password_hash, password)

    def spy_hash(password):
        calls.append("hash")
        return real_hash(password)

    monkeypatch.setattr(services, "verify_password", spy_verify)
    monkeypatch.setattr(services, "hash_password", spy_hash)
    for email in ("nobody@example.org", "a@example.org", "other@example.org"):
        with pytest.raises(services.LoginRefused):
            services.authenticate(email, "wrong-password-1")
    unknown, known, unknown_again = [c for c in calls if c != "hash"]
    assert known == user.password_hash
    assert calls.count("hash") <= 1  # a dummy hash made once, not per attempt
    assert unknown == unknown_again
    parameters = known.rsplit("$", 2)[0]
    assert unknown.startswith("$argon2") and unknown.rsplit("$", 2)[0] == parameters


def test_failures_from_one_address_on_many_accounts_are_limited(app):
    client = app.test_client()
    statuses = [_login(client, f"x{i}@example.org", "bad-password-1", ATTACKER).status_code
                for i in range(12)]
    assert 429 in statuses
    # somebody else, elsewhere, is not concerned
    make_user("a@example.org")
    db.session.commit()
    assert _login(app.test_client(), "a@example.org", PASSWORD, OWNER).status_code == 302


def test_successful_logins_behind_one_office_address_are_not_limited(app):
    """Forty colleagues behind the office's one address sign in at eight."""
    users = [make_user(f"u{i}@example.org") for i in range(40)]
    db.session.commit()
    for u in users:
        assert _login(app.test_client(), u.email, PASSWORD, ATTACKER).status_code == 302
