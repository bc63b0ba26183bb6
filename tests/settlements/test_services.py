"""settle_report and record_return_payment end to end on the worked example of settlement.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, select

from grants.contracts.models import ContractStatus, Payment, TrancheCondition
from grants.controls.services import record_misuse
from grants.core import clock
from grants.core.audit import AuditEntry
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.extensions import db
from grants.rules.models import TaxArrearsRate
from grants.rules.services import set_rate
from grants.settlements import queries, services
from grants.settlements.models import ReturnKind
from grants.taskreports.models import ReportStatus
from tests.support.contract_factory import make_contract
from tests.support.settlements import AS_PLANNED, accept_report

WARSAW = ZoneInfo("Europe/Warsaw")


def at(day: dt.date):
    return clock.frozen_at(dt.datetime.combine(day, dt.time(12), tzinfo=WARSAW))


def only_rates_from_2026(world, *rates):
    """The shipped table (revision 0006) with its 2026 rates replaced by `rates`."""
    db.session.execute(delete(TaxArrearsRate).where(
        TaxArrearsRate.effective_from >= dt.date(2026, 1, 1)))
    for day, percent in rates:
        set_rate(day, D(percent), actor=world.admin)


def illustrative_rates(world):
    """settlement.md's illustrative rates: 12.0 % to 2026-06-30, 11.0 % from 2026-07-01."""
    only_rates_from_2026(world, (dt.date(2026, 1, 1), "12.0"), (dt.date(2026, 7, 1), "11.0"))



def settle_example(world, **report_kw):
    contract = make_contract(world, paid=True)
    report = accept_report(contract, world, **report_kw)
    with at(dt.date(2026, 12, 10)):
        settlement = services.settle_report(report, actor=world.officer,
                                            finding_date=dt.date(2026, 12, 10), note="Bez uwag.")
    db.session.commit()
    return contract, report, settlement


def test_worked_example_end_to_end(world, mailbox):
    contract, report, s = settle_example(world)
    assert (s.paid, s.unused, s.excess_items, s.excess_share, s.misused, s.total) == (
        D("26000.00"), D("200.00"), D("200.00"), D("400.00"), D("0.00"), D("800.00"))
    assert s.unused_due == dt.date(2026, 11, 16)
    assert s.excess_due == dt.date(2026, 12, 28)
    parts = [(p.kind, p.principal, p.due_on, p.interest_from) for p in s.parts]
    assert parts == [
        (ReturnKind.UNUSED, D("200.00"), dt.date(2026, 11, 16), dt.date(2026, 11, 17)),
        (ReturnKind.EXCESS_ITEMS, D("200.00"), dt.date(2026, 12, 28), dt.date(2026, 12, 29)),
        (ReturnKind.EXCESS_SHARE, D("400.00"), dt.date(2026, 12, 28), dt.date(2026, 12, 29)),
    ]
    items = {r["code"]: r for r in s.details["items"]}
    assert items["II.1"]["allowed"] == "2200.00" and items["II.1"]["excess"] == "200.00"
    assert s.details["share_limit"] == "25200.00"
    table = queries.table_of(s)
    assert (table.share_pct, table.limit_pct) == (D("65.00"), D("70.00"))
    assert s.pdf_file is not None and s.pdf_file.data.startswith(b"%PDF")
    assert s.report_version_id == report.filed_version.id
    assert contract.status == ContractStatus.SIGNED          # 800.00 still to return
    assert db.session.scalar(select(AuditEntry).filter_by(action="settlement.recorded"))
    assert len(mailbox) == 1
    body = mailbox[0].get_content()
    assert "800,00" in body and "28.12.2026" in body and "16.11.2026" in body
    assert world.ngo_x.email in mailbox[0]["To"]


def test_revenues_and_bank_interest_are_parts_due_with_unused(world):
    _c, _r, s = settle_example(world, revenues=D("150.55"), bank_interest=D("12.34"))
    kinds = {p.kind: p for p in s.parts}
    assert kinds[ReturnKind.REVENUES].principal == D("150.55")
    assert kinds[ReturnKind.BANK_INTEREST].due_on == dt.date(2026, 11, 16)
    assert s.total == D("962.89")


