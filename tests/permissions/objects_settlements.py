"""Objects of the settlements' routes for the access table (merged by tests/permissions/objects.py).

`st_report`: an accepted final report of organisation X (organiser A), not settled;
`st_settlement`: a settlement recorded today on another contract of X (PDF faked)."""

from __future__ import annotations

from grants.core import clock
from grants.extensions import db
from tests.support.contract_factory import make_contract
from tests.support.settlements import accept_report


def make_objects(world, objs: dict) -> dict:
    from grants.settlements import services

    today = clock.today()
    report = accept_report(make_contract(world, paid=True), world, accepted_on=today)
    settled = accept_report(make_contract(world, paid=True), world, accepted_on=today)
    settlement = services.settle_report(settled, actor=world.officer, finding_date=today)
    db.session.commit()
    return {"st_report": report.id, "st_settlement": settlement.id}
