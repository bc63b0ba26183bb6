"""Account verbs. Explicit inputs, no request: the web, the API and the CLI share them."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from grants.auth.models import PasswordResetToken, StaffRole, StaffRoleKind, User
from grants.auth.passwords import check_strength, hash_password, personal_words, verify_password
from grants.core import audit, clock
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.core.i18n import N_
from grants.core.notifications import public_url, queue_mail, recipient_locales
from grants.extensions import db


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(*, email: str, full_name: str, password: str, actor=None,
                is_admin: bool = False, locale: str | None = None,
                verified: bool = False) -> User:
    """A new account. `verified`: its address is known to be right (an administrator or the
    command line created it); otherwise it must be confirmed (grants.auth.verification)."""
    email = normalise_email(email)
    if not email or "@" not in email:
        raise ValidationFailed(N_("Podaj poprawny adres e-mail."), field_errors={"email": [
            N_("Podaj poprawny adres e-mail.")]})
    if find_user(email):
        raise ValidationFailed(N_("Konto z tym adresem e-mail już istnieje."),
                               field_errors={"email": [
                                   N_("Konto z tym adresem e-mail już istnieje.")]})
    weak = check_strength(password, personal_words(email, full_name))
    if weak:
        raise ValidationFailed(weak, field_errors={"password": [weak]})
    user = User(email=email, full_name=full_name.strip(), password_hash=hash_password(password),
                is_admin=is_admin, locale=locale,
                email_verified_at=clock.now() if verified else None)
    db.session.add(user)
    db.session.flush()
    audit.record(actor or user, "user.create", user, after={"email": email, "is_admin": is_admin,
                                                              "verified": verified})
    return user


UNVERIFIED_NO_ROLE = N_("Adres e-mail tego konta nie został potwierdzony. Rolę można nadać "
                        "dopiero wtedy, gdy właściciel potwierdzi adres linkiem z wiadomości "
                        "e-mail.")


def grant_role(user: User, *, organiser_id: int, role: StaffRoleKind, actor) -> StaffRole:
    """A role at an organiser; only for an account whose address is confirmed (anyone can
    register an address that looks like staff's)."""
    if not user.email_verified:
        raise InvalidTransition(UNVERIFIED_NO_ROLE, field_errors={"email": [UNVERIFIED_NO_ROLE]})
    existing = db.session.scalar(select(StaffRole).filter_by(
        user_id=user.id, organiser_id=organiser_id, role=role))
    if existing:
        return existing
    sr = StaffRole(user=user, organiser_id=organiser_id, role=role)
    db.session.add(sr)
    db.session.flush()
    audit.record(actor, "staff_role.grant", sr, after={"user_id": user.id,
                 "organiser_id": organiser_id, "role": role.value})
    return sr


class LoginRefused(NotAllowed):
    pass


def _dummy_hash() -> str:
    """A hash with the configured argon2 parameters, to verify a password against when no
    account has the e-mail: the answer takes the time of a real verification (made once)."""
    params = (current_app.config["ARGON2_TIME_COST"], current_app.config["ARGON2_MEMORY_COST"])
    if params not in _DUMMY_HASHES:
        _DUMMY_HASHES[params] = hash_password(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[params]


_DUMMY_HASHES: dict[tuple[int, int], str] = {}


def authenticate(email: str, password: str) -> User:
    """The user for these credentials. An unknown e-mail and a wrong password get the same
    answer after the same work; nothing locks an account (grants/auth/throttle.py slows
    failures down per account and address)."""
    user = find_user(email)
    # the same argon2 work whether the account exists or not: the time tells nothing
    verified = verify_password(user.password_hash if user else _dummy_hash(), password)
    if user is None or not verified:
        raise LoginRefused(N_("Nieprawidłowy e-mail lub hasło."))
    if not user.active:
        raise LoginRefused(N_("To konto jest nieaktywne."))
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_password_reset(email: str) -> None:
    """E-mail a single-use, expiring link. Silent when no such account (no account probing)."""
    user = find_user(email)
    if user is None or not user.active:
        return
    token = secrets.token_urlsafe(32)
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    db.session.add(PasswordResetToken(user=user, token_hash=_token_hash(token),
                                      expires_at=clock.now() + timedelta(hours=hours)))
    link = public_url("auth.reset_password", token=token)
    queue_mail(db.session, to=user.email, subject="Ustawienie nowego hasła",
               template="password_reset", user=user, link=link, hours=hours)
    audit.record(None, "user.password_reset_requested", user)


def valid_reset_token(token: str) -> PasswordResetToken | None:
    rec = db.session.scalar(select(PasswordResetToken).where(
        PasswordResetToken.token_hash == _token_hash(token or "")))
    if rec is None or rec.used_at is not None or rec.expires_at <= clock.now():
        return None
    return rec


def reset_password(token: str, new_password: str) -> User:
    rec = valid_reset_token(token)
    if rec is None:
        raise NotAllowed(N_("Link do ustawienia hasła wygasł lub został już użyty. Poproś o nowy."))
    user = rec.user
    weak = check_strength(new_password, personal_words(user.email, user.full_name))
    if weak:
        raise ValidationFailed(weak, field_errors={"password": [weak]})
    rec.used_at = clock.now()
    if user.email_verified_at is None:  # the link came to the address: it is confirmed
        user.email_verified_at = rec.used_at
    user.password_hash = hash_password(new_password)  # ends the user's sessions (sessions.py)
    # every other outstanding link of this user dies with this one
    for other in db.session.scalars(select(PasswordResetToken).where(
            PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))):
        other.used_at = rec.used_at
    audit.record(user, "user.password_reset", user)
    return user


def set_locale(user: User, locale: str) -> None:
    if locale not in ("pl", "en"):
        raise ValidationFailed(N_("Nieznany język."))
    user.locale = locale


@recipient_locales.provide
def locales_of(addresses) -> dict[str, str]:
    """The language chosen by the account of each address (e-mails go out in it)."""
    wanted = {normalise_email(a) for a in addresses}
    if not wanted:
        return {}
    return {email: locale for email, locale in db.session.execute(
        select(User.email, User.locale).where(User.email.in_(sorted(wanted)))) if locale}
