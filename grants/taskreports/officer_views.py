"""The officer's pages of the task reports: the review of a filed report, the call for a
missing final report (both on the report's page) and the request for a partial report.
Routes on the blueprint of taskreports.views."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.core import actions, clock
from grants.core.deadlines import due_date
from grants.core.errors import DomainError
from grants.rules.services import rules_in_force
from grants.taskreports import calls, forms, permissions
from grants.taskreports.models import ReportStatus
from grants.taskreports.review import review_report
from grants.taskreports.views import bp, load_contract, render_show, reviewable_report


def _shown_messages(refusal: actions.Refusal) -> list[str]:
    """A service's refusal above the form; an invalid form shows only its fields' messages."""
    return refusal.messages if refusal.error is not None else []


@bp.post("/sprawozdania/<int:report_id>/ocena")
@login_required
def review(report_id: int):
    report = reviewable_report(report_id)
    form = forms.ReviewForm()
    return actions.run(
        lambda: review_report(report, actor=current_user, decision=form.decision.data,
                              note=form.note.data or "",
                              correction_due=form.correction_due.data),
        form=form, invalid=_("Ocena nie została zapisana - popraw zaznaczone pola."),
        success=lambda _review: (_("Sprawozdanie zostało przyjęte.")
                                 if report.status == ReportStatus.ACCEPTED
                                 else _("Wezwano do poprawienia sprawozdania.")),
        next=url_for("taskreports.show", report_id=report.id),
        refused=lambda r: render_show(report, review_form=form, status=r.status,
                                      loose=_shown_messages(r)))


@bp.post("/sprawozdania/<int:report_id>/wezwanie")
@login_required
def call(report_id: int):
    report = reviewable_report(report_id)
    form = forms.CallForm()
    return actions.run(
        lambda: calls.record_report_call(report, actor=current_user,
                                         called_on=form.called_on.data,
                                         delivered_on=form.delivered_on.data,
                                         note=form.note.data or ""),
        form=form, invalid=_("Wezwanie nie zostało zapisane - popraw zaznaczone pola."),
        success=_("Zapisano wezwanie do złożenia sprawozdania."),
        next=url_for("taskreports.show", report_id=report.id),
        refused=lambda r: render_show(report, call_form=form, status=r.status,
                                      loose=_shown_messages(r)))


def _render_request(contract, form=None, *, loose=(), status=200):
    today = clock.today()
    version = contract.version_in_force
    earliest = None
    try:
        earliest = due_date(today, rules_in_force(today).partial_report_min_days)
    except DomainError:  # pragma: no cover - a rule set is always loaded
        pass
    return render_template(
        "taskreports/partial_request.html", contract=contract, version=version,
        form=form or forms.PartialRequestForm(formdata=None, data={
            "requested_on": today, "delivered_on": today, "due_on": earliest,
            "period_start": version.start_date if version else None}),
        earliest=earliest, loose_errors=list(loose)), status


@bp.route("/umowy/<int:contract_id>/sprawozdania/czesciowe", methods=["GET", "POST"])
@login_required
def request_partial(contract_id: int):
    contract = load_contract(contract_id)
    if not permissions.can_request_partial(current_user, contract):
        abort(403)
    if contract.version_in_force is None:
        flash(_("Sprawozdanie częściowe można zlecić po podpisaniu umowy."), "info")
        return redirect(url_for("taskreports.for_contract", contract_id=contract.id))
    if request.method == "GET":
        return _render_request(contract)
    form = forms.PartialRequestForm()
    return actions.run(
        lambda: calls.request_partial_report(
            contract, actor=current_user, period_start=form.period_start.data,
            period_end=form.period_end.data, requested_on=form.requested_on.data,
            delivered_on=form.delivered_on.data, due_on=form.due_on.data,
            note=form.note.data or ""),
        form=form, invalid=_("Wezwanie nie zostało zapisane - popraw zaznaczone pola."),
        success=_("Zapisano wezwanie do złożenia sprawozdania częściowego; organizacja "
                  "otrzymała wiadomość e-mail."),
        next=lambda report: url_for("taskreports.show", report_id=report.id),
        refused=lambda r: _render_request(contract, form, status=r.status,
                                          loose=_shown_messages(r)))
