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

    # The installation's name: every page title ends in it (WCAG 2.4.2).
    INSTALLATION_NAME = os.environ.get("INSTALLATION_NAME",
                                       "Konkursy ofert i dotacje – MOPS Sopot")

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
