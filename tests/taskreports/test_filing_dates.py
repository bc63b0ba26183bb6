"""The dates of a report (issue 9): a final report is filed after the task ends, a partial one
after its period ends; a document dated after the filing day is refused; a document outside
the period of eligible costs does not stop the filing but is flagged to the officer (in the
frozen content and on the officer's page)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from grants.contracts.models import TrancheCondition
from grants.core import clock
from grants.core.errors import ValidationFailed
from grants.extensions import db
from grants.taskreports import calls, drafts, filing, review, rules
from grants.taskreports.models import ReportStatus
from tests.conftest import login
from tests.support.taskreports import DOCUMENTS, contract_with_report, report_data

D = Decimal
W = clock.WARSAW


def _draft(report, world, documents=None):
    version = drafts.start_report_version(report, actor=world.ngo_admin)
    drafts.save_report_draft(report, actor=world.ngo_admin,
                             data=report_data(version, documents=documents))
    db.session.commit()
    return version


def _shifted(days: int) -> list[dict]:
    """The example documents moved by `days` (a task of other dates)."""
    out = []
    for d in DOCUMENTS:
        moved = dict(d)
        moved["issued_on"] = d["issued_on"] + dt.timedelta(days=days)
        moved["paid_on"] = d["paid_on"] + dt.timedelta(days=days) if d["paid_on"] else None
        out.append(moved)
    return out


def test_a_final_report_of_a_task_of_next_year_cannot_be_filed_this_year(world):
    """Today (10.11.2026) a final report of a 2027 task was filed, accepted and settled."""
    _contract, report = contract_with_report(
        world, start=dt.date(2027, 1, 4), end=dt.date(2027, 6, 30),
        report_due=dt.date(2027, 7, 30),
        tranches=((dt.date(2026, 11, 2), D("26000.00"), TrancheCondition.NONE),))
    _draft(report, world)
    problems = filing.check_report(report)
    assert [p.field for p in problems][:1] == ["period_end"]
    assert "po zakończeniu zadania" in problems[0].message and "30.06.2027" in problems[0].message
    with pytest.raises(ValidationFailed):
        filing.file_report(report, actor=world.ngo_admin)
    db.session.rollback()
    assert report.status == ReportStatus.DUE and report.filed_version is None


@pytest.mark.parametrize("now, allowed", [
    (dt.datetime(2026, 11, 30, 23, 59, tzinfo=W), False),   # the task's last day
    (dt.datetime(2026, 12, 1, 0, 1, tzinfo=W), True),       # the day after it
])
def test_the_final_report_is_filed_from_the_day_after_the_task_ends(world, now, allowed):
    _contract, report = contract_with_report(world, end=dt.date(2026, 11, 30),
                                             report_due=dt.date(2026, 12, 30))
    _draft(report, world)
    with clock.frozen_at(now):
        fields = [p.field for p in filing.check_report(report)]
        assert ("period_end" not in fields) is allowed
        if allowed:
            filing.file_report(report, actor=world.ngo_admin)
            assert report.status == ReportStatus.FILED


def test_a_partial_report_is_not_filed_before_its_period_ends(world):
    contract, _final = contract_with_report(world)
    with clock.frozen_at(dt.datetime(2026, 5, 20, 12, 0, tzinfo=W)):
        report = calls.request_partial_report(
            contract, actor=world.officer, period_start=dt.date(2026, 2, 1),
            period_end=dt.date(2026, 5, 31), requested_on=dt.date(2026, 5, 20),
            delivered_on=dt.date(2026, 5, 20), due_on=dt.date(2026, 6, 30))
        _draft(report, world, documents=[DOCUMENTS[0]])
        problems = filing.check_report(report)
        assert problems[0].field == "period_end"
        assert "31.05.2026" in problems[0].message
        with pytest.raises(ValidationFailed):
            filing.file_report(report, actor=world.ngo_admin)


def test_documents_dated_after_the_filing_day_are_refused(world):
    # the grant may be used until 30.11; filing on 10.11 a document of 12.11 is refused
    _contract, report = contract_with_report(world, use_by=dt.date(2026, 11, 30))
    docs = [dict(d) for d in DOCUMENTS]
    docs[2]["issued_on"] = dt.date(2026, 11, 12)
    docs[3]["paid_on"] = dt.date(2026, 11, 11)
    _draft(report, world, documents=docs)
    problems = filing.check_report(report)
    assert [p.field for p in problems] == ["documents-2-issued_on", "documents-3-paid_on"]
    assert "12.11.2026" in problems[0].message and "10.11.2026" in problems[0].message
    with pytest.raises(ValidationFailed):
        filing.file_report(report, actor=world.ngo_admin)


def test_documents_outside_the_eligible_period_are_flagged_to_the_officer(world, client):
    _contract, report = contract_with_report(world)
    docs = [dict(d) for d in DOCUMENTS]
    docs[0]["issued_on"] = dt.date(2026, 1, 15)             # before the task's start
    docs[1]["paid_on"] = dt.date(2026, 11, 3)               # paid after the use-by date
    _draft(report, world, documents=docs)
    assert filing.check_report(report) == []
    flags = filing.report_flags(report)
    assert [f.field for f in flags] == ["documents-0-issued_on", "documents-1-paid_on"]
    version = filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    assert [f["field"] for f in version.content["flags"]] == [
        "documents-0-issued_on", "documents-1-paid_on"]
    assert "15.01.2026" in version.content["flags"][0]["message"]
    login(client, world.officer)
    page = client.get(f"/sprawozdania/{report.id}").get_data(as_text=True)
    assert "Do sprawdzenia przez urzędnika" in page and "15.01.2026" in page
    review.review_report(report, actor=world.officer, decision="accepted", note="")
    db.session.commit()
    assert report.status == ReportStatus.ACCEPTED


def test_the_organisation_sees_the_flags_when_it_checks_its_draft(world, client):
    _contract, report = contract_with_report(world)
    docs = [dict(d) for d in DOCUMENTS]
    docs[0]["issued_on"] = dt.date(2026, 1, 15)
    _draft(report, world, documents=docs)
    login(client, world.ngo_admin)
    from tests.taskreports.test_views import _form_payload

    page = client.post(f"/sprawozdania/{report.id}/edycja",
                       data=_form_payload(report, action="check")).get_data(as_text=True)
    assert "Sprawozdanie spełnia warunki" in page
    assert "urzędnik" in page and "15.01.2026" in page


@pytest.mark.pure
@pytest.mark.parametrize("document, expected", [
    (rules.DocumentRow("F/1", dt.date(2026, 5, 1), D("10"), "A", D("10")), []),
    (rules.DocumentRow("F/1", dt.date(2026, 1, 31), D("10"), "A", D("10")),
     ["documents-0-issued_on"]),
    (rules.DocumentRow("F/1", dt.date(2026, 11, 1), D("10"), "A", D("10")),
     ["documents-0-issued_on"]),
    (rules.DocumentRow("F/1", dt.date(2026, 10, 1), D("10"), "A", D("10"),
                       dt.date(2026, 11, 2)), ["documents-0-paid_on"]),
    # paid after the use-by date but nothing from the grant: no flag
    (rules.DocumentRow("F/1", dt.date(2026, 10, 1), D("10"), "A", D("0"),
                       dt.date(2026, 11, 2)), []),
])
def test_document_flags(document, expected):
    flags = rules.document_flags([document], period_start=dt.date(2026, 2, 1),
                                 last_day=dt.date(2026, 10, 31))
    assert [f.field for f in flags] == expected


@pytest.mark.pure
@pytest.mark.parametrize("partial, period_end, on, refused", [
    (False, dt.date(2026, 10, 31), dt.date(2026, 10, 31), True),
    (False, dt.date(2026, 10, 31), dt.date(2026, 11, 1), False),
    (True, dt.date(2026, 5, 31), dt.date(2026, 5, 30), True),
    (True, dt.date(2026, 5, 31), dt.date(2026, 6, 1), False),
])
def test_timing_problems(partial, period_end, on, refused):
    problems = rules.timing_problems(partial=partial, period_end=period_end, filed_on=on)
    assert bool(problems) is refused


def test_a_report_filed_too_early_before_the_rule_is_not_accepted_before_its_end(world):
    _contract, report = contract_with_report(world)
    _draft(report, world)
    filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    with clock.frozen_at(dt.datetime(2026, 10, 31, 12, 0, tzinfo=W)):  # as if filed earlier
        with pytest.raises(ValidationFailed) as exc:
            review.review_report(report, actor=world.officer, decision="accepted")
        assert "decision" in exc.value.field_errors
    review.review_report(report, actor=world.officer, decision="accepted")
    assert report.status == ReportStatus.ACCEPTED
