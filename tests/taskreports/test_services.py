"""Services of the reports: prefill, save, filing checks, freezing, corrections with history,
the late flag, partial-report requests, review and the call for a missing final report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from grants.contracts.models import TrancheCondition
from grants.core import clock
from grants.core.audit import AuditEntry
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.documents.filing import content_sha256
from grants.extensions import db
from grants.taskreports import calls, drafts, filing, review, rules
from grants.taskreports.models import (
    ReportKind,
    ReportStatus,
    ReportVersionState,
)
from tests.support.taskreports import (
    DOCUMENTS,
    contract_with_report,
    filled_report,
    report_data,
)

D = Decimal
W = clock.WARSAW


# ---------------------------------------------------------------- prefill and save

def test_a_new_draft_is_prefilled_from_the_contract_in_force(world):
    contract, report = contract_with_report(world)
    version = drafts.start_report_version(report, actor=world.ngo_member)
    assert version.number == 1 and version.state == ReportVersionState.DRAFT
    assert [(r.name, r.target_value, r.achieved_value) for r in version.results] == [
        ("Liczba wydanych posiłków", "5000", "")]
    assert [(c.item_code, c.item_name, c.actual_grant) for c in version.costs] == [
        ("I.1.1", "Koordynator", D("0.00")), ("I.1.2", "Posiłki", D("0.00")),
        ("I.2.1", "Praca wolontariuszy (wkład osobowy)", D("0.00")),
        ("II.1", "Obsługa administracyjna", D("0.00"))]
    assert drafts.start_report_version(report, actor=world.ngo_member) is version
    assert db.session.query(AuditEntry).filter_by(action="report.version_started").count() == 1


@pytest.mark.parametrize("who", ["officer", "finance", "ngo_other", "officer_b"])
def test_only_the_organisation_writes_its_report(world, who):
    _contract, report = contract_with_report(world)
    with pytest.raises(NotAllowed):
        drafts.start_report_version(report, actor=getattr(world, who))


def test_saving_stores_every_part_as_decimals(world):
    _contract, report = filled_report(world)
    version = report.draft_version
    assert version.description == "Wydano 5 200 posiłków."
    assert version.bank_interest == D("12.34") and version.personal_input == D("3000.00")
    assert [c.actual_grant for c in version.costs] == [D("6400.00"), D("17000.00"), D("0.00"),
                                                       D("2400.00")]
    assert version.costs[1].actual_total == D("19000.00")
    assert [d.number for d in version.documents] == [d["number"] for d in DOCUMENTS]
    assert [r.achieved_value for r in version.results] == ["5200"]


@pytest.mark.parametrize("change, key", [
    ({"amount": D("0")}, "documents-1-amount"),
    ({"amount": None}, "documents-1-amount"),
    ({"grant_part": D("99999.00")}, "documents-1-grant_part"),
    ({"number": " "}, "documents-1-number"),
    ({"issuer": ""}, "documents-1-issuer"),
    ({"issued_on": None}, "documents-1-issued_on"),
    ({"grant_part": D("-1.00")}, "documents-1-grant_part"),
])
def test_a_bad_document_is_refused_with_its_field_and_nothing_is_saved(world, change, key):
    _contract, report = filled_report(world)
    version = report.draft_version
    docs = [dict(d) for d in DOCUMENTS]
    docs[1].update(change)
    with pytest.raises(ValidationFailed) as exc:
        drafts.save_report_draft(report, actor=world.ngo_admin,
                                   data=report_data(version, documents=docs,
                                                    description="zmienione"))
    assert key in exc.value.field_errors
    db.session.rollback()
    assert report.draft_version.description == "Wydano 5 200 posiłków."


def test_a_negative_amount_in_part_two_is_refused(world):
    _contract, report = filled_report(world)
    version = report.draft_version
    with pytest.raises(ValidationFailed) as exc:
        drafts.save_report_draft(report, actor=world.ngo_admin,
                                   data=report_data(version, revenues=D("-5.00")))
    assert exc.value.field_errors["revenues"] == ["Kwota nie może być ujemna."]


def test_the_report_says_what_of_the_revenues_and_bank_interest_was_spent(world):
    """settlement.md: only revenues and bank interest not spent on the task are returned;
    the report says what was spent, never more than was earned."""
    _contract, report = filled_report(world)
    version = report.draft_version
    drafts.save_report_draft(report, actor=world.ngo_admin, data=report_data(
        version, revenues=D("300.00"), revenues_spent=D("250.00"),
        bank_interest=D("10.00"), bank_interest_spent=D("10.00")))
    assert (version.revenues_spent, version.bank_interest_spent) == (D("250.00"), D("10.00"))
    with pytest.raises(ValidationFailed) as exc:
        drafts.save_report_draft(report, actor=world.ngo_admin, data=report_data(
            version, revenues=D("300.00"), revenues_spent=D("300.01")))
    assert "revenues_spent" in exc.value.field_errors


# ---------------------------------------------------------------- filing checks (pure)

def _doc(code="A", grant="100.00", amount="100.00", day=dt.date(2026, 5, 1), paid=None,
         number="F/1"):
    return rules.DocumentRow(number, day, D(amount), code, D(grant), paid)


BASE = {"item_codes": ["A", "B"], "paid": D("300.00"), "filed_on": dt.date(2026, 11, 10)}


@pytest.mark.parametrize("costs, documents, overrides, expected", [
    # everything in order
    ([("A", "100.00"), ("B", "0")], [_doc()], {}, []),
    # the documents' grant parts must match each item's actual grant
    ([("A", "150.00"), ("B", "0")], [_doc()], {},
     ["costs-0-actual_grant: Pozycja A: dokumenty wykazują z dotacji 100,00\xa0zł, a koszt z "
      "dotacji w tabeli kosztów to 150,00\xa0zł - o 50,00\xa0zł mniej."]),
    ([("A", "99.99"), ("B", "0")], [_doc()], {},
     ["costs-0-actual_grant: Pozycja A: dokumenty wykazują z dotacji 100,00\xa0zł, a koszt z "
      "dotacji w tabeli kosztów to 99,99\xa0zł - o 0,01\xa0zł więcej."]),
    # an item code not in the contract
    ([("A", "0"), ("B", "0")], [_doc(code="Z", grant="0")], {},
     ["documents-0-item_code: Dokument F/1: pozycja kosztorysu „Z” nie występuje w umowie "
      "(pozycje umowy: A, B)."]),
    # grant part above the document's amount
    ([("A", "120.00"), ("B", "0")], [_doc(grant="120.00")], {},
     ["documents-0-grant_part: Dokument F/1: część z dotacji (120,00\xa0zł) jest większa od "
      "kwoty dokumentu (100,00\xa0zł)."]),
    # more grant than paid
    ([("A", "100.00"), ("B", "250.00")], [_doc(), _doc(code="B", grant="250.00",
                                                        amount="250.00")], {},
     ["costs: Koszty z dotacji razem (350,00\xa0zł) przekraczają kwotę dotacji przekazaną na "
      "podstawie umowy (300,00\xa0zł) o 50,00\xa0zł."]),
    # a document issued or paid after the filing day (the use-by date or the period as such
    # is no refusal: taskreports.rules.document_flags flags it to the officer)
    ([("A", "100.00"), ("B", "0")], [_doc(day=dt.date(2026, 11, 11))], {},
     ["documents-0-issued_on: Dokument F/1 z dnia 11.11.2026: data wystawienia późniejsza "
      "niż dzień złożenia sprawozdania (10.11.2026)."]),
    ([("A", "100.00"), ("B", "0")], [_doc(paid=dt.date(2026, 11, 11))], {},
     ["documents-0-paid_on: Dokument F/1: data zapłaty 11.11.2026 późniejsza niż dzień "
      "złożenia sprawozdania (10.11.2026)."]),
    ([("A", "100.00"), ("B", "0")], [_doc(day=dt.date(2026, 11, 1))], {}, []),
])
def test_filing_problems(costs, documents, overrides, expected):
    problems = rules.filing_problems(
        costs=[rules.CostRow(c, D(g)) for c, g in costs], documents=documents,
        **{**BASE, **overrides})
    assert [f"{p.field}: {p.message}" for p in problems] == expected


def test_the_example_report_passes_and_a_report_above_what_was_paid_does_not(world):
    contract, report = filled_report(world)
    assert filing.check_report(report) == []
    # only the first tranche paid when filing: 25 800 > 13 000
    contract.payments[1].paid_on = dt.date(2026, 12, 1)
    problems = filing.check_report(report)
    assert [p.field for p in problems] == ["costs"]
    assert "13\xa0000,00\xa0zł" in problems[0].message


def test_a_report_without_description_cannot_be_filed(world):
    _contract, report = filled_report(world)
    drafts.save_report_draft(report, actor=world.ngo_admin,
                               data=report_data(report.draft_version, description="  "))
    with pytest.raises(ValidationFailed) as exc:
        filing.file_report(report, actor=world.ngo_admin)
    assert "description" in exc.value.field_errors
    assert report.status == ReportStatus.DUE


# ---------------------------------------------------------------- filing, freezing, history

def test_filing_freezes_the_version_and_mails_the_officers(world, mailbox):
    contract, report = filled_report(world)
    version = filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    assert version.state == ReportVersionState.FILED and report.status == ReportStatus.FILED
    assert version.sha256 == content_sha256(version.content)
    assert version.content["II"]["grant_total"] == "25800.00"
    assert version.content["documents"][0]["amount"] == "10000.00"
    assert version.content["filing"]["late"] is False
    assert version.content["filing"]["deadline"] == "2026-11-30"
    assert [m["To"] for m in mailbox] == [world.officer.email, world.ngo_admin.email]
    assert "Złożono sprawozdanie końcowe" in mailbox[0]["Subject"]
    assert "Potwierdzenie złożenia sprawozdania końcowego" in mailbox[1]["Subject"]
    with pytest.raises(InvalidTransition):
        drafts.start_report_version(report, actor=world.ngo_member)
    with pytest.raises(InvalidTransition):
        drafts.save_report_draft(report, actor=world.ngo_member,
                                   data=report_data(version))


def test_corrections_make_a_new_version_and_keep_the_history(world, mailbox):
    _contract, report = filled_report(world)
    first = filing.file_report(report, actor=world.ngo_admin)
    review.review_report(report, actor=world.officer, decision="corrections",
                           note="Popraw opis rezultatów.", correction_due=dt.date(2026, 11, 20))
    db.session.commit()
    assert report.status == ReportStatus.CORRECTIONS
    assert report.correction_due == dt.date(2026, 11, 20)
    assert "Wezwanie do poprawienia" in mailbox[-1]["Subject"]
    assert world.ngo_x.email in mailbox[-1]["To"]
    second = drafts.start_report_version(report, actor=world.ngo_admin)
    assert second.number == 2 and second.description == first.description
    assert [d.number for d in second.documents] == [d.number for d in first.documents]
    assert second.costs[1].actual_grant == D("17000.00")
    data = report_data(second, description="Wydano 5 200 posiłków w 3 punktach.")
    drafts.save_report_draft(report, actor=world.ngo_admin, data=data)
    filed = filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    assert [v.state for v in report.versions] == [ReportVersionState.SUPERSEDED,
                                                  ReportVersionState.FILED]
    assert report.filed_version is filed and report.status == ReportStatus.FILED
    assert first.content["I"]["description"] == "Wydano 5 200 posiłków."   # frozen
    assert filed.content["filing"]["replaces_version"] == 1
    assert filed.content["filing"]["deadline_reason"] == "corrections"
    review.review_report(report, actor=world.officer, decision="accepted")
    assert report.status == ReportStatus.ACCEPTED and report.accepted_on == dt.date(2026, 11, 10)
    assert [r.decision for r in report.reviews] == ["corrections", "accepted"]


@pytest.mark.parametrize("filed_at, late", [
    (dt.datetime(2026, 11, 30, 23, 59, 59, tzinfo=W), False),
    (dt.datetime(2026, 12, 1, 0, 0, 0, tzinfo=W), True),
    (dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC), True),   # 00:30 on 1.12 in Warsaw
])
def test_a_report_filed_after_2359_warsaw_time_of_the_due_date_is_late(world, filed_at, late):
    _contract, report = filled_report(world)
    with clock.frozen_at(filed_at):
        version = filing.file_report(report, actor=world.ngo_admin)
    assert version.content["filing"]["late"] is late
    assert filing.is_version_late(version) is late


def test_a_correction_filed_after_its_due_date_is_late(world):
    _contract, report = filled_report(world)
    filing.file_report(report, actor=world.ngo_admin)
    review.review_report(report, actor=world.officer, decision="corrections",
                           note="Uzupełnij.", correction_due=dt.date(2026, 11, 12))
    drafts.start_report_version(report, actor=world.ngo_admin)
    with clock.frozen_at(dt.datetime(2026, 11, 13, 8, 0, tzinfo=W)):
        version = filing.file_report(report, actor=world.ngo_admin)
    assert version.content["filing"]["late"] is True
    assert version.content["filing"]["after_report_due"] is False


# ---------------------------------------------------------------- review

@pytest.mark.parametrize("decision, note, due, field", [
    ("corrections", "", dt.date(2026, 11, 20), "note"),
    ("corrections", "Popraw.", None, "correction_due"),
    ("corrections", "Popraw.", dt.date(2026, 11, 9), "correction_due"),
    ("maybe", "", None, "decision"),
    (None, "", None, "decision"),
])
def test_review_refusals(world, decision, note, due, field):
    _contract, report = filled_report(world)
    filing.file_report(report, actor=world.ngo_admin)
    with pytest.raises(ValidationFailed) as exc:
        review.review_report(report, actor=world.officer, decision=decision, note=note,
                               correction_due=due)
    assert field in exc.value.field_errors
    assert report.status == ReportStatus.FILED


def test_only_a_filed_report_is_reviewed_and_only_by_the_organisers_officer(world):
    _contract, report = filled_report(world)
    with pytest.raises(InvalidTransition):
        review.review_report(report, actor=world.officer, decision="accepted")
    filing.file_report(report, actor=world.ngo_admin)
    for who in ("officer_b", "finance", "ngo_admin"):
        with pytest.raises(NotAllowed):
            review.review_report(report, actor=getattr(world, who), decision="accepted")


def test_accepting_mails_the_organisation(world, mailbox):
    _contract, report = filled_report(world)
    filing.file_report(report, actor=world.ngo_admin)
    review.review_report(report, actor=world.officer, decision="accepted", note="Dziękujemy.")
    db.session.commit()
    assert "Sprawozdanie przyjęte" in mailbox[-1]["Subject"]
    assert set(mailbox[-1]["To"].split(", ")) == {world.ngo_x.email, world.ngo_admin.email,
                                                  world.ngo_member.email}


# ---------------------------------------------------------------- partial reports

def _request(contract, world, **kw):
    args = {"period_start": dt.date(2026, 2, 1), "period_end": dt.date(2026, 5, 31),
            "requested_on": dt.date(2026, 6, 1), "delivered_on": dt.date(2026, 6, 3),
            "due_on": dt.date(2026, 7, 3), "note": "Za okres do końca maja."}
    args.update(kw)
    return calls.request_partial_report(contract, actor=world.officer, **args)


@pytest.mark.parametrize("delivered_on, earliest", [
    (dt.date(2026, 6, 3), dt.date(2026, 7, 3)),      # Friday: 30 days later
    (dt.date(2026, 10, 2), dt.date(2026, 11, 2)),    # 1.11 Sunday + All Saints -> Monday 2.11
    (dt.date(2026, 10, 12), dt.date(2026, 11, 12)),  # 11.11 Independence Day -> 12.11
    (dt.date(2026, 11, 24), dt.date(2026, 12, 28)),  # 24.12 holiday, 25-26, 27 Sunday
])
def test_a_partial_report_is_due_no_earlier_than_30_days_after_delivery(world, delivered_on,
                                                                        earliest):
    contract, _report = contract_with_report(world)
    with clock.frozen_at(dt.datetime(2026, 11, 30, 9, 0, tzinfo=W)):
        with pytest.raises(ValidationFailed) as exc:
            _request(contract, world, requested_on=delivered_on, delivered_on=delivered_on,
                     due_on=earliest - dt.timedelta(days=1))
        assert f"najwcześniej {earliest:%d.%m.%Y}" in exc.value.field_errors["due_on"][0]
        report = _request(contract, world, requested_on=delivered_on,
                          delivered_on=delivered_on, due_on=earliest)
    assert report.due_on == earliest


def test_a_partial_request_creates_the_report_and_mails_the_organisation(world, mailbox):
    contract, _final = contract_with_report(world)
    report = _request(contract, world)
    second = _request(contract, world, period_start=dt.date(2026, 6, 1),
                      period_end=dt.date(2026, 8, 31), due_on=dt.date(2026, 7, 10))
    db.session.commit()
    assert report.kind == ReportKind.PARTIAL and report.status == ReportStatus.DUE
    assert (report.year, report.sequence, second.sequence) == (2026, 1, 2)
    assert report.requested_by_id == world.officer.id
    assert "sprawozdania częściowego" in mailbox[0]["Subject"]
    assert "03.07.2026" in mailbox[0].get_content()


@pytest.mark.parametrize("change, field", [
    ({"period_end": dt.date(2026, 1, 31)}, "period_end"),
    ({"period_end": dt.date(2026, 12, 31)}, "period_start"),
    ({"delivered_on": dt.date(2026, 5, 30)}, "delivered_on"),
    ({"delivered_on": dt.date(2026, 11, 11), "due_on": dt.date(2026, 12, 31)}, "delivered_on"),
    ({"due_on": None}, "due_on"),
])
def test_partial_request_refusals(world, change, field):
    contract, _final = contract_with_report(world)
    with pytest.raises(ValidationFailed) as exc:
        _request(contract, world, **change)
    assert field in exc.value.field_errors


def test_a_partial_report_checks_what_was_paid_by_filing(world):
    contract, _final = contract_with_report(world, tranches=(
        (dt.date(2026, 3, 2), D("13000.00"), TrancheCondition.NONE),
        (dt.date(2026, 6, 1), D("13000.00"), TrancheCondition.PARTIAL_REPORT)))
    contract.payments[1].paid_on = dt.date(2026, 12, 1)   # second tranche not yet paid
    report = _request(contract, world)
    version = drafts.start_report_version(report, actor=world.ngo_admin)
    docs = [{"number": "FV/1", "issued_on": dt.date(2026, 3, 31), "issuer": "Koordynator",
             "amount": D("14000.00"), "item_code": "I.1.1", "grant_part": D("14000.00"),
             "paid_on": None}]
    data = report_data(version, documents=docs)
    data["costs"] = [{"actual_grant": D("14000.00") if c.item_code == "I.1.1" else D("0")}
                     for c in version.costs]
    drafts.save_report_draft(report, actor=world.ngo_admin, data=data)
    problems = filing.check_report(report)
    assert [p.field for p in problems] == ["costs"]
    assert "do dnia złożenia (13\xa0000,00\xa0zł)" in problems[0].message


# ---------------------------------------------------------------- the call (art. 18 ust. 3)

@pytest.mark.parametrize("delivered_on, due", [
    (dt.date(2026, 12, 2), dt.date(2026, 12, 9)),
    (dt.date(2026, 12, 17), dt.date(2026, 12, 28)),   # 24.12 (from 2025), 25, 26, 27 Sunday
    (dt.date(2026, 12, 5), dt.date(2026, 12, 14)),    # 12.12 Saturday, 13 Sunday
])
def test_a_call_gives_seven_days_from_delivery(world, mailbox, delivered_on, due):
    _contract, report = contract_with_report(world)
    with clock.frozen_at(dt.datetime(2026, 12, 18, 9, 0, tzinfo=W)):
        call = calls.record_report_call(report, actor=world.officer,
                                           called_on=dt.date(2026, 12, 1),
                                           delivered_on=delivered_on, note="Pismo nr 1")
        db.session.commit()
        assert call.due_on == due
        assert calls.call_lapsed(report, due) is False
        assert calls.call_lapsed(report, due + dt.timedelta(days=1)) is True
    assert "Wezwanie do złożenia sprawozdania końcowego" in mailbox[0]["Subject"]


def test_a_call_only_for_a_missing_final_report_past_its_due_date(world):
    _contract, report = filled_report(world)
    with pytest.raises(InvalidTransition):   # 10.11: not yet due
        calls.record_report_call(report, actor=world.officer,
                                    called_on=dt.date(2026, 11, 10),
                                    delivered_on=dt.date(2026, 11, 10))
    filing.file_report(report, actor=world.ngo_admin)
    with clock.frozen_at(dt.datetime(2026, 12, 2, 9, 0, tzinfo=W)):
        with pytest.raises(InvalidTransition):   # filed
            calls.record_report_call(report, actor=world.officer,
                                        called_on=dt.date(2026, 12, 1),
                                        delivered_on=dt.date(2026, 12, 2))
        with pytest.raises(NotAllowed):
            calls.record_report_call(report, actor=world.ngo_admin,
                                        called_on=dt.date(2026, 12, 1),
                                        delivered_on=dt.date(2026, 12, 2))


def test_a_filing_after_a_call_answers_to_the_calls_due_date(world):
    _contract, report = filled_report(world)
    with clock.frozen_at(dt.datetime(2026, 12, 2, 9, 0, tzinfo=W)):
        calls.record_report_call(report, actor=world.officer,
                                    called_on=dt.date(2026, 12, 1),
                                    delivered_on=dt.date(2026, 12, 2))
    with clock.frozen_at(dt.datetime(2026, 12, 8, 9, 0, tzinfo=W)):
        version = filing.file_report(report, actor=world.ngo_admin)
    record = version.content["filing"]
    assert (record["deadline"], record["deadline_reason"], record["late"],
            record["after_report_due"]) == ("2026-12-09", "call", False, True)
