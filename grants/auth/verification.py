"""Confirming the address of an account: registration mails a single-use, expiring link to the
address (only its SHA-256 is stored, like a password reset link); until the owner opens it and
confirms with the account's password, the account can do nothing but ask for a new link, and
no role can be granted to it (services.grant_role).

Registration says the same whatever the address: an address that already has an account gets
a notice instead of a link, and the password is hashed on both paths."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from grants.auth.models import EmailVerificationToken, User
from grants.auth.passwords import check_strength, hash_password, personal_words, verify_password
from grants.auth.roles import is_authenticated
from grants.auth.services import create_user, find_user, normalise_email
from grants.core import audit, clock
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.core.i18n import N_
from grants.core.notifications import public_url, queue_mail
from grants.extensions import db

LINK_GONE = N_("Link potwierdzający adres wygasł lub został już użyty. Zaloguj się, aby "
               "wysłać nowy.")
WRONG_PASSWORD = N_("Nieprawidłowe hasło tego konta.")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register(*, email: str, full_name: str, password: str) -> User | None:
    """An account from the public form, to be confirmed by the link mailed to its address.
    When the address already has an account, nothing changes on it: its owner gets a notice
    (how to log in or set a new password) and the caller gets None - the answer is the same."""
    email = normalise_email(email)
    if not email or "@" not in email:
        message = N_("Podaj poprawny adres e-mail.")
        raise ValidationFailed(message, field_errors={"email": [message]})
    weak = check_strength(password, personal_words(email, full_name))
    if weak:
        raise ValidationFailed(weak, field_errors={"password": [weak]})
    existing = find_user(email)
    if existing is None:
        user = create_user(email=email, full_name=full_name, password=password)
        send_confirmation(user)
        return user
    hash_password(password)  # the work of a new account: the time says nothing either
    if existing.active:
        queue_mail(db.session, to=existing.email, template="account_exists", user=existing)
    audit.record(None, "user.registered_again", existing)
    return None


def send_confirmation(user: User) -> None:
    """Mail a new confirmation link to the account's address (earlier links still work until
    they expire; the first one used ends them all)."""
    if user.email_verified:
        raise InvalidTransition(N_("Adres e-mail tego konta jest już potwierdzony."))
    token = secrets.token_urlsafe(32)
    hours = current_app.config["EMAIL_VERIFICATION_HOURS"]
    db.session.add(EmailVerificationToken(user=user, email=user.email,
                                          token_hash=_token_hash(token),
                                          expires_at=clock.now() + timedelta(hours=hours)))
    queue_mail(db.session, to=user.email, template="email_confirm", user=user,
               link=public_url("auth.confirm_email", token=token), hours=hours)
    audit.record(user, "user.confirmation_sent", user)


def valid_confirmation(token: str) -> EmailVerificationToken | None:
    """The unused, unexpired link of an active account whose address is still the one the
    link was mailed to; None otherwise."""
    rec = db.session.scalar(select(EmailVerificationToken).where(
        EmailVerificationToken.token_hash == _token_hash(token or "")))
    if rec is None or rec.used_at is not None or rec.expires_at <= clock.now():
        return None
    if not rec.user.active or rec.user.email != rec.email:
        return None
    return rec


def confirm_email(token: str, *, actor, password: str | None = None) -> User:
    """Confirm the address by its link. Whoever opens it proves the mailbox; the account's
    password (or being signed in as it) proves it is their account - so the owner of an
    address someone else registered cannot confirm that account by a click."""
    rec = valid_confirmation(token)
    if rec is None:
        raise NotAllowed(LINK_GONE)
    user = rec.user
    signed_in_owner = is_authenticated(actor) and actor.id == user.id
    if not signed_in_owner and not verify_password(user.password_hash, password or ""):
        raise ValidationFailed(WRONG_PASSWORD, field_errors={"password": [WRONG_PASSWORD]})
    now = clock.now()
    user.email_verified_at = user.email_verified_at or now
    for link in db.session.scalars(select(EmailVerificationToken).where(
            EmailVerificationToken.user_id == user.id, EmailVerificationToken.used_at.is_(None))):
        link.used_at = now
    audit.record(user, "user.email_verified", user, after={"email": user.email})
    return user
