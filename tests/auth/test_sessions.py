"""Sessions end on the server: a session cookie (or a remember cookie) captured before a logout,
a password reset, a deactivation or "log out everywhere" opens nothing afterwards; staff
sessions last a working day, others a day (issue 10)."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import g
from flask_login.utils import encode_cookie

from grants.admin.services import set_user_active
from grants.auth.models import StaffRoleKind
from grants.core import clock
from grants.extensions import db
from tests.support.factories import PASSWORD, make_organiser, make_user


def _login(client, email="a@example.org", password=PASSWORD):
    g.pop("_login_user", None)
    return client.post("/login", data={"email": email, "password": password})


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(client, cookie: str) -> int:
    """The status of /account on a browser that holds `cookie` (a fresh request: nothing of
    the user Flask-Login cached for an earlier request of the test)."""
    client.set_cookie("session", cookie)
    g.pop("_login_user", None)
    return client.get("/account").status_code


def _identity(client) -> str:
    with client.session_transaction() as sess:
        return sess["_user_id"]


def test_a_cookie_replayed_after_logout_opens_nothing(client):
    make_user("a@example.org")
    db.session.commit()
    assert _login(client).status_code == 302
    captured = _session_cookie(client)
    assert _replay(client, captured) == 200
    client.post("/logout")
    assert _replay(client, captured) == 302


def test_a_remember_cookie_of_a_logged_out_session_opens_nothing(client, app):
    make_user("a@example.org")
    db.session.commit()
    _login(client)
    identity = _identity(client)
    client.post("/logout")
    client.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
                      encode_cookie(identity))
    g.pop("_login_user", None)
    assert client.get("/account").status_code == 302


def test_logout_ends_only_that_session(app):
    make_user("a@example.org")
    db.session.commit()
    desk, phone = app.test_client(), app.test_client()
    _login(desk)
    _login(phone)
    phone_cookie = _session_cookie(phone)
    desk.post("/logout")
    assert _replay(phone, phone_cookie) == 200


def _reset_path(mailbox) -> str:
    body = mailbox[-1].get_content()
    return re.search(r"http://localhost(/password/reset/\S+)", body).group(1)


def test_a_cookie_replayed_after_a_password_reset_opens_nothing(app, mailbox):
    make_user("a@example.org")
    db.session.commit()
    victim, owner = app.test_client(), app.test_client()
    _login(victim)  # a session the owner forgot on a shared computer, or a stolen cookie
    captured = _session_cookie(victim)
    owner.post("/password/forgot", data={"email": "a@example.org"})
    r = owner.post(_reset_path(mailbox), data={"password": "Nowe-haslo-123",
                                               "confirm": "Nowe-haslo-123"})
    assert r.status_code == 302
    assert _replay(victim, captured) == 302


def test_a_cookie_replayed_after_deactivation_opens_nothing_even_once_reactivated(client):
    admin = make_user("admin@example.org", is_admin=True)
    user = make_user("a@example.org")
    db.session.commit()
    _login(client)
    captured = _session_cookie(client)
    set_user_active(user, actor=admin, active=False)
    db.session.commit()
    assert _replay(client, captured) == 302
    set_user_active(user, actor=admin, active=True)
    db.session.commit()
    assert _replay(client, captured) == 302
    assert _login(client).status_code == 302  # the owner signs in again
    assert client.get("/account").status_code == 200


def test_log_out_everywhere_ends_every_session_of_the_user(app):
    make_user("a@example.org")
    other = make_user("b@example.org")
    db.session.commit()
    desk, phone, colleague = app.test_client(), app.test_client(), app.test_client()
    _login(desk)
    _login(phone)
    _login(colleague, "b@example.org")
    desk_cookie, phone_cookie = _session_cookie(desk), _session_cookie(phone)
    colleague_cookie = _session_cookie(colleague)
    g.pop("_login_user", None)
    page = desk.get("/account").get_data(as_text=True)
    assert 'action="/account/logout-everywhere"' in page
    r = desk.post("/account/logout-everywhere", follow_redirects=True)
    assert "Wylogowano ze wszystkich urządzeń." in r.get_data(as_text=True)
    assert _replay(desk, desk_cookie) == 302
    assert _replay(phone, phone_cookie) == 302
    assert _replay(colleague, colleague_cookie) == 200, other.email


def test_log_out_everywhere_needs_a_signed_in_user(client):
    r = client.post("/account/logout-everywhere")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def _signed_in_at(client, email, at) -> str:
    with clock.frozen_at(at):
        assert _login(client, email).status_code == 302
    return _session_cookie(client)


def _status_at(client, cookie, at) -> int:
    with clock.frozen_at(at):
        return _replay(client, cookie)


def test_a_staff_session_lasts_a_working_day(client, app):
    mops = make_organiser("MOPS", "Miejski Ośrodek Pomocy Społecznej w Sopocie")
    make_user("urzednik@example.org", roles=[(mops, StaffRoleKind.OFFICER)])
    db.session.commit()
    start = clock.now()
    cookie = _signed_in_at(client, "urzednik@example.org", start)
    hours = app.config["SESSION_STAFF_HOURS"]
    assert hours <= 12
    assert _status_at(client, cookie, start + timedelta(hours=hours, minutes=-1)) == 200
    assert _status_at(client, cookie, start + timedelta(hours=hours, minutes=1)) == 302


def test_an_administrator_session_lasts_a_working_day(client, app):
    make_user("admin@example.org", is_admin=True)
    db.session.commit()
    start = clock.now()
    cookie = _signed_in_at(client, "admin@example.org", start)
    later = start + timedelta(hours=app.config["SESSION_STAFF_HOURS"], minutes=1)
    assert _status_at(client, cookie, later) == 302


def test_other_sessions_last_a_day(client, app):
    make_user("a@example.org")
    db.session.commit()
    start = clock.now()
    cookie = _signed_in_at(client, "a@example.org", start)
    hours = app.config["SESSION_HOURS"]
    assert app.config["SESSION_STAFF_HOURS"] < hours <= 24
    staff_day = start + timedelta(hours=app.config["SESSION_STAFF_HOURS"], minutes=1)
    assert _status_at(client, cookie, staff_day) == 200
    assert _status_at(client, cookie, start + timedelta(hours=hours, minutes=1)) == 302


def test_cookies_last_no_longer_than_the_longest_session(app):
    longest = timedelta(hours=max(app.config["SESSION_HOURS"], app.config["SESSION_STAFF_HOURS"]))
    assert app.permanent_session_lifetime <= longest
    remember = app.config["REMEMBER_COOKIE_DURATION"]
    remember = remember if isinstance(remember, timedelta) else timedelta(seconds=remember)
    assert remember <= longest


def test_an_identity_without_a_server_session_opens_nothing(client):
    """The cookie of the app before this change (the bare user id) or a made-up one."""
    user = make_user("a@example.org")
    db.session.commit()
    for identity in (str(user.id), f"{user.id}:made-up", "99999999999999999999:x", ":", ""):
        with client.session_transaction() as sess:
            sess["_user_id"] = identity
            sess["_fresh"] = True
        g.pop("_login_user", None)
        assert client.get("/account").status_code == 302, identity
