"""Read helpers for organisation pages."""

from __future__ import annotations

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from grants.core import clock
from grants.extensions import db
from grants.organisations.models import Invitation, Membership, Organisation, VerificationStatus

# pending first (they wait for an officer), then rejected, then verified
_STATUS_ORDER = case(
    (Organisation.status == VerificationStatus.PENDING, 0),
    (Organisation.status == VerificationStatus.REJECTED, 1),
    else_=2,
)


def memberships_of(user) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).join(Membership.organisation)
        .where(Membership.user_id == user.id)
        .options(selectinload(Membership.organisation))
        .order_by(Organisation.name)))


def staff_list_query(status: VerificationStatus | None = None, text: str = ""):
    query = select(Organisation)
    if status is not None:
        query = query.where(Organisation.status == status)
    text = (text or "").strip()
    if text:
        like = f"%{text.lower()}%"
        digits = "".join(ch for ch in text if ch.isdigit())
        conditions = [func.lower(Organisation.name).like(like),
                      func.lower(Organisation.city).like(like)]
        if digits:
            conditions += [Organisation.nip.like(f"%{digits}%"),
                           Organisation.krs.like(f"%{digits}%"),
                           Organisation.regon.like(f"%{digits}%")]
        query = query.where(or_(*conditions))
    return query.order_by(_STATUS_ORDER, Organisation.created_at, Organisation.name,
                          Organisation.id)


def status_counts() -> dict[VerificationStatus, int]:
    rows = db.session.execute(select(Organisation.status, func.count(Organisation.id))
                              .group_by(Organisation.status)).all()
    return {status: count for status, count in rows}


def members_of(org: Organisation) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).where(Membership.organisation_id == org.id)
        .options(selectinload(Membership.user))
        .order_by(Membership.is_admin.desc(), Membership.created_at, Membership.id)))


def pending_invitations(org: Organisation) -> list[Invitation]:
    return list(db.session.scalars(
        select(Invitation).where(Invitation.organisation_id == org.id,
                                 Invitation.accepted_at.is_(None),
                                 Invitation.expires_at > clock.now())
        .order_by(Invitation.created_at)))
