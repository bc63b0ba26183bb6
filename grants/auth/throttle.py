"""The login throttle. Failed logins slow down per account *and* client address: past
LOGIN_ACCOUNT_ADDRESS_FAILURES (e.g. "5 per 15 minutes;20 per day") that account is not tried
from that address for a while, and the account itself is never locked - its owner signs in
from anywhere else. (Failures from one address on any account are limited by the login
view's rate limit, LOGIN_RATE_LIMIT.)

The account is the typed e-mail, normalised and hashed, whether an account has it or not, so
a refusal tells nothing about which accounts exist. The address is `request.remote_addr`, the
client's own behind the trusted proxies (ProxyFix, TRUSTED_PROXIES). The counts live in the
rate limiter's storage (RATELIMIT_STORAGE_URI): memory in development, redis shared by several
app servers in production.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from limits import RateLimitItem, parse_many

from grants.auth.services import normalise_email
from grants.extensions import limiter


def _limits() -> list[RateLimitItem]:
    return parse_many(current_app.config["LOGIN_ACCOUNT_ADDRESS_FAILURES"])


def _key(email: str, address: str | None) -> tuple[str, str, str]:
    account = hashlib.sha256(normalise_email(email).encode()).hexdigest()[:32]
    return "login-failures", account, address or "-"


def allowed(email: str, address: str | None) -> bool:
    """May the password of this account be tried from this address now?"""
    if not limiter.enabled:
        return True
    key = _key(email, address)
    return all(limiter.limiter.test(item, *key) for item in _limits())


def failed(email: str, address: str | None) -> None:
    """Count a failed login of this account from this address."""
    if limiter.enabled:
        key = _key(email, address)
        for item in _limits():
            limiter.limiter.hit(item, *key)


def succeeded(email: str, address: str | None) -> None:
    """The owner signed in from this address: its count starts afresh."""
    if limiter.enabled:
        key = _key(email, address)
        for item in _limits():
            limiter.limiter.clear(item, *key)