def test_misuse_from_control_returned_with_interest_from_the_tranche(world):
    illustrative_rates(world)
    contract = make_contract(world, paid=True)
    with at(dt.date(2026, 12, 10)):
        record_misuse(contract, actor=world.officer, item_code="I.1.1", tranche_number=1,
                      amount=D("5000.00"), description="Zakup niezwiązany z zadaniem.",
                      found_on=dt.date(2026, 12, 1))
        report = accept_report(contract, world)
        s = services.settle_report(report, actor=world.officer,
                                   finding_date=dt.date(2026, 12, 10))
    db.session.commit()
    assert (s.unused, s.excess_items, s.misused, s.excess_share, s.total) == (
        D("200.00"), D("200.00"), D("5000.00"), D("0.00"), D("5400.00"))
    misused = next(p for p in s.parts if p.kind == ReturnKind.MISUSED)
    # due 15 days after the control's finding of 2026-12-01, not after the settlement
    assert (misused.tranche_number, misused.interest_from, misused.due_on) == (
        1, dt.date(2026, 3, 2), dt.date(2026, 12, 16))
    # settlement.md: returned on 2026-12-28 -> 121 d at 12 % + 181 d at 11 % = 472 zł
    owed = queries.outstanding(misused, dt.date(2026, 12, 28))
    assert (owed.principal, owed.interest) == (D("5000.00"), D("472"))
    with at(dt.date(2026, 12, 28)):
        pay = services.record_return_payment(misused, actor=world.finance,
                                             paid_on=dt.date(2026, 12, 28),
                                             amount=D("5472.00"), bank_reference="ZWROT/1")
    assert (pay.principal_part, pay.interest_part, pay.interest_due_then) == (
        D("5000.00"), D("472.00"), D("472"))
    assert misused.settled_at is not None
    assert queries.outstanding(misused, dt.date(2027, 3, 1)).total == 0


def test_misuse_per_tranche_of_origin(world):
    contract = make_contract(world, paid=True)
    with at(dt.date(2026, 12, 10)):
        for tranche, amount in ((1, D("100.00")), (2, D("50.00")), (2, D("25.00"))):
            record_misuse(contract, actor=world.officer, item_code="I.1.2",
                          tranche_number=tranche, amount=amount, description="Niezgodnie.",
                          found_on=dt.date(2026, 12, 1))
        s = services.settle_report(accept_report(contract, world), actor=world.officer,
                                   finding_date=dt.date(2026, 12, 10))
    misused = [(p.tranche_number, p.principal, p.interest_from) for p in s.parts
               if p.kind == ReturnKind.MISUSED]
    # one part per finding, each with its tranche's transfer day
    assert misused == [(1, D("100.00"), dt.date(2026, 3, 2)),
                       (2, D("50.00"), dt.date(2026, 6, 1)),
                       (2, D("25.00"), dt.date(2026, 6, 1))]
    assert all(p.misuse_finding_id for p in s.parts if p.kind == ReturnKind.MISUSED)
    assert s.misused == D("175.00")


def test_misuse_is_due_15_days_after_the_controls_finding_not_its_entry(world):
    """Issue 9: found by the control on 2026-11-20, entered and settled on 2026-12-10: due
    2026-12-05 is a Saturday -> 2026-12-07; interest from the tranche's transfer."""
    contract = make_contract(world, paid=True)
    with at(dt.date(2026, 12, 10)):
        record_misuse(contract, actor=world.officer, item_code="I.1.2", tranche_number=2,
                      amount=D("300.00"), description="Catering na zebranie zarządu.",
                      found_on=dt.date(2026, 11, 20))
        s = services.settle_report(accept_report(contract, world), actor=world.officer,
                                   finding_date=dt.date(2026, 12, 10))
    part = next(p for p in s.parts if p.kind == ReturnKind.MISUSED)
    assert (part.due_on, part.interest_from) == (dt.date(2026, 12, 7), dt.date(2026, 6, 1))


