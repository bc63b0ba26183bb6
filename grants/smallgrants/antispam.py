"""Anti-spam for the public comment form: a signed timestamp of when the form was shown, with a
random nonce that makes the token single-use.

A human needs some seconds to read the offer and write a comment; a bot posting at once is
refused, and so is a token made for another offer, a forged one or one too old. The token is
signed with the app's SECRET_KEY (itsdangerous) and carries the server clock's time, so that
tests can move the clock. A token accepted once cannot post again: the SHA-256 of its nonce is
stored with the comment's transaction (grants.smallgrants.comments.use_form_token) until the
token would have expired anyway, in the database, so that every app server refuses a replay.
The honeypot field and the rate limit live in the view.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from grants.core.i18n import N_

SALT = "smallgrants.comment-form"
INVALID = N_("Formularz jest nieprawidłowy. Sprawdź treść uwagi i wyślij ją ponownie.")


@dataclass(frozen=True)
class FormToken:
    offer_id: int
    shown_at: int        # POSIX seconds of the server clock when the form was shown
    nonce: str

    @property
    def digest(self) -> str:
        """What is stored of a used token: the SHA-256 of its nonce."""
        return nonce_digest(self.nonce)

    def expires_at(self, max_seconds: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.shown_at + max_seconds, dt.UTC)


def nonce_digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def form_token(secret: str, offer_id: int, shown_at: dt.datetime) -> str:
    return URLSafeSerializer(secret, salt=SALT).dumps(
        {"o": int(offer_id), "t": int(shown_at.timestamp()), "n": secrets.token_urlsafe(16)})


def read_form_token(secret: str, token: str | None) -> FormToken | None:
    """The token's content, or None when it is missing, forged or malformed."""
    try:
        data = URLSafeSerializer(secret, salt=SALT).loads(token or "")
        nonce = data["n"]
        if not isinstance(nonce, str) or not 16 <= len(nonce) <= 64:
            return None
        return FormToken(int(data["o"]), int(data["t"]), nonce)
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def check_form_token(secret: str, token: str | None, offer_id: int, now: dt.datetime, *,
                     min_seconds: int, max_seconds: int) -> str | None:
    """None when the form may be accepted, otherwise the Polish reason of the refusal. (Whether
    the token was used before is the database's to say: comments.use_form_token.)"""
    data = read_form_token(secret, token)
    if data is None or data.offer_id != int(offer_id):
        return INVALID
    elapsed = now.timestamp() - data.shown_at
    if elapsed < min_seconds:
        return N_("Formularz wysłano zbyt szybko po otwarciu strony. Sprawdź treść uwagi i "
                  "wyślij ją ponownie.")
    if elapsed > max_seconds:
        return N_("Formularz wygasł. Sprawdź treść uwagi i wyślij ją ponownie.")
    return None
