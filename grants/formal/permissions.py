"""Who takes part in the formal check - the one place for these rules.

- Officers of the competition's organiser run the check of its filed offers.
- Officers of other organisers do not learn that the competition or the offer exists (404);
  a user who is no officer at all gets 403 on the officer's list, and on an offer's check
  page 403 when they may see the offer (its offeror), 404 otherwise (as in the offers area).
- The offeror sees the outcome, reasons and due date on its offer page (whoever may view the
  offer) and files the requested correction (members of the lead organisation).
"""

from __future__ import annotations

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind
from grants.offers import permissions as offer_perms


def is_officer_anywhere(user) -> bool:
    return perms.has_role(user, None, StaffRoleKind.OFFICER)


def can_run_formal_check(user, competition) -> bool:
    """An officer of the competition's organiser."""
    return perms.has_role(user, competition.organiser_id, StaffRoleKind.OFFICER)


def can_check_offer(user, offer) -> bool:
    """The organiser's officer, for an offer that has been filed (never a draft)."""
    return offer.filed_at is not None and can_run_formal_check(user, offer.competition)


def can_view_formal_outcome(user, offer) -> bool:
    return offer_perms.can_view_offer(user, offer)


def can_file_correction(user, offer) -> bool:
    """Prepare and file the requested correction: the lead organisation's members (whether
    the correction is still possible is the services' concern)."""
    return offer_perms.can_edit_offer(user, offer)
