"""The app factory: configuration, extensions, every area's blueprint, template helpers, error
handlers and the command line. Importing this module imports every area (models, views and
so the modules that provide hooks or connect signals)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, g, has_request_context, request, session
from flask_babel import gettext
from flask_login import current_user

import grants.models  # noqa: F401 - every table on the metadata
from config import DEFAULT_SECRET, Config, config_from_env
from grants.admin.statement_views import bp as statement_bp
from grants.admin.views import bp as admin_bp
from grants.auth import roles as perms
from grants.auth.models import User
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
from grants.core.http import BoundedIntConverter, strip_nul_bytes
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
    settlements_bp, finance_bp, statement_bp,
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

    if app.config.get("ENV_NAME") == "production" and app.config["SECRET_KEY"] in (
        DEFAULT_SECRET, "", None,
    ):
        raise RuntimeError(
            "Refusing to start in production with the default SECRET_KEY: set SECRET_KEY."
        )

    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(strip_nul_bytes)
    _init_extensions(app)
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    _register_template_helpers(app)
    register_error_handlers(app)
    register_cli(app)
    return app


def _select_locale() -> str:
    langs = ("pl", "en")
    if not has_request_context():  # CLI, reminders, documents rendered off-request
        return "pl"
    if getattr(current_user, "is_authenticated", False) and current_user.locale in langs:
        return current_user.locale
    if session.get("lang") in langs:
        return session["lang"]
    return "pl"


def _load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id))
    return user if user and user.active else None


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
    login_manager.user_loader(_load_user)


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
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    return response


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters.update(formatting.FILTERS)
    app.context_processor(_template_globals)
    app.before_request(_remember_request_path)
    app.after_request(_security_headers)