def test_partial_payments_split_in_proportion(world):
    illustrative_rates(world)
    contract = make_contract(world, paid=True)
    with at(dt.date(2026, 12, 10)):
        record_misuse(contract, actor=world.officer, item_code="I.1.1", tranche_number=1,
                      amount=D("5000.00"), description="Niezgodnie.",
                      found_on=dt.date(2026, 12, 1))
        s = services.settle_report(accept_report(contract, world), actor=world.officer,
                                   finding_date=dt.date(2026, 12, 10))
    part = next(p for p in s.parts if p.kind == ReturnKind.MISUSED)
    with at(dt.date(2026, 12, 28)):
        first = services.record_return_payment(part, actor=world.finance,
                                               paid_on=dt.date(2026, 12, 28),
                                               amount=D("1000.00"), bank_reference="Z/1")
        # 1000 x 472 / 5472 = 86.2573 -> 86.26 interest, 913.74 principal
        assert (first.principal_part, first.interest_part) == (D("913.74"), D("86.26"))
        left = queries.outstanding(part, dt.date(2026, 12, 28))
        assert (left.principal, left.interest) == (D("4086.26"), D("385.74"))
        with pytest.raises(ValidationFailed, match="przekracza"):
            services.record_return_payment(part, actor=world.finance,
                                           paid_on=dt.date(2026, 12, 28),
                                           amount=D("4472.01"), bank_reference="Z/2")
        last = services.record_return_payment(part, actor=world.finance,
                                              paid_on=dt.date(2026, 12, 28),
                                              amount=D("4472.00"), bank_reference="Z/2")
    assert (last.principal_part, last.interest_part) == (D("4086.26"), D("385.74"))
    assert (part.principal_paid, part.interest_paid) == (D("5000.00"), D("472.00"))
    db.session.commit()


def test_interest_keeps_running_after_a_partial_payment(world):
    illustrative_rates(world)
    contract = make_contract(world, paid=True)
    with at(dt.date(2026, 12, 10)):
        record_misuse(contract, actor=world.officer, item_code="I.1.1", tranche_number=1,
                      amount=D("5000.00"), description="Niezgodnie.",
                      found_on=dt.date(2026, 12, 1))
        s = services.settle_report(accept_report(contract, world), actor=world.officer,
                                   finding_date=dt.date(2026, 12, 10))
    part = next(p for p in s.parts if p.kind == ReturnKind.MISUSED)
    with at(dt.date(2026, 12, 28)):
        services.record_return_payment(part, actor=world.finance, paid_on=dt.date(2026, 12, 28),
                                       amount=D("1000.00"), bank_reference="Z/1")
    # 4086.26 x 11 % x 365 / 365 = 449.49 -> 449 more by 2027-12-28
    owed = queries.outstanding(part, dt.date(2027, 12, 28))
    assert owed.interest == D("385.74") + D("449")


def test_paying_everything_closes_the_contract(world):
    contract, _report, s = settle_example(world)
    with at(dt.date(2026, 12, 10)):
        for part in s.parts:
            # interest on U from 17 Nov: 200 x 24 d under the floor -> 0
            owed = queries.outstanding(part, dt.date(2026, 12, 10))
            assert owed.interest == 0
            services.record_return_payment(part, actor=world.finance,
                                           paid_on=dt.date(2026, 12, 10),
                                           amount=owed.total, bank_reference="ZWROT")
            if part is not s.parts[-1]:
                assert contract.status == ContractStatus.SIGNED
    assert contract.status == ContractStatus.CLOSED
    assert contract.closed_at is not None
    assert db.session.scalar(select(AuditEntry).filter_by(action="contract.closed"))
    db.session.commit()


def test_nothing_to_return_closes_the_contract_at_once(world):
    contract = make_contract(world, paid=True)
    report = accept_report(contract, world, actuals=AS_PLANNED)
    with at(dt.date(2026, 12, 10)):
        s = services.settle_report(report, actor=world.officer,
                                   finding_date=dt.date(2026, 12, 10))
    assert s.total == 0 and s.parts == []
    assert contract.status == ContractStatus.CLOSED


def test_reversed_payment_is_netted(world):
    contract = make_contract(world, paid=True)
    db.session.add_all([
        Payment(contract_id=contract.id, tranche_number=2, paid_on=dt.date(2026, 6, 2),
                amount=D("-13000.00"), bank_reference="STORNO", note="błędny przelew"),
        Payment(contract_id=contract.id, tranche_number=2, paid_on=dt.date(2026, 6, 3),
                amount=D("13000.00"), bank_reference="PONOWNIE")])
    db.session.flush()
    with at(dt.date(2026, 12, 10)):
        s = services.settle_report(accept_report(contract, world), actor=world.officer,
                                   finding_date=dt.date(2026, 12, 10))
    assert s.paid == D("26000.00") and s.total == D("800.00")


