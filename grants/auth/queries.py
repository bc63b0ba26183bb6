"""Read helpers about accounts that every area uses."""

from __future__ import annotations

from sqlalchemy import select

from grants.auth.models import StaffRole, StaffRoleKind, User
from grants.extensions import db


def staff_emails(organiser_id: int, role: StaffRoleKind = StaffRoleKind.OFFICER) -> list[str]:
    """The e-mails of the active staff holding `role` at the organiser (the officers by
    default), in order."""
    return list(db.session.scalars(
        select(User.email).join(StaffRole, StaffRole.user_id == User.id)
        .where(StaffRole.organiser_id == organiser_id, StaffRole.role == role,
               User.active.is_(True)).order_by(User.email)))
