"""Pages of the settlements area (thin views: parse -> load (404) -> authorize -> one service ->
commit): the officer's settlement of an accepted final report (preview and record), the
recorded settlement with the parts to return, interest to date and the returns, the PDF, and
finance staff's recording of a return payment."""

from __future__ import annotations

import io
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from grants.contracts import permissions as contract_perms
from grants.core import actions, clock, confirm, listing, once
from grants.core.errors import DomainError
from grants.core.i18n import translate
from grants.extensions import db
from grants.organisers.services import return_instructions
from grants.settlements import forms, lists, permissions, queries, services
from grants.settlements import pdf as settlement_pdf
from grants.settlements.labels import BASIS_LABELS, KIND_LABELS
from grants.settlements.models import Settlement
from grants.taskreports.models import TaskReport

bp = Blueprint("settlements", __name__)


# ---------------------------------------------------------------- the officer settles

def _report(report_id: int) -> TaskReport:
    report = db.session.get(TaskReport, report_id)
    if report is None or not permissions.can_view_report_settlement(current_user, report):
        abort(404)
    return report


def _render_for_report(report, form, *, loose=(), status=200):
    finding = form.finding_date.data or clock.today()
    preview, problem = None, None
    try:
        preview = services.preview_settlement(report, finding_date=finding)
    except DomainError as exc:
        db.session.rollback()
        problem = translate(exc.message)
    return render_template(
        "settlements/for_report.html", report=report, contract=report.contract, form=form,
        preview=preview, problem=problem, finding=finding,
        table=queries.table_of(services.details_of(preview)) if preview else None,
        kind_labels=KIND_LABELS, basis_labels=BASIS_LABELS, loose_errors=list(loose)), status


@bp.route("/sprawozdania/<int:report_id>/rozliczenie", methods=["GET", "POST"])
@login_required
def for_report(report_id: int):
    report = _report(report_id)
    existing = queries.settlement_of_report(report)
    if existing is not None:
        if request.method == "POST":
            flash(_("To sprawozdanie zostało już rozliczone."), "info")
        return redirect(url_for("settlements.show", settlement_id=existing.id))
    if not permissions.can_settle_report(current_user, report):
        abort(403)
    if request.method == "GET":
        form = forms.SettleForm(formdata=None, data={"finding_date": clock.today()})
        return _render_for_report(report, form)
    form = forms.SettleForm()
    if request.form.get("action") == "preview":
        confirm.not_needed(form.understood)
    if not form.validate():
        return _render_for_report(report, form, status=422, loose=[
            _("Rozliczenie nie zostało zapisane - popraw zaznaczone pola.")])
    if request.form.get("action") == "preview":
        return _render_for_report(report, form)
    return actions.run(
        lambda: services.settle_report(report, actor=current_user,
                                       finding_date=form.finding_date.data,
                                       note=form.note.data or ""),
        form=form,
        success=_("Rozliczenie zostało zapisane; organizacja otrzymała wiadomość e-mail z "
                  "kwotami i terminami zwrotu."),
        next=lambda settlement: url_for("settlements.show", settlement_id=settlement.id),
        refused=lambda r: _render_for_report(report, form, status=r.status,
                                             loose=r.messages))


# ---------------------------------------------------------------- the recorded settlement

def _settlement(settlement_id: int) -> Settlement:
    settlement = db.session.get(Settlement, settlement_id)
    if settlement is None or not permissions.can_view_settlement(current_user, settlement):
        abort(404)
    return settlement


def _payment_form(settlement, states, formdata: bool):
    form = forms.ReturnPaymentForm(formdata=request.form if formdata else None)
    form.part_id.choices = [SelectChoice("", _("– wybierz należność –"))] + [
        SelectChoice(str(s.part.id), f"{_(KIND_LABELS[s.part.kind])}"
                     + (f" ({_('transza %(n)s', n=s.part.tranche_number)})"
                        if s.part.tranche_number else "")
                     + f" – {_('termin')} {s.part.due_on:%d.%m.%Y}")
        for s in states if s.owed.total > 0]
    return form


def _render_show(settlement, form=None, *, loose=(), status=200):
    today = clock.today()
    states = queries.part_states(settlement, today)
    can_pay = permissions.can_record_return(current_user, settlement)
    if can_pay and form is None:
        form = _payment_form(settlement, states, False)
    return render_template(
        "settlements/show.html", settlement=settlement, contract=settlement.contract,
        report=settlement.report, table=queries.table_of(settlement), states=states,
        instructions=return_instructions(settlement.contract.organiser,
                                         settlement.contract.number),
        basis_labels=BASIS_LABELS,
        principal_total=sum((s.part.principal for s in states), Decimal("0.00")),
        today=today, form=form if can_pay else None, kind_labels=KIND_LABELS,
        payments=[(s.part, p) for s in states for p in s.part.payments],
        anything_left=any(s.owed.total > 0 for s in states),
        left=sum((s.owed.total for s in states), Decimal("0.00")),
        loose_errors=list(loose)), status


@bp.get("/rozliczenia")
@login_required
def index():
    scope = contract_perms.viewable_scope(current_user)
    spec = lists.SETTLEMENTS.with_choices(**lists.filter_choices(scope))
    return listing.respond(spec, lists.settlements(scope), template="settlements/index.html",
                           session=db.session)


@bp.get("/zwroty")
@login_required
def returns():
    scope = contract_perms.viewable_scope(current_user)
    spec = lists.RETURNS.with_choices(**lists.filter_choices(scope))
    return listing.respond(spec, lists.returns(scope), template="settlements/returns.html",
                           session=db.session, return_kind_labels=KIND_LABELS)


@bp.get("/rozliczenia/<int:settlement_id>")
@login_required
def show(settlement_id: int):
    return _render_show(_settlement(settlement_id))


@bp.get("/rozliczenia/<int:settlement_id>/pdf")
@login_required
def pdf(settlement_id: int):
    settlement = _settlement(settlement_id)
    if settlement.pdf_file is not None:
        content, name = settlement.pdf_file.data, settlement.pdf_file.filename
    else:  # pragma: no cover - every recorded settlement has its PDF
        content = settlement_pdf.render_settlement_pdf(
            settlement=settlement, contract=settlement.contract, report=settlement.report,
            generated_at=clock.now())
        name = f"rozliczenie-{settlement.id}.pdf"
    return send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=True,
                     download_name=name)


@bp.post("/rozliczenia/<int:settlement_id>/zwroty")
@login_required
def record_payment(settlement_id: int):
    settlement = _settlement(settlement_id)
    if not permissions.can_record_return(current_user, settlement):
        abort(403)
    states = queries.part_states(settlement, clock.today())
    form = _payment_form(settlement, states, True)
    if not form.validate():
        return _render_show(settlement, form, status=422, loose=[
            _("Wpłata nie została zapisana - popraw zaznaczone pola.")])
    part = {str(p.id): p for p in settlement.parts}.get((form.part_id.data or "").strip())
    if part is None:
        form.part_id.errors = [_("Wybierz należność z listy.")]
        return _render_show(settlement, form, status=422, loose=[
            _("Wpłata nie została zapisana - popraw zaznaczone pola.")])
    return actions.run(
        once.guarded(form.once.data, lambda: services.record_return_payment(
            part, actor=current_user, paid_on=form.paid_on.data, amount=form.amount.data,
            bank_reference=form.bank_reference.data or "")),
        form=form,
        success=_("Wpłata została zapisana i rozdzielona między należność główną a odsetki."),
        next=url_for("settlements.show", settlement_id=settlement.id),
        refused=lambda r: _render_show(settlement, form, status=r.status, loose=r.messages))