@pytest.mark.parametrize(("case", "expected"), [
    ("not accepted", InvalidTransition),
    ("already settled", InvalidTransition),
    ("future finding date", ValidationFailed),
    ("finding before acceptance", ValidationFailed),
    ("not the officer", NotAllowed),
    ("another organiser's officer", NotAllowed),
    ("spent more than paid", ValidationFailed),
    ("note too long", ValidationFailed),
])
def test_settle_refusals(world, case, expected):
    contract = make_contract(world, paid=case != "spent more than paid")
    if case == "spent more than paid":
        db.session.add(Payment(contract_id=contract.id, tranche_number=1,
                               paid_on=dt.date(2026, 3, 2), amount=D("13000.00"),
                               bank_reference="P/1"))
    report = accept_report(contract, world, status=ReportStatus.FILED if case == "not accepted"
                           else ReportStatus.ACCEPTED)
    actor = {"not the officer": world.finance,
             "another organiser's officer": world.officer_b}.get(case, world.officer)
    finding = {"future finding date": dt.date(2026, 12, 11),
               "finding before acceptance": dt.date(2026, 12, 7)}.get(case,
                                                                      dt.date(2026, 12, 10))
    with at(dt.date(2026, 12, 10)):
        if case == "already settled":
            services.settle_report(report, actor=world.officer, finding_date=finding)
        with pytest.raises(expected) as info:
            services.settle_report(report, actor=actor, finding_date=finding,
                                   note="x" * 5001 if case == "note too long" else "")
    if case == "spent more than paid":
        assert "wyższe niż przekazana dotacja" in info.value.message


@pytest.mark.parametrize(("case", "kwargs", "field"), [
    ("future date", {"paid_on": dt.date(2026, 12, 11)}, "paid_on"),
    ("before the grant was transferred", {"paid_on": dt.date(2026, 3, 1)}, "paid_on"),
    ("zero", {"amount": D("0")}, "amount"),
    ("negative", {"amount": D("-5")}, "amount"),
    ("no reference", {"bank_reference": " "}, "bank_reference"),
    ("more than owed", {"amount": D("200.01")}, "amount"),
])
def test_return_payment_refusals(world, case, kwargs, field):
    _c, _r, s = settle_example(world)
    part = s.parts[0]   # U 200.00, no interest on 2026-12-10
    data = {"paid_on": dt.date(2026, 12, 10), "amount": D("50.00"), "bank_reference": "Z"}
    data.update(kwargs)
    with at(dt.date(2026, 12, 10)), pytest.raises(ValidationFailed) as info:
        services.record_return_payment(part, actor=world.finance, **data)
    assert field in info.value.field_errors
    assert part.payments == []


def test_only_finance_records_returns(world):
    _c, _r, s = settle_example(world)
    with at(dt.date(2026, 12, 10)), pytest.raises(NotAllowed):
        services.record_return_payment(s.parts[0], actor=world.officer,
                                       paid_on=dt.date(2026, 12, 10), amount=D("1.00"),
                                       bank_reference="Z")


def test_paid_part_refuses_more(world):
    _c, _r, s = settle_example(world)
    with at(dt.date(2026, 12, 10)):
        services.record_return_payment(s.parts[0], actor=world.finance,
                                       paid_on=dt.date(2026, 12, 10), amount=D("200.00"),
                                       bank_reference="Z")
        with pytest.raises(InvalidTransition):
            services.record_return_payment(s.parts[0], actor=world.finance,
                                           paid_on=dt.date(2026, 12, 10), amount=D("1.00"),
                                           bank_reference="Z")


def test_floor_applies_to_small_interest(world):
    illustrative_rates(world)
    _c, _r, s = settle_example(world)
    unused = s.parts[0]
    # settlement.md: 200.00 due 2026-11-16 returned 2027-01-20 -> 3.92 -> 0
    assert queries.outstanding(unused, dt.date(2027, 1, 20)).interest == 0


