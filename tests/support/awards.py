"""Awards test helpers: offers requesting a chosen grant, fixed committee results (the
evaluation area is replaced through grants.awards.inputs), the clock after the deadline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_CEILING, Decimal

from grants.awards import inputs, services
from grants.core import clock
from grants.extensions import db
from grants.offers.models import Offer
from tests.support.offers import file, make_offer

D = Decimal


def offer_data(grant: Decimal) -> dict:
    """Cost items whose grant parts sum to `grant` (80 % share at most: own funds cover a
    quarter of the grant on a second item)."""
    own = (D(grant) / 4).quantize(D("0.01"), rounding=ROUND_CEILING)
    return {
        "cost_items": [
            {"section": "I", "action_no": 1, "name": "Koordynator", "unit": "usługa",
             "unit_cost": D(grant), "units": D("1"), "grant_part": D(grant), "year": None},
            {"section": "I", "action_no": 1, "name": "Posiłki", "unit": "usługa",
             "unit_cost": own, "units": D("1"), "grant_part": D("0.00"), "year": None},
        ],
        "own_financial": own, "own_personal": D("0.00"), "own_in_kind": D("0.00"),
        "beneficiaries_cash": D("0.00"),
    }


def filed_with_grant(world, grant, *, organisation=None, actor=None, competition=None,
                     task=None, title=None) -> Offer:
    """A filed offer requesting `grant` (filed now, before the competition's deadline)."""
    overrides = offer_data(D(grant))
    if title:
        overrides["title"] = title
    offer = make_offer(world, organisation=organisation, actor=actor, competition=competition,
                       task=task, **overrides)
    file(offer, actor or world.ngo_admin)
    return offer


def after_deadline(competition, days: int = 1) -> None:
    """Move the clock past the offer deadline (reset after each test by conftest)."""
    clock.set_now(competition.offer_deadline + timedelta(days=days))


@dataclass
class FakeResult:
    """What grants.evaluation.queries.offer_results gives for one offer."""

    offer: Offer
    task: object
    mean_total: Decimal | None
    eligible: bool
    criterion_means: dict = field(default_factory=dict)
    n_scores: int = 3


def result(offer: Offer, mean, eligible: bool = True, criteria: dict | None = None,
           n_scores: int = 3) -> FakeResult:
    return FakeResult(offer, offer.task, None if mean is None else D(str(mean)), eligible,
                      {k: D(str(v)) for k, v in (criteria or {}).items()}, n_scores)


def use_results(monkeypatch, results: list, *, closed: bool = True) -> None:
    """Replace the committee's results and its closing of scoring."""
    monkeypatch.setattr(inputs, "results_for", lambda competition: list(results))
    monkeypatch.setattr(inputs, "scoring_closed", lambda competition: closed)


def build(world, monkeypatch, results, *, competition=None):
    competition = competition or world.competition
    use_results(monkeypatch, results)
    ranking = services.build_ranking(competition, actor=world.officer)
    db.session.commit()
    return ranking


def award_of(ranking, offer):
    return next(a for a in ranking.awards if a.offer_id == offer.id)


def decide(world, competition=None, *, amounts=None, number="ZA.0050.12.2027", day=None):
    competition = competition or world.competition
    decision = services.record_decision(
        competition, actor=world.officer, number=number,
        decided_on=day or clock.today(), signer="Anna Prezydent, Zastępca Prezydenta Miasta",
        amounts=amounts)
    db.session.commit()
    return decision


def publish(world, competition=None):
    competition = competition or world.competition
    today = clock.today()
    decision = services.publish_results(competition, actor=world.officer, bip_on=today,
                                        board_on=today, website_on=today)
    db.session.commit()
    return decision


def awarded(world, competition, grant, *, organisation=None, actor=None):
    """A filed offer of `competition` requesting `grant` (its cost: 1.25 x grant) with the
    grant confirmed by the decision; the competition keeps its status."""
    from grants.awards.models import Award, AwardState, Ranking
    from grants.awards.queries import ranking_of
    from grants.calls.models import CallStatus

    status, competition.status = competition.status, CallStatus.PUBLISHED
    offer = filed_with_grant(world, grant, competition=competition, organisation=organisation,
                             actor=actor)
    competition.status = status
    ranking = ranking_of(competition)
    if ranking is None:
        ranking = Ranking(competition_id=competition.id, created_by_id=world.officer.id)
        db.session.add(ranking)
    ranking.awards.append(Award(
        offer_id=offer.id, task_id=offer.task_id, rank=len(ranking.awards) + 1, eligible=True,
        requested=D(grant), proposed_grant=D(grant), final_grant=D(grant),
        state=AwardState.CONFIRMED))
    db.session.commit()
    return offer
