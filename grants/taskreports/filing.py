"""The organisation files a report: the checks of taskreports.rules against the contract in
force, then the version is frozen - its content as canonical JSON and the SHA-256 of it
(grants.documents.filing); the row is guarded by grants.core.frozen. Filing after the deadline
is allowed and marked late in the frozen content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from grants.auth.queries import staff_emails
from grants.core import audit, clock
from grants.core.errors import InvalidTransition, Problem, refuse
from grants.core.i18n import N_
from grants.core.money import ZERO
from grants.core.notifications import queue_mail
from grants.documents.filing import file_document
from grants.extensions import db
from grants.taskreports.drafts import COST_FIELDS, MONEY_FIELDS
from grants.taskreports.models import (
    ReportKind,
    ReportStatus,
    ReportVersion,
    ReportVersionState,
    TaskReport,
)
from grants.taskreports.rules import CostRow, DocumentRow, filing_problems
from grants.taskreports.services import (
    amount_text,
    draft_of,
    ensure_writer,
    kind_label,
    paid_so_far,
    use_by_for,
    version_in_force,
)


def check_report(report: TaskReport, version: ReportVersion | None = None,
                 on: dt.date | None = None) -> list[Problem]:
    """`filing_problems` of the draft (or `version`) against the contract in force, plus the
    description of part I."""
    version = version or draft_of(report)
    contract_version = version_in_force(report.contract)
    on = on or clock.today()
    partial = report.kind == ReportKind.PARTIAL
    last_day = report.period_end if partial else use_by_for(report, contract_version)
    problems = []
    if not (version.description or "").strip():
        problems.append(Problem("description", N_("Opisz zrealizowane działania (część I).")))
    problems += filing_problems(
        costs=[CostRow(c.item_code, c.actual_grant) for c in version.costs],
        documents=[DocumentRow(d.number, d.issued_on, d.amount, d.item_code, d.grant_part,
                               d.paid_on) for d in version.documents],
        item_codes=[i.code for i in contract_version.items],
        paid=paid_so_far(report.contract, on), period_start=report.period_start,
        last_day=last_day, partial=partial)
    return problems


def filing_deadline(report: TaskReport) -> tuple[dt.date, str]:
    """The date a filing now answers to, and why: the correction's due date, the call's, or
    the report's own due date."""
    if report.status == ReportStatus.CORRECTIONS and report.correction_due is not None:
        return report.correction_due, "corrections"
    if report.calls:
        return max(c.due_on for c in report.calls), "call"
    return report.due_on, "report"


def version_content(report: TaskReport, version: ReportVersion, *,
                    filing: Mapping[str, Any]) -> dict[str, Any]:
    contract = report.contract
    return {
        "report": {"id": report.id, "kind": report.kind.value, "year": report.year,
                   "sequence": report.sequence, "period_start": report.period_start.isoformat(),
                   "period_end": report.period_end.isoformat(),
                   "due_on": report.due_on.isoformat(), "version": version.number},
        "contract": {"id": contract.id, "number": contract.number,
                     "organisation": contract.organisation.name,
                     "organiser": contract.organiser.name},
        "I": {"description": version.description or "", "deviations": version.deviations or "",
              "results": [{"position": r.position, "name": r.name,
                           "target_value": r.target_value or "",
                           "achieved_value": r.achieved_value or "",
                           "comment": r.comment or ""} for r in version.results]},
        "II": {"costs": [{"position": c.position, "item_code": c.item_code,
                          "item_name": c.item_name or "",
                          **{f: amount_text(getattr(c, f)) for f in COST_FIELDS},
                          "actual_total": amount_text(c.actual_total)} for c in version.costs],
               "grant_total": amount_text(sum((c.actual_grant for c in version.costs), ZERO)),
               "cost_total": amount_text(sum((c.actual_total for c in version.costs), ZERO)),
               **{f: amount_text(getattr(version, f)) for f in MONEY_FIELDS}},
        "III": {"other_info": version.other_info or ""},
        "documents": [{"position": d.position, "number": d.number,
                       "issued_on": d.issued_on.isoformat(), "issuer": d.issuer,
                       "amount": amount_text(d.amount), "item_code": d.item_code,
                       "grant_part": amount_text(d.grant_part),
                       "paid_on": d.paid_on.isoformat() if d.paid_on else None}
                      for d in version.documents],
        "filing": dict(filing),
    }


def is_late(filed_at: dt.datetime, deadline: dt.date) -> bool:
    """Filed after 23:59:59 Warsaw time on the deadline day."""
    return filed_at > clock.local_instant(deadline)


def _filing_record(report: TaskReport, *, actor, filed_at: dt.datetime,
                   previous: ReportVersion | None) -> dict[str, Any]:
    """The filing part of the frozen content: when (UTC and Warsaw), by whom, the deadline it
    answers to and whether it was late, the version it replaces."""
    deadline, reason = filing_deadline(report)
    return {
        "filed_at": filed_at.isoformat(),
        "filed_at_local": clock.to_local(filed_at).strftime("%d.%m.%Y %H:%M:%S"),
        "timezone": "Europe/Warsaw",
        "filed_by": {"id": actor.id, "full_name": actor.full_name, "email": actor.email},
        "deadline": deadline.isoformat(), "deadline_reason": reason,
        "late": is_late(filed_at, deadline),
        "after_report_due": is_late(filed_at, report.due_on),
        "replaces_version": previous.number if previous is not None else None,
    }


def file_report(report: TaskReport, *, actor) -> ReportVersion:
    """File the draft: every check of `check_report` must pass. The version is frozen
    (state FILED, content JSON and its SHA-256); a version filed before becomes SUPERSEDED;
    the report is FILED. Filing after the deadline is allowed and marked late in the frozen
    content. The organiser's officers get an e-mail."""
    ensure_writer(actor, report)
    version = draft_of(report)
    if report.status in (ReportStatus.FILED, ReportStatus.ACCEPTED):
        raise InvalidTransition(N_("Sprawozdanie jest już złożone."))
    refuse(check_report(report, version), "Sprawozdania nie można złożyć:", listed=True)
    filed_at = clock.now().replace(microsecond=0)
    previous = report.filed_version
    filing = _filing_record(report, actor=actor, filed_at=filed_at, previous=previous)
    filed = file_document(version_content(report, version, filing=filing), actor=actor)
    status_before = report.status
    with db.session.no_autoflush:
        if previous is not None:
            previous.state = ReportVersionState.SUPERSEDED
        version.state = ReportVersionState.FILED
        version.filed_at, version.filed_by_id = filed_at, actor.id
        version.content, version.sha256 = dict(filed.content), filed.sha256
        report.status = ReportStatus.FILED
    db.session.flush()
    late, deadline = filing["late"], dt.date.fromisoformat(filing["deadline"])
    audit.record(actor, "report.filed", version, before={"status": status_before}, after={
        "report_id": report.id, "version": version.number, "sha256": filed.sha256,
        "late": late, "deadline": deadline,
        "supersedes": previous.number if previous else None})
    recipients = staff_emails(report.contract.organiser_id)
    if recipients:
        queue_mail(db.session, to=recipients,
                   subject=f"Złożono sprawozdanie {kind_label(report)} – umowa "
                           f"{report.contract.number}",
                   template="report_filed", report=report, version=version,
                   content=version.content, late=late, deadline=deadline)
    return version


def is_version_late(version: ReportVersion) -> bool:
    """The late flag frozen at filing."""
    return bool((version.content or {}).get("filing", {}).get("late"))
