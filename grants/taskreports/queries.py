"""Read helpers of the reports: the reports of a contract, and the reports due and overdue
(for the finance dashboard and the reminders).

A report's deadline ("effective due date"):
- waiting for the organisation (status DUE): its due date, or - after a call for a missing
  final report (art. 18 ust. 3) - the latest call's due date;
- corrections asked for (status CORRECTIONS): the correction's due date.
Filed and accepted reports have no deadline. Only reports of signed contracts count (a draft,
terminated or closed contract is not chased).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from grants.contracts.models import Contract, ContractStatus
from grants.extensions import db
from grants.taskreports.models import ReportKind, ReportStatus, TaskReport


@dataclass(frozen=True)
class ReportDeadline:
    report: TaskReport
    due_on: dt.date
    reason: str          # "report" (its due date) | "call" | "corrections"

    @property
    def contract(self) -> Contract:
        return self.report.contract


def deadline_of(report: TaskReport) -> ReportDeadline | None:
    """The date the organisation must file by now, and why (None: nothing awaited)."""
    if report.status == ReportStatus.CORRECTIONS and report.correction_due is not None:
        return ReportDeadline(report, report.correction_due, "corrections")
    if report.status == ReportStatus.DUE:
        if report.calls:
            return ReportDeadline(report, max(c.due_on for c in report.calls), "call")
        return ReportDeadline(report, report.due_on, "report")
    return None


def _open_reports(organiser_ids: Collection[int] | None) -> list[TaskReport]:
    stmt = (select(TaskReport).join(Contract, Contract.id == TaskReport.contract_id)
            .where(TaskReport.status.in_([ReportStatus.DUE, ReportStatus.CORRECTIONS]),
                   Contract.status == ContractStatus.SIGNED)
            .options(selectinload(TaskReport.calls),
                     selectinload(TaskReport.contract).selectinload(Contract.organisation)))
    if organiser_ids is not None:
        stmt = stmt.where(Contract.organiser_id.in_(list(organiser_ids)))
    return list(db.session.scalars(stmt))


def reports_due(organiser_ids: Collection[int] | None, on: dt.date,
                within_days: int) -> list[ReportDeadline]:
    """Reports (final and partial, and corrections) whose deadline falls from `on` to
    `on + within_days`, both included, earliest first. `organiser_ids` None: every
    organiser."""
    last = on + timedelta(days=within_days)
    rows = [d for d in map(deadline_of, _open_reports(organiser_ids))
            if d is not None and on <= d.due_on <= last]
    return sorted(rows, key=lambda d: (d.due_on, d.report.id))


def reports_overdue(organiser_ids: Collection[int] | None,
                    on: dt.date) -> list[ReportDeadline]:
    """Reports (final and partial, and corrections) whose deadline is before `on` and that
    were not filed, oldest first."""
    rows = [d for d in map(deadline_of, _open_reports(organiser_ids))
            if d is not None and d.due_on < on]
    return sorted(rows, key=lambda d: (d.due_on, d.report.id))


def reports_of_contract(contract: Contract) -> list[TaskReport]:
    """Final reports first (by year), then partial ones (by year and number)."""
    return list(db.session.scalars(
        select(TaskReport).where(TaskReport.contract_id == contract.id)
        .order_by((TaskReport.kind == ReportKind.PARTIAL), TaskReport.year,
                  TaskReport.sequence)))
