"""Objects of the reports' routes for the access table (merged by tests/permissions/objects.py).

`tr_contract`: a signed, paid contract of organiser A with organisation X (the worked example
of settlement.md); `tr_report`: its final report with a draft; `tr_filed`: the final report of
a second such contract, filed (version 1, on 10.11.2026: after the task, whatever the test's
clock); `tr_partial`: a partial report asked for, with no draft yet.
"""

from __future__ import annotations

import datetime as dt

from grants.core import clock
from grants.extensions import db
from grants.taskreports import calls, drafts, filing
from tests.support.contract_factory import make_contract
from tests.support.taskreports import final_report, report_data


def make_objects(world, objs: dict) -> dict:
    contract = make_contract(world, paid=True)
    report = final_report(contract)
    drafts.start_report_version(report, actor=world.ngo_admin)
    other = make_contract(world, paid=True)
    filed = final_report(other)
    version = drafts.start_report_version(filed, actor=world.ngo_admin)
    drafts.save_report_draft(filed, actor=world.ngo_admin, data=report_data(version))
    with clock.frozen_at(dt.datetime(2026, 11, 10, 12, 0, tzinfo=clock.WARSAW)):
        filing.file_report(filed, actor=world.ngo_admin)
    partial = calls.request_partial_report(
        contract, actor=world.officer, period_start=dt.date(2026, 2, 1),
        period_end=dt.date(2026, 5, 31), requested_on=dt.date(2026, 6, 1),
        delivered_on=dt.date(2026, 6, 1), due_on=dt.date(2026, 7, 1))
    db.session.commit()
    return {"tr_contract": contract.id, "tr_report": report.id, "tr_filed": filed.id,
            "tr_partial": partial.id}
