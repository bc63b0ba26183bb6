"""What the task reports area answers to the contracts area (grants.contracts.hooks): the
final reports expected when a contract or an annex is signed, and the report queries of the
contract page and the tranche rules."""

from __future__ import annotations

from sqlalchemy import func, select

from grants.contracts import hooks
from grants.extensions import db
from grants.taskreports.models import ReportCall, ReportKind, ReportStatus, TaskReport
from grants.taskreports.services import ensure_final_reports


@hooks.contract_signed.connect
def _expect_final_reports(contract, *, actor, **_kw) -> None:
    ensure_final_reports(contract, actor=actor)


@hooks.accepted_partial_reports.provide
def accepted_partial_reports(contract_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(TaskReport).where(
            TaskReport.contract_id == contract_id, TaskReport.kind == ReportKind.PARTIAL,
            TaskReport.status == ReportStatus.ACCEPTED)) or 0


@hooks.reports_of.provide
def reports_of(contract) -> list[TaskReport]:
    return list(db.session.scalars(select(TaskReport).where(
        TaskReport.contract_id == contract.id).order_by(
        TaskReport.kind, TaskReport.year, TaskReport.sequence)))


@hooks.overdue_calls.provide
def overdue_calls(contract, today) -> list[ReportCall]:
    """Final reports still not filed after the due date of a call for them (art. 18 ust. 3)."""
    return list(db.session.scalars(
        select(ReportCall).join(TaskReport, ReportCall.report_id == TaskReport.id).where(
            TaskReport.contract_id == contract.id, TaskReport.kind == ReportKind.FINAL,
            TaskReport.status == ReportStatus.DUE, ReportCall.due_on < today)
        .order_by(ReportCall.due_on)))
