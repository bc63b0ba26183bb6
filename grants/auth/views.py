"""Login, logout, registration, password reset, language. Thin: parse, call a service, render."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from grants.auth import services
from grants.auth.forms import ForgotPasswordForm, LoginForm, RegisterForm, ResetPasswordForm
from grants.core.errors import DomainError
from grants.core.i18n import translated
from grants.extensions import db, limiter

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None, default: str) -> str:
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"],
               error_message="Zbyt wiele prób logowania. Spróbuj ponownie za chwilę.")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("public.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as exc:
            db.session.commit()  # keep the failure count
            flash(_(exc.message), "error")
        else:
            chosen = session.pop("lang", None)
            if chosen and chosen != user.locale:  # a language picked before logging in sticks
                services.set_locale(user, chosen)
            db.session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next"), url_for("public.dashboard")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("Wylogowano."), "info")
    return redirect(url_for("public.index"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    """An NGO member creates an account; staff accounts are made by an administrator."""
    if current_user.is_authenticated:
        return redirect(url_for("public.dashboard"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(email=form.email.data, full_name=form.full_name.data,
                                        password=form.password.data)
        except DomainError as exc:
            for name, errs in exc.field_errors.items():
                getattr(form, name).errors = (list(getattr(form, name).errors)
                                              + translated(errs))
            if not exc.field_errors:
                flash(_(exc.message), "error")
        else:
            db.session.commit()
            login_user(user)
            flash(_("Konto zostało utworzone. Zarejestruj teraz swoją organizację lub przyjmij "
                    "zaproszenie od jej administratora."), "success")
            return redirect(_safe_next(request.args.get("next"),
                                       url_for("organisations.mine")))
    return render_template("auth/register.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(_("Jeśli konto z tym adresem istnieje, wysłaliśmy na niego link do ustawienia "
                "nowego hasła."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    if services.valid_reset_token(token) is None:
        flash(_("Link do ustawienia hasła wygasł lub został już użyty. Poproś o nowy."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as exc:
            db.session.rollback()
            form.password.errors = [_(exc.message)]
        else:
            db.session.commit()
            flash(_("Hasło zostało zmienione. Zaloguj się nowym hasłem."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "pl")
    if lang not in ("pl", "en"):
        lang = "pl"
    session["lang"] = lang
    if current_user.is_authenticated:
        services.set_locale(current_user, lang)
        db.session.commit()
    return redirect(_safe_next(request.form.get("next"), url_for("public.index")))


@bp.route("/account")
@login_required
def account():
    return render_template("auth/account.html")