def test_multi_year_contract_settles_the_reports_year(world):
    from grants.taskreports.services import ensure_final_reports

    contract = make_contract(world, paid=True, signed=False, end=dt.date(2027, 10, 31),
                             use_by=dt.date(2027, 10, 31),
                             tranches=((dt.date(2026, 3, 2), D("13000.00"), TrancheCondition.NONE),
                                       (dt.date(2027, 3, 1), D("13000.00"), TrancheCondition.NONE)))
    version = contract.versions[0]
    version.years = [{"year": 2026, "use_by": "2026-12-31", "report_due": "2027-02-01"},
                     {"year": 2027, "use_by": "2027-10-31", "report_due": "2027-11-30"}]
    for item in version.items:
        item.year = 2026 if item.code in ("I.1.1", "I.2.1") else 2027
    contract.status, contract.signed_on = ContractStatus.SIGNED, dt.date(2026, 1, 25)
    version.signed_on = dt.date(2026, 1, 25)
    version.signed_for_authority, version.signed_for_organisation = "A. D.", "N. S."
    db.session.flush()
    reports = {r.year: r for r in ensure_final_reports(contract, actor=world.officer)}
    report = accept_report(contract, world, report=reports[2026], actuals=[
        ("I.1.1", D("10000.00"), D("6400.00")), ("I.2.1", D("3000.00"), D("0.00"))],
        accepted_on=dt.date(2027, 2, 10))
    with at(dt.date(2027, 2, 15)):
        s = services.settle_report(report, actor=world.officer,
                                   finding_date=dt.date(2027, 2, 15))
        # 2026: P = tranche 1 only; s = 8 000 / 16 000; 6 400 <= 55 % of 13 000
        assert (s.paid, s.unused, s.excess_share, s.total) == (
            D("13000.00"), D("6600.00"), D("0.00"), D("6600.00"))
        assert s.use_by == dt.date(2026, 12, 31)
        assert s.unused_due == dt.date(2027, 2, 1)          # 31 Jan 2027 is a Sunday
        assert [r["code"] for r in s.details["items"]] == ["I.1.1", "I.2.1"]
        services.record_return_payment(s.parts[0], actor=world.finance,
                                       paid_on=dt.date(2027, 2, 15),
                                       amount=queries.outstanding(s.parts[0],
                                                                  dt.date(2027, 2, 15)).total,
                                       bank_reference="ZWROT/2026")
    # paid in full, but the 2027 final report is not settled yet
    assert contract.status == ContractStatus.SIGNED


def test_return_before_the_settlement_is_recorded_on_its_day_without_interest(world):
    """Issue 9: unused funds of 2 200.00 due 16.11.2026, returned 10.11.2026, settled on
    10.12.2026: recorded with the day the money reached the account, no interest, paid."""
    only_rates_from_2026(world, (dt.date(2026, 1, 1), "11.0"))
    contract = make_contract(world, paid=True)
    actuals = [("I.1.1", D("10000.00"), D("4400.00")), ("I.1.2", D("19000.00"), D("17000.00")),
               ("I.2.1", D("3000.00"), D("0.00")), ("II.1", D("4000.00"), D("2400.00"))]
    report = accept_report(contract, world, actuals=actuals)
    with at(dt.date(2026, 12, 10)):
        s = services.settle_report(report, actor=world.officer,
                                   finding_date=dt.date(2026, 12, 10))
        unused = next(p for p in s.parts if p.kind == ReturnKind.UNUSED)
        assert (unused.principal, unused.due_on) == (D("2200.00"), dt.date(2026, 11, 16))
        pay = services.record_return_payment(unused, actor=world.finance,
                                             paid_on=dt.date(2026, 11, 10),
                                             amount=D("2200.00"), bank_reference="ZWROT/U")
    assert (pay.principal_part, pay.interest_part, pay.interest_due_then) == (
        D("2200.00"), D("0.00"), D("0.00"))
    assert unused.settled_at is not None
    assert queries.outstanding(unused, dt.date(2026, 12, 10)).total == 0
    assert queries.outstanding(unused, dt.date(2027, 6, 1)).total == 0


