"""Art. 13 ust. 2 pkt 7: the table of same-kind tasks shows the grants really awarded (the
decision's grants that were not given up) and the cost of the funded offers - never the
task's funds; an announcement does not say "none carried out" while such grants exist."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from grants.awards.models import Award, AwardState, Ranking
from grants.calls import publication, queries, services
from grants.calls.models import CallStatus
from grants.extensions import db
from tests.support.awards import filed_with_grant
from tests.support.calls import make_draft
from tests.support.factories import make_competition

D = Decimal


def _award(ranking, offer, *, final, state=AwardState.CONFIRMED, eligible=True, rank=1):
    ranking.awards.append(Award(
        offer_id=offer.id, task_id=offer.task_id, rank=rank if eligible else None,
        eligible=eligible, requested=offer.filed_version.grant_requested,
        proposed_grant=final, final_grant=final, state=state))


@pytest.fixture
def decided(world):
    """A decided competition of 2026 (funds 100 000): A awarded 40 000 (cost 50 000), B
    awarded 30 000 and gave it up, C not eligible."""
    comp = make_competition(world.org_a, title="Posiłki 2026", funds=D("100000.00"))
    comp.rules_date = date(2026, 3, 1)
    a = filed_with_grant(world, "40000.00", competition=comp, title="Oferta A")
    b = filed_with_grant(world, "30000.00", organisation=world.ngo_y, actor=world.ngo_other,
                         competition=comp, title="Oferta B")
    c = filed_with_grant(world, "20000.00", competition=comp, title="Oferta C")
    ranking = Ranking(competition_id=comp.id, created_by_id=world.officer.id)
    db.session.add(ranking)
    _award(ranking, a, final=D("40000.00"))
    _award(ranking, b, final=D("30000.00"), state=AwardState.WITHDRAWN, rank=2)
    _award(ranking, c, final=D("0.00"), eligible=False)
    comp.status = CallStatus.DECIDED
    world.competition.rules_date = date(2024, 6, 1)  # the world's call: too old
    db.session.commit()
    assert a.filed_version.total_cost == D("50000.00")
    return comp


def test_history_shows_the_grants_really_awarded(world, decided):
    undecided = make_competition(world.org_a, title="Schronienie 2026", funds=D("30000.00"))
    undecided.rules_date = date(2026, 5, 1)
    nothing = make_competition(world.org_a, title="Bez dotacji", status=CallStatus.DECIDED)
    nothing.rules_date = date(2026, 6, 1)
    db.session.commit()
    rows = queries.same_kind_history(world.org_a.id, "pomoc_spoleczna", 2026)
    assert [(r["year"], r["name"], r["total_cost"], r["grant"], r["source_competition_id"])
            for r in rows] == [
        (2026, "Posiłki 2026 – Schronienie i posiłki", D("50000.00"), D("40000.00"),
         decided.id)]


def test_filling_the_table_gives_the_awarded_grants(world, decided):
    competition = make_draft(world)
    rows = services.fill_same_kind_tasks(competition, actor=world.officer)
    assert [(r.total_cost, r.grant) for r in rows] == [(D("50000.00"), D("40000.00"))]


def test_no_none_carried_out_while_grants_exist(world, decided):
    competition = make_draft(world)  # same_kind_tasks left empty
    with pytest.raises(publication.PublicationRefused) as exc:
        publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 3),
                            board_on=date(2026, 12, 3), website_on=date(2026, 12, 3))
    assert any("zadań tego samego rodzaju" in p and "40\xa0000,00\xa0zł" in p
               for p in exc.value.problems), exc.value.problems
    db.session.rollback()
    competition = make_draft(world)
    services.fill_same_kind_tasks(competition, actor=world.officer)
    publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 3),
                        board_on=date(2026, 12, 3), website_on=date(2026, 12, 3))
    assert competition.status == CallStatus.PUBLISHED
