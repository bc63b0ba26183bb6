"""Who may see and change small-grant offers - the one place for these rules.

- Members of the offering organisation see its small-grant offers in every state and edit
  them (drafts only - the services refuse the rest); filing and withdrawing are the
  organisation's acts, done by its administrators; nobody else sees a draft.
- Officers of the organiser an offer is addressed to see it once filed and handle it
  (assessment, publication, moderation, consideration, contracting); officers of other
  organisers, committee and finance staff, administrators and other NGOs learn nothing
  (404).
- The public (anybody, signed in or not) sees an offer from its publication day, with
  the comments an officer approved; a comment may be submitted during the comment period.
- Only administrators enter the yearly plans of grants.
"""

from __future__ import annotations

import datetime as dt

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind
from grants.smallgrants.models import PUBLIC_STATUSES, SmallGrantOffer, SmallGrantStatus


def is_member(user, offer: SmallGrantOffer) -> bool:
    return perms.is_authenticated(user) and perms.is_member(user, offer.organisation_id)


def is_officer(user, offer: SmallGrantOffer) -> bool:
    return perms.has_role(user, offer.organiser_id, StaffRoleKind.OFFICER)


def officer_organiser_ids(user) -> set[int]:
    return perms.organiser_ids(user, StaffRoleKind.OFFICER)


def listed_organisation_ids(user) -> set[int]:
    """The organisations whose small-grant offers the user's "my offers" list holds."""
    return perms.organisation_ids(user)


def can_start_offer(user, organisation) -> bool:
    return (perms.is_authenticated(user) and perms.is_member(user, organisation.id)
            and organisation.is_verified)


def can_view_offer(user, offer: SmallGrantOffer) -> bool:
    if is_member(user, offer):
        return True
    return offer.status != SmallGrantStatus.DRAFT and is_officer(user, offer)


def can_edit_offer(user, offer: SmallGrantOffer) -> bool:
    """Prepare the draft: members of the offering organisation (states: the services)."""
    return is_member(user, offer)


def can_file_offer(user, offer: SmallGrantOffer) -> bool:
    """File or withdraw the offer - an act of the organisation: its administrators."""
    return (perms.is_authenticated(user)
            and offer.organisation_id in perms.organisation_ids(user, admin_only=True))


def can_list_offers(user) -> bool:
    """The officer's list: an officer of at least one organiser."""
    return perms.has_role(user, None, StaffRoleKind.OFFICER)


def can_handle_offer(user, offer: SmallGrantOffer) -> bool:
    """Assess, publish, moderate, record the consideration, move to contracting."""
    return offer.status != SmallGrantStatus.DRAFT and is_officer(user, offer)


def can_view_public(offer: SmallGrantOffer, today: dt.date) -> bool:
    return (offer.status in PUBLIC_STATUSES and offer.published_on is not None
            and offer.published_on <= today)


def can_manage_plans(user) -> bool:
    return perms.is_admin(user)
