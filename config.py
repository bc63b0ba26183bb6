"""Configuration read from environment variables.

`create_app()` takes one of these classes (or a dict of overrides).  Defaults are
for development: SQLite in ``instance/grants.db`` and mail printed to the console.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SECRET = "dev-secret-change-me"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'grants.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True

    BABEL_DEFAULT_LOCALE = "pl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Warsaw"
    LANGUAGES = ("pl", "en")

    # Mail: backend "console" (print), "file" (MAIL_FILE_DIR) or "smtp".
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "console")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "grants@localhost")
    # The name shown as the sender (and in the signature) of an e-mail no organiser sends;
    # an organiser's e-mail shows the organiser's name and is answered to its address.
    MAIL_SENDER_NAME = os.environ.get("MAIL_SENDER_NAME", "Konkursy ofert i dotacje")
    MAIL_FILE_DIR = os.environ.get("MAIL_FILE_DIR", str(BASE_DIR / "instance" / "mail"))

    # Login throttling (Flask-Limiter); use redis://127.0.0.1:6379 with several app servers.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
    # Sessions and login protections (issue 10; grants/auth/sessions.py, throttle.py): a
    # sign-in lasts SESSION_STAFF_HOURS for staff and administrators (a working day),
    # SESSION_HOURS for others, absolute, checked on the server; no cookie outlives the longest.
    # Failures of one account from one client address are refused past
    # LOGIN_ACCOUNT_ADDRESS_FAILURES (LOGIN_MAX_FAILURES and LOGIN_LOCKOUT_MINUTES are unused).
    SESSION_STAFF_HOURS = int(os.environ.get("SESSION_STAFF_HOURS", "10"))
    SESSION_HOURS = int(os.environ.get("SESSION_HOURS", "24"))
    PERMANENT_SESSION_LIFETIME = 3600 * max(SESSION_STAFF_HOURS, SESSION_HOURS)  # seconds
    REMEMBER_COOKIE_DURATION = PERMANENT_SESSION_LIFETIME
    REMEMBER_COOKIE_SAMESITE = "Lax"
    LOGIN_ACCOUNT_ADDRESS_FAILURES = os.environ.get("LOGIN_ACCOUNT_ADDRESS_FAILURES",
                                                    "5 per 15 minutes;20 per day")

    # Registration (helper `registration`): the form's throttle (per client address) and how
    # long the link confirming an address works.
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "5 per minute;20 per hour")
    EMAIL_VERIFICATION_HOURS = int(os.environ.get("EMAIL_VERIFICATION_HOURS", "48"))

    PASSWORD_RESET_HOURS = int(os.environ.get("PASSWORD_RESET_HOURS", "2"))
    # argon2 cost: the library's defaults; the test configuration lowers them.
    ARGON2_TIME_COST = int(os.environ.get("ARGON2_TIME_COST", "3"))
    ARGON2_MEMORY_COST = int(os.environ.get("ARGON2_MEMORY_COST", "65536"))

    # Public comments on small-grant offers (art. 19a): anti-spam limits.
    SMALL_GRANT_COMMENT_RATE_LIMIT = os.environ.get("SMALL_GRANT_COMMENT_RATE_LIMIT",
                                                    "5 per minute;30 per hour")
    SMALL_GRANT_COMMENT_MIN_SECONDS = int(os.environ.get("SMALL_GRANT_COMMENT_MIN_SECONDS", "5"))
    SMALL_GRANT_COMMENT_MAX_SECONDS = int(os.environ.get("SMALL_GRANT_COMMENT_MAX_SECONDS",
                                                         str(6 * 3600)))

    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    UPLOAD_ALLOWED_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "odt", "docx", "xlsx", "ods")
    # Uploads (issue 10): an organisation's stored uploads together at most UPLOAD_QUOTA_BYTES
    # (one file at most MAX_CONTENT_LENGTH); `flask files purge-orphans` deletes the files
    # nothing refers to any more once they are ORPHAN_FILE_HOURS old.
    UPLOAD_QUOTA_BYTES = int(os.environ.get("UPLOAD_QUOTA_BYTES", str(200 * 1024 * 1024)))
    ORPHAN_FILE_HOURS = int(os.environ.get("ORPHAN_FILE_HOURS", "24"))
    PAGE_SIZE = 20
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")


class DevelopmentConfig(Config):
    DEBUG = _bool("FLASK_DEBUG", False)


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///:memory:")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = True
    MAIL_BACKEND = "smtp"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    SERVER_NAME = None
    PUBLIC_BASE_URL = "http://localhost"


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS.get(os.environ.get("GRANTS_ENV", "development"), DevelopmentConfig)
