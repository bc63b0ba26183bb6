"""The offeror's history for the committee's criterion 6 (grants.evaluation.hooks):
its signed contracts, final reports filed late and returns - read from the areas after
evaluation, which the committee may not import."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from grants.contracts.models import Contract, ContractStatus
from grants.core import clock
from grants.evaluation.hooks import ContractHistoryRow, LateReport, ReturnRow, contract_history
from grants.extensions import db
from grants.settlements.models import ReturnPart
from grants.settlements.queries import outstanding
from grants.taskreports.models import ReportKind, TaskReport


@contract_history.provide
def offeror_contract_history(organisation, competition) -> list[ContractHistoryRow]:
    """The organisation's signed contracts other than from `competition`, newest first."""
    today = clock.today()
    contracts = db.session.scalars(
        select(Contract).where(Contract.organisation_id == organisation.id,
                               Contract.status != ContractStatus.DRAFT,
                               Contract.procedure_id != competition.procedure_id)
        .options(selectinload(Contract.versions))
        .order_by(Contract.signed_on.desc(), Contract.id.desc()))
    rows = []
    for c in contracts:
        version = c.version_in_force or c.current_version
        row = ContractHistoryRow(c, c.number, version.grant_total, c.status.value)
        row.late_reports.extend(_late_final_reports(c, today))
        for part in db.session.scalars(select(ReturnPart).where(ReturnPart.contract_id == c.id)
                                       .order_by(ReturnPart.id)):
            row.returns.append(ReturnRow(part.kind.value, part.principal, part.due_on,
                                         outstanding(part, today).total))
        rows.append(row)
    return rows


def _late_final_reports(contract: Contract, today) -> list[LateReport]:
    """Final reports first filed after the due date, or still not filed after it."""
    late = []
    reports = db.session.scalars(
        select(TaskReport).where(TaskReport.contract_id == contract.id,
                                 TaskReport.kind == ReportKind.FINAL)
        .options(selectinload(TaskReport.versions)).order_by(TaskReport.year))
    for r in reports:
        filed = [v.filed_at for v in r.versions if v.filed_at is not None]
        filed_on = clock.to_local(min(filed)).date() if filed else None
        if (filed_on is not None and filed_on > r.due_on) or (
                filed_on is None and r.due_on < today):
            late.append(LateReport(r.year, r.due_on, filed_on))
    return late
