"""The committee member's work: declarations of impartiality to sign and offers left to score,
with the committee's deadline (the competition's planned decision date). Only the committees
the user sits on, and only their own scores are counted: nobody else's points are read."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import exists, func, select

from grants.calls.models import Competition
from grants.core.i18n import N_
from grants.evaluation.models import (
    Committee,
    CommitteeMember,
    Declaration,
    Score,
    ScoreState,
    ScoringClosure,
)
from grants.extensions import db
from grants.formal.models import FormalCheck, FormalOutcome
from grants.offers.models import Offer, OfferStatus
from grants.today.items import Detail, Group, Item, group


def _admitted(*where):
    """The number of offers of the competition admitted to scoring (the formal area's rule:
    filed and accepted formally)."""
    return (select(func.count(Offer.id))
            .join(FormalCheck, FormalCheck.offer_id == Offer.id)
            .where(Offer.competition_id == Competition.id, Offer.status == OfferStatus.FILED,
                   FormalCheck.outcome == FormalOutcome.ACCEPTED, *where)
            .correlate(Competition, CommitteeMember).scalar_subquery())


def seats(user_id: int):
    """The user's seats in committees not closed: (competition id, title, deadline, declared,
    offers left to score by this member). One statement."""
    # correlated by hand to the member's row of the outer statement: left to itself the nested
    # EXISTS would take any member's score of the offer (another member's work would hide mine)
    scored_by_me = (exists().where(Score.offer_id == Offer.id,
                                   Score.member_id == CommitteeMember.id,
                                   Score.state == ScoreState.SUBMITTED)
                    .correlate_except(Score))
    declared = exists().where(Declaration.member_id == CommitteeMember.id)
    return db.session.execute(
        select(Competition.id, Competition.title, Competition.decision_date,
               declared.label("declared"), _admitted(~scored_by_me))
        .select_from(CommitteeMember)
        .join(Committee, Committee.id == CommitteeMember.committee_id)
        .join(Competition, Competition.procedure_id == Committee.procedure_id)
        .where(CommitteeMember.user_id == user_id,
               ~exists().where(ScoringClosure.committee_id == Committee.id))
        .order_by(Competition.decision_date, Competition.id)).all()


def groups(user_id: int) -> list[Group]:
    rows = seats(user_id)
    mine = url_for("evaluation.my_competitions")
    return [
        group("declarations", N_("Deklaracje bezstronności do podpisania"), N_("Podpisz deklarację"),
              [r for r in rows if not r[3]],
              lambda r: Item(title=r[1], due_on=r[2],
                             url=url_for("evaluation.declaration", competition_id=r[0])), mine),
        group("to_score", N_("Oferty do oceny"), N_("Oceniaj oferty"),
              [r for r in rows if r[3] and r[4]],
              lambda r: Item(title=r[1], due_on=r[2],
                             url=url_for("evaluation.competition", competition_id=r[0]),
                             details=(Detail(N_("Ofert do oceny"), str(r[4])),)), mine),
    ]
