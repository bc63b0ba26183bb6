"""A final report filed and accepted, built directly (not through the reports' services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from grants.core import clock
from grants.extensions import db
from grants.taskreports.models import (
    ReportCost,
    ReportKind,
    ReportStatus,
    ReportVersion,
    ReportVersionState,
    TaskReport,
)

D = Decimal

# settlement.md: (code, actual total, actual grant)
EXAMPLE_ACTUALS = [
    ("I.1.1", D("10000.00"), D("6400.00")),
    ("I.1.2", D("19000.00"), D("17000.00")),
    ("I.2.1", D("3000.00"), D("0.00")),
    ("II.1", D("4000.00"), D("2400.00")),
]
AS_PLANNED = [
    ("I.1.1", D("10000.00"), D("8000.00")),
    ("I.1.2", D("20000.00"), D("16000.00")),
    ("I.2.1", D("6000.00"), D("0.00")),
    ("II.1", D("4000.00"), D("2000.00")),
]


def final_report(contract) -> TaskReport:
    return db.session.query(TaskReport).filter_by(contract_id=contract.id,
                                                  kind=ReportKind.FINAL).one()


def accept_report(contract, world, *, actuals=EXAMPLE_ACTUALS, revenues=D("0.00"),
                  bank_interest=D("0.00"), revenues_spent=D("0.00"),
                  bank_interest_spent=D("0.00"), accepted_on=dt.date(2026, 12, 8),
                  status=ReportStatus.ACCEPTED, report=None, filed_at=None) -> TaskReport:
    report = report or final_report(contract)
    version = ReportVersion(number=1, state=ReportVersionState.DRAFT, sha256="0" * 64,
                            content={}, filed_at=filed_at or clock.now(),
                            filed_by_id=world.ngo_admin.id,
                            revenues=revenues, bank_interest=bank_interest,
                            revenues_spent=revenues_spent,
                            bank_interest_spent=bank_interest_spent,
                            description="Zadanie zrealizowano.")
    for pos, (code, total, grant) in enumerate(actuals, start=1):
        in_kind = total - grant if code == "I.2.1" else D("0.00")
        version.costs.append(ReportCost(position=pos, item_code=code, actual_grant=grant,
                                        actual_own=total - grant - in_kind,
                                        actual_in_kind=in_kind))
    report.versions.append(version)
    db.session.flush()
    version.state = ReportVersionState.FILED  # a version starts as a draft and is filed
    report.status = status
    if status == ReportStatus.ACCEPTED:
        report.accepted_on = accepted_on
        report.accepted_by_id = world.officer.id
    db.session.flush()
    return report
