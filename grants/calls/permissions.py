"""Who may do what with a competition. The one place for these rules (views and templates).

Officer pages answer 403 to a user who is not an officer anywhere, and 404 for a
competition of another organiser, so that an officer elsewhere cannot learn that a
draft exists. The public sees every competition except drafts.
"""

from __future__ import annotations

from grants.auth import roles as core
from grants.auth.models import StaffRoleKind
from grants.calls.models import CallStatus, Competition
from grants.core import clock


def officer_organiser_ids(user) -> set[int]:
    """Organisers at which `user` runs procedures."""
    return core.organiser_ids(user, StaffRoleKind.OFFICER)


def can_manage_calls(user) -> bool:
    """An officer of at least one organiser: may open the officer's list and draft calls."""
    return core.has_role(user, None, StaffRoleKind.OFFICER)


def can_create_call(user, organiser_id: int) -> bool:
    return core.has_role(user, organiser_id, StaffRoleKind.OFFICER)


def can_edit_call(user, competition: Competition) -> bool:
    """An officer of the competition's organiser (sees it in any state, manages it)."""
    return core.has_role(user, competition.organiser_id, StaffRoleKind.OFFICER)


def can_view_call_staff(user, competition: Competition) -> bool:
    return can_edit_call(user, competition)


def can_view_call_public(user, competition: Competition) -> bool:
    """Anybody, logged in or not, once the call is published (drafts never)."""
    return competition.status != CallStatus.DRAFT


def can_edit_draft(user, competition: Competition) -> bool:
    return can_edit_call(user, competition) and competition.status == CallStatus.DRAFT


def can_publish_call(user, competition: Competition) -> bool:
    return can_edit_draft(user, competition)


def can_correct_call(user, competition: Competition) -> bool:
    """Corrections: published calls only, and only before the offer deadline."""
    return (can_edit_call(user, competition) and competition.status == CallStatus.PUBLISHED
            and clock.now() < competition.offer_deadline)


def can_add_document(user, competition: Competition) -> bool:
    return can_edit_call(user, competition) and competition.status in (
        CallStatus.DRAFT, CallStatus.PUBLISHED)


def can_remove_document(user, competition: Competition) -> bool:
    return can_edit_draft(user, competition)
