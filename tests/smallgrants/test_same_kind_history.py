"""Art. 13 ust. 2 pkt 7: the table of same-kind tasks in a competition's announcement counts
the small grants (art. 19a) awarded in the area too (issue 9): a small grant is awarded by its
signed contract, with the contract's grant and total cost (the latest signed version). Not
counted: a contract not signed, terminated, of another area or organiser, or too old."""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import update

from grants.calls import publication, queries, services
from grants.contracts.models import ContractStatus
from grants.core import clock
from grants.extensions import db
from grants.smallgrants.models import SmallGrantOffer
from tests.support.calls import make_draft
from tests.support.contract_factory import make_contract

D = Decimal
AREA = "pomoc_spoleczna"


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC))


def _small_grant_contract(world, *, area=AREA, signed=True, signed_on=date(2026, 1, 25),
                          organiser=None, status=None):
    contract = make_contract(world, signed=signed, organiser=organiser)
    db.session.execute(update(SmallGrantOffer)
                       .where(SmallGrantOffer.id == contract.small_grant_offer_id)
                       .values(area=area))
    if signed:
        contract.signed_on = signed_on
    if status is not None:
        contract.status = status
    db.session.flush()
    db.session.expire_all()
    return contract


def _rows(world, year=2026):
    return [(r["year"], r["name"], r["total_cost"], r["grant"], r["source_competition_id"])
            for r in queries.same_kind_history(world.org_a.id, AREA, year)]


@pytest.fixture
def world_rows(world):
    world.competition.rules_date = date(2020, 6, 1)   # the world's call: too old to count
    db.session.flush()
    return world


def test_small_grants_awarded_are_in_the_history(world_rows):
    world = world_rows
    counted = _small_grant_contract(world)
    version = counted.version_in_force
    _small_grant_contract(world, signed=False)                          # not signed
    _small_grant_contract(world, area="kultura")                        # another area
    _small_grant_contract(world, organiser=world.org_b)                 # another organiser
    _small_grant_contract(world, signed_on=date(2024, 12, 30))          # too old
    _small_grant_contract(world, status=ContractStatus.TERMINATED)      # not carried out
    assert _rows(world) == [(2026, f"{version.title} (mały grant, art. 19a)", version.total_cost,
                        version.grant_total, None)]
    assert _rows(world, 2027) == [(2026, f"{version.title} (mały grant, art. 19a)",
                            version.total_cost, version.grant_total, None)]
    assert _rows(world, 2028) == []


def test_the_table_is_filled_with_them_and_cannot_say_none(world_rows):
    world = world_rows
    contract = _small_grant_contract(world)
    grant = contract.version_in_force.grant_total
    db.session.commit()
    competition = make_draft(world)
    with pytest.raises(publication.PublicationRefused) as exc:
        publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 3),
                            board_on=date(2026, 12, 3), website_on=date(2026, 12, 3))
    assert any("zadań tego samego rodzaju" in p for p in exc.value.problems), \
        exc.value.problems
    db.session.rollback()
    competition = make_draft(world)
    rows = services.fill_same_kind_tasks(competition, actor=world.officer)
    assert [(r.grant, r.source_competition_id) for r in rows] == [(grant, None)]
