"""Configuration read from environment variables.

`create_app()` takes one of these classes (or a dict of overrides). GRANTS_ENV picks the class:
`production` when unset (it refuses to start without SECRET_KEY and PUBLIC_BASE_URL),
`development` only when asked for (SQLite in ``instance/grants.db``, mail printed to the
console, a random key kept in ``instance/secret_key``), `testing` for the test suite.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
# Keys that were published (in this repository or elsewhere): never accepted outside development.
DEFAULT_SECRET = "dev-secret-change-me"
PUBLISHED_SECRETS = frozenset({DEFAULT_SECRET, "test-secret", "change-me", "changeme", "secret",
                               "secret-key", "dev", "development"})
MIN_SECRET_BYTES = 32
KEY_COMMAND = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


class Config:
    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'grants.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_ENABLED = True
    # A form stays valid for a working day (then: a clear message, not a bare 400).
    WTF_CSRF_TIME_LIMIT = int(os.environ.get("WTF_CSRF_TIME_LIMIT", str(10 * 3600)))
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
    # Sessions and login protections (issue 10; grants/auth/sessions.py, throttle.py): a
    # sign-in lasts SESSION_STAFF_HOURS for staff and administrators (a working day),
    # SESSION_HOURS for others, absolute, checked on the server; no cookie outlives the longest.
    # Failures of one account from one client address are refused past
    # LOGIN_ACCOUNT_ADDRESS_FAILURES.
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
    # The address people use (https://granty.example.gov.pl): every link in e-mails and PDFs
    # is built on it, and its host is the one host requests are served for (TRUSTED_HOSTS adds
    # others, comma-separated). Required outside development.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")
    TRUSTED_HOSTS = _list("TRUSTED_HOSTS")
    # How many reverse proxies (TLS terminator, load balancer) stand before the app: the client
    # address and scheme are taken from that many X-Forwarded-For/-Proto entries; 0 ignores
    # them (nobody can pass for another address).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # Development without SECRET_KEY: a random key made once and kept here (not in the repo).
    DEV_SECRET_FILE = str(BASE_DIR / "instance" / "secret_key")
    # Strict-Transport-Security on https (and always in production); 0 switches it off.
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = _bool("FLASK_DEBUG", False)
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    TRUSTED_HOSTS = _list("TRUSTED_HOSTS") or ["127.0.0.1", "localhost"]


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = secrets.token_urlsafe(48)  # a new one per process: nothing to forge with
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///:memory:")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = True
    MAIL_BACKEND = "smtp"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    SERVER_NAME = None
    PUBLIC_BASE_URL = "http://localhost"
    TRUSTED_HOSTS = ["localhost", "127.0.0.1"]  # 127.0.0.1: the browser tests' live server


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestConfig,
}


def config_from_env() -> type[Config]:
    """The class GRANTS_ENV names; production when unset (development is never a default)."""
    name = os.environ.get("GRANTS_ENV", "production").strip() or "production"
    if name not in CONFIGS:
        raise RuntimeError(f"GRANTS_ENV={name!r}: use one of {', '.join(CONFIGS)}.")
    return CONFIGS[name]


def secret_key_problem(key: str | bytes | None) -> str | None:
    """Why `key` cannot sign sessions outside development (None: it can)."""
    if not key:
        return "SECRET_KEY is not set"
    text = key.decode("latin-1") if isinstance(key, bytes) else key
    if text.strip().lower() in PUBLISHED_SECRETS:
        return "SECRET_KEY is a published default"
    if len(text.encode()) < MIN_SECRET_BYTES:
        return f"SECRET_KEY is shorter than {MIN_SECRET_BYTES} bytes"
    if len(set(text)) < 12:
        return "SECRET_KEY does not look random (too few different characters)"
    return None


def public_base_url_problem(url: str | None) -> str | None:
    """Why `url` cannot be the public address links are built on (None: it can)."""
    parts = urlsplit(url or "")
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "PUBLIC_BASE_URL must be the absolute address of the site (https://host/...)"
    return None


def trusted_hosts(public_base_url: str, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The hosts requests are served for: the public address's host, then `extra`."""
    hosts: list[str] = []
    for host in [urlsplit(public_base_url).hostname or "", *extra]:
        host = host.strip().lower()
        if host and host not in hosts:
            hosts.append(host)
    return hosts


def development_secret(path: str | Path) -> str:
    """The development key kept in `path`, made (random, readable by its owner only) once.
    Written to a temporary file and linked into place, so that a process starting at the same
    moment (CI runs two) reads either no file or the whole key."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)
        except FileExistsError:  # another process made it meanwhile: theirs is the key
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
