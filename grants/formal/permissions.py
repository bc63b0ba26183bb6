"""Who takes part in the formal check - the one place for these rules.

- Officers of the competition's organiser run the check of its filed offers - except the
  offers of an organisation they belong to (the lead offeror or a joint partner): a conflict
  of role, which `check_refusal` names; another officer of the organiser checks those.
- Officers of other organisers do not learn that the competition or the offer exists (404);
  a user who is no officer at all gets 403 on the officer's list, and on an offer's check
  page 403 when they may see the offer (its offeror), 404 otherwise (as in the offers area).
- The offeror sees the outcome, reasons and due date on its offer page (whoever may view the
  offer) and files the requested correction (members of the lead organisation).
"""

from __future__ import annotations

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind
from grants.core.i18n import N_
from grants.offers import permissions as offer_perms


def is_officer_anywhere(user) -> bool:
    return perms.has_role(user, None, StaffRoleKind.OFFICER)


def can_run_formal_check(user, competition) -> bool:
    """An officer of the competition's organiser."""
    return perms.has_role(user, competition.organiser_id, StaffRoleKind.OFFICER)


def offeror_ids(offer) -> set[int]:
    """The lead offeror and the joint partners named in the filed version."""
    ids = {offer.organisation_id}
    version = offer.filed_version
    if version is not None:
        ids.update(p.organisation_id for p in version.partners)
    return ids


def is_own_offer(user, offer) -> bool:
    """The user belongs to one of the offer's offerors."""
    mine = perms.organisation_ids(user)
    return bool(mine) and bool(mine & offeror_ids(offer))


def check_refusal(user, offer) -> str | None:
    """Why an officer of the organiser may not check this offer (None: no conflict)."""
    if is_own_offer(user, offer):
        return N_("Należysz do organizacji oferenta – ocenę formalną tej oferty prowadzi inny "
                  "urzędnik organizatora (konflikt ról).")
    return None


def can_check_offer(user, offer) -> bool:
    """The organiser's officer, for an offer that has been filed (never a draft), unless
    they belong to one of its offerors."""
    return (offer.filed_at is not None and can_run_formal_check(user, offer.competition)
            and not is_own_offer(user, offer))


def can_view_formal_outcome(user, offer) -> bool:
    return offer_perms.can_view_offer(user, offer)


def can_file_correction(user, offer) -> bool:
    """Prepare and file the requested correction: the lead organisation's members (whether
    the correction is still possible is the services' concern)."""
    return offer_perms.can_edit_offer(user, offer)
