"""Who may see and change offers - the one place for these rules.

- An NGO member sees and edits the offers of the organisations they belong to (the lead
  offeror): drafts, a replacement; members of the joint partners named in the offer may
  view it.
- Filing an offer (its first version, a replacement, a correction) and withdrawing it are
  acts of the organisation: its administrators do them, a member prepares the drafts.
- Officers of the competition's organiser see the filed versions of the offers of its
  procedures (never a draft).
- Nobody else (committee, finance, administrators, officers of other organisers, other
  NGOs, anonymous users) sees any offer: views answer 404 so existence is not revealed.
"""

from __future__ import annotations

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind
from grants.offers.models import Offer, OfferStatus, OfferVersion, VersionState

FILED_STATES = (VersionState.FILED, VersionState.SUPERSEDED, VersionState.WITHDRAWN)


def _is_lead_member(user, offer: Offer) -> bool:
    return perms.is_member(user, offer.organisation_id)


def _is_lead_admin(user, offer: Offer) -> bool:
    return offer.organisation_id in perms.organisation_ids(user, admin_only=True)


def _partner_organisation_ids(offer: Offer) -> set[int]:
    ids: set[int] = set()
    for version in (offer.filed_version, offer.draft_version):
        if version is not None:
            ids.update(p.organisation_id for p in version.partners)
    return ids


def _is_partner_member(user, offer: Offer) -> bool:
    mine = perms.organisation_ids(user)
    return bool(mine) and bool(mine & _partner_organisation_ids(offer))


def is_organiser_officer(user, competition) -> bool:
    return perms.has_role(user, competition.organiser_id, StaffRoleKind.OFFICER)


def _was_filed(offer: Offer) -> bool:
    return offer.filed_at is not None


def can_view_offer(user, offer: Offer) -> bool:
    if not perms.is_authenticated(user):
        return False
    if _is_lead_member(user, offer) or _is_partner_member(user, offer):
        return True
    return _was_filed(offer) and is_organiser_officer(user, offer.competition)


def can_edit_offer(user, offer: Offer) -> bool:
    """Prepare: edit the draft, start or discard a replacement - members of the lead
    organisation (the deadline is the services' concern)."""
    return perms.is_authenticated(user) and _is_lead_member(user, offer)


def is_never_filed(offer: Offer) -> bool:
    """An offer of a competition whose only version is the first draft: never filed."""
    return (offer.competition_id is not None and offer.status == OfferStatus.DRAFT
            and offer.filed_at is None and not offer.number
            and all(v.state == VersionState.DRAFT for v in offer.versions))


def can_delete_draft(user, offer: Offer) -> bool:
    """Delete a never-filed draft: members of the lead organisation (who prepare it)."""
    return can_edit_offer(user, offer) and is_never_filed(offer)


def can_file_offer(user, offer: Offer) -> bool:
    """File the draft (first version, replacement, correction): an act of the organisation -
    the lead organisation's administrators."""
    return perms.is_authenticated(user) and _is_lead_admin(user, offer)


def can_withdraw_offer(user, offer: Offer) -> bool:
    """Withdraw the filed offer: an act of the organisation - its administrators."""
    return perms.is_authenticated(user) and _is_lead_admin(user, offer)


def can_view_version(user, version: OfferVersion) -> bool:
    offer = version.offer
    if not can_view_offer(user, offer):
        return False
    if _is_lead_member(user, offer) or _is_partner_member(user, offer):
        return True
    return version.state in FILED_STATES and version.filed_at is not None


def visible_versions(user, offer: Offer) -> list[OfferVersion]:
    return [v for v in offer.versions if can_view_version(user, v)]


def can_view_attachment(user, attachment, version: OfferVersion) -> bool:
    return attachment.version_id == version.id and can_view_version(user, version)


def offer_organisation_ids(user) -> set[int]:
    """The organisations whose competition offers the user's "My offers" list holds."""
    return perms.organisation_ids(user)


def can_list_competition_offers(user, competition) -> bool:
    return is_organiser_officer(user, competition)


def can_start_offer(user, organisation) -> bool:
    return (perms.is_authenticated(user) and perms.is_member(user, organisation.id)
            and organisation.is_verified)
