"""Sessions known to the server. Each sign-in is a `LoginSession` row, and the identity
Flask-Login keeps in the session cookie (and in a remember cookie) is "<row id>:<token>": a
cookie opens nothing once its row is gone or expired, however often it is replayed.

- logout deletes the row of that browser, "log out everywhere" every row of the user;
- a new password (reset or change) and a deactivation delete every row of the user, whoever
  makes them (`_end_on_new_password_or_deactivation`, on every flush);
- a row expires at a time fixed at sign-in: SESSION_STAFF_HOURS after it for staff and
  administrators (a working day), SESSION_HOURS for everybody else (the project's clock).

`login_user()` anywhere (the login form, the registration) opens a row through the
`user_logged_in` signal; `load_user` is the user loader Flask-Login calls on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app, request, session
from flask_login import user_logged_in
from sqlalchemy import delete, event, inspect, select
from sqlalchemy.orm import Session, joinedload

from grants.auth import roles
from grants.auth.models import LoginSession, User
from grants.core import audit, clock
from grants.extensions import db

IDENTITY = "_user_id"  # where Flask-Login keeps the identity in the session
_MAX_ID = 2**31 - 1


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lifetime(user: User) -> timedelta:
    """How long a sign-in of `user` lasts: a working day for staff and administrators."""
    staff = roles.is_staff(user) or roles.is_admin(user)
    return timedelta(hours=current_app.config["SESSION_STAFF_HOURS" if staff else "SESSION_HOURS"])


def start(user: User, *, lasting: timedelta | None = None) -> str:
    """Open a server-side session of `user` (flushed, not committed) for `lasting` (by default
    the user's `lifetime`); its identity for the cookie. The user's expired rows are cleared on
    the way."""
    now = clock.now()
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                                  LoginSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    row = LoginSession(user_id=user.id, token_hash=_digest(token), created_at=now,
                       expires_at=now + (lasting or lifetime(user)))
    db.session.add(row)
    db.session.flush()
    return f"{row.id}:{token}"


def find(identity: str | None) -> LoginSession | None:
    """The live session an identity names (with its user), or None."""
    row_id, _, token = (identity or "").partition(":")
    if not (row_id.isdigit() and len(row_id) <= 10 and 0 < int(row_id) <= _MAX_ID and token):
        return None
    row = db.session.get(LoginSession, int(row_id), options=[joinedload(LoginSession.user)])
    if row is None or row.expires_at <= clock.now():
        return None
    if not hmac.compare_digest(row.token_hash, _digest(token)):
        return None
    return row


def end(identity: str | None) -> None:
    """End the session an identity names (logout); nothing when it is already over."""
    row = find(identity)
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def end_all(user: User, *, actor) -> int:
    """End every session of `user` (log out everywhere); how many were live."""
    live = len(live_sessions(user))
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    audit.record(actor, "user.sessions_ended", user, after={"sessions": live})
    return live


def live_sessions(user: User) -> list[LoginSession]:
    """The user's sessions that have not expired, the newest first."""
    return list(db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id,
                                      LoginSession.expires_at > clock.now())
        .order_by(LoginSession.created_at.desc(), LoginSession.id.desc())))


# --- Flask-Login --------------------------------------------------------------------------

def load_user(identity: str) -> User | None:
    """The user loader: the user of a live session, if active. A cookie naming no live session
    is forgotten (and a remember cookie deleted)."""
    row = find(identity)
    if row is not None and row.user.active:
        return row.user
    for key in (IDENTITY, "_fresh", "_id"):
        session.pop(key, None)
    if current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        session["_remember"] = "clear"
    return None


@user_logged_in.connect
def _open_on_login(sender, user: User, **extra) -> None:
    """`login_user()` stored the bare user id: open a server-side session and keep its identity
    instead. Committed here: a caller may sign in after its action's commit (the registration
    signs its new account in once it is committed)."""
    session[IDENTITY] = start(user)
    db.session.commit()


@event.listens_for(Session, "before_flush")
def _end_on_new_password_or_deactivation(sess: Session, flush_context, instances) -> None:
    for obj in list(sess.dirty):
        if isinstance(obj, User) and _credentials_changed(obj):
            sess.execute(delete(LoginSession).where(LoginSession.user_id == obj.id))


def _credentials_changed(user: User) -> bool:
    state = inspect(user)
    if state.attrs.password_hash.history.has_changes():
        return True
    return state.attrs.active.history.has_changes() and not user.active
