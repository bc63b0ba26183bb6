"""The organisation's administrator files a report: the checks of taskreports.rules against
the contract in force and the filing day, then the version is frozen - its content as
canonical JSON, the SHA-256 of it and its PDF (grants.documents.filing); the row is guarded by
grants.core.frozen. Filing after the deadline is allowed and marked late in the frozen
content; documents outside the period of eligible costs are flagged there for the officer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from grants.auth.queries import staff_emails
from grants.core import audit, clock
from grants.core.errors import InvalidTransition, Problem, refuse
from grants.core.i18n import N_
from grants.core.money import ZERO
from grants.core.notifications import queue_mail
from grants.documents.filing import file_document
from grants.documents.pdf import render_pdf
from grants.extensions import db
from grants.organisations.services import admin_emails
from grants.taskreports.drafts import COST_FIELDS, MONEY_FIELDS
from grants.taskreports.models import (
    ReportKind,
    ReportStatus,
    ReportVersion,
    ReportVersionState,
    TaskReport,
)
from grants.taskreports.rules import (
    CostRow,
    DocumentRow,
    document_flags,
    filing_problems,
    timing_problems,
)
from grants.taskreports.services import (
    amount_text,
    draft_of,
    ensure_filer,
    kind_label,
    paid_so_far,
    use_by_for,
    version_in_force,
)


def _document_rows(version: ReportVersion) -> list[DocumentRow]:
    return [DocumentRow(d.number, d.issued_on, d.amount, d.item_code, d.grant_part, d.paid_on)
            for d in version.documents]


def _last_day(report: TaskReport, contract_version) -> dt.date:
    """The end of the period of eligible costs: the period's end for a partial report, the
    date by which the grant was to be used for a final one."""
    if report.kind == ReportKind.PARTIAL:
        return report.period_end
    return use_by_for(report, contract_version)


def check_report(report: TaskReport, version: ReportVersion | None = None,
                 on: dt.date | None = None) -> list[Problem]:
    """What stops the filing of the draft (or `version`) on `on` (today): the period reported
    on not yet over (`timing_problems`), the description of part I, and `filing_problems`
    against the contract in force."""
    version = version or draft_of(report)
    contract_version = version_in_force(report.contract)
    on = on or clock.today()
    partial = report.kind == ReportKind.PARTIAL
    problems = timing_problems(partial=partial, period_end=report.period_end, filed_on=on)
    if not (version.description or "").strip():
        problems.append(Problem("description", N_("Opisz zrealizowane działania (część I).")))
    problems += filing_problems(
        costs=[CostRow(c.item_code, c.actual_grant) for c in version.costs],
        documents=_document_rows(version),
        item_codes=[i.code for i in contract_version.items],
        paid=paid_so_far(report.contract, on), filed_on=on, partial=partial)
    return problems


def report_flags(report: TaskReport, version: ReportVersion | None = None) -> list[Problem]:
    """The documents of the draft (or `version`) flagged to the officer: outside the period of
    eligible costs (`document_flags`); they do not stop the filing."""
    version = version or draft_of(report)
    contract_version = version_in_force(report.contract)
    return document_flags(_document_rows(version), period_start=report.period_start,
                          last_day=_last_day(report, contract_version),
                          partial=report.kind == ReportKind.PARTIAL)


def filing_deadline(report: TaskReport) -> tuple[dt.date, str]:
    """The date a filing now answers to, and why: the correction's due date, the call's, or
    the report's own due date."""
    if report.status == ReportStatus.CORRECTIONS and report.correction_due is not None:
        return report.correction_due, "corrections"
    if report.calls:
        return max(c.due_on for c in report.calls), "call"
    return report.due_on, "report"


def version_content(report: TaskReport, version: ReportVersion, *,
                    filing: Mapping[str, Any],
                    flags: Sequence[Problem] = ()) -> dict[str, Any]:
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
        "flags": [{"field": f.field, "message": f.message} for f in flags],
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


PDF_TEMPLATE = "pdf/report.html"


