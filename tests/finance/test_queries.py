"""The finance dashboard's lists on built data: tranches due, reports due and overdue, returns
with interest to date, money per month and per competition; edge days (due today, due in
exactly 7 days, overdue by one day); the statement count does not grow with the contracts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from grants.contracts.models import (
    ContractItem,
    ContractStatus,
    ContractTranche,
    ContractVersion,
    Payment,
    TrancheCondition,
)
from grants.contracts.queries import tranche_blocker
from grants.extensions import db
from grants.finance import queries
from grants.settlements.models import ReturnKind
from grants.taskreports.models import ReportStatus
from tests.support.contract_factory import make_contract
from tests.support.finance import (
    ask_corrections,
    call_for_report,
    final_report,
    partial_report,
    pay_return,
    set_today,
    settle_example,
)
from tests.support.statements import count_statements

D = Decimal
A = dt.date


def _tranches(world, today, until=None):
    return queries.tranches_due({world.org_a.id}, until or today + dt.timedelta(days=7),
                                today=today)


# ------------------------------------------------------------------------------ tranches

@pytest.mark.parametrize("today, until, expected", [
    # (today, horizon end, [(tranche number, overdue)])
    (A(2026, 2, 22), A(2026, 3, 1), []),                        # due in 8 days: not yet
    (A(2026, 2, 23), A(2026, 3, 2), [(1, False)]),              # due in exactly 7 days
    (A(2026, 3, 2), A(2026, 3, 9), [(1, False)]),               # due today: not overdue
    (A(2026, 3, 3), A(2026, 3, 10), [(1, True)]),               # overdue by one day
    (A(2026, 6, 1), A(2026, 6, 1), [(1, True), (2, False)]),
])
def test_tranches_due_edge_days(world, today, until, expected):
    contract = make_contract(world)
    rows = queries.tranches_due({world.org_a.id}, until, today=today)
    assert [(r.tranche_number, r.overdue) for r in rows] == expected
    for r in rows:
        assert r.contract_id == contract.id
        assert r.iban == world.ngo_x.iban
        assert r.organisation_name == world.ngo_x.name
        assert r.left == D("13000.00") and isinstance(r.left, Decimal)
        assert r.payable and r.transfer_title == f"Umowa {contract.number}, transza {r.tranche_number}"


def test_paid_partly_fully_and_reversed(world):
    contract = make_contract(world)
    db.session.add_all([
        Payment(contract_id=contract.id, tranche_number=1, paid_on=A(2026, 3, 2),
                amount=D("13000.00"), bank_reference="P1"),
        Payment(contract_id=contract.id, tranche_number=2, paid_on=A(2026, 6, 1),
                amount=D("5000.01"), bank_reference="P2"),
        Payment(contract_id=contract.id, tranche_number=2, paid_on=A(2026, 6, 2),
                amount=D("1000.00"), bank_reference="P3"),
        Payment(contract_id=contract.id, tranche_number=2, paid_on=A(2026, 6, 3),
                amount=D("-1000.00"), bank_reference="P3-storno", note="pomyłka"),
    ])
    db.session.flush()
    rows = _tranches(world, A(2026, 6, 10))
    assert [(r.tranche_number, r.paid, r.left) for r in rows] == [
        (2, D("5000.01"), D("7999.99"))]


def test_only_signed_contracts_of_the_organisers_asked(world):
    make_contract(world, signed=False)
    make_contract(world, organiser=world.org_b)
    other = make_contract(world)
    other.status = ContractStatus.TERMINATED
    db.session.flush()
    assert _tranches(world, A(2026, 6, 10)) == []
    assert len(queries.tranches_due({world.org_b.id}, A(2026, 6, 10),
                                    today=A(2026, 6, 10))) == 2
    assert len(queries.tranches_due(None, A(2026, 6, 10), today=A(2026, 6, 10))) == 2


def test_the_schedule_of_the_signed_annex_counts(world):
    contract = make_contract(world)
    db.session.add(Payment(contract_id=contract.id, tranche_number=1, paid_on=A(2026, 3, 2),
                           amount=D("13000.00"), bank_reference="P1"))
    original = contract.versions[0]
    annex = ContractVersion(
        number=1, title=original.title, start_date=original.start_date,
        end_date=original.end_date, use_by=original.use_by, report_due=original.report_due,
        grant_total=original.grant_total, total_cost=original.total_cost,
        bank_account="PL61109010140000071219812874", reason="Zmiana harmonogramu")
    for item in original.items:
        annex.items.append(ContractItem(position=item.position, code=item.code, name=item.name,
                                        planned_total=item.planned_total,
                                        planned_grant=item.planned_grant))
    annex.tranches = [ContractTranche(number=1, due_on=A(2026, 3, 2), amount=D("13000.00")),
                      ContractTranche(number=2, due_on=A(2026, 4, 15), amount=D("13000.00"))]
    contract.versions.append(annex)
    db.session.flush()  # inserted as a draft, then signed: a new version starts unfrozen
    annex.signed_on, annex.signed_for_authority, annex.signed_for_organisation = (
        A(2026, 4, 1), "A", "B")
    db.session.flush()
    # a draft annex (not in force) moving the tranche again changes nothing
    draft = ContractVersion(
        number=2, title=original.title, start_date=original.start_date,
        end_date=original.end_date, use_by=original.use_by, report_due=original.report_due,
        grant_total=original.grant_total, total_cost=original.total_cost,
        bank_account="PL00000000000000000000000000")
    draft.tranches = [ContractTranche(number=2, due_on=A(2026, 4, 10), amount=D("26000.00"))]
    contract.versions.append(draft)
    db.session.flush()
    rows = _tranches(world, A(2026, 4, 16))
    assert [(r.tranche_number, r.due_on, r.left, r.iban) for r in rows] == [
        (2, A(2026, 4, 15), D("13000.00"), "PL61109010140000071219812874")]


def _conditioned(world):
    return make_contract(world, tranches=(
        (A(2026, 3, 2), D("10000.00"), TrancheCondition.NONE),
        (A(2026, 6, 1), D("8000.00"), TrancheCondition.PARTIAL_REPORT),
        (A(2026, 9, 1), D("8000.00"), TrancheCondition.PARTIAL_REPORT)))


@pytest.mark.parametrize("accepted, blocked", [
    (0, [2, 3]),
    (1, [3]),
    (2, []),
])
def test_partial_report_condition_blocks_and_agrees_with_tranche_blocker(world, accepted,
                                                                         blocked):
    contract = _conditioned(world)
    for n in range(accepted):
        partial_report(contract, due_on=A(2026, 5, 20 + n), sequence=n + 1,
                       status=ReportStatus.ACCEPTED)
    partial_report(contract, due_on=A(2026, 8, 20), sequence=9)  # still due: does not count
    rows = _tranches(world, A(2026, 9, 10))
    assert [r.tranche_number for r in rows if not r.payable] == blocked
    # payable first
    assert [r.payable for r in rows] == sorted((r.payable for r in rows), reverse=True)
    by_number = {t.number: t for t in contract.version_in_force.tranches}
    for r in rows:
        assert r.blocker == tranche_blocker(contract, by_number[r.tranche_number])


# ------------------------------------------------------------------------------- reports

@pytest.mark.parametrize("today, expected", [
    (A(2026, 11, 22), []),                       # due in 8 days
    (A(2026, 11, 23), [False]),                  # due in exactly 7 days
    (A(2026, 11, 30), [False]),                  # due today
    (A(2026, 12, 1), [True]),                    # overdue by one day
])
def test_final_report_due_edge_days(world, today, expected):
    make_contract(world)
    rows = queries.reports_due({world.org_a.id}, today=today, within_days=7)
    assert [r.overdue for r in rows] == expected
    for r in rows:
        assert r.due_on == A(2026, 11, 30) and r.kind == "final" and not r.called


def test_a_call_moves_the_final_report_due_date(world):
    contract = make_contract(world)
    call_for_report(final_report(contract), delivered_on=A(2026, 12, 3), due_on=A(2026, 12, 10))
    rows = queries.reports_due({world.org_a.id}, today=A(2026, 12, 4), within_days=7)
    assert [(r.due_on, r.called, r.overdue) for r in rows] == [(A(2026, 12, 10), True, False)]
    rows = queries.reports_due({world.org_a.id}, today=A(2026, 12, 11), within_days=7)
    assert [(r.due_on, r.overdue) for r in rows] == [(A(2026, 12, 10), True)]


def test_corrections_partial_reports_and_what_is_not_listed(world):
    contract = make_contract(world)
    filed = partial_report(contract, due_on=A(2026, 11, 20), sequence=1,
                           status=ReportStatus.FILED)
    corrections = ask_corrections(partial_report(contract, due_on=A(2026, 10, 1), sequence=2),
                                  A(2026, 11, 24))
    due_partial = partial_report(contract, due_on=A(2026, 11, 25), sequence=3)
    make_contract(world, organiser=world.org_b)               # another organiser
    rows = queries.reports_due({world.org_a.id}, today=A(2026, 11, 24), within_days=7)
    assert [(r.report_id, r.due_on, r.is_correction, r.overdue) for r in rows] == [
        (corrections.id, A(2026, 11, 24), True, False),
        (due_partial.id, A(2026, 11, 25), False, False),
        (final_report(contract).id, A(2026, 11, 30), False, False)]
    assert filed.id not in {r.report_id for r in rows}
    rows = queries.reports_due({world.org_a.id}, today=A(2026, 11, 25), within_days=0)
    assert [(r.report_id, r.overdue) for r in rows] == [(corrections.id, True),
                                                        (due_partial.id, False)]
    assert [r.report_id for r in queries.corrections_requested(None, today=A(2026, 11, 24))] \
        == [corrections.id]
    assert queries.corrections_requested(None, today=A(2026, 11, 25)) == []


# ------------------------------------------------------------------------------- returns

def test_returns_due_with_interest_to_date(world):
    contract = make_contract(world, paid=True)
    settlement = settle_example(contract)
    unused = settlement.parts[0]
    unused.principal = D("2000.00")  # 2 000.00 unused, due 2026-11-16
    db.session.flush()
    rows = queries.returns_due({world.org_a.id}, today=A(2027, 1, 20))
    # 65 days at 10.5 % (the shipped rate in force from 2026-03-05): 37.40 -> 37 zł
    assert [(r.kind, r.principal_left, r.interest, r.overdue) for r in rows] == [
        (ReturnKind.UNUSED, D("2000.00"), D("37"), True),
        # from 2026-12-29: 23 days, 1.32 and 2.65 zł -> 1 and 3 zł, under the 8.70 floor
        (ReturnKind.EXCESS_ITEMS, D("200.00"), D("0"), True),
        (ReturnKind.EXCESS_SHARE, D("400.00"), D("0"), True)]
    assert rows[0].total == D("2037.00")


@pytest.mark.parametrize("today, until, expected", [
    (A(2026, 11, 9), A(2026, 11, 16), [(D("200.00"), False)]),   # due in exactly 7 days
    (A(2026, 11, 16), A(2026, 11, 23), [(D("200.00"), False)]),  # due today
    (A(2026, 11, 17), A(2026, 11, 24), [(D("200.00"), True)]),   # overdue by one day
    (A(2026, 11, 8), A(2026, 11, 15), []),                       # due in 8 days
])
def test_returns_due_edge_days(world, today, until, expected):
    contract = make_contract(world, paid=True)
    settle_example(contract)
    rows = queries.returns_due({world.org_a.id}, today=today, until=until)
    assert [(r.principal_left, r.overdue) for r in rows] == expected


def test_paid_returns_leave_the_list(world):
    contract = make_contract(world, paid=True)
    settlement = settle_example(contract)
    pay_return(settlement.parts[0], D("200.00"), A(2026, 11, 16))
    pay_return(settlement.parts[1], D("50.00"), A(2026, 12, 1))
    rows = queries.returns_due({world.org_a.id}, today=A(2026, 12, 2))
    assert [(r.kind, r.principal_left) for r in rows] == [
        (ReturnKind.EXCESS_ITEMS, D("150.00")), (ReturnKind.EXCESS_SHARE, D("400.00"))]
    assert queries.returns_due({world.org_b.id}, today=A(2026, 12, 2)) == []


# --------------------------------------------------------------------------------- money

def test_money_per_month_and_per_competition(world):
    set_today(A(2026, 12, 20))
    in_competition = make_contract(world, paid=True, competition=world.competition)
    small = make_contract(world, paid=True)
    make_contract(world, paid=True, organiser=world.org_b)        # not organiser A's
    db.session.add(Payment(contract_id=small.id, tranche_number=2, paid_on=A(2026, 6, 15),
                           amount=D("-0.01"), bank_reference="korekta"))
    db.session.add(Payment(contract_id=small.id, tranche_number=2, paid_on=A(2025, 12, 31),
                           amount=D("123.45"), bank_reference="rok wcześniej"))
    settlement = settle_example(in_competition)                   # finding 2026-12-10
    pay_return(settlement.parts[0], D("200.00"), A(2026, 11, 16))
    pay_return(settlement.parts[1], D("100.10"), A(2026, 12, 28))
    db.session.flush()
    money = queries.money_in_year({world.org_a.id}, 2026)
    by_month = {r.month: (r.paid, r.settled, r.returned) for r in money.months}
    assert len(money.months) == 12
    assert by_month[3] == (D("26000.00"), D("0.00"), D("0.00"))
    assert by_month[6] == (D("25999.99"), D("0.00"), D("0.00"))
    assert by_month[11] == (D("0.00"), D("0.00"), D("200.00"))
    assert by_month[12] == (D("0.00"), D("25200.00"), D("100.10"))
    assert by_month[1] == (D("0.00"), D("0.00"), D("0.00"))
    assert (money.totals.paid, money.totals.settled, money.totals.returned) == (
        D("51999.99"), D("25200.00"), D("300.10"))
    assert [(r.label, r.paid, r.settled, r.returned) for r in money.competitions] == [
        (world.competition.title, D("26000.00"), D("25200.00"), D("300.10")),
        (queries.SMALL_GRANTS_LABEL, D("25999.99"), D("0.00"), D("0.00"))]
    assert all(isinstance(v, Decimal) for r in money.months
               for v in (r.paid, r.settled, r.returned))
    assert queries.money_in_year({world.org_a.id}, 2025).totals.paid == D("123.45")
    assert queries.years_with_money({world.org_a.id}) == [2025, 2026]


# ------------------------------------------------------------------------ statement count

def _count_statements(fn) -> int:
    with count_statements() as statements:
        fn()
    return len(statements)


def _build(world, n):
    for i in range(n):
        contract = make_contract(world, paid=i % 2 == 0, competition=world.competition
                                 if i % 3 else None, tranches=(
            (A(2026, 3, 2), D("13000.00"), TrancheCondition.NONE),
            (A(2026, 6, 1), D("13000.00"), TrancheCondition.PARTIAL_REPORT)))
        if i % 2 == 0:
            settle_example(contract, parts=((ReturnKind.UNUSED, D("200.00"), A(2026, 12, 30),
                                             A(2026, 12, 31), None),))
    db.session.commit()


def test_statement_count_does_not_grow_with_contracts(world):
    today, ids = A(2026, 12, 1), {world.org_a.id}

    def dashboard_lists():
        db.session.expire_all()
        queries.tranches_due(ids, A(2026, 12, 31), today=today)
        queries.reports_due(ids, today=today, within_days=30)
        queries.money_in_year(ids, 2026)
        queries.years_with_money(ids)

    _build(world, 2)
    few = _count_statements(dashboard_lists)
    _build(world, 10)
    many = _count_statements(dashboard_lists)
    assert few == many <= 6


def test_returns_list_reads_a_constant_number_of_statements(world):
    """The parts, their payments, the rate table and the rules in force: four statements,
    however many parts are open."""
    today, ids = A(2026, 12, 1), {world.org_a.id}
    _build(world, 2)

    def returns():
        db.session.expire_all()
        return queries.returns_due(ids, today=today)

    few = _count_statements(returns)
    _build(world, 10)
    many = _count_statements(returns)
    assert len(returns()) == 6
    assert few == many == 4
