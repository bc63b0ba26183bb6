"""Read helpers of the formal check, used by the committee's scoring."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from grants.extensions import db
from grants.formal.models import FormalCheck, FormalOutcome
from grants.offers.models import Offer, OfferStatus


def offers_for_scoring(competition) -> list[Offer]:
    """Filed (not withdrawn) offers of the competition the formal check accepted."""
    return list(db.session.scalars(
        select(Offer)
        .join(FormalCheck, FormalCheck.offer_id == Offer.id)
        .where(Offer.competition_id == competition.id, Offer.status == OfferStatus.FILED,
               FormalCheck.outcome == FormalOutcome.ACCEPTED)
        .options(selectinload(Offer.organisation), selectinload(Offer.task),
                 selectinload(Offer.versions))
        .order_by(Offer.task_id, Offer.number, Offer.id)
    ))


def check_of(offer) -> FormalCheck | None:
    return db.session.scalar(select(FormalCheck).where(FormalCheck.offer_id == offer.id))
