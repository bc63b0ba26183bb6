"""grants: open competitions of offers, small grants and service purchases."""

<<<<<<< HEAD
from grants.app import create_app  # noqa: F401 - `from grants import create_app` (wsgi, tests)
=======
from __future__ import annotations

from typing import Any

from flask import Flask, g, request, session

from config import DEFAULT_SECRET, Config, config_from_env


def create_app(config: type[Config] | dict[str, Any] | None = None) -> Flask:
    """Build the app. `config` is a Config class, a dict of overrides, or None (environment)."""
    app = Flask(__name__, template_folder="../templates", static_folder="static")
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

    from grants.core.http import BoundedIntConverter, strip_nul_bytes

    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(strip_nul_bytes)
    _init_extensions(app)
    _register_blueprints(app)
    _register_template_helpers(app)

    from grants.core.errors_http import register_error_handlers

    register_error_handlers(app)

    from grants.cli import register_cli

    register_cli(app)
    return app


def _select_locale() -> str:
    from flask import has_request_context
    from flask_login import current_user

    langs = ("pl", "en")
    if not has_request_context():  # CLI, reminders, documents rendered off-request
        return "pl"
    if getattr(current_user, "is_authenticated", False) and current_user.locale in langs:
        return current_user.locale
    if session.get("lang") in langs:
        return session["lang"]
    return "pl"


def _init_extensions(app: Flask) -> None:
    from flask_babel import gettext

    import grants.models  # noqa: F401 - every table on the metadata
    from grants.core.db import configure_sqlite
    from grants.core.i18n import N_
    from grants.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(_migrations_dir()), render_as_batch=True,
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

    from grants.auth.models import User

    @login_manager.user_loader
    def _load_user(user_id: str):
        user = db.session.get(User, int(user_id))
        return user if user and user.active else None


def _migrations_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"


def _register_blueprints(app: Flask) -> None:
    from grants.admin.views import bp as admin_bp
    from grants.auth.views import bp as auth_bp
    from grants.awards.views import bp as awards_bp
    from grants.calls.views import bp as calls_bp
    from grants.contracts.views import bp as contracts_bp
    from grants.controls.views import bp as controls_bp
    from grants.evaluation.views import bp as evaluation_bp
    from grants.finance.views import bp as finance_bp
    from grants.formal.views import bp as formal_bp
    from grants.offers.views import bp as offers_bp
    from grants.organisations.views import bp as organisations_bp
    from grants.public.views import bp as public_bp
    from grants.settlements.views import bp as settlements_bp
    from grants.smallgrants.views import bp as smallgrants_bp
    from grants.taskreports.views import bp as taskreports_bp

    for bp in (public_bp, auth_bp, organisations_bp, calls_bp, offers_bp, admin_bp):
        app.register_blueprint(bp)
    app.register_blueprint(formal_bp)
    app.register_blueprint(evaluation_bp)
    app.register_blueprint(smallgrants_bp)
    app.register_blueprint(awards_bp)
    for bp in (contracts_bp, taskreports_bp, controls_bp, settlements_bp, finance_bp):
        app.register_blueprint(bp)


def _register_template_helpers(app: Flask) -> None:
    from flask_login import current_user

    from grants.auth import roles as perms
    from grants.contracts import permissions as contract_perms
    from grants.core import clock, formatting
    from grants.finance import permissions as finance_perms

    app.jinja_env.filters.update(formatting.FILTERS)

    @app.context_processor
    def _globals():
        return {
            "now": clock.now,
            "perms": perms,
            "contract_perms": contract_perms,
            "finance_perms": finance_perms,
            "current_locale": _select_locale(),
            "user": current_user,
        }

    @app.before_request
    def _request_start():
        g.request_path = request.path

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'",
        )
        return response
>>>>>>> contracts
