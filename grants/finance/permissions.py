"""Who sees the finance dashboard and who exports the transfers due, built on the contracts'
rules (grants/contracts/permissions.py): officers and finance staff see the dashboard of their
organisers; only finance staff export the transfers for the bank."""

from __future__ import annotations

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind
from grants.contracts.permissions import can_see_finance_dashboard


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
