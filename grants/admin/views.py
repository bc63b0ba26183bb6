"""Administration pages: the dated rule set, the tax-arrears rates, accounts and roles,
organisers. Only administrators; everybody else gets 403 (anonymous users: the login page).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from grants.admin import services
from grants.admin.forms import GrantRoleForm, OrganiserForm, RateForm, RuleForm, StaffAccountForm
from grants.admin.permissions import can_administer
from grants.auth.models import StaffRole, User
from grants.auth.services import find_user
from grants.core import clock
from grants.core.errors import DomainError, ValidationFailed
from grants.core.i18n import N_
from grants.extensions import db, login_manager
from grants.organisers.models import Organiser
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


def _id(text: str | None) -> int | None:
    """An id typed into a form field; None unless it fits the database's integer."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) < 2**31 else None


def _show_errors(form, exc: DomainError, default_field: str | None = None) -> None:
    """Per-field messages onto the form's fields; the rest flashed."""
    field_errors = dict(exc.field_errors)
    if not field_errors and default_field:
        field_errors = {default_field: [exc.message]}
    for name, messages in field_errors.items():
        if name in form._fields:
            form[name].errors = list(form[name].errors or []) + [_(m) for m in messages]
        else:
            for message in messages:
                flash(_(message), "error")
    if not field_errors:
        flash(_(exc.message), "error")


# --- the dated rule set ------------------------------------------------------------------

@bp.route("/rules", methods=["GET", "POST"])
def rules():
    form = RuleForm()
    if request.method == "GET" and request.args.get("key"):
        form.key.data = request.args["key"]
    if request.method == "POST" and form.validate():
        try:
            row = rule_services.set_rule(form.key.data, form.value.data, form.effective_from.data,
                                 actor=current_user, legal_basis=form.legal_basis.data or "")
        except DomainError as exc:
            db.session.rollback()
            _show_errors(form, exc, "value")
        else:
            db.session.commit()
            flash(_("Zapisano: od %(day)s obowiązuje nowa wartość.",
                    day=row.effective_from.strftime("%d.%m.%Y")), "success")
            return redirect(url_for("admin.rules"))
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
    if request.method == "POST" and form.validate():
        try:
            row = rule_services.set_rate(form.effective_from.data, form.percent.data,
                                 actor=current_user, legal_basis=form.legal_basis.data or "")
        except DomainError as exc:
            db.session.rollback()
            _show_errors(form, exc, "percent")
        else:
            db.session.commit()
            flash(_("Zapisano stawkę obowiązującą od %(day)s.",
                    day=row.effective_from.strftime("%d.%m.%Y")), "success")
            return redirect(url_for("admin.rates"))
    today = clock.today()
    table = list(db.session.scalars(select(TaxArrearsRate)
                                    .order_by(TaxArrearsRate.effective_from.desc())))
    current = next((r for r in table if r.effective_from <= today), None)
    return render_template("admin/rates.html", form=form, table=table, current=current,
                           today=today)


# --- accounts and roles -------------------------------------------------------------------

@bp.route("/users", methods=["GET", "POST"])
def users():
    organisers = list(db.session.scalars(select(Organiser).order_by(Organiser.short_name)))
    create_form = StaffAccountForm(formdata=None)
    grant_form = GrantRoleForm(formdata=None)
    if request.method == "POST":
        action = request.form.get("action", "")
        if action == "create":
            create_form = StaffAccountForm()
            create_form.set_choices(organisers)
            response = _create_account(create_form)
        elif action == "grant":
            grant_form = GrantRoleForm()
            grant_form.set_choices(organisers)
            response = _grant_role(grant_form)
        elif action == "revoke":
            response = _revoke_role()
        elif action in ("activate", "deactivate"):
            response = _set_active(action == "activate")
        else:
            abort(400)
        if response is not None:
            return response
    create_form.set_choices(organisers)
    grant_form.set_choices(organisers)
    text = request.args.get("q", "")[:100].strip()
    query = select(User).options(selectinload(User.staff_roles).selectinload(StaffRole.organiser))
    if text:
        like = f"%{text.lower()}%"
        query = query.where(or_(func.lower(User.full_name).like(like),
                                func.lower(User.email).like(like)))
    page = db.paginate(query.order_by(User.full_name, User.id),
                       page=min(_id(request.args.get("page")) or 1, 100_000),
                       per_page=current_app.config.get("PAGE_SIZE", 20), error_out=False)
    return render_template("admin/users.html", page=page, text=text, create_form=create_form,
                           grant_form=grant_form, role_labels=services.ROLE_LABELS)


def _create_account(form: StaffAccountForm):
    if not form.validate():
        return None
    try:
        user = services.create_staff_account(
            actor=current_user, full_name=form.full_name.data, email=form.email.data,
            password=form.password.data or None, is_admin=form.is_admin.data,
            organiser_id=form.organiser_id.data or None, role=form.role.data or None)
    except DomainError as exc:
        db.session.rollback()
        _show_errors(form, exc)
        return None
    db.session.commit()
    if form.password.data:
        flash(_("Utworzono konto %(email)s z podanym hasłem.", email=user.email), "success")
    else:
        flash(_("Utworzono konto %(email)s i wysłano na ten adres link do ustawienia hasła.",
                email=user.email), "success")
    return redirect(url_for("admin.users"))


def _grant_role(form: GrantRoleForm):
    if not form.validate():
        return None
    user = find_user(form.email.data)
    if user is None:
        form.email.errors = list(form.email.errors) + [_("Nie ma konta z tym adresem e-mail.")]
        return None
    try:
        services.grant_staff_role(user, actor=current_user, organiser_id=form.organiser_id.data,
                                  role=form.role.data)
    except DomainError as exc:
        db.session.rollback()
        _show_errors(form, exc, "role")
        return None
    db.session.commit()
    flash(_("Nadano rolę: %(name)s.", name=user.full_name), "success")
    return redirect(url_for("admin.users"))


def _revoke_role():
    role_id = _id(request.form.get("role_id"))
    staff_role = db.session.get(StaffRole, role_id) if role_id else None
    if staff_role is None:
        abort(404)
    name = staff_role.user.full_name
    try:
        services.revoke_role(staff_role, actor=current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
        return None
    db.session.commit()
    flash(_("Odebrano rolę: %(name)s.", name=name), "success")
    return redirect(url_for("admin.users"))


def _set_active(active: bool):
    user_id = _id(request.form.get("user_id"))
    user = db.session.get(User, user_id) if user_id else None
    if user is None:
        abort(404)
    try:
        services.set_user_active(user, actor=current_user, active=active)
    except DomainError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
        return None
    db.session.commit()
    flash(_("Konto %(email)s jest aktywne.", email=user.email) if active
          else _("Konto %(email)s zostało dezaktywowane.", email=user.email), "success")
    return redirect(url_for("admin.users"))


# --- organisers ----------------------------------------------------------------------------

@bp.route("/organisers", methods=["GET", "POST"])
def organisers():
    form = OrganiserForm()
    if request.method == "POST" and form.validate():
        try:
            organiser = services.create_organiser(actor=current_user, data=form.data)
        except DomainError as exc:
            db.session.rollback()
            _show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("Dodano organizatora %(name)s.", name=organiser.name), "success")
            return redirect(url_for("admin.organisers"))
    items = list(db.session.scalars(select(Organiser).order_by(Organiser.short_name)))
    return render_template("admin/organisers.html", form=form, organisers=items)
