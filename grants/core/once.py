"""A form that creates a record is submitted once: each rendering of the form carries a fresh
random token (`OnceField`, a hidden field); the action claims the token in the same
transaction as the record it creates (`claim`). A second POST of the same rendering (a
double click, a reload of the answer, a second tab) finds the token claimed and is refused
with a message; two POSTs at the same moment meet at the primary key of `form_submission`.
A refused action is rolled back, so its token stays free for the corrected form.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField

from grants.core import clock
from grants.core.db import Base, UTCDateTime
from grants.core.errors import InvalidTransition
from grants.core.i18n import N_
from grants.extensions import db

ALREADY_SENT = N_("Ten formularz został już wysłany i zapisany - nie zapisano go drugi raz. "
                  "Sprawdź zapisane dane poniżej.")
MISSING = N_("Formularz wygasł - otwórz stronę ponownie i wyślij go jeszcze raz.")


class FormSubmission(Base):
    """The token of a form rendering whose action was done."""

    __tablename__ = "form_submission"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class OnceField(HiddenField):
    """The hidden one-time token of a form rendering: every rendering gets a fresh one (also
    the form shown again with its errors - nothing was recorded from it)."""

    def _value(self) -> str:
        return new_token()


def guarded(token: str | None, call):
    """`call` preceded by the claim of the token: for core.actions.run."""
    def run():
        claim(token)
        return call()
    return run


def claim(token: str | None) -> None:
    """Claim the token of the submitted form in the current transaction; a token already
    claimed (or none) is refused with InvalidTransition. Call before creating the record."""
    token = (token or "").strip()[:64]
    if not token:
        raise InvalidTransition(MISSING)
    if db.session.get(FormSubmission, token) is not None:
        raise InvalidTransition(ALREADY_SENT)
    try:
        with db.session.begin_nested():
            db.session.add(FormSubmission(token=token, used_at=clock.now()))
    except IntegrityError as exc:  # the same token claimed by a POST at the same moment
        raise InvalidTransition(ALREADY_SENT) from exc
