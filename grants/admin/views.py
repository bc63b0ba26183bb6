"""Administration pages: the dated rule set, the tax-arrears rates, accounts and roles,
organisers. Only administrators; everybody else gets 403 (anonymous users: the login page).
"""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from grants.admin import services
from grants.admin.forms import (
    ExecutiveBodyForm,
    GrantRoleForm,
    OrganiserForm,
    RateForm,
    ReturnSettingsForm,
    RuleForm,
    StaffAccountForm,
)
from grants.admin.permissions import can_administer
from grants.auth.models import StaffRole, User
from grants.auth.services import find_user
from grants.core import actions, clock
from grants.core.errors import ValidationFailed
from grants.core.formatting import day
from grants.core.http import typed_id
from grants.core.i18n import N_
from grants.extensions import db, login_manager
from grants.organisers import services as organiser_services
from grants.organisers.models import ExecutiveBody, Organiser
from grants.rules import services as rule_services
from grants.rules.catalogue import KEYS
from grants.rules.models import RuleValue, TaxArrearsRate

bp = Blueprint("admin", __name__, url_prefix="/admin")

UNIT_LABELS = {"days": N_("dni"), "working_days": N_("dni robocze"), "PLN": N_("zł"),
               "percent": "%"}


@bp.before_request
def _only_admins():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not can_administer(current_user):
        abort(403)
    return None


def _add(form, page, call, success):
    """A form that adds one entry (a rule value, a rate, an organiser) below the list of a
    page: saved and back to the page, or the page again showing why not."""
    if request.method != "POST" or not form.validate():
        return page(form)
    return actions.run(call, form=form, next=url_for(request.endpoint), success=success,
                       refused=lambda r: page(form, r))


def _add_dated(form, page, call, saved: str):
    """A dated entry (a rule's value, a rate) with its legal basis; `saved` (translated,
    with a %(day)s) tells from which day it is in force."""
    return _add(form, page,
                lambda: call(actor=current_user, legal_basis=form.legal_basis.data or ""),
                success=lambda row: saved % {"day": day(row.effective_from)})


# --- the dated rule set ------------------------------------------------------------------

@bp.route("/rules", methods=["GET", "POST"])
def rules():
    form = RuleForm()
    if request.method == "GET" and request.args.get("key"):
        form.key.data = request.args["key"]
    return _add_dated(form, _rules_page,
                      partial(rule_services.set_rule, form.key.data, form.value.data,
                              form.effective_from.data),
                      _("Zapisano: od %(day)s obowiązuje nowa wartość."))


def _rules_page(form: RuleForm, refusal=None):
    if refusal is not None:
        refusal.flash()
    today = clock.today()
    try:
        in_force = rule_services.rules_in_force(today).values
    except ValidationFailed:
        in_force = {}
    history: dict[str, list[RuleValue]] = {k.key: [] for k in KEYS}
    for entry in rule_services.history():
        history.setdefault(entry.key, []).append(entry)
    rows = []
    for spec in KEYS:
        entries = history.get(spec.key, [])
        current = next((e for e in entries if e.effective_from <= today), None)
        rows.append({"spec": spec, "unit": _(UNIT_LABELS.get(spec.unit, spec.unit)),
                     "value": in_force.get(spec.key, current.value if current else None),
                     "current": current, "entries": entries})
    return render_template("admin/rules.html", form=form, rows=rows, today=today)


# --- the tax-arrears rates ---------------------------------------------------------------

@bp.route("/rates", methods=["GET", "POST"])
def rates():
    form = RateForm()
    return _add_dated(form, _rates_page,
                      partial(rule_services.set_rate, form.effective_from.data,
                              form.percent.data),
                      _("Zapisano stawkę obowiązującą od %(day)s."))


def _rates_page(form: RateForm, refusal=None):
    if refusal is not None:
        refusal.flash()
    today = clock.today()
    table = list(db.session.scalars(select(TaxArrearsRate)
                                    .order_by(TaxArrearsRate.effective_from.desc())))
    current = next((r for r in table if r.effective_from <= today), None)
    return render_template("admin/rates.html", form=form, table=table, current=current,
                           today=today)


# --- accounts and roles -------------------------------------------------------------------

@bp.route("/users", methods=["GET", "POST"])
def users():
    if request.method == "GET":
        return _users_page()
    handler = {"create": _create_account, "grant": _grant_role, "revoke": _revoke_role,
               "activate": partial(_set_active, True),
               "deactivate": partial(_set_active, False)}.get(request.form.get("action", ""))
    if handler is None:
        abort(400)
    return handler()


def _users_page(create_form: StaffAccountForm | None = None,
                grant_form: GrantRoleForm | None = None, refusal=None):
    if refusal is not None:
        refusal.flash()
    organisers = list(db.session.scalars(select(Organiser).order_by(Organiser.short_name)))
    create_form = create_form or StaffAccountForm(formdata=None)
    grant_form = grant_form or GrantRoleForm(formdata=None)
    create_form.set_choices(organisers)
    grant_form.set_choices(organisers)
    text = request.args.get("q", "")[:100].strip()
    query = select(User).options(selectinload(User.staff_roles).selectinload(StaffRole.organiser))
    if text:
        like = f"%{text.lower()}%"
        query = query.where(or_(func.lower(User.full_name).like(like),
                                func.lower(User.email).like(like)))
    page = db.paginate(query.order_by(User.full_name, User.id),
                       page=min(typed_id(request.args.get("page")) or 1, 100_000),
                       per_page=current_app.config.get("PAGE_SIZE", 20), error_out=False)
    return render_template("admin/users.html", page=page, text=text, create_form=create_form,
                           grant_form=grant_form, role_labels=services.ROLE_LABELS)


