"""Who may do what with the ranking, the decision, the results and the offer update - the one
place for these rules.

- Officers of the competition's organiser build the ranking, propose grants, record the
  decision, publish the results, record objections, annul the competition and download the
  protocol and the ranking. A user who is not an officer anywhere gets 403; an officer of
  another organiser 404 (a competition's existence is not revealed by these pages).
- The offer update is prepared by members of the lead organisation of the offer; accepting
  the award - filing the update - and giving up the grant are acts of the organisation, for
  its administrators. Whoever may see the offer but not do it gets 403, anybody else 404.
- The public sees the results once they are published (on the competition's public page).
"""

from __future__ import annotations

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind
from grants.offers import permissions as offer_permissions


def is_any_officer(user) -> bool:
    return perms.has_role(user, None, StaffRoleKind.OFFICER)


def can_manage_awards(user, competition) -> bool:
    return perms.has_role(user, competition.organiser_id, StaffRoleKind.OFFICER)


def can_see_offer(user, offer) -> bool:
    return offer_permissions.can_view_offer(user, offer)


def can_update_offer(user, offer) -> bool:
    """Prepare the update of the offer after the award: the lead offeror's members."""
    return offer_permissions.can_edit_offer(user, offer)


def can_accept_award(user, offer) -> bool:
    """Accept the award (file the update) or give up the grant: an act of the organisation -
    the lead offeror's administrators."""
    return offer_permissions.can_file_offer(user, offer)
