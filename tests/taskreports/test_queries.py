"""Reports due and overdue (finance dashboard, reminders): final and partial reports, calls
and corrections, by organiser."""

from __future__ import annotations

import datetime as dt

from grants.core import clock
from grants.extensions import db
from grants.taskreports import calls, filing, queries, review
from tests.support.taskreports import contract_with_report, filled_report

W = clock.WARSAW


def _ids(rows):
    return [(r.report.id, r.due_on, r.reason) for r in rows]


def test_due_and_overdue_final_partial_calls_and_corrections(world):
    _c1, final = contract_with_report(world)                     # due 30.11
    c2, corrected = filled_report(world)
    filing.file_report(corrected, actor=world.ngo_admin)
    review.review_report(corrected, actor=world.officer, decision="corrections",
                           note="Popraw.", correction_due=dt.date(2026, 11, 16))
    partial = calls.request_partial_report(
        c2, actor=world.officer, period_start=dt.date(2026, 2, 1),
        period_end=dt.date(2026, 5, 31), requested_on=dt.date(2026, 6, 1),
        delivered_on=dt.date(2026, 6, 1), due_on=dt.date(2026, 7, 1))
    db.session.commit()
    a = [world.org_a.id]
    on = dt.date(2026, 11, 10)
    assert _ids(queries.reports_due(a, on, 7)) == [(corrected.id, dt.date(2026, 11, 16),
                                                    "corrections")]
    assert _ids(queries.reports_due(a, on, 20)) == [
        (corrected.id, dt.date(2026, 11, 16), "corrections"),
        (final.id, dt.date(2026, 11, 30), "report")]
    assert _ids(queries.reports_overdue(a, on)) == [(partial.id, dt.date(2026, 7, 1), "report")]
    assert queries.reports_due([world.org_b.id], on, 30) == []
    assert _ids(queries.reports_overdue(None, on)) == _ids(queries.reports_overdue(a, on))
    # after the due dates: the final report is overdue until a call moves its deadline
    on = dt.date(2026, 12, 2)
    assert [r.report.id for r in queries.reports_overdue(a, on)] == [
        partial.id, corrected.id, final.id]
    with clock.frozen_at(dt.datetime(2026, 12, 2, 9, 0, tzinfo=W)):
        calls.record_report_call(final, actor=world.officer, called_on=dt.date(2026, 12, 1),
                                    delivered_on=dt.date(2026, 12, 2))
    assert _ids(queries.reports_due(a, on, 7)) == [(final.id, dt.date(2026, 12, 9), "call")]
    assert final.id not in [r.report.id for r in queries.reports_overdue(a, on)]
    assert final.id in [r.report.id for r in queries.reports_overdue(a, dt.date(2026, 12, 10))]


def test_filed_and_accepted_reports_are_not_awaited(world):
    _c, report = filled_report(world)
    filing.file_report(report, actor=world.ngo_admin)
    on = dt.date(2026, 12, 31)
    assert queries.reports_overdue([world.org_a.id], on) == []
    review.review_report(report, actor=world.officer, decision="accepted")
    assert queries.reports_due([world.org_a.id], dt.date(2026, 11, 1), 60) == []
