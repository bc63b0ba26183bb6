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

from grants.auth import services, sessions, throttle, verification
from grants.auth.forms import (
    ConfirmEmailForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from grants.core import actions
from grants.core.errors import DomainError
from grants.core.i18n import translate
from grants.extensions import limiter

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


def _failed(response) -> bool:
    """A login that did not sign anybody in (a sign-in redirects): only these count towards the
    limit of an address, so colleagues behind one office address all sign in."""
    return response.status_code != 302


# The user loader of the app: identities name sessions known to the server (sessions.py).
@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed,
               error_message="Zbyt wiele prób logowania. Spróbuj ponownie za chwilę.")
def login():
    if current_user.is_authenticated:
        return redirect(url_for("public.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    email, address = form.email.data, request.remote_addr
    if not throttle.allowed(email, address):
        flash(_("Zbyt wiele prób logowania. Spróbuj ponownie za chwilę."), "error")
        return render_template("auth/login.html", form=form), 429
    try:
        user = services.authenticate(email, form.password.data)
    except DomainError as exc:
        throttle.failed(email, address)
        flash(translate(exc.message), "error")
        return render_template("auth/login.html", form=form)
    throttle.succeeded(email, address)
    chosen = session.pop("lang", None)
    if chosen and chosen != user.locale:  # a language picked before logging in sticks
        services.set_locale(user, chosen)
    login_user(user)  # opens the server-side session and commits (sessions.py)
    return redirect(_safe_next(request.args.get("next"), url_for("public.dashboard")))


@bp.route("/logout", methods=["POST"])
def logout():
    actions.commit(lambda: sessions.end(session.get(sessions.IDENTITY)))
    logout_user()
    flash(_("Wylogowano."), "info")
    return redirect(url_for("public.index"))


@bp.route("/account/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    """End every session of the user, this one too (a forgotten or stolen one among them)."""
    user = current_user._get_current_object()

    def signed_out(_count) -> str:
        logout_user()
        return url_for("public.index")

    return actions.run(lambda: sessions.end_all(user, actor=user), next=signed_out,
                       success=_("Wylogowano ze wszystkich urządzeń."), category="info")


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"],
               error_message="Zbyt wiele prób rejestracji. Spróbuj ponownie później.")
def register():
    """An NGO member creates an account, confirmed by the link mailed to its address; staff
    accounts are made by an administrator. The same answer whether or not the address has an
    account already (verification.register)."""
    if current_user.is_authenticated:
        return redirect(url_for("public.dashboard"))
    form = RegisterForm()
    if not form.validate_on_submit():
        return _register_page(form)
    return actions.run(
        lambda: verification.register(email=form.email.data, full_name=form.full_name.data,
                                      password=form.password.data),
        form=form, next=url_for("auth.registered"), refused=lambda r: _register_page(form, r))


def _register_page(form: RegisterForm, refusal=None):
    if refusal is not None:
        refusal.flash()
    return render_template("auth/register.html", form=form)


@bp.route("/register/sent")
def registered():
    """"Check your mailbox", whatever the address was."""
    return render_template("auth/register_sent.html")


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot.html", form=form)
    actions.commit(lambda: services.request_password_reset(form.email.data))
    flash(_("Jeśli konto z tym adresem istnieje, wysłaliśmy na niego link do ustawienia "
            "nowego hasła."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    if services.valid_reset_token(token) is None:
        flash(_("Link do ustawienia hasła wygasł lub został już użyty. Poproś o nowy."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return _reset_page(form)
    return actions.run(lambda: services.reset_password(token, form.password.data), form=form,
                       next=url_for("auth.login"),
                       success=_("Hasło zostało zmienione. Zaloguj się nowym hasłem."),
                       refused=lambda r: _reset_page(form, r))


def _reset_page(form: ResetPasswordForm, refusal=None):
    """The new password form; a refusal (a weak password, a link gone meanwhile) is said
    under the password."""
    if refusal is not None:
        form.password.errors = list(refusal.messages)
    return render_template("auth/reset.html", form=form)


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "pl")
    if lang not in ("pl", "en"):
        lang = "pl"
    session["lang"] = lang
    if current_user.is_authenticated:
        actions.commit(lambda: services.set_locale(current_user, lang))
    return redirect(_safe_next(request.form.get("next"), url_for("public.index")))


@bp.route("/account")
@login_required
def account():
    return render_template("auth/account.html",
                           live_sessions=len(sessions.live_sessions(current_user)))


# --- confirming the address of an account -------------------------------------------------

# What an account whose address is not confirmed may open: this page, the link, a new link,
# logging out, the language.
UNCONFIRMED_MAY = {"auth.unconfirmed", "auth.resend_confirmation", "auth.confirm_email",
                   "auth.logout", "auth.set_language", "static"}


@bp.before_app_request
def _only_confirmed_accounts_act():
    if request.endpoint is None or request.endpoint in UNCONFIRMED_MAY:
        return None
    if current_user.is_authenticated and not current_user.email_verified:
        return redirect(url_for("auth.unconfirmed"))
    return None


@bp.route("/account/confirm")
@login_required
def unconfirmed():
    if current_user.email_verified:
        return redirect(url_for("public.dashboard"))
    return render_template("auth/unconfirmed.html")


def _account_key() -> str:
    return f"account:{current_user.get_id()}"


@bp.route("/account/confirm/resend", methods=["POST"])
@login_required
@limiter.limit(_register_limit, key_func=_account_key)
def resend_confirmation():
    if current_user.email_verified:
        return redirect(url_for("public.dashboard"))
    return actions.run(lambda: verification.send_confirmation(current_user),
                       next=url_for("auth.unconfirmed"),
                       success=_("Wysłaliśmy nowy link na adres %(email)s.",
                                 email=current_user.email), category="info")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def confirm_email(token: str):
    """The mailed link: a button (mail scanners that open links confirm nothing) and, unless
    signed in as the account, its password."""
    link = verification.valid_confirmation(token)
    if link is None:
        return render_template("auth/confirm.html", gone=True)
    owner = current_user.is_authenticated and current_user.id == link.user_id
    form = ConfirmEmailForm()
    if not form.validate_on_submit():
        return _confirm_page(form, link, owner)
    return actions.run(
        lambda: verification.confirm_email(token, actor=current_user,
                                           password=form.password.data),
        form=form, next=url_for("public.dashboard") if owner else url_for("auth.login"),
        success=_("Adres e-mail został potwierdzony.") if owner else _(
            "Adres e-mail został potwierdzony. Zaloguj się, a potem zarejestruj swoją "
            "organizację lub przyjmij zaproszenie od jej administratora."),
        refused=lambda r: _confirm_page(form, link, owner, r))


def _confirm_page(form: ConfirmEmailForm, link, owner: bool, refusal=None):
    if refusal is not None:
        refusal.flash()
    return render_template("auth/confirm.html", gone=False, form=form, email=link.email,
                           owner=owner)
