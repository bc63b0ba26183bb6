"""Read helpers for small grants."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from grants.auth import roles as perms
from grants.extensions import db
from grants.offers.models import OfferVersion
from grants.organisations.models import Organisation
from grants.organisers.models import ExecutiveBody, Organiser
from grants.smallgrants.models import (
    COUNTED_STATUSES,
    PUBLIC_STATUSES,
    SmallGrantOffer,
    SmallGrantYearPlan,
)

ZERO = Decimal("0.00")
# How long an offer stays on the public list after its comment period ended.
RECENTLY_CLOSED_DAYS = 30

_LOADS = (selectinload(SmallGrantOffer.organiser), selectinload(SmallGrantOffer.organisation),
          selectinload(SmallGrantOffer.offer))


def get_offer(offer_id: int) -> SmallGrantOffer | None:
    return db.session.get(SmallGrantOffer, offer_id)


def user_organisations(user) -> list[Organisation]:
    ids = perms.organisation_ids(user)
    if not ids:
        return []
    return list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)))


def organisers() -> list[Organiser]:
    return list(db.session.scalars(select(Organiser).order_by(Organiser.name)))


def public_offers(today: dt.date) -> list[SmallGrantOffer]:
    """Published offers whose comment period is running or ended at most
    RECENTLY_CLOSED_DAYS days ago, the soonest closing first."""
    since = today - dt.timedelta(days=RECENTLY_CLOSED_DAYS)
    return list(db.session.scalars(
        select(SmallGrantOffer)
        .where(SmallGrantOffer.status.in_(PUBLIC_STATUSES),
               SmallGrantOffer.published_on <= today,
               SmallGrantOffer.comment_end >= since)
        .options(*_LOADS, selectinload(SmallGrantOffer.comments))
        .order_by(SmallGrantOffer.comment_end.desc(), SmallGrantOffer.id.desc())))


def year_plan(body_id: int, year: int, *, lock: bool = False) -> SmallGrantYearPlan | None:
    """The executive body's plan of the year; `lock` takes a row lock (PostgreSQL) so that
    concurrent filings at the body's organisers are checked against the year's totals one
    after the other."""
    stmt = select(SmallGrantYearPlan).filter_by(executive_body_id=body_id, year=year)
    if lock:
        stmt = stmt.with_for_update()
    return db.session.scalar(stmt)


def plans() -> list[SmallGrantYearPlan]:
    return list(db.session.scalars(
        select(SmallGrantYearPlan).options(selectinload(SmallGrantYearPlan.executive_body))
        .order_by(SmallGrantYearPlan.year.desc(), SmallGrantYearPlan.executive_body_id)))


def bodies() -> list[ExecutiveBody]:
    return list(db.session.scalars(select(ExecutiveBody).order_by(ExecutiveBody.name)))


def counted_total(body_id: int, year: int, *, organisation_id: int | None = None,
                  exclude_id: int | None = None) -> Decimal:
    """Sum of the grants of counted (filed, not refused, not withdrawn) small-grant offers
    awarded in `year` by the executive body - at any organiser acting for it - of one
    organisation when given (the grant is the offer's one version's)."""
    stmt = (select(func.coalesce(func.sum(OfferVersion.grant_requested), 0))
            .select_from(SmallGrantOffer)
            .join(OfferVersion, OfferVersion.offer_id == SmallGrantOffer.offer_id)
            .join(Organiser, Organiser.id == SmallGrantOffer.organiser_id)
            .where(Organiser.executive_body_id == body_id,
                   SmallGrantOffer.award_year == year,
                   SmallGrantOffer.status.in_(COUNTED_STATUSES)))
    if organisation_id is not None:
        stmt = stmt.where(SmallGrantOffer.organisation_id == organisation_id)
    if exclude_id is not None:
        stmt = stmt.where(SmallGrantOffer.id != exclude_id)
    return Decimal(db.session.scalar(stmt) or 0).quantize(Decimal("0.01"))


def used_per_plan() -> dict[tuple[int, int], Decimal]:
    """{(executive_body_id, year of the award): counted total} for the administrator's
    table."""
    rows = db.session.execute(
        select(Organiser.executive_body_id, SmallGrantOffer.award_year,
               func.sum(OfferVersion.grant_requested))
        .join(OfferVersion, OfferVersion.offer_id == SmallGrantOffer.offer_id)
        .join(Organiser, Organiser.id == SmallGrantOffer.organiser_id)
        .where(SmallGrantOffer.status.in_(COUNTED_STATUSES))
        .group_by(Organiser.executive_body_id, SmallGrantOffer.award_year)).all()
    return {(b, y): Decimal(t or 0).quantize(Decimal("0.01")) for b, y, t in rows}


def next_number(organiser: Organiser, year: int) -> str:
    count = db.session.scalar(
        select(func.count(SmallGrantOffer.id)).where(
            SmallGrantOffer.organiser_id == organiser.id, SmallGrantOffer.filing_year == year,
            SmallGrantOffer.number.is_not(None))) or 0
    return f"{organiser.short_name}/MG/{year}/{count + 1}"
