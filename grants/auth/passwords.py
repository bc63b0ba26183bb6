"""Password hashing with argon2 (cheap parameters only in the test configuration) and the
strength check: zxcvbn (offline, its own lists of common passwords, words, names, keyboard
patterns, dates and sequences), with the account's e-mail and name as words to avoid."""

from __future__ import annotations

import re
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context
from zxcvbn import zxcvbn

from grants.core.i18n import N_


def _hasher() -> PasswordHasher:
    if has_app_context():
        return PasswordHasher(
            time_cost=current_app.config.get("ARGON2_TIME_COST", 3),
            memory_cost=current_app.config.get("ARGON2_MEMORY_COST", 65536),
        )
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# zxcvbn's score: 3 = "safely unguessable" (about 10^8 guesses and more); below is refused
MIN_SCORE = 3
# zxcvbn weighs at most this many characters (its own limit); a longer password is weighed by
# its beginning
WEIGHED_LENGTH = 72
# a word of the account shorter than this is too common to forbid (pl, org, com, ...)
MIN_PERSONAL_WORD = 4


def personal_words(email: str | None, full_name: str | None) -> list[str]:
    """The words of an account an attacker would try first: the whole address, its parts
    (local part and domain labels) and the parts of the name."""
    email = (email or "").strip().lower()
    name = (full_name or "").strip().lower()
    words = [w for w in (email, name) if w]
    words += re.split(r"[@._+\-\s]+", f"{email} {name}")
    return list(dict.fromkeys(w for w in words if len(w) >= MIN_PERSONAL_WORD))


def check_strength(password: str, user_inputs: Iterable[str] = ()) -> str | None:
    """A Polish message when the password is too weak (too short, letters or digits only,
    guessable, or built on the account's own words: `personal_words`), else None."""
    if len(password) < 10:
        return N_("Hasło musi mieć co najmniej 10 znaków.")
    if password.isdigit() or password.isalpha():
        return N_("Hasło musi zawierać litery i cyfry lub znaki specjalne.")
    inputs = list(user_inputs)
    result = zxcvbn(password[:WEIGHED_LENGTH], user_inputs=inputs)
    if any(m.get("dictionary_name") == "user_inputs" and len(m["token"]) >= MIN_PERSONAL_WORD
           for m in result["sequence"]):
        return N_("Hasło nie może zawierać adresu e-mail ani imienia i nazwiska (ani ich "
                  "części).")
    if result["score"] < MIN_SCORE:
        return N_("Hasło jest zbyt łatwe do odgadnięcia: to popularne hasło, słowo, nazwisko, "
                  "data lub prosty układ znaków. Wybierz dłuższe, np. kilka niezwiązanych słów "
                  "rozdzielonych znakami.")
    return None
