"""Who holds which role where: the helpers every area's permissions.py builds its can_* rules
on."""

from __future__ import annotations

from grants.auth.models import StaffRoleKind


def is_authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def has_role(user, organiser_id: int | None, role: StaffRoleKind) -> bool:
    """True when `user` holds `role` at the organiser (any organiser when None)."""
    if not is_authenticated(user):
        return False
    return any(
        r.role == role and (organiser_id is None or r.organiser_id == organiser_id)
        for r in user.staff_roles
    )


def organiser_ids(user, role: StaffRoleKind) -> set[int]:
    if not is_authenticated(user):
        return set()
    return {r.organiser_id for r in user.staff_roles if r.role == role}


def is_staff(user) -> bool:
    return is_authenticated(user) and bool(user.staff_roles)


def is_admin(user) -> bool:
    return is_authenticated(user) and bool(user.is_admin)


def organisation_ids(user, *, admin_only: bool = False) -> set[int]:
    """Organisations the user acts for (as their admin when `admin_only`)."""
    if not is_authenticated(user):
        return set()
    return {m.organisation_id for m in user.memberships if m.is_admin or not admin_only}


def is_member(user, organisation_id: int) -> bool:
    return organisation_id in organisation_ids(user)
