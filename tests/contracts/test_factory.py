"""The shared contract factory builds a valid signed contract with its final report."""

from datetime import date
from decimal import Decimal

from grants.extensions import db
from grants.taskreports.models import ReportKind, TaskReport
from tests.support.contract_factory import make_contract


def test_example_contract_is_signed_paid_and_expects_a_final_report(world):
    contract = make_contract(world, paid=True)
    version = contract.version_in_force
    assert version.grant_total == Decimal("26000.00")
    assert version.total_cost == Decimal("40000.00")
    assert contract.paid_total == Decimal("26000.00")
    [report] = db.session.query(TaskReport).filter_by(contract_id=contract.id).all()
    assert report.kind == ReportKind.FINAL and report.due_on == date(2026, 11, 30)
