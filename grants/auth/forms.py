"""Forms of the account pages, and which of a refusal's messages a page shows above its form
(the pages of accounts, organisations and administration share that rule)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Podaj adres e-mail."))],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Hasło"), validators=[DataRequired(_l("Podaj hasło."))],
                             render_kw={"autocomplete": "current-password"})


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[
        DataRequired(_l("Podaj adres e-mail.")),
        Email(_l("Podaj poprawny adres e-mail."), check_deliverability=False)])


def _new_password(label) -> tuple[PasswordField, PasswordField]:
    """A new password and its repetition."""
    return (PasswordField(label, validators=[
                DataRequired(_l("Podaj hasło.")),
                Length(min=10, message=_l("Co najmniej 10 znaków."))],
                render_kw={"autocomplete": "new-password"}),
            PasswordField(_l("Powtórz hasło"), validators=[
                EqualTo("password", _l("Hasła nie są jednakowe."))],
                render_kw={"autocomplete": "new-password"}))


class ResetPasswordForm(FlaskForm):
    password, confirm = _new_password(_l("Nowe hasło"))


class RegisterForm(FlaskForm):
    full_name = StringField(_l("Imię i nazwisko"), validators=[
        DataRequired(_l("Podaj imię i nazwisko.")), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[
        DataRequired(_l("Podaj adres e-mail.")),
        Email(_l("Podaj poprawny adres e-mail."), check_deliverability=False)])
    password, confirm = _new_password(_l("Hasło"))


class ConfirmEmailForm(FlaskForm):
    """Confirming an address by its link: the account's password, unless signed in as it."""

    password = PasswordField(_l("Hasło tego konta"),
                             render_kw={"autocomplete": "current-password"})
