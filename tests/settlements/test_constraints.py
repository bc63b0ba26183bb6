"""The sums the database checks hold to the grosz on SQLite too (NUMERIC is REAL there: in
floats 1331.05 + 532.42 != 1863.47), and still refuse a total that is not the sum."""

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy.exc import IntegrityError

from grants.extensions import db
from grants.settlements.models import ReturnKind, ReturnPart, ReturnPayment, Settlement
from grants.taskreports.models import ReportStatus, ReportVersion, ReportVersionState, TaskReport
from tests.support.contract_factory import make_contract


def _settlement(contract, *, unused, excess, total) -> Settlement:
    report = db.session.query(TaskReport).filter_by(contract_id=contract.id).one()
    report.status = ReportStatus.ACCEPTED
    version = ReportVersion(report_id=report.id, number=1, state=ReportVersionState.DRAFT,
                            sha256="0" * 64, content={})
    db.session.add(version)
    db.session.flush()
    version.state = ReportVersionState.FILED  # a version starts as a draft and is filed
    db.session.flush()
    zero = D("0.00")
    return Settlement(
        contract_id=contract.id, report_id=report.id, report_version_id=version.id,
        contract_version_id=contract.version_in_force.id, finding_date=dt.date(2026, 12, 10),
        use_by=dt.date(2026, 10, 31), item_tolerance_pct=D("10"), share_tolerance_pp=D("5"),
        paid=D("26000.00"), unused=unused, excess_items=excess, misused=zero,
        excess_share=zero, revenues=zero, bank_interest=zero, total=total,
        unused_due=dt.date(2026, 11, 16), excess_due=dt.date(2026, 12, 28),
        misused_due=dt.date(2026, 12, 28))


def test_grosze_sums_are_accepted(world):
    contract = make_contract(world, paid=True)
    settlement = _settlement(contract, unused=D("1331.05"), excess=D("532.42"),
                             total=D("1863.47"))
    part = ReturnPart(contract_id=contract.id, kind=ReturnKind.UNUSED, principal=D("1331.05"),
                      due_on=dt.date(2026, 11, 16), interest_from=dt.date(2026, 11, 17))
    settlement.parts.append(part)
    db.session.add(settlement)
    db.session.flush()
    part.payments.append(ReturnPayment(paid_on=dt.date(2027, 1, 20), amount=D("1000.03"),
                                       principal_part=D("970.61"), interest_part=D("29.42")))
    db.session.commit()
    assert db.session.query(ReturnPayment).one().amount == D("1000.03")


def test_a_total_that_is_not_the_sum_is_refused(world):
    contract = make_contract(world, paid=True)
    db.session.add(_settlement(contract, unused=D("1331.05"), excess=D("532.42"),
                               total=D("1863.48")))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
