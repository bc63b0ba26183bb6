"""Test data of the finance dashboard and the reminders, built directly on the models (not through
the other areas' services): the settlement.md worked example as a contract
(tests/contract_factory.make_contract), its settlement and return parts, report states."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from grants.core import clock
from grants.extensions import db
from grants.settlements.models import ReturnKind, ReturnPart, ReturnPayment, Settlement
from grants.taskreports.models import (
    ReportCall,
    ReportKind,
    ReportStatus,
    ReportVersion,
    ReportVersionState,
    TaskReport,
)

D = Decimal


def set_today(day: dt.date) -> None:
    """Freeze the clock at noon Warsaw time on `day`."""
    clock.set_now(dt.datetime.combine(day, dt.time(12, 0), tzinfo=clock.WARSAW))


def final_report(contract) -> TaskReport:
    return db.session.query(TaskReport).filter_by(contract_id=contract.id,
                                                  kind=ReportKind.FINAL).one()


def partial_report(contract, *, due_on: dt.date, status=ReportStatus.DUE, sequence: int = 1,
                   correction_due: dt.date | None = None) -> TaskReport:
    report = TaskReport(contract_id=contract.id, kind=ReportKind.PARTIAL, year=due_on.year,
                        sequence=sequence, period_start=dt.date(2026, 2, 1),
                        period_end=dt.date(2026, 5, 31), requested_on=dt.date(2026, 5, 1),
                        delivered_on=dt.date(2026, 5, 2), due_on=due_on, status=status,
                        correction_due=correction_due,
                        accepted_on=due_on if status == ReportStatus.ACCEPTED else None)
    db.session.add(report)
    db.session.flush()
    return report


def ask_corrections(report: TaskReport, due: dt.date) -> TaskReport:
    report.status, report.correction_due = ReportStatus.CORRECTIONS, due
    db.session.flush()
    return report


def call_for_report(report: TaskReport, *, delivered_on: dt.date, due_on: dt.date) -> ReportCall:
    call = ReportCall(report_id=report.id, called_on=delivered_on, delivered_on=delivered_on,
                      due_on=due_on)
    db.session.add(call)
    db.session.flush()
    return call


def settle_example(contract, *, finding_date=dt.date(2026, 12, 10),
                   parts=((ReturnKind.UNUSED, D("200.00"), dt.date(2026, 11, 16),
                           dt.date(2026, 11, 17), None),
                          (ReturnKind.EXCESS_ITEMS, D("200.00"), dt.date(2026, 12, 28),
                           dt.date(2026, 12, 29), None),
                          (ReturnKind.EXCESS_SHARE, D("400.00"), dt.date(2026, 12, 28),
                           dt.date(2026, 12, 29), None))) -> Settlement:
    """The settlement of the worked example (U 200, E 200, S 400: 800.00 to return) recorded
    on an accepted final report; `parts` = (kind, principal, due, interest from, tranche)."""
    report = final_report(contract)
    version = ReportVersion(report_id=report.id, number=1, state=ReportVersionState.DRAFT,
                            sha256="0" * 64, content={}, filed_at=clock.now())
    db.session.add(version)
    db.session.flush()
    version.state = ReportVersionState.FILED  # a version starts as a draft and is filed
    report.status, report.accepted_on = ReportStatus.ACCEPTED, finding_date
    db.session.flush()
    amounts = {k: D("0.00") for k in ReturnKind}
    for kind, principal, *_rest in parts:
        amounts[kind] += principal
    total = sum(amounts.values(), D("0.00"))
    settlement = Settlement(
        contract_id=contract.id, report_id=report.id, report_version_id=version.id,
        contract_version_id=contract.version_in_force.id, finding_date=finding_date,
        use_by=dt.date(2026, 10, 31), item_tolerance_pct=D("10"), share_tolerance_pp=D("5"),
        paid=D("26000.00"), unused=amounts[ReturnKind.UNUSED],
        excess_items=amounts[ReturnKind.EXCESS_ITEMS], misused=amounts[ReturnKind.MISUSED],
        excess_share=amounts[ReturnKind.EXCESS_SHARE], revenues=amounts[ReturnKind.REVENUES],
        bank_interest=amounts[ReturnKind.BANK_INTEREST], total=total,
        unused_due=dt.date(2026, 11, 16), excess_due=dt.date(2026, 12, 28),
        misused_due=dt.date(2026, 12, 28), details={})
    for kind, principal, due, interest_from, tranche in parts:
        settlement.parts.append(ReturnPart(contract_id=contract.id, kind=kind,
                                           principal=principal, due_on=due,
                                           interest_from=interest_from,
                                           tranche_number=tranche))
    db.session.add(settlement)
    db.session.flush()
    return settlement


def pay_return(part: ReturnPart, amount: Decimal, paid_on: dt.date,
               interest: Decimal = D("0.00")) -> ReturnPayment:
    payment = ReturnPayment(part_id=part.id, paid_on=paid_on, amount=amount,
                            principal_part=amount - interest, interest_part=interest,
                            interest_due_then=interest)
    part.payments.append(payment)
    part.principal_paid += amount - interest
    part.interest_paid += interest
    db.session.flush()
    return payment
