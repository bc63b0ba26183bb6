"""Read helpers for offers."""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from grants.auth import roles as perms
from grants.calls import hooks as call_hooks
from grants.calls.models import CallStatus, Competition
from grants.core import clock
from grants.extensions import db
from grants.offers.models import JointPartner, Offer, OfferVersion, VersionState
from grants.organisations import hooks as organisation_hooks
from grants.organisations.models import Organisation, VerificationStatus
from grants.procedures.models import Procedure

_OFFER_LOADS = (
    selectinload(Offer.competition),
    selectinload(Offer.task),
    selectinload(Offer.organisation),
    selectinload(Offer.versions).selectinload(OfferVersion.partners),
)


def get_offer(offer_id: int) -> Offer | None:
    return db.session.get(Offer, offer_id)


def offers_of_user(user) -> list[Offer]:
    """Offers in competitions whose lead offeror is one of the user's organisations, newest
    first (small grants are listed by grants.smallgrants)."""
    ids = perms.organisation_ids(user)
    if not ids:
        return []
    return list(db.session.scalars(
        select(Offer).where(Offer.organisation_id.in_(ids), Offer.competition_id.is_not(None))
        .options(*_OFFER_LOADS).order_by(Offer.created_at.desc(), Offer.id.desc())
    ))


def partner_offers_of_user(user) -> list[Offer]:
    """Offers of other organisations naming one of the user's organisations as a partner."""
    ids = perms.organisation_ids(user)
    if not ids:
        return []
    offer_ids = select(OfferVersion.offer_id).join(
        JointPartner, JointPartner.version_id == OfferVersion.id
    ).where(JointPartner.organisation_id.in_(ids),
            OfferVersion.state.in_([VersionState.DRAFT, VersionState.FILED,
                                    VersionState.WITHDRAWN]))
    return list(db.session.scalars(
        select(Offer).where(Offer.id.in_(offer_ids), Offer.organisation_id.not_in(ids))
        .options(*_OFFER_LOADS).order_by(Offer.created_at.desc())
    ))


def open_competitions(limit: int | None = None) -> list[Competition]:
    """Published competitions whose offer deadline has not passed, nearest deadline first."""
    return list(db.session.scalars(
        select(Competition)
        .where(Competition.status == CallStatus.PUBLISHED,
               Competition.offer_deadline > clock.now())
        .options(selectinload(Competition.tasks), selectinload(Competition.organiser))
        .order_by(Competition.offer_deadline, Competition.id).limit(limit)
    ))


def user_organisations(user) -> list[Organisation]:
    ids = perms.organisation_ids(user)
    if not ids:
        return []
    return list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
    ))


def filed_offers(competition: Competition) -> list[Offer]:
    """Offers of a competition that have been filed (in force or withdrawn)."""
    return list(db.session.scalars(
        select(Offer).where(Offer.competition_id == competition.id,
                            Offer.filed_at.is_not(None))
        .options(*_OFFER_LOADS).order_by(Offer.filed_at, Offer.id)
    ))


OFFERS_PER_PAGE = 100


def filed_offers_page(competition: Competition, page: int, per_page: int = OFFERS_PER_PAGE):
    """One page (Flask-SQLAlchemy Pagination) of the filed offers, in filing order."""
    stmt = (select(Offer).where(Offer.competition_id == competition.id,
                                Offer.filed_at.is_not(None))
            .options(*_OFFER_LOADS).order_by(Offer.filed_at, Offer.id))
    return db.paginate(stmt, page=max(page, 1), per_page=per_page, error_out=False,
                       count=True)


def find_verified_organisations(text: str, *, limit: int = 10) -> list[Organisation]:
    """Verified organisations by NIP (exact, dashes and spaces ignored) or by name (part)."""
    text = (text or "").strip()
    if not text:
        return []
    digits = re.sub(r"[\s-]", "", text)
    conditions = [func.lower(Organisation.name).contains(text.lower(), autoescape=True)]
    if digits.isdigit():
        conditions.append(Organisation.nip == digits)
    found = list(db.session.scalars(
        select(Organisation).where(Organisation.status == VerificationStatus.VERIFIED,
                                   or_(*conditions))
        .order_by(Organisation.name).limit(limit)
    ))
    exact = [o for o in found if o.nip == digits or o.name.lower() == text.lower()]
    return exact or found


def verified_organisation(organisation_id: int) -> Organisation | None:
    org = db.session.get(Organisation, organisation_id)
    return org if org is not None and org.is_verified else None


def next_offer_number(competition: Competition) -> str:
    """<reference>/<n>, n one more than the offers of the competition already numbered."""
    numbered = set(db.session.scalars(
        select(Offer.number).where(Offer.competition_id == competition.id, Offer.number != "")
    ))
    prefix = competition.reference or f"K{competition.id}"
    n = len(numbered) + 1
    while f"{prefix}/{n}" in numbered:
        n += 1
    return f"{prefix}/{n}"


@call_hooks.tasks_with_offers.provide
def tasks_with_offers(task_ids) -> set[int]:
    """Ids among `task_ids` that some offer (draft or filed) refers to."""
    if not task_ids:
        return set()
    return set(db.session.scalars(
        select(Offer.task_id).where(Offer.task_id.in_(list(task_ids))).distinct()))


@organisation_hooks.organisers_dealt_with.provide
def organisers_dealt_with(organisation_id: int) -> set[int]:
    """The organisers in whose competitions or procedures the organisation filed an offer."""
    by_competition = (select(Competition.organiser_id)
                      .join(Offer, Offer.competition_id == Competition.id)
                      .where(Offer.organisation_id == organisation_id, Offer.filed_at.is_not(None)))
    by_procedure = (select(Procedure.organiser_id)
                    .join(Offer, Offer.procedure_id == Procedure.id)
                    .where(Offer.organisation_id == organisation_id, Offer.filed_at.is_not(None)))
    return set(db.session.scalars(by_competition.union(by_procedure)))