def test_interest_on_unused_runs_only_from_the_day_after_its_due_date(world):
    only_rates_from_2026(world, (dt.date(2026, 1, 1), "11.0"))
    _c, _r, s = settle_example(world)
    unused = s.parts[0]
    assert queries.outstanding(unused, dt.date(2026, 11, 16)).interest == 0
    # 2 200.00 would give 16 zł for 17.11-10.12; 200.00 stays under the floor
    part = queries.outstanding(unused, dt.date(2026, 12, 10))
    assert part.interest == 0


def test_misuse_found_after_the_settlement_is_a_further_part(world, mailbox):
    """Issue 9: misuse found by a control after a settlement becomes a further part to
    return: due 15 days after the control's finding date, interest from the tranche."""
    contract, _r, s = settle_example(world)
    with at(dt.date(2027, 2, 15)):
        finding = record_misuse(contract, actor=world.officer, item_code="I.1.1",
                                tranche_number=1, amount=D("1000.00"),
                                description="Wynagrodzenie za pracę niezwiązaną z zadaniem.",
                                found_on=dt.date(2027, 2, 10))
    part = s.parts[-1]
    assert (part.kind, part.principal, part.tranche_number, part.misuse_finding_id) == (
        ReturnKind.MISUSED, D("1000.00"), 1, finding.id)
    assert (part.due_on, part.interest_from) == (dt.date(2027, 2, 25), dt.date(2026, 3, 2))
    assert s.total == D("800.00")          # the settlement's figures stay as decided
    assert db.session.scalar(select(AuditEntry).filter_by(action="return.part_added"))
    db.session.commit()
    body = mailbox[-1].get_content().replace("\xa0", " ")
    assert "1 000,00" in body and "25.02.2027" in body and contract.number in body


def test_misuse_after_a_closed_contract_opens_it_again(world):
    contract = make_contract(world, paid=True)
    report = accept_report(contract, world, actuals=AS_PLANNED)
    with at(dt.date(2026, 12, 10)):
        s = services.settle_report(report, actor=world.officer,
                                   finding_date=dt.date(2026, 12, 10))
    assert contract.status == ContractStatus.CLOSED and s.parts == []
    with at(dt.date(2027, 3, 1)):
        record_misuse(contract, actor=world.officer, item_code="I.1.2", tranche_number=2,
                      amount=D("500.00"), description="Zakupy prywatne.",
                      found_on=dt.date(2027, 3, 1))
    assert contract.status == ContractStatus.SIGNED and contract.closed_at is None
    assert [(p.principal, p.due_on, p.interest_from) for p in s.parts] == [
        (D("500.00"), dt.date(2027, 3, 16), dt.date(2026, 6, 1))]
    with at(dt.date(2027, 3, 16)):
        owed = queries.outstanding(s.parts[0], dt.date(2027, 3, 16))
        services.record_return_payment(s.parts[0], actor=world.finance,
                                       paid_on=dt.date(2027, 3, 16), amount=owed.total,
                                       bank_reference="ZWROT/M")
    assert contract.status == ContractStatus.CLOSED


def _partial_report(contract, world, actuals):
    from grants.taskreports.models import ReportKind, TaskReport

    partial = TaskReport(contract_id=contract.id, kind=ReportKind.PARTIAL, year=2026,
                         sequence=1, period_start=dt.date(2026, 2, 1),
                         period_end=dt.date(2026, 5, 31), requested_on=dt.date(2026, 6, 1),
                         delivered_on=dt.date(2026, 6, 2), due_on=dt.date(2026, 7, 2))
    db.session.add(partial)
    db.session.flush()
    return accept_report(contract, world, actuals=actuals, report=partial,
                         accepted_on=dt.date(2026, 7, 10))


