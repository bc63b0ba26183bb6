"""The app factory: configuration, extensions, every area's blueprint, template helpers, error
handlers and the command line. Importing this module imports every area (models, views and
so the modules that provide hooks or connect signals)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import gettext
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

import grants.models  # noqa: F401 - every table on the metadata
from config import (
    KEY_COMMAND,
    Config,
    config_from_env,
    development_secret,
    public_base_url_problem,
    secret_key_problem,
    trusted_hosts,
)
from grants.admin.views import bp as admin_bp
from grants.auth import roles as perms
from grants.auth import sessions
from grants.auth.views import bp as auth_bp
from grants.awards.views import bp as awards_bp
from grants.calls.views import bp as calls_bp
from grants.cli import register_cli
from grants.contracts import permissions as contract_perms
from grants.contracts.views import bp as contracts_bp
from grants.controls.views import bp as controls_bp
from grants.core import clock, formatting
from grants.core.db import configure_sqlite
from grants.core.errors_http import register_error_handlers
from grants.core.http import BoundedIntConverter, bound_page_number, strip_nul_bytes
from grants.core.i18n import N_
from grants.evaluation.views import bp as evaluation_bp
from grants.extensions import babel, csrf, db, limiter, login_manager, migrate
from grants.finance import permissions as finance_perms
from grants.finance.views import bp as finance_bp
from grants.formal.views import bp as formal_bp
from grants.offers.views import bp as offers_bp
from grants.organisations.views import bp as organisations_bp
from grants.public.views import bp as public_bp
from grants.settlements.views import bp as settlements_bp
from grants.smallgrants.views import bp as smallgrants_bp
from grants.taskreports.views import bp as taskreports_bp

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

# In the order the app registered them so far (the order of the URL map's rules).
BLUEPRINTS = (
    public_bp, auth_bp, organisations_bp, calls_bp, offers_bp, admin_bp, formal_bp,
    evaluation_bp, smallgrants_bp, awards_bp, contracts_bp, taskreports_bp, controls_bp,
    settlements_bp, finance_bp,
)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def create_app(config: type[Config] | dict[str, Any] | None = None) -> Flask:
    """Build the app. `config` is a Config class, a dict of overrides, or None (environment)."""
    app = Flask("grants", template_folder="../templates", static_folder="static")
    if isinstance(config, dict):
        app.config.from_object(config_from_env())
        app.config.update(config)
    else:
        app.config.from_object(config or config_from_env())

    _check_security_settings(app)

    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(strip_nul_bytes)
    app.before_request(bound_page_number)
    _init_extensions(app)
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    _register_template_helpers(app)
    register_error_handlers(app)
    register_cli(app)
    return app


def _check_security_settings(app: Flask) -> None:
    """Refuse to start with a forgeable session key or without the public address; derive the
    trusted hosts from the public address; believe exactly TRUSTED_PROXIES proxies."""
    cfg = app.config
    if cfg.get("ENV_NAME") == "development" and not cfg.get("SECRET_KEY"):
        cfg["SECRET_KEY"] = development_secret(cfg["DEV_SECRET_FILE"])
    elif cfg.get("ENV_NAME") != "development" and (problem := secret_key_problem(
            cfg.get("SECRET_KEY"))):
        raise RuntimeError(f"Refusing to start: {problem}. Set SECRET_KEY to a random key of "
                           f"at least 32 bytes, e.g. the output of {KEY_COMMAND}.")
    if problem := public_base_url_problem(cfg.get("PUBLIC_BASE_URL")):
        raise RuntimeError(f"Refusing to start: {problem}.")
    cfg["TRUSTED_HOSTS"] = trusted_hosts(cfg["PUBLIC_BASE_URL"], cfg.get("TRUSTED_HOSTS") or ())
    proxies = int(cfg.get("TRUSTED_PROXIES") or 0)
    if proxies < 0:
        raise RuntimeError("Refusing to start: TRUSTED_PROXIES must be 0 or more.")
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)


def _select_locale() -> str:
    langs = ("pl", "en")
    if not has_request_context():  # CLI, reminders, documents rendered off-request
        return "pl"
    if getattr(current_user, "is_authenticated", False) and current_user.locale in langs:
        return current_user.locale
    if session.get("lang") in langs:
        return session["lang"]
    return "pl"


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale,
                   default_translation_directories="translations",
                   default_timezone="Europe/Warsaw")
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Zaloguj się, aby zobaczyć tę stronę.")
    login_manager.localize_callback = gettext  # flashed in the user's language
    login_manager.login_message_category = "warning"
    # the cookie names a server-side session (grants/auth/sessions.py), not only the user
    login_manager.user_loader(sessions.load_user)


def _template_globals() -> dict[str, Any]:
    return {
        "now": clock.now,
        "perms": perms,
        "contract_perms": contract_perms,
        "finance_perms": finance_perms,
        "current_locale": _select_locale(),
        "user": current_user,
    }


def _remember_request_path() -> None:
    g.request_path = request.path


def _security_headers(response):
    """Headers on every response. A signed-in user's pages and downloads (every non-public
    document is behind a login) are never stored by a browser or proxy cache; over https (and
    always in production, where a TLS proxy serves the app) browsers are told to stay on https."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    config = current_app.config
    seconds = config.get("HSTS_SECONDS") or 0
    if seconds and (request.is_secure or config.get("ENV_NAME") == "production"):
        response.headers.setdefault("Strict-Transport-Security",
                                    f"max-age={seconds}; includeSubDomains")
    if request.endpoint != "static" and getattr(current_user, "is_authenticated", False):
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(formatting.FILTERS)
    app.context_processor(_template_globals)
    app.before_request(_remember_request_path)
    app.after_request(_security_headers)
