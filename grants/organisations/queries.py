"""Read helpers for organisation pages."""

from __future__ import annotations

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from grants.auth.models import StaffRole, StaffRoleKind, User
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


# --- the same NIP or KRS: verified holders and claims ----------------------------------

def _holds_identity():
    """Verified, or sent back to verification after a change of its data having been verified
    before (`verified_at` is the last verification): such an organisation holds its NIP/KRS."""
    return or_(Organisation.status == VerificationStatus.VERIFIED,
               and_(Organisation.status == VerificationStatus.PENDING,
                    Organisation.verified_at.is_not(None)))


def holds_identity(org: Organisation) -> bool:
    return org.status == VerificationStatus.VERIFIED or (
        org.status == VerificationStatus.PENDING and org.verified_at is not None)


def _same_numbers(nip: str | None, krs: str | None):
    conditions = [Organisation.nip == nip] if nip else []
    if krs:
        conditions.append(Organisation.krs == krs)
    return or_(*conditions) if conditions else None


def holders_of(nip: str | None, krs: str | None, *, exclude_id: int | None = None
               ) -> list[Organisation]:
    """The organisations holding this NIP or KRS (see `_holds_identity`), but `exclude_id`."""
    same = _same_numbers(nip, krs)
    if same is None:
        return []
    query = select(Organisation).where(same, _holds_identity())
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    return list(db.session.scalars(query.order_by(Organisation.id)))


def same_numbers(org: Organisation) -> list[Organisation]:
    """Every other registration with the organisation's NIP or KRS, whatever its status."""
    same = _same_numbers(org.nip, org.krs)
    return list(db.session.scalars(select(Organisation).where(same, Organisation.id != org.id)
                                   .order_by(Organisation.created_at, Organisation.id)))


def claimed_organisations(org: Organisation) -> list[Organisation]:
    """The organisations holding the NIP or KRS of `org` when `org` itself holds neither: its
    registration is a claim on them the officers decide."""
    if holds_identity(org) or org.status == VerificationStatus.REJECTED:
        return []
    return holders_of(org.nip, org.krs, exclude_id=org.id)


def claims_against(org: Organisation) -> list[Organisation]:
    """The pending registrations claiming the NIP or KRS `org` holds."""
    if not holds_identity(org):
        return []
    return [o for o in same_numbers(org)
            if o.status == VerificationStatus.PENDING and not holds_identity(o)]


def claim_ids(orgs: list[Organisation]) -> set[int]:
    """Ids among `orgs` (a page of the staff list) whose registration is a claim: pending,
    never verified, with the NIP or KRS of an organisation that holds it. One statement."""
    waiting = [o for o in orgs if o.status == VerificationStatus.PENDING
               and not holds_identity(o)]
    if not waiting:
        return set()
    nips = {o.nip for o in waiting}
    krss = {o.krs for o in waiting if o.krs}
    rows = db.session.execute(select(Organisation.id, Organisation.nip, Organisation.krs).where(
        or_(Organisation.nip.in_(nips), Organisation.krs.in_(krss)), _holds_identity())).all()
    return {o.id for o in waiting for hid, nip, krs in rows
            if hid != o.id and (nip == o.nip or (o.krs and krs == o.krs))}


def officer_emails() -> list[str]:
    """The active officers of every organiser: organisation data serves them all."""
    return list(db.session.scalars(
        select(User.email).join(StaffRole, StaffRole.user_id == User.id)
        .where(StaffRole.role == StaffRoleKind.OFFICER, User.active.is_(True))
        .distinct().order_by(User.email)))
