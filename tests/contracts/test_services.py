"""Contracts' services: generation (award with and without the update, small grant, the sum
check), use-by dates, signing, payments and their refusals, annexes and the version in force,
termination."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from grants.contracts import annexes, queries, services, signing
from grants.contracts.models import ContractStatus, TrancheCondition
from grants.contracts.rules import ItemRow, TrancheRow
from grants.core import audit, clock
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.extensions import db
from grants.taskreports.models import ReportKind, ReportStatus, TaskReport
from tests.support.contract_factory import make_contract
from tests.support.contracts import UPDATED_ITEMS, make_award, make_small_grant

D = Decimal


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 2, 20, 10, tzinfo=dt.UTC))


def _sign(contract, world, day=dt.date(2026, 2, 20)):
    return signing.sign_version(contract.current_version, actor=world.officer, signed_on=day,
                                 for_authority="Anna Dyrektorska",
                                 for_organisation="Anna Kowalska; Jan Nowak")


# ---------------------------------------------------------------- generation

def test_generation_from_an_award_copies_the_offer_and_sets_defaults(world):
    award = make_award(world)
    contract = services.generate_contract(award, actor=world.officer)
    v = contract.current_version
    assert contract.status == ContractStatus.DRAFT and contract.award_id == award.id
    assert contract.number == "MOPS/D/2026/0001"
    assert contract.mode == "wspieranie"
    assert [(i.code, i.planned_total, i.planned_grant) for i in v.items] == [
        ("I.1.1", D("12000.00"), D("12000.00")), ("I.1.2", D("24000.00"), D("16000.00")),
        ("II.1", D("4000.00"), D("2000.00"))]
    assert v.grant_total == D("30000.00") and v.total_cost == D("40000.00")
    assert [r.name for r in v.results] == ["Liczba wydanych posiłków"]
    assert (v.start_date, v.end_date, v.use_by) == (dt.date(2026, 3, 1), dt.date(2026, 10, 31),
                                                    dt.date(2026, 10, 31))
    assert v.report_due == dt.date(2026, 11, 30)
    assert v.item_tolerance_pct == D("10.00") and v.share_tolerance_pp == D("5.00")
    assert v.bank_account == world.ngo_x.iban
    assert "Anna Kowalska – Prezes Zarządu" in v.organisation_representatives
    assert v.authority_representatives == "Prezydent Miasta"
    assert [(t.number, t.amount) for t in v.tranches] == [(1, D("30000.00"))]
    assert db.session.query(audit.AuditEntry).filter_by(action="contract.generated").count() == 1


def test_a_second_contract_number_follows_and_one_contract_per_source(world):
    first = services.generate_contract(make_award(world), actor=world.officer)
    award = make_award(world)
    second = services.generate_contract(award, actor=world.officer)
    assert (first.number, second.number) == ("MOPS/D/2026/0001", "MOPS/D/2026/0002")
    with pytest.raises(InvalidTransition):
        services.generate_contract(award, actor=world.officer)


def test_a_taken_number_is_refused(world):
    services.generate_contract(make_award(world), actor=world.officer, number="MOPS/1")
    with pytest.raises(ValidationFailed) as exc:
        services.generate_contract(make_award(world), actor=world.officer, number="MOPS/1")
    assert "number" in exc.value.field_errors


def test_generation_after_the_update_uses_the_updated_items(world):
    award = make_award(world, final_grant=D("25000.00"), update_items=UPDATED_ITEMS)
    contract = services.generate_contract(award, actor=world.officer)
    v = contract.current_version
    assert contract.offer_version_id == award.update_version_id
    assert v.grant_total == D("25000.00") and v.total_cost == D("32000.00")
    assert [i.planned_grant for i in v.items] == [D("10000.00"), D("14000.00"), D("1000.00")]


def test_without_the_filed_update_no_contract(world):
    award = make_award(world, final_grant=D("25000.00"), update_items=UPDATED_ITEMS,
                       update_filed=False)
    with pytest.raises(InvalidTransition, match="aktualizacji"):
        services.generate_contract(award, actor=world.officer)


def test_items_must_sum_to_the_grant_to_the_grosz(world):
    items = [("I.1.1", "Koordynator", D("12000.00"), D("12000.00")),
             ("I.1.2", "Posiłki", D("24000.00"), D("20000.00"))]
    award = make_award(world, final_grant=D("30000.00"), items=items,
                       update_items=[("I.1.1", "Koordynator", D("12000.00"), D("12000.00")),
                                     ("I.1.2", "Posiłki", D("24000.00"), D("17999.99"))])
    with pytest.raises(ValidationFailed, match="0,01"):
        services.generate_contract(award, actor=world.officer)


def test_an_unconfirmed_or_empty_award_is_refused(world):
    award = make_award(world, final_grant=D("0.00"))
    with pytest.raises(InvalidTransition):
        services.generate_contract(award, actor=world.officer)


def test_generation_from_a_small_grant(world):
    offer = make_small_grant(world)
    contract = services.generate_contract(offer, actor=world.officer)
    v = contract.current_version
    assert contract.small_grant_offer_id == offer.id and contract.procedure_id == offer.procedure_id
    assert [(i.code, i.name) for i in v.items] == [("1", "Materiały"), ("2", "Transport")]
    assert v.grant_total == D("5000.00") and v.total_cost == D("5500.00")
    assert v.title == "Wakacje dla dzieci"


def test_small_grant_not_in_contracting_is_refused(world):
    from grants.smallgrants.models import SmallGrantStatus

    offer = make_small_grant(world, status=SmallGrantStatus.PUBLISHED)
    with pytest.raises(InvalidTransition):
        services.generate_contract(offer, actor=world.officer)


def test_the_small_grants_mode_is_the_one_its_offer_declares(world):
    # the grant is the whole cost, but the offer asks for wspieranie: the amounts decide nothing
    whole = (("Materiały", D("5000.00"), D("5000.00")),)
    offer = make_small_grant(world, items=whole, mode="wspieranie")
    assert services.generate_contract(offer, actor=world.officer).mode == "wspieranie"
    partial = make_small_grant(world, mode="powierzenie")
    assert services.generate_contract(partial, actor=world.officer).mode == "powierzenie"


def test_tranches_must_sum_to_the_grant(world):
    with pytest.raises(ValidationFailed) as exc:
        services.generate_contract(make_award(world), actor=world.officer, tranches=[
            TrancheRow(None, dt.date(2026, 3, 2), D("15000.00")),
            TrancheRow(None, dt.date(2026, 6, 1), D("14999.99"))])
    assert "tranches" in exc.value.field_errors


def test_a_bad_iban_is_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        services.generate_contract(make_award(world), actor=world.officer,
                                   bank_account="PL00102018560000000000000001")
    assert "bank_account" in exc.value.field_errors


# ---------------------------------------------------------------- use-by dates

@pytest.mark.parametrize("start, end, use_by, ok", [
    (dt.date(2026, 3, 1), dt.date(2026, 10, 31), {2026: dt.date(2026, 12, 31)}, True),
    (dt.date(2026, 3, 1), dt.date(2026, 10, 31), {2026: dt.date(2027, 1, 1)}, False),
    (dt.date(2026, 3, 1), dt.date(2026, 10, 31), {2026: dt.date(2026, 2, 28)}, False),
    (dt.date(2026, 3, 1), dt.date(2026, 10, 31), {2026: dt.date(2026, 3, 1)}, True),
])
def test_use_by_within_the_budget_year_and_after_the_start(world, start, end, use_by, ok):
    award = make_award(world, start=start, end=end)
    if ok:
        c = services.generate_contract(award, actor=world.officer, use_by=use_by)
        assert c.current_version.use_by == use_by[2026]
    else:
        with pytest.raises(ValidationFailed) as exc:
            services.generate_contract(award, actor=world.officer, use_by=use_by)
        assert "use_by-2026" in exc.value.field_errors


def test_multi_year_task_has_a_use_by_and_a_report_per_year(world):
    award = make_award(world, start=dt.date(2026, 3, 1), end=dt.date(2027, 6, 30))
    contract = services.generate_contract(award, actor=world.officer)
    v = contract.current_version
    assert v.years == [
        {"year": 2026, "use_by": "2026-12-31", "report_due": "2027-02-01"},
        {"year": 2027, "use_by": "2027-06-30", "report_due": "2027-07-30"}]
    assert v.use_by == dt.date(2027, 6, 30)
    with pytest.raises(ValidationFailed) as exc:
        services.edit_version(v, actor=world.officer, use_by={2026: dt.date(2027, 1, 15)})
    assert "use_by-2026" in exc.value.field_errors
    _sign(contract, world)
    reports = db.session.query(TaskReport).filter_by(contract_id=contract.id).all()
    assert sorted((r.year, r.due_on) for r in reports) == [
        (2026, dt.date(2027, 2, 1)), (2027, dt.date(2027, 7, 30))]


# ---------------------------------------------------------------- signing

def test_signing_needs_both_signatories_and_a_sane_date(world, mailbox):
    contract = services.generate_contract(make_award(world), actor=world.officer)
    version = contract.current_version
    with pytest.raises(ValidationFailed) as exc:
        signing.sign_version(version, actor=world.officer, signed_on=dt.date(2026, 2, 20),
                              for_authority="Anna Dyrektorska", for_organisation=" ")
    assert "for_organisation" in exc.value.field_errors
    with pytest.raises(ValidationFailed) as exc:
        signing.sign_version(version, actor=world.officer, signed_on=dt.date(2026, 2, 21),
                              for_authority="A", for_organisation="Anna Kowalska; Jan Nowak")
    assert "signed_on" in exc.value.field_errors
    with pytest.raises(ValidationFailed) as exc:
        signing.sign_version(version, actor=world.officer, signed_on=dt.date(2026, 2, 19),
                              for_authority="A", for_organisation="Anna Kowalska; Jan Nowak")
    assert "signed_on" in exc.value.field_errors
    _sign(contract, world)
    db.session.commit()
    assert contract.status == ContractStatus.SIGNED
    assert contract.signed_on == dt.date(2026, 2, 20)
    assert contract.version_in_force is version and version.pdf_file is not None
    [report] = db.session.query(TaskReport).filter_by(contract_id=contract.id).all()
    assert report.kind == ReportKind.FINAL and report.due_on == dt.date(2026, 11, 30)
    assert any(contract.number in m["Subject"] for m in mailbox)
    with pytest.raises(InvalidTransition):
        _sign(contract, world)


def test_a_signed_original_cannot_be_edited(world):
    contract = services.generate_contract(make_award(world), actor=world.officer)
    _sign(contract, world)
    with pytest.raises(InvalidTransition):
        services.edit_version(contract.current_version, actor=world.officer, number="X/1")


def test_the_draft_can_be_edited(world):
    contract = services.generate_contract(make_award(world), actor=world.officer)
    services.edit_version(contract.current_version, actor=world.officer, number="MOPS/7",
                          tranches=[TrancheRow(1, dt.date(2026, 3, 2), D("20000.00")),
                                    TrancheRow(None, dt.date(2026, 6, 1), D("10000.00"),
                                               "partial_report")])
    v = contract.current_version
    assert contract.number == "MOPS/7"
    assert [(t.number, t.amount, t.condition) for t in v.tranches] == [
        (1, D("20000.00"), TrancheCondition.NONE),
        (2, D("10000.00"), TrancheCondition.PARTIAL_REPORT)]


# ---------------------------------------------------------------- payments

def _pay(contract, world, number=1, amount=D("13000.00"), day=dt.date(2026, 3, 2),
         reference="PRZELEW/1"):
    return services.record_payment(contract, actor=world.finance, tranche_number=number,
                                   paid_on=day, amount=amount, bank_reference=reference,
                                   note="")


def test_payment_refused_on_a_draft(world):
    clock.set_now(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))
    contract = make_contract(world, signed=False)
    with pytest.raises(InvalidTransition):
        _pay(contract, world)


def test_payment_refused_over_the_tranche_in_the_future_before_signing_without_reference(world):
    clock.set_now(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))
    contract = make_contract(world)
    with pytest.raises(ValidationFailed) as exc:
        _pay(contract, world, amount=D("13000.01"))
    assert "amount" in exc.value.field_errors
    with pytest.raises(ValidationFailed) as exc:
        _pay(contract, world, day=dt.date(2026, 3, 11))
    assert "paid_on" in exc.value.field_errors
    with pytest.raises(ValidationFailed) as exc:
        _pay(contract, world, day=dt.date(2026, 1, 24))
    assert "paid_on" in exc.value.field_errors
    with pytest.raises(ValidationFailed) as exc:
        _pay(contract, world, reference="  ")
    assert "bank_reference" in exc.value.field_errors
    _pay(contract, world, amount=D("10000.00"))
    _pay(contract, world, amount=D("3000.00"))
    assert queries.paid_on_tranche(contract, 1) == D("13000.00")
    with pytest.raises(InvalidTransition, match="wypłacona"):
        _pay(contract, world, amount=D("0.01"))
    assert db.session.query(audit.AuditEntry).filter_by(
        action="contract.payment_recorded").count() == 2


def test_partial_report_condition_blocks_until_the_report_is_accepted(world):
    clock.set_now(dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC))
    contract = make_contract(world, tranches=(
        (dt.date(2026, 3, 2), D("13000.00"), TrancheCondition.NONE),
        (dt.date(2026, 6, 1), D("13000.00"), TrancheCondition.PARTIAL_REPORT)))
    _pay(contract, world)
    with pytest.raises(InvalidTransition, match="sprawozdania częściowego"):
        _pay(contract, world, number=2, day=dt.date(2026, 6, 30))
    report = TaskReport(contract_id=contract.id, kind=ReportKind.PARTIAL, year=2026,
                        sequence=1, period_start=dt.date(2026, 2, 1),
                        period_end=dt.date(2026, 5, 31), requested_on=dt.date(2026, 5, 1),
                        due_on=dt.date(2026, 6, 1), status=ReportStatus.FILED)
    db.session.add(report)
    db.session.flush()
    with pytest.raises(InvalidTransition):
        _pay(contract, world, number=2, day=dt.date(2026, 6, 30))
    report.status = ReportStatus.ACCEPTED
    db.session.flush()
    _pay(contract, world, number=2, day=dt.date(2026, 6, 30))
    assert contract.paid_total == D("26000.00")


# ---------------------------------------------------------------- annexes

def test_annex_diff_and_version_in_force(world):
    clock.set_now(dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC))
    contract = make_contract(world)
    _pay(contract, world, amount=D("5000.00"))
    original = contract.version_in_force
    with pytest.raises(ValidationFailed):
        annexes.create_annex(contract, actor=world.officer, reason=" ")
    annex = annexes.create_annex(contract, actor=world.officer, reason="Przesunięcie terminu")
    assert annex.number == 1 and contract.version_in_force is original
    with pytest.raises(InvalidTransition):
        annexes.create_annex(contract, actor=world.officer, reason="Drugi")
    # tranche 1 moved and lowered to what was paid plus more; the budget moves 1 000 zł
    with pytest.raises(ValidationFailed) as exc:
        services.edit_version(annex, actor=world.officer, reason="Przesunięcie terminu",
                              tranches=[TrancheRow(1, dt.date(2026, 4, 15), D("4999.99")),
                                        TrancheRow(2, dt.date(2026, 6, 1), D("21000.01"))])
    assert "tranches-0-amount" in exc.value.field_errors
    with pytest.raises(ValidationFailed):
        services.edit_version(annex, actor=world.officer, reason="x",
                              tranches=[TrancheRow(2, dt.date(2026, 6, 1), D("26000.00"))])
    services.edit_version(
        annex, actor=world.officer, reason="Przesunięcie terminu",
        end_date=dt.date(2026, 11, 30), use_by={2026: dt.date(2026, 11, 30)},
        items=[ItemRow("I.1.2", "", D("19000.00"), D("15000.00")),
               ItemRow("II.1", "", D("5000.00"), D("3000.00"))],
        tranches=[TrancheRow(1, dt.date(2026, 4, 15), D("6000.00")),
                  TrancheRow(2, dt.date(2026, 6, 1), D("20000.00"))])
    fields = {c["field"]: (c["before"], c["after"]) for c in annex.changes}
    assert fields["end_date"] == ("2026-10-31", "2026-11-30")
    assert fields["use_by"] == ("2026-10-31", "2026-11-30")
    assert fields["item:I.1.2:planned_grant"] == ("16000.00", "15000.00")
    assert fields["item:II.1:planned_total"] == ("4000.00", "5000.00")
    assert fields["tranche:1:amount"] == ("13000.00", "6000.00")
    assert fields["tranche:1:due_on"] == ("2026-03-02", "2026-04-15")
    assert "grant_total" not in fields
    assert contract.version_in_force is original
    signing.sign_version(annex, actor=world.officer, signed_on=dt.date(2026, 4, 1),
                          for_authority="A", for_organisation="Anna Kowalska; Jan Nowak")
    assert contract.version_in_force is annex
    rows = {r["tranche"].number: r for r in queries.tranche_rows(contract, annex)}
    # the payment recorded under the original still counts on tranche 1
    assert rows[1]["paid"] == D("5000.00") and rows[1]["left"] == D("1000.00")
    [report] = db.session.query(TaskReport).filter_by(contract_id=contract.id).all()
    assert report.due_on == dt.date(2026, 12, 30)


def test_annex_grant_never_below_what_was_paid(world):
    clock.set_now(dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC))
    contract = make_contract(world, paid=True)
    annex = annexes.create_annex(contract, actor=world.officer, reason="Zmniejszenie")
    with pytest.raises(ValidationFailed) as exc:
        services.edit_version(annex, actor=world.officer, reason="Zmniejszenie",
                              items=[ItemRow("I.1.1", "", D("10000.00"), D("7000.00"))])
    assert "items" in exc.value.field_errors


def test_no_annex_on_a_draft_or_terminated_contract(world):
    draft = services.generate_contract(make_award(world), actor=world.officer)
    with pytest.raises(InvalidTransition):
        annexes.create_annex(draft, actor=world.officer, reason="x")
    clock.set_now(dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC))
    contract = make_contract(world)
    services.terminate_contract(contract, actor=world.officer, terminated_on=dt.date(2026, 4, 1),
                                reason="Brak sprawozdania")
    with pytest.raises(InvalidTransition):
        annexes.create_annex(contract, actor=world.officer, reason="x")


# ---------------------------------------------------------------- termination

def test_termination_needs_a_reason_and_a_signed_contract(world):
    clock.set_now(dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC))
    draft = make_contract(world, signed=False)
    with pytest.raises(InvalidTransition):
        services.terminate_contract(draft, actor=world.officer,
                                    terminated_on=dt.date(2026, 4, 1), reason="x")
    contract = make_contract(world)
    with pytest.raises(ValidationFailed) as exc:
        services.terminate_contract(contract, actor=world.officer,
                                    terminated_on=dt.date(2026, 4, 2), reason="")
    assert {"reason", "terminated_on"} <= set(exc.value.field_errors)
    services.terminate_contract(contract, actor=world.officer,
                                terminated_on=dt.date(2026, 4, 1), reason="Brak sprawozdania")
    assert contract.status == ContractStatus.TERMINATED
    with pytest.raises(InvalidTransition):
        _pay(contract, world)
