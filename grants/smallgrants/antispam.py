"""Anti-spam for the public comment form: a signed timestamp of when the form was shown.

A human needs some seconds to read the offer and write a comment; a bot posting at once is
refused, and so is a token made for another offer, a forged one or one too old. The token is
signed with the app's SECRET_KEY (itsdangerous) and carries the server clock's time, so that
tests can move the clock. The honeypot field and the rate limit live in the view.
"""

from __future__ import annotations

import datetime as dt

from itsdangerous import BadSignature, URLSafeSerializer

from grants.core.i18n import N_

SALT = "smallgrants.comment-form"


def form_token(secret: str, offer_id: int, shown_at: dt.datetime) -> str:
    return URLSafeSerializer(secret, salt=SALT).dumps(
        {"o": int(offer_id), "t": int(shown_at.timestamp())})


def check_form_token(secret: str, token: str | None, offer_id: int, now: dt.datetime, *,
                     min_seconds: int, max_seconds: int) -> str | None:
    """None when the form may be accepted, otherwise the Polish reason of the refusal."""
    try:
        data = URLSafeSerializer(secret, salt=SALT).loads(token or "")
        shown = int(data["t"])
        if int(data["o"]) != int(offer_id):
            raise BadSignature("another offer")
    except (BadSignature, KeyError, TypeError, ValueError):
        return N_("Formularz jest nieprawidłowy. Sprawdź treść uwagi i wyślij ją ponownie.")
    elapsed = now.timestamp() - shown
    if elapsed < min_seconds:
        return N_("Formularz wysłano zbyt szybko po otwarciu strony. Sprawdź treść uwagi i "
                  "wyślij ją ponownie.")
    if elapsed > max_seconds:
        return N_("Formularz wygasł. Sprawdź treść uwagi i wyślij ją ponownie.")
    return None
