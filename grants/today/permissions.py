"""Who sees which section of the start page: officers the work of the organisers they serve,
finance staff the money of theirs, committee members their own seats, members of an
organisation the work of that organisation. Nothing else: the queries are scoped by what
these functions return."""

from __future__ import annotations

from grants.auth import roles
from grants.auth.models import StaffRoleKind


def officer_organiser_ids(user) -> set[int]:
    return roles.organiser_ids(user, StaffRoleKind.OFFICER)


def finance_organiser_ids(user) -> set[int]:
    return roles.organiser_ids(user, StaffRoleKind.FINANCE)


def sits_in_committees(user) -> bool:
    return roles.has_role(user, None, StaffRoleKind.COMMITTEE)


def organisation_ids(user) -> set[int]:
    """The organisations whose work the user sees (any member acts on its offers)."""
    return roles.organisation_ids(user)


def has_start_page(user) -> bool:
    """The user holds at least one role the start page has a section for."""
    return bool(officer_organiser_ids(user) or finance_organiser_ids(user)
                or sits_in_committees(user) or organisation_ids(user))
