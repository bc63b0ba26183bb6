"""The administrators' page of the accessibility statement (grants.admin.statement)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField

from grants.admin import statement as statements
from grants.admin.forms import DayField
from grants.admin.permissions import can_administer
from grants.core import actions
from grants.extensions import login_manager

bp = Blueprint("statement", __name__, url_prefix="/admin")


class StatementForm(FlaskForm):
    """Parsing only: the rules are in grants.admin.statement.statement_problems."""

    body_name = StringField(_l("Nazwa podmiotu publicznego"))
    site_url = StringField(_l("Adres strony, której dotyczy deklaracja"),
                           render_kw={"type": "url"})
    published_on = DayField(_l("Data publikacji strony"))
    updated_on = DayField(_l("Data ostatniej istotnej aktualizacji"))
    prepared_on = DayField(_l("Data sporządzenia lub przeglądu deklaracji"))
    status = SelectField(_l("Stan zgodności z ustawą"), validate_choice=False,
                         choices=lambda: [(k, _l(v)) for k, v in statements.STATUSES.items()])
    inaccessible = TextAreaField(_l("Treści niedostępne i powód (jedna na wiersz)"),
                                 render_kw={"rows": 6})
    assessment = SelectField(_l("Sposób oceny dostępności"), validate_choice=False,
                             choices=lambda: [(k, _l(v))
                                              for k, v in statements.ASSESSMENTS.items()])
    assessed_by = StringField(_l("Podmiot zewnętrzny, który ocenił stronę"))
    contact_name = StringField(_l("Osoba do kontaktu"))
    contact_email = EmailField(_l("E-mail do kontaktu"))
    contact_phone = StringField(_l("Telefon do kontaktu"), render_kw={"type": "tel"})
    additional = TextAreaField(_l("Informacje dodatkowe (np. dostępność architektoniczna)"),
                               render_kw={"rows": 6})


@bp.before_request
def _only_admins():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not can_administer(current_user):
        abort(403)
    return None


@bp.route("/deklaracja-dostepnosci", methods=["GET", "POST"])
def edit():
    statement = statements.current_statement()
    if request.method == "GET":
        return _page(StatementForm(obj=statement), statement)
    form = StatementForm()
    form.validate()  # parsing only: a date typed wrong stays on its field
    if form.errors:
        return _page(form, statement, status=422)
    return actions.run(
        lambda: statements.save_statement(actor=current_user, data=form.data),
        form=form, next=url_for("statement.edit"),
        success=_("Zapisano deklarację dostępności."),
        refused=lambda r: _page(form, statement, refusal=r))


def _page(form, statement, refusal=None, status=200):
    if refusal is not None:
        refusal.flash()
        status = refusal.status
    return render_template("admin/statement.html", form=form, statement=statement), status
