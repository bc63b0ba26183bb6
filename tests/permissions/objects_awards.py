"""Objects of the awards' routes for the access table (merged by tests/permissions/objects.py).

`aw_competition`: a competition of organiser A whose results are published; `aw_offer`:
organisation X's offer in it, awarded less than requested (its update open). Built directly
(not through the offers' services): the table builds them for every one of its cases.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from grants.awards.models import Award, AwardDecision, AwardState, Ranking
from grants.calls.models import CallStatus
from grants.core import clock
from grants.core.deadlines import due_date
from grants.extensions import db
from grants.offers.models import Offer, OfferStatus, OfferVersion, VersionState
from grants.procedures.models import Publication, Subject
from tests.support.factories import make_competition

D = Decimal


def make_objects(world, objs: dict) -> dict:
    competition = make_competition(world.org_a, title="Konkurs rozstrzygnięty")
    task = competition.tasks[0]
    now = clock.now()
    competition.offer_deadline = now - timedelta(days=10)
    competition.status = CallStatus.DECIDED
    offer = Offer(competition_id=competition.id, task_id=task.id,
                  organisation_id=world.ngo_x.id, number=f"{competition.reference}/1",
                  status=OfferStatus.FILED, created_by_id=world.ngo_admin.id,
                  filed_at=now - timedelta(days=11))
    version = OfferVersion(number=1, state=VersionState.DRAFT, title="Posiłki",
                           total_cost=D("50000.00"), grant_requested=D("40000.00"))
    offer.versions.append(version)
    db.session.add(offer)
    db.session.flush()
    version.state, version.sha256, version.content = VersionState.FILED, "0" * 64, {}
    version.filed_at, version.filed_by_id = offer.filed_at, world.ngo_admin.id
    today = clock.today()
    ranking = Ranking(competition_id=competition.id, created_by_id=world.officer.id)
    ranking.awards.append(Award(
        offer_id=offer.id, task_id=task.id, rank=1, eligible=True, score_text="80",
        n_scores=2, requested=D("40000.00"), proposed_grant=D("30000.00"),
        final_grant=D("30000.00"), state=AwardState.CONFIRMED,
        update_due=due_date(today, competition.update_days)))
    db.session.add(ranking)
    db.session.add(AwardDecision(
        competition_id=competition.id, number="ZA.1.2027", decided_on=today,
        signer="Prezydent Miasta", changes=[], recorded_by_id=world.officer.id))
    competition.procedure.publications.append(Publication(
        subject=Subject.RESULTS, number=1, bip_on=today, board_on=today, website_on=today,
        published_on=today, published_at=now, published_by_id=world.officer.id))
    db.session.commit()
    return {"aw_competition": competition.id, "aw_offer": offer.id}
