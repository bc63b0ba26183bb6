"""Read helpers of the formal check, used by the committee's scoring and (through the hook
`grants.offers.hooks.requested_correction`) the offers' filing window."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from grants.core import clock
from grants.extensions import db
from grants.formal.models import FormalCheck, FormalOutcome
from grants.offers import hooks as offer_hooks
from grants.offers.hooks import Correction
from grants.offers.models import Offer, OfferStatus, OfferVersion


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


@offer_hooks.requested_correction.provide
def requested_correction(offer) -> Correction | None:
    """The correction requested by the latest decision of the offer's formal check, if any."""
    if offer.id is None:
        return None
    check = check_of(offer)
    if check is None or check.outcome != FormalOutcome.TO_COMPLETE or check.due_date is None:
        return None
    filed = offer.filed_version
    return Correction(due=clock.local_instant(check.due_date),
                      filed=filed is not None and filed.id != check.checked_version_id)


class CheckStatus(enum.StrEnum):
    """What the officer's list shows for an offer (derived, never stored)."""

    WITHDRAWN = "withdrawn"                    # withdrawn before the deadline: not checked
    NOT_STARTED = "not_started"
    PENDING = "pending"                        # items being judged
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    AWAITING_CORRECTION = "awaiting_correction"
    CORRECTION_OVERDUE = "correction_overdue"  # the due date passed without a correction
    CORRECTION_FILED = "correction_filed"      # to be judged again


def status_of(offer, check: FormalCheck | None) -> CheckStatus:
    if offer.status == OfferStatus.WITHDRAWN:
        return CheckStatus.WITHDRAWN
    if check is None:
        return CheckStatus.NOT_STARTED
    if check.outcome == FormalOutcome.TO_COMPLETE:
        filed = offer.filed_version
        if filed is not None and filed.id != check.checked_version_id:
            return CheckStatus.CORRECTION_FILED
        due = clock.local_instant(check.due_date)
        if clock.now().replace(microsecond=0) > due:
            return CheckStatus.CORRECTION_OVERDUE
        return CheckStatus.AWAITING_CORRECTION
    return CheckStatus(check.outcome.value)


@dataclass(frozen=True)
class CheckRow:
    offer: Offer
    check: FormalCheck | None
    status: CheckStatus
    version: OfferVersion | None


def check_rows(competition) -> list[CheckRow]:
    """Every filed offer of the competition (withdrawn ones too) with its formal check."""
    offers = list(db.session.scalars(
        select(Offer)
        .where(Offer.competition_id == competition.id, Offer.filed_at.is_not(None))
        .options(selectinload(Offer.organisation), selectinload(Offer.task),
                 selectinload(Offer.versions))
        .order_by(Offer.task_id, Offer.filed_at, Offer.id)
    ))
    checks = {c.offer_id: c for c in db.session.scalars(
        select(FormalCheck).where(FormalCheck.offer_id.in_([o.id for o in offers]))
    )} if offers else {}
    return [CheckRow(o, checks.get(o.id), status_of(o, checks.get(o.id)), o.filed_version)
            for o in offers]
