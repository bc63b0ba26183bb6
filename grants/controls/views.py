"""Pages of the controls area (thin views: parse -> load (404) -> authorize -> one action,
grants.core.actions.run): the contract's control visits and misuse findings; the officer's forms."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from grants.contracts.models import Contract
from grants.controls import forms, permissions, queries, services
from grants.core import actions, clock, formatting
from grants.core.forms import polish_choice
from grants.extensions import db

bp = Blueprint("controls", __name__)


def _contract(contract_id: int) -> Contract:
    contract = db.session.get(Contract, contract_id)
    if contract is None or not permissions.can_view_controls(current_user, contract):
        abort(404)
    return contract


def _managed(contract_id: int) -> Contract:
    contract = _contract(contract_id)
    if not permissions.can_control(current_user, contract):
        abort(403)
    return contract


def _misuse_form(contract, visits, formdata: bool):
    form = forms.MisuseForm(formdata=None) if not formdata else forms.MisuseForm()
    if not formdata:
        form.found_on.data = clock.today()
    version = contract.version_in_force
    form.visit_id.choices = [SelectChoice("", _("– poza kontrolą (np. przy rozliczeniu) –"))] + [
        polish_choice(str(v.id), f"{v.visited_on:%d.%m.%Y} – {v.scope[:60]}") for v in visits]
    form.item_code.choices = [SelectChoice("", _("– wybierz pozycję –"))] + [
        polish_choice(it.code, f"{it.code} {it.name}")
        for it in (version.items if version else [])]
    form.tranche_number.choices = [SelectChoice("", _("– wybierz transzę –"))] + [
        SelectChoice(str(n), _("transza %(n)s (wypłacono %(a)s)", n=n, a=formatting.money(a)))
        for n, a in queries.paid_by_tranche(contract).items()]
    return form


def _render(contract, *, visit_form=None, misuse_form=None, loose=(), status=200):
    visits = queries.visits_of(contract)
    can_control = permissions.can_control(current_user, contract)
    if can_control:
        visit_form = visit_form or forms.VisitForm(formdata=None,
                                                   data={"visited_on": clock.today()})
        misuse_form = misuse_form or _misuse_form(contract, visits, False)
    version = contract.version_in_force
    return render_template(
        "controls/index.html", contract=contract, visits=visits,
        misuses=queries.misuses_of(contract),
        item_names={it.code: it.name for it in (version.items if version else [])},
        can_control=can_control, visit_form=visit_form if can_control else None,
        misuse_form=misuse_form if can_control else None, loose_errors=list(loose)), status


@bp.get("/umowy/<int:contract_id>/kontrole")
@login_required
def index(contract_id: int):
    return _render(_contract(contract_id))


@bp.post("/umowy/<int:contract_id>/kontrole/wizyty")
@login_required
def record_visit(contract_id: int):
    contract = _managed(contract_id)
    form = forms.VisitForm()
    return actions.run(
        lambda: services.record_visit(
            contract, actor=current_user, visited_on=form.visited_on.data,
            controllers=form.controllers.data, scope=form.scope.data,
            documents_requested=form.documents_requested.data, findings=form.findings.data,
            recommendations=form.recommendations.data,
            recommendations_due=form.recommendations_due.data),
        form=form, invalid=_("Kontrola nie została zapisana - popraw zaznaczone pola."),
        refused=lambda r: _render(contract, visit_form=form, status=r.status,
                                  loose=r.messages),
        success=_("Zapisano kontrolę."), next=url_for("controls.index", contract_id=contract.id))


def _refuse_misuse(contract, form, refusal: actions.Refusal):
    return _render(contract, misuse_form=form, status=refusal.status, loose=refusal.messages)


@bp.post("/umowy/<int:contract_id>/kontrole/nieprawidlowosci")
@login_required
def record_misuse(contract_id: int):
    contract = _managed(contract_id)
    visits = queries.visits_of(contract)
    form = _misuse_form(contract, visits, True)
    invalid = _("Ustalenie nie zostało zapisane - popraw zaznaczone pola.")
    raw_visit = (form.visit_id.data or "").strip()
    visit = {str(v.id): v for v in visits}.get(raw_visit)
    if form.validate() and raw_visit and visit is None:
        form.visit_id.errors = [_("Wybierz kontrolę z listy.")]
        return _render(contract, misuse_form=form, status=422, loose=[invalid])
    raw_tranche = (form.tranche_number.data or "").strip()
    tranche = int(raw_tranche) if raw_tranche.isdigit() and len(raw_tranche) < 6 else None
    return actions.run(
        lambda: services.record_misuse(
            contract, actor=current_user, visit=visit, item_code=form.item_code.data or "",
            tranche_number=tranche, amount=form.amount.data,
            description=form.description.data, found_on=form.found_on.data),
        form=form, invalid=invalid,
        refused=lambda r: _refuse_misuse(contract, form, r),
        success=_("Zapisano ustalenie o wykorzystaniu dotacji niezgodnie z przeznaczeniem."),
        next=url_for("controls.index", contract_id=contract.id))
