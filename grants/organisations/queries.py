"""Read helpers for organisation pages."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from grants.core import clock
from grants.extensions import db
from grants.organisations.models import Invitation, Membership, Organisation


def memberships_of(user) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).join(Membership.organisation)
        .where(Membership.user_id == user.id)
        .options(selectinload(Membership.organisation))
        .order_by(Organisation.name)))


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
