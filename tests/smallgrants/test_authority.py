"""Issue 9, small grants: the yearly limits of art. 19a bind the executive body (organisers
acting for the same body share them) and count in the year the grant is awarded (expected
at filing, then the year its contract is signed)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from grants.contracts import services as contracts
from grants.contracts import signing
from grants.contracts.rules import TrancheRow
from grants.core import clock
from grants.core.errors import ValidationFailed
from grants.extensions import db
from grants.organisers.models import ExecutiveBody
from grants.smallgrants import services
from grants.smallgrants.models import SmallGrantStatus
from tests.support.smallgrants import at, filed_offer, make_offer, publish, set_plan, warsaw

D = Decimal
TASK_2026 = {"start_date": date(2026, 6, 1), "end_date": date(2026, 6, 30)}
TASK_2027 = {"start_date": date(2027, 1, 11), "end_date": date(2027, 2, 28)}


def _same_body(world) -> ExecutiveBody:
    """MOPS-like org_a and city-office-like org_b both act for one body."""
    body = ExecutiveBody(name="Prezydent Miasta Sopotu")
    world.org_a.executive_body = body
    world.org_b.executive_body = body
    db.session.commit()
    return body


def _other_bodies(world) -> None:
    world.org_a.executive_body = ExecutiveBody(name="Prezydent Miasta Sopotu")
    world.org_b.executive_body = ExecutiveBody(name="Prezydent Miasta Gdyni")
    db.session.commit()


def test_an_organiser_acts_for_the_body_its_authority_names(world):
    assert world.org_a.executive_body is not None
    assert world.org_a.executive_body.name == world.org_a.authority
    assert world.org_a.executive_body_id == world.org_b.executive_body_id  # same authority


def test_the_organisation_limit_is_shared_by_the_organisers_of_one_body(world):
    _same_body(world)
    set_plan(world, 2026, D("1000000.00"))
    with clock.frozen_at(warsaw(2026, 3, 2)):
        filed_offer(world, grant=D("10000.00"), **TASK_2026)
        filed_offer(world, grant=D("10000.00"), organiser=world.org_b, **TASK_2026)
        third = make_offer(world, grant=D("10000.00"), organiser=world.org_b, **TASK_2026)
        with pytest.raises(ValidationFailed) as exc:
            services.file_small_grant(third, actor=world.ngo_admin)
    assert "30\xa0000,00\xa0zł" in exc.value.message and "grant" in exc.value.field_errors


def test_organisers_of_different_bodies_do_not_share_the_limits(world):
    _other_bodies(world)
    set_plan(world, 2026, D("1000000.00"))
    set_plan(world, 2026, D("1000000.00"), organiser=world.org_b)
    with clock.frozen_at(warsaw(2026, 3, 2)):
        filed_offer(world, grant=D("10000.00"), **TASK_2026)
        filed_offer(world, grant=D("10000.00"), **TASK_2026)
        at_b = filed_offer(world, grant=D("10000.00"), organiser=world.org_b, **TASK_2026)
    assert at_b.status == SmallGrantStatus.FILED


def test_the_year_share_counts_every_organiser_of_the_body(world):
    _same_body(world)
    set_plan(world, 2026, D("100000.00"))       # the body's plan: 20 % = 20 000
    assert set_plan(world, 2026, D("100000.00"), organiser=world.org_b).executive_body_id \
        == world.org_a.executive_body_id         # one plan per body and year
    with clock.frozen_at(warsaw(2026, 3, 2)):
        filed_offer(world, grant=D("10000.00"), **TASK_2026)
        filed_offer(world, grant=D("10000.00"), organisation=world.ngo_y, actor=world.ngo_other,
                    organiser=world.org_b, **TASK_2026)
        last = make_offer(world, grant=D("1000.00"), organisation=world.ngo_y,
                          actor=world.ngo_other, organiser=world.org_b, **TASK_2026)
        with pytest.raises(ValidationFailed) as exc:
            services.file_small_grant(last, actor=world.ngo_other)
    assert "21\xa0000,00\xa0zł" in exc.value.message and "20\xa0000,00\xa0zł" in exc.value.message


def test_an_offer_filed_in_december_for_next_years_task_counts_in_next_year(world):
    set_plan(world, 2026, D("1000000.00"))
    with clock.frozen_at(warsaw(2026, 6, 1)):
        filed_offer(world, grant=D("10000.00"), **TASK_2026)
        filed_offer(world, grant=D("10000.00"), **TASK_2026)
    december = make_offer(world, grant=D("10000.00"), **TASK_2027)
    with clock.frozen_at(warsaw(2026, 12, 21)):
        with pytest.raises(ValidationFailed, match="w 2027 r"):   # no plan for 2027 yet
            services.file_small_grant(december, actor=world.ngo_admin)
        db.session.rollback()
        set_plan(world, 2027, D("1000000.00"))
        services.file_small_grant(december, actor=world.ngo_admin)   # 2026 is full: not counted
        db.session.commit()
    assert december.award_year == 2027 and december.filing_year == 2026
    with clock.frozen_at(warsaw(2027, 1, 11)):
        filed_offer(world, grant=D("10000.00"), **TASK_2027)
        third = make_offer(world, grant=D("0.01"), **TASK_2027)
        with pytest.raises(ValidationFailed, match="2027"):
            services.file_small_grant(third, actor=world.ngo_admin)


def test_a_task_of_the_filing_year_counts_in_the_filing_year(world):
    set_plan(world, 2026, D("1000000.00"))
    with clock.frozen_at(warsaw(2026, 3, 2)):
        offer = filed_offer(world, **TASK_2026)
    assert offer.award_year == 2026


def _to_contract(world, offer, filed: date):
    """Published on the filing day; comments considered and contracting the day after the
    comment period; the contract generated (not signed)."""
    with at(filed):
        services.assess_small_grant(offer, actor=world.officer, purposeful=True)
        publish(world, offer, filed)
    with at(offer.comment_end + timedelta(days=1)):
        services.record_consideration(offer, actor=world.officer, note="Nie zgłoszono uwag.")
        services.start_contracting(offer, actor=world.officer)
        contract = contracts.generate_contract(
            offer, actor=world.officer,
            tranches=[TrancheRow(None, offer.start_date, offer.grant_requested)])
        db.session.commit()
    return contract


def _sign(world, contract, day: date):
    with at(day):
        signing.sign_version(contract.current_version, actor=world.officer, signed_on=day,
                             for_authority="Anna Dyrektorska – Dyrektor",
                             for_organisation="\n".join(
                                 f"{r.full_name} – {r.function}"
                                 for r in contract.organisation.representatives))
        db.session.commit()


def test_a_contract_signed_in_another_year_moves_the_grant_there_within_the_limits(world):
    set_plan(world, 2026, D("1000000.00"))
    set_plan(world, 2027, D("1000000.00"))
    with clock.frozen_at(warsaw(2026, 6, 1)):
        filed_offer(world, grant=D("10000.00"), **TASK_2026)
        filed_offer(world, grant=D("10000.00"), **TASK_2026)      # 2026 is full for X
    early = make_offer(world, grant=D("10000.00"), **TASK_2027)
    late = make_offer(world, grant=D("5000.00"), **TASK_2027)
    with clock.frozen_at(warsaw(2026, 12, 14)):
        services.file_small_grant(early, actor=world.ngo_admin)
        services.file_small_grant(late, actor=world.ngo_admin)
        db.session.commit()
    assert (early.award_year, late.award_year) == (2027, 2027)
    contract = _to_contract(world, early, date(2026, 12, 14))
    with pytest.raises(ValidationFailed, match="przyznałaby dotację w 2026 r."):
        _sign(world, contract, date(2026, 12, 30))              # awarded in 2026: 30 000
    db.session.rollback()
    assert db.session.get(type(early), early.id).award_year == 2027
    _sign(world, contract, date(2027, 1, 4))
    assert early.award_year == 2027 and contract.signed_on == date(2027, 1, 4)


def test_a_contract_signed_later_counts_in_its_year(world):
    set_plan(world, 2026, D("1000000.00"))
    set_plan(world, 2027, D("1000000.00"))
    offer = make_offer(world, grant=D("8000.00"), start_date=date(2026, 12, 28),
                       end_date=date(2027, 2, 28))
    with clock.frozen_at(warsaw(2026, 12, 14)):
        services.file_small_grant(offer, actor=world.ngo_admin)
        db.session.commit()
    assert offer.award_year == 2026
    contract = _to_contract(world, offer, date(2026, 12, 14))
    _sign(world, contract, date(2027, 1, 4))
    assert offer.award_year == 2027
