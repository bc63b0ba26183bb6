"""Who receives the reminders: the organisation (its e-mail address and its admin members) and
the officers of the organiser. Set-based: one statement per list, whatever the number of
contracts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from grants.auth.models import StaffRole, StaffRoleKind, User
from grants.extensions import db
from grants.organisations.models import Membership, Organisation


@dataclass(frozen=True)
class Recipient:
    email: str
    user_id: int | None = None
    name: str = ""


def ngo_recipients(organisation_ids: Collection[int]) -> dict[int, list[Recipient]]:
    """For each organisation: its own address, then its active admin members (no address
    twice), in a stable order."""
    if not organisation_ids:
        return {}
    ids = sorted(set(organisation_ids))
    result: dict[int, list[Recipient]] = defaultdict(list)
    for org_id, email in db.session.execute(
            select(Organisation.id, Organisation.email).where(Organisation.id.in_(ids))):
        if email:
            result[org_id].append(Recipient(email=email.strip().lower()))
    for org_id, user_id, email, name in db.session.execute(
            select(Membership.organisation_id, User.id, User.email, User.full_name)
            .join(User, User.id == Membership.user_id)
            .where(Membership.organisation_id.in_(ids), Membership.is_admin.is_(True),
                   User.active.is_(True))
            .order_by(Membership.organisation_id, User.email)):
        address = email.strip().lower()
        if all(r.email != address for r in result[org_id]):
            result[org_id].append(Recipient(email=address, user_id=user_id, name=name))
    return dict(result)


def officers(organiser_ids: Collection[int]) -> dict[int, list[Recipient]]:
    """Active officers of each organiser."""
    if not organiser_ids:
        return {}
    result: dict[int, list[Recipient]] = defaultdict(list)
    for organiser_id, user_id, email, name in db.session.execute(
            select(StaffRole.organiser_id, User.id, User.email, User.full_name)
            .join(User, User.id == StaffRole.user_id)
            .where(StaffRole.organiser_id.in_(sorted(set(organiser_ids))),
                   StaffRole.role == StaffRoleKind.OFFICER, User.active.is_(True))
            .order_by(StaffRole.organiser_id, User.email)):
        result[organiser_id].append(Recipient(email=email.strip().lower(), user_id=user_id,
                                              name=name))
    return dict(result)
