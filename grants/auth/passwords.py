"""Password hashing with argon2 (cheap parameters only in the test configuration)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context

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


def check_strength(password: str) -> str | None:
    """A Polish message when the password is too weak, else None."""
    if len(password) < 10:
        return N_("Hasło musi mieć co najmniej 10 znaków.")
    if password.isdigit() or password.isalpha():
        return N_("Hasło musi zawierać litery i cyfry lub znaki specjalne.")
    return None
