"""Task reports (art. 18 UDPP): the final reports a signed contract expects, and what every
verb of the reports checks and reads. Services flush, never commit; the caller commits.

- `ensure_final_reports` (contract or annex signed) creates the final report(s);
- the organisation's verbs: taskreports.drafts (start, save, import documents) and
  taskreports.filing (checks of taskreports.rules, then frozen: content JSON + SHA-256);
- the officer's: taskreports.review (accept / corrections with a due date) and
  taskreports.calls (a partial report requested; art. 18 ust. 3: 7 more days for a missing
  final report).

Messages are Polish (translated when shown); amounts are Decimal, dates `date`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from grants.contracts.models import Contract, ContractStatus, ContractVersion
from grants.core import audit
from grants.core.deadlines import due_date
from grants.core.errors import InvalidTransition, NotAllowed
from grants.core.i18n import N_
from grants.core.money import ZERO, q
from grants.extensions import db
from grants.rules.services import rules_in_force
from grants.taskreports import permissions
from grants.taskreports.models import (
    ReportKind,
    ReportStatus,
    ReportVersion,
    TaskReport,
)


def final_report_periods(version: ContractVersion) -> list[tuple[int, dt.date, dt.date, dt.date]]:
    """(year, period start, period end, due date) of each final report the version requires:
    one for a task within one year; one per budget year for a multi-year task (the version's
    `years` rows, each with its own report_due)."""
    if not version.years:
        return [(version.end_date.year, version.start_date, version.end_date,
                 version.report_due)]
    periods = []
    for row in sorted(version.years, key=lambda r: r["year"]):
        year = int(row["year"])
        start = max(version.start_date, dt.date(year, 1, 1))
        end = min(version.end_date, dt.date(year, 12, 31))
        periods.append((year, start, end, dt.date.fromisoformat(row["report_due"])))
    return periods


def final_report_due(end: dt.date) -> dt.date:
    """30 days after the task ends (report_days of the rules in force on that day), moved off
    Saturdays and public holidays."""
    return due_date(end, rules_in_force(end).report_days)


def ensure_final_reports(contract: Contract, *, actor) -> list[TaskReport]:
    """Create the final report(s) the version in force requires and keep the due date of those
    not yet accepted in line with it (an annex may move the task's end). Called when the
    contract or an annex is signed."""
    version = contract.version_in_force
    if version is None:
        return []
    existing = {r.year: r for r in db.session.query(TaskReport).filter_by(
        contract_id=contract.id, kind=ReportKind.FINAL)}
    reports = []
    for year, start, end, due in final_report_periods(version):
        report = existing.get(year)
        if report is None:
            report = TaskReport(contract_id=contract.id, kind=ReportKind.FINAL, year=year,
                                sequence=1, period_start=start, period_end=end, due_on=due)
            db.session.add(report)
            audit.record(actor, "report.expected", report,
                         after={"year": year, "due_on": due.isoformat()})
        elif report.status != ReportStatus.ACCEPTED and (
                report.due_on, report.period_start, report.period_end) != (due, start, end):
            before = {"due_on": report.due_on.isoformat()}
            report.due_on, report.period_start, report.period_end = due, start, end
            audit.record(actor, "report.due_changed", report, before=before,
                         after={"due_on": due.isoformat()})
        reports.append(report)
    db.session.flush()
    return reports


# ---------------------------------------------------------------- what every verb checks

def amount_text(value: Decimal | None) -> str:
    """An amount as the frozen content holds it: "1234.50"."""
    return str(q(value if value is not None else ZERO))


def kind_label(report: TaskReport) -> str:
    return "końcowe" if report.kind == ReportKind.FINAL else "częściowe"


def ensure_writer(actor, report: TaskReport) -> None:
    if not permissions.can_edit_report(actor, report):
        raise NotAllowed(N_("Sprawozdanie składają członkowie organizacji, z którą zawarto "
                            "umowę."))


def ensure_filer(actor, report: TaskReport) -> None:
    ensure_writer(actor, report)
    if not permissions.can_file_report(actor, report):
        raise NotAllowed(N_("Sprawozdanie w imieniu organizacji składa jej administrator. "
                            "Członek organizacji przygotowuje wersję roboczą."))


def ensure_reviewer(actor, report: TaskReport) -> None:
    if not permissions.can_review(actor, report):
        raise NotAllowed(N_("Sprawozdania oceniają urzędnicy organu, który zawarł umowę."))


def version_in_force(contract: Contract) -> ContractVersion:
    version = contract.version_in_force
    if version is None or contract.status not in (ContractStatus.SIGNED,
                                                  ContractStatus.TERMINATED):
        raise InvalidTransition(N_("Sprawozdanie dotyczy podpisanej umowy."))
    return version


def draft_of(report: TaskReport) -> ReportVersion:
    version = report.draft_version
    if version is None:
        raise InvalidTransition(N_("Nie ma wersji roboczej sprawozdania - najpierw ją "
                                   "rozpocznij."))
    return version


def organisation_emails(contract: Contract) -> list[str]:
    """The organisation's address and its members' (active users)."""
    emails = [contract.organisation.email] if contract.organisation.email else []
    for m in contract.organisation.memberships:
        if m.user is not None and m.user.active and m.user.email not in emails:
            emails.append(m.user.email)
    return emails


def report_items(report: TaskReport, version: ContractVersion) -> list:
    """The contract's budget items the report covers (a multi-year task: the items of the
    report's year and those without a year)."""
    items = list(version.items)
    if report.kind == ReportKind.FINAL and any(i.year == report.year for i in items):
        items = [i for i in items if i.year in (None, report.year)]
    return items


def use_by_for(report: TaskReport, version: ContractVersion) -> dt.date:
    """The date by which the grant reported on had to be used (per year for a multi-year
    task)."""
    for row in version.years or []:
        if int(row["year"]) == report.year and row.get("use_by"):
            return dt.date.fromisoformat(row["use_by"])
    return version.use_by


def paid_so_far(contract: Contract, on: dt.date) -> Decimal:
    """Transfers recorded with a date up to `on` (reversals included)."""
    return sum((p.amount for p in contract.payments if p.paid_on <= on), ZERO)

