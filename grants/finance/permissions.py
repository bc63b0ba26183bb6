"""Who sees the finance dashboard and who exports the transfers due: officers and finance staff
see the dashboard of their organisers; only finance staff export the transfers for the bank."""

from __future__ import annotations

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind


def can_see_finance_dashboard(user, organiser_id: int | None = None) -> bool:
    return (perms.has_role(user, organiser_id, StaffRoleKind.FINANCE)
            or perms.has_role(user, organiser_id, StaffRoleKind.OFFICER))


def dashboard_organiser_ids(user) -> set[int]:
    """The organisers whose money the user's dashboard shows."""
    candidates = (perms.organiser_ids(user, StaffRoleKind.FINANCE)
                  | perms.organiser_ids(user, StaffRoleKind.OFFICER))
    return {oid for oid in candidates if can_see_finance_dashboard(user, oid)}


def export_organiser_ids(user) -> set[int]:
    """The organisers whose transfers the user may export for the bank (finance staff)."""
    return perms.organiser_ids(user, StaffRoleKind.FINANCE)


def can_export_transfers(user) -> bool:
    return bool(export_organiser_ids(user))