def _create_account():
    form = StaffAccountForm()
    if not form.validate():
        return _users_page(create_form=form)

    def created(user: User) -> str:
        if form.password.data:
            return _("Utworzono konto %(email)s z podanym hasłem.", email=user.email)
        return _("Utworzono konto %(email)s i wysłano na ten adres link do ustawienia hasła.",
                 email=user.email)

    return actions.run(
        lambda: services.create_staff_account(
            actor=current_user, full_name=form.full_name.data, email=form.email.data,
            password=form.password.data or None, is_admin=form.is_admin.data,
            organiser_id=form.organiser_id.data or None, role=form.role.data or None),
        form=form, next=url_for("admin.users"), success=created,
        refused=lambda r: _users_page(create_form=form, refusal=r))


def _grant_role():
    form = GrantRoleForm()
    if not form.validate():
        return _users_page(grant_form=form)
    user = find_user(form.email.data)
    if user is None:
        form.email.errors = list(form.email.errors) + [_("Nie ma konta z tym adresem e-mail.")]
        return _users_page(grant_form=form)
    return actions.run(
        lambda: services.grant_staff_role(user, actor=current_user,
                                          organiser_id=form.organiser_id.data,
                                          role=form.role.data),
        form=form, next=url_for("admin.users"),
        success=_("Nadano rolę: %(name)s.", name=user.full_name),
        refused=lambda r: _users_page(grant_form=form, refusal=r))


def _revoke_role():
    role_id = typed_id(request.form.get("role_id"))
    staff_role = db.session.get(StaffRole, role_id) if role_id else None
    if staff_role is None:
        abort(404)
    return actions.run(lambda: services.revoke_role(staff_role, actor=current_user),
                       next=url_for("admin.users"),
                       success=_("Odebrano rolę: %(name)s.", name=staff_role.user.full_name),
                       refused=lambda r: _users_page(refusal=r))


def _set_active(active: bool):
    user_id = typed_id(request.form.get("user_id"))
    user = db.session.get(User, user_id) if user_id else None
    if user is None:
        abort(404)
    return actions.run(
        lambda: services.set_user_active(user, actor=current_user, active=active),
        next=url_for("admin.users"),
        success=(_("Konto %(email)s jest aktywne.", email=user.email) if active
                 else _("Konto %(email)s zostało dezaktywowane.", email=user.email)),
        refused=lambda r: _users_page(refusal=r))


# --- organisers ----------------------------------------------------------------------------

@bp.route("/organisers", methods=["GET", "POST"])
def organisers():
    form = OrganiserForm()
    form.set_choices(_bodies())
    return _add(form, _organisers_page,
                lambda: services.create_organiser(actor=current_user, data=form.data),
                success=lambda organiser: _("Dodano organizatora %(name)s.", name=organiser.name))


def _organisers_page(form: OrganiserForm, refusal=None):
    if refusal is not None:
        refusal.flash()
    items = list(db.session.scalars(select(Organiser).order_by(Organiser.short_name)))
    return render_template("admin/organisers.html", form=form, organisers=items)


@bp.route("/organisers/<int:organiser_id>/returns", methods=["GET", "POST"])
def organiser_returns(organiser_id: int):
    """The account and the transfer title for returns of grants (settlement page, PDF, e-mail)."""
    organiser = db.session.get(Organiser, organiser_id) or abort(404)
    if request.method == "GET":
        form = ReturnSettingsForm(formdata=None, obj=organiser)
        return _returns_page(organiser, form)
    form = ReturnSettingsForm()
    return actions.run(
        lambda: organiser_services.set_return_settings(
            organiser, actor=current_user, account=form.return_account.data,
            title=form.return_title.data),
        form=form, next=url_for("admin.organisers"),
        success=_("Zapisano rachunek i tytuł zwrotów organizatora %(name)s.",
                  name=organiser.short_name),
        refused=lambda r: _returns_page(organiser, form, status=r.status))


def _bodies() -> list[ExecutiveBody]:
    return list(db.session.scalars(select(ExecutiveBody).order_by(ExecutiveBody.name)))


@bp.route("/organisers/<int:organiser_id>/organ", methods=["GET", "POST"])
def organiser_body(organiser_id: int):
    """The executive body the organiser acts for (the yearly limits of art. 19a count per
    body): one of the list or a new one by name."""
    organiser = db.session.get(Organiser, organiser_id) or abort(404)
    if request.method == "GET":
        form = ExecutiveBodyForm(formdata=None)
        form.set_choices(_bodies())
        form.executive_body_id.data = str(organiser.executive_body_id)
        return _body_page(organiser, form)
    form = ExecutiveBodyForm()
    form.set_choices(_bodies())
    return actions.run(
        lambda: organiser_services.set_executive_body(
            organiser, actor=current_user, body_id=form.executive_body_id.data,
            new_name=form.new_body.data),
        form=form, next=url_for("admin.organisers"),
        success=lambda o: _("Organizator %(name)s działa teraz dla organu: %(body)s.",
                            name=o.short_name, body=o.executive_body.name),
        refused=lambda r: _body_page(organiser, form, status=r.status))


def _body_page(organiser, form, *, status=200):
    shared = [o for o in db.session.scalars(select(Organiser).where(
        Organiser.executive_body_id == organiser.executive_body_id, Organiser.id != organiser.id)
        .order_by(Organiser.short_name))]
    return render_template("admin/organiser_body.html", organiser=organiser, form=form,
                           shared=shared), status


def _returns_page(organiser, form, *, status=200):
    return render_template("admin/organiser_returns.html", organiser=organiser, form=form,
                           example=organiser_services.return_instructions(
                               organiser, "MOPS/D/2026/0001")), status