def content_totals(content: Mapping[str, Any]) -> dict[str, Decimal]:
    """Per source of financing, the sum of the cost table of a frozen content (whose amounts
    are text)."""
    costs = (content.get("II") or {}).get("costs") or []
    return {f: sum((Decimal(str(r.get(f) or "0")) for r in costs), ZERO) for f in COST_FIELDS}


def pdf_filename(content: Mapping[str, Any]) -> str:
    about = content["report"]
    number = str(content["contract"]["number"]).replace("/", "-").replace(" ", "_")
    kind = "koncowe" if about["kind"] == ReportKind.FINAL.value else "czesciowe"
    return f"sprawozdanie-{kind}-{number}-{about['year']}-v{about['version']}.pdf"


def render_version_pdf(version: ReportVersion) -> bytes:
    """The PDF of a filed version from its frozen content: for versions filed before their
    PDF was stored at filing (the same rendering as `file_report`'s)."""
    return render_pdf(PDF_TEMPLATE, c=version.content, sha256=version.sha256,
                      totals=content_totals(version.content))


def _freeze(report: TaskReport, version: ReportVersion, *, actor, filing: Mapping[str, Any]):
    """The frozen content (with the flags for the officer), its SHA-256 and its PDF."""
    content = version_content(report, version, filing=filing,
                              flags=report_flags(report, version))
    return file_document(content, actor=actor, template=PDF_TEMPLATE,
                         filename=pdf_filename(content), totals=content_totals(content))


def file_report(report: TaskReport, *, actor) -> ReportVersion:
    """File the draft (the organisation's administrators): every check of `check_report` must
    pass. The version is frozen (state FILED, content JSON with the documents flagged to the
    officer, its SHA-256 and PDF); a version filed before becomes SUPERSEDED; the report is
    FILED. Filing after the deadline is allowed and marked late in the frozen content. The
    organiser's officers get an e-mail; the organisation's administrators a confirmation."""
    ensure_filer(actor, report)
    version = draft_of(report)
    if report.status in (ReportStatus.FILED, ReportStatus.ACCEPTED):
        raise InvalidTransition(N_("Sprawozdanie jest już złożone."))
    refuse(check_report(report, version), "Sprawozdania nie można złożyć:", listed=True)
    filed_at = clock.now().replace(microsecond=0)
    previous = report.filed_version
    filing = _filing_record(report, actor=actor, filed_at=filed_at, previous=previous)
    filed = _freeze(report, version, actor=actor, filing=filing)
    status_before = report.status
    with db.session.no_autoflush:
        if previous is not None:
            previous.state = ReportVersionState.SUPERSEDED
        version.state = ReportVersionState.FILED
        version.filed_at, version.filed_by_id = filed_at, actor.id
        version.content, version.sha256 = dict(filed.content), filed.sha256
        version.pdf_file = filed.pdf
        report.status = ReportStatus.FILED
    db.session.flush()
    late, deadline = filing["late"], dt.date.fromisoformat(filing["deadline"])
    audit.record(actor, "report.filed", version, before={"status": status_before}, after={
        "report_id": report.id, "version": version.number, "sha256": filed.sha256,
        "late": late, "deadline": deadline,
        "supersedes": previous.number if previous else None})
    _mail_filed(report, version, actor=actor, late=late, deadline=deadline)
    return version


def _mail_filed(report: TaskReport, version: ReportVersion, *, actor, late: bool,
                deadline: dt.date) -> None:
    """The officers are told; the person who filed and every administrator of the
    organisation get a confirmation."""
    context = {"report": report, "version": version, "content": version.content,
               "late": late, "deadline": deadline}
    recipients = staff_emails(report.contract.organiser_id)
    if recipients:
        queue_mail(db.session, to=recipients,
                   subject=f"Złożono sprawozdanie {kind_label(report)} – umowa "
                           f"{report.contract.number}",
                   template="report_filed", **context)
    confirmed = [actor.email] if getattr(actor, "active", True) else []
    confirmed += [e for e in admin_emails(report.contract.organisation) if e not in confirmed]
    if confirmed:
        queue_mail(db.session, to=confirmed, template="report_filed_confirmation", **context)


def is_version_late(version: ReportVersion) -> bool:
    """The late flag frozen at filing."""
    return bool((version.content or {}).get("filing", {}).get("late"))
