"""Pages of the task reports (art. 18 UDPP): the report (NGO: draft, filing, history; officer:
the filed version, review, call; finance: read only), a version, and a contract's list of
reports. The blueprint's other pages: the organisation's draft, its form and the XLSX of
documents (taskreports.draft_views); the officer's review, call and partial-report request
(taskreports.officer_views).

Thin views: parse -> load (404) -> authorize (taskreports.permissions) -> one service through
grants.core.actions.run (commit, flash, redirect; a refusal shows the form again).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from flask import Blueprint, abort, render_template, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.contracts import permissions as contract_perms
from grants.contracts.models import Contract
from grants.core import clock, listing
from grants.core.errors import DomainError
from grants.core.i18n import N_
from grants.extensions import db
from grants.taskreports import calls, filing, forms, hooks, lists, permissions, queries
from grants.taskreports.models import (
    ReportKind,
    ReportStatus,
    ReportVersion,
    ReportVersionState,
    TaskReport,
)

bp = Blueprint("taskreports", __name__)

STATUS_LABELS = lists.STATUS_LABELS
VERSION_LABELS = {
    ReportVersionState.DRAFT: N_("robocza"),
    ReportVersionState.FILED: N_("złożona"),
    ReportVersionState.SUPERSEDED: N_("zastąpiona poprawioną wersją"),
}
KIND_LABELS = lists.KIND_LABELS
DEADLINE_LABELS = {"report": N_("termin sprawozdania"), "call": N_("termin z wezwania"),
                   "corrections": N_("termin poprawek")}


@bp.app_context_processor
def _report_helpers():
    return {"report_status_labels": STATUS_LABELS, "report_version_labels": VERSION_LABELS,
            "report_kind_labels": KIND_LABELS, "report_deadline_labels": DEADLINE_LABELS}


# ---------------------------------------------------------------- loading

def load_report(report_id: int) -> TaskReport:
    report = db.session.get(TaskReport, report_id)
    if report is None or not permissions.can_view_report(current_user, report):
        abort(404)
    return report


def editable_report(report_id: int) -> TaskReport:
    report = load_report(report_id)
    if not permissions.can_edit_report(current_user, report):
        abort(403)
    return report


def reviewable_report(report_id: int) -> TaskReport:
    report = load_report(report_id)
    if not permissions.can_review(current_user, report):
        abort(403)
    return report


def load_contract(contract_id: int) -> Contract:
    contract = db.session.get(Contract, contract_id)
    if contract is None or not permissions.can_list_reports(current_user, contract):
        abort(404)
    return contract


def title_of(report: TaskReport) -> str:
    title = _(KIND_LABELS[report.kind])
    if report.kind == ReportKind.PARTIAL:
        return _("%(title)s nr %(n)d/%(year)d", title=title, n=report.sequence, year=report.year)
    return _("%(title)s (%(year)d)", title=title, year=report.year)


# ---------------------------------------------------------------- view models

def plan_of(report: TaskReport) -> dict[str, object]:
    version = report.contract.version_in_force
    return {i.code: i for i in version.items} if version is not None else {}


def _cost_rows(report: TaskReport, version: ReportVersion) -> list[dict]:
    """Per item: plan (from the contract in force) next to the actual costs by source."""
    plan = plan_of(report)
    rows = []
    for c in version.costs:
        item = plan.get(c.item_code)
        rows.append({
            "code": c.item_code, "name": c.item_name,
            "planned_total": item.planned_total if item is not None else None,
            "planned_grant": item.planned_grant if item is not None else None,
            "actual_grant": c.actual_grant, "actual_own": c.actual_own,
            "actual_other": c.actual_other, "actual_personal": c.actual_personal,
            "actual_in_kind": c.actual_in_kind, "actual_total": c.actual_total,
            "grant_diff": (c.actual_grant - item.planned_grant) if item is not None else None,
        })
    return rows


def _cost_totals(rows: list[dict]) -> dict:
    keys = ("planned_total", "planned_grant", "actual_grant", "actual_own", "actual_other",
            "actual_personal", "actual_in_kind", "actual_total")
    return {k: sum((r[k] or Decimal("0")) for r in rows) for k in keys}


def _filing_info(version: ReportVersion | None) -> dict | None:
    if version is None or not version.content:
        return None
    record = dict(version.content.get("filing") or {})
    if record.get("deadline"):
        record["deadline_date"] = dt.date.fromisoformat(record["deadline"])
    return record


def _flags_of(report: TaskReport, version: ReportVersion | None) -> list[str]:
    """The documents flagged to the officer (outside the period of eligible costs): frozen at
    filing; for a version filed before they were recorded, found now."""
    if version is None or version.content is None:
        return []
    if "flags" in version.content:
        return [f["message"] for f in version.content["flags"]]
    try:
        return [f.message for f in filing.report_flags(report, version)]
    except DomainError:
        return []


# ---------------------------------------------------------------- the report page

def render_show(report: TaskReport, *, review_form=None, call_form=None, loose=(),
                status=200):
    can_edit = permissions.can_edit_report(current_user, report)
    can_review = permissions.can_review(current_user, report)
    filed = report.filed_version
    today = clock.today()
    history = [v for v in report.versions
               if v.state != ReportVersionState.DRAFT or can_edit]
    rows = _cost_rows(report, filed) if filed is not None else []
    return render_template(
        "taskreports/show.html", report=report, contract=report.contract,
        title=title_of(report), can_edit=can_edit, can_review=can_review,
        draft=report.draft_version if can_edit else None, filed=filed,
        filing=_filing_info(filed), cost_rows=rows, cost_totals=_cost_totals(rows),
        flags=_flags_of(report, filed), history=history, deadline=queries.deadline_of(report),
        may_start=can_edit and report.draft_version is None and report.status in (
            ReportStatus.DUE, ReportStatus.CORRECTIONS),
        may_call=can_review and report.kind == ReportKind.FINAL
        and report.status == ReportStatus.DUE and today > report.due_on,
        call_lapsed=calls.call_lapsed(report, today),
        review_form=review_form or forms.ReviewForm(formdata=None),
        call_form=call_form or forms.CallForm(formdata=None, data={"called_on": today}),
        start_form=forms.StartForm(formdata=None), loose_errors=list(loose),
        settlement=hooks.settlement_of_report(report),
        can_settle=hooks.can_settle_report(current_user, report),
    ), status


@bp.get("/sprawozdania/<int:report_id>")
@login_required
def show(report_id: int):
    return render_show(load_report(report_id))


@bp.get("/sprawozdania/<int:report_id>/wersje/<int:number>")
@login_required
def version(report_id: int, number: int):
    report = load_report(report_id)
    found = next((v for v in report.versions if v.number == number), None)
    if found is None or (found.state == ReportVersionState.DRAFT
                         and not permissions.can_see_drafts(current_user, report)):
        abort(404)
    rows = _cost_rows(report, found)
    return render_template("taskreports/version.html", report=report, contract=report.contract,
                           title=title_of(report), version=found, filing=_filing_info(found),
                           cost_rows=rows, cost_totals=_cost_totals(rows),
                           flags=_flags_of(report, found))


@bp.get("/sprawozdania/<int:report_id>/wersje/<int:number>/pdf")
@login_required
def version_pdf(report_id: int, number: int):
    """The PDF of a filed version: stored at filing (rendered from the frozen content for a
    version filed before PDFs were stored)."""
    report = load_report(report_id)
    found = next((v for v in report.versions if v.number == number), None)
    if found is None or not permissions.can_download_pdf(current_user, report, found):
        abort(404)
    if found.pdf_file is not None:
        data, name = found.pdf_file.data, found.pdf_file.filename
    else:
        data, name = filing.render_version_pdf(found), filing.pdf_filename(found.content)
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=name)


# ---------------------------------------------------------------- a contract's reports

@bp.get("/umowy/<int:contract_id>/sprawozdania")
@login_required
def for_contract(contract_id: int):
    contract = load_contract(contract_id)
    reports = queries.reports_of_contract(contract)
    return render_template(
        "taskreports/list.html", contract=contract,
        rows=[{"report": r, "title": title_of(r), "deadline": queries.deadline_of(r),
               "filed": r.filed_version,
               "late": r.filed_version is not None and filing.is_version_late(
                   r.filed_version)} for r in reports],
        can_request=permissions.can_request_partial(current_user, contract))


# ---------------------------------------------------------------- every report the user sees

@bp.get("/sprawozdania")
@login_required
def index():
    scope = contract_perms.viewable_scope(current_user)
    spec = lists.REPORTS.with_choices(**lists.filter_choices(scope))
    return listing.respond(spec, lists.reports(scope), template="taskreports/index.html",
                           session=db.session)


# the routes of the organisation's draft and of the officer, on the same blueprint
from grants.taskreports import draft_views, officer_views  # noqa: E402,F401