def test_terminated_contract_is_settled_from_what_is_known(world, mailbox):
    """Issue 9: a terminated contract without an accepted final report is settled from the
    tranches, the accepted partial reports and control findings; the funds were to be used
    by the termination day, so the unused part is due 15 days after it, with interest from
    the day after."""
    from tests.support.settlements import final_report

    contract = make_contract(world, paid=True)
    _partial_report(contract, world, [("I.1.1", D("4000.00"), D("3200.00")),
                                      ("I.1.2", D("8000.00"), D("6400.00")),
                                      ("I.2.1", D("0.00"), D("0.00")),
                                      ("II.1", D("1000.00"), D("800.00"))])
    contract.status, contract.terminated_on = ContractStatus.TERMINATED, dt.date(2026, 7, 15)
    contract.termination_reason = "Zaprzestanie realizacji zadania."
    db.session.flush()
    report = final_report(contract)
    with at(dt.date(2026, 12, 10)):
        s = services.settle_report(report, actor=world.officer,
                                   finding_date=dt.date(2026, 12, 10))
    db.session.commit()
    assert (s.basis.value, s.report_version_id, s.use_by) == (
        "terminated", None, dt.date(2026, 7, 15))
    # P 26 000.00 - spent 10 400.00 (accepted partial report) = 15 600.00
    unused = next(p for p in s.parts if p.kind == ReturnKind.UNUSED)
    assert (unused.principal, unused.due_on, unused.interest_from) == (
        D("15600.00"), dt.date(2026, 7, 30), dt.date(2026, 7, 31))
    assert queries.outstanding(unused, dt.date(2026, 12, 10)).interest > 0
    assert len(mailbox) == 1
    body = mailbox[0].get_content().replace("\xa0", " ")
    assert "15 600,00" in body and "bez przyjętego sprawozdania końcowego" in body


def test_final_report_never_came_after_the_call_is_settled_without_it(world):
    """Art. 18 ust. 3: the call's 7 days passed with nothing filed: the officer settles from
    the tranches and control findings (misused money was spent: it is not unused too)."""
    from grants.taskreports.models import ReportCall
    from tests.support.settlements import final_report

    contract = make_contract(world, paid=True)
    report = final_report(contract)
    report.calls.append(ReportCall(called_on=dt.date(2026, 12, 1),
                                   delivered_on=dt.date(2026, 12, 2),
                                   due_on=dt.date(2026, 12, 9)))
    with at(dt.date(2026, 12, 10)):
        record_misuse(contract, actor=world.officer, item_code="I.1.1", tranche_number=1,
                      amount=D("1000.00"), description="Wydatki bez związku z zadaniem.",
                      found_on=dt.date(2026, 12, 3))
        s = services.settle_report(report, actor=world.officer,
                                   finding_date=dt.date(2026, 12, 10))
    assert s.basis.value == "no_report"
    parts = [(p.kind, p.principal, p.due_on, p.interest_from) for p in s.parts]
    assert parts == [
        (ReturnKind.UNUSED, D("25000.00"), dt.date(2026, 11, 16), dt.date(2026, 11, 17)),
        (ReturnKind.MISUSED, D("1000.00"), dt.date(2026, 12, 18), dt.date(2026, 3, 2))]
    assert s.total == D("26000.00")


def test_final_report_not_yet_called_cannot_be_settled(world):
    from grants.taskreports.models import ReportCall
    from tests.support.settlements import final_report

    contract = make_contract(world, paid=True)
    report = final_report(contract)
    with at(dt.date(2026, 12, 10)), pytest.raises(InvalidTransition):
        services.settle_report(report, actor=world.officer, finding_date=dt.date(2026, 12, 10))
    report.calls.append(ReportCall(called_on=dt.date(2026, 12, 1),
                                   delivered_on=dt.date(2026, 12, 3),
                                   due_on=dt.date(2026, 12, 10)))
    with at(dt.date(2026, 12, 10)), pytest.raises(InvalidTransition):   # the call runs
        services.settle_report(report, actor=world.officer, finding_date=dt.date(2026, 12, 10))


def test_only_revenues_and_bank_interest_not_spent_on_the_task_are_returned(world):
    """Issue 9 / settlement.md: R and B are the parts not spent on the task (the report says
    what was spent); a task that spent its revenue on its own costs returns none of it."""
    _c, _r, s = settle_example(world, revenues=D("150.55"), revenues_spent=D("100.55"),
                               bank_interest=D("12.34"), bank_interest_spent=D("12.34"))
    kinds = {p.kind: p.principal for p in s.parts}
    assert (s.revenues, s.bank_interest) == (D("50.00"), D("0.00"))
    assert kinds[ReturnKind.REVENUES] == D("50.00")
    assert ReturnKind.BANK_INTEREST not in kinds
    assert s.total == D("850.00")
