"""The verbs of task reports (art. 18 UDPP). Services flush, never commit; the caller commits.
"""

from __future__ import annotations

import datetime as dt

from grants.contracts.models import Contract, ContractVersion
from grants.core import audit
from grants.core.deadlines import due_date
from grants.extensions import db
from grants.rules.services import rules_in_force
from grants.taskreports.models import ReportKind, ReportStatus, TaskReport


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
