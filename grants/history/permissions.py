"""Who may read an object's history - the one place for these rules. Each rule delegates to
the area's own: the staff who may see the object (its organiser's officers; for contracts,
their reports and settlements also its finance staff; for an organisation any staff user) and
administrators, who hold the whole log. Offerors and committee members do not see the
History tab: the trail names people and holds what they must not read (other members' points).

Refusal: 403 to a user who may see the object but not its history, 404 to anybody else (the
object's existence is not revealed)."""

from __future__ import annotations

from grants.auth import roles
from grants.auth.models import StaffRoleKind
from grants.awards import permissions as award_perms
from grants.calls import permissions as call_perms
from grants.contracts import permissions as contract_perms
from grants.evaluation import permissions as committee_perms
from grants.organisations import permissions as org_perms


def can_read_log(user) -> bool:
    """The whole log, filtered and exported: administrators."""
    return roles.is_admin(user)


def _offer_organiser_id(offer) -> int | None:
    if offer.competition is not None:
        return offer.competition.organiser_id
    return offer.procedure.organiser_id if offer.procedure is not None else None


def _offer_staff(user, offer) -> bool:
    return offer.filed_at is not None and roles.has_role(
        user, _offer_organiser_id(offer), StaffRoleKind.OFFICER)


def _offer_visible(user, offer) -> bool:
    return roles.is_authenticated(user) and (
        roles.is_member(user, offer.organisation_id) or _offer_staff(user, offer))


def _contract_staff(user, contract) -> bool:
    return contract_perms.is_officer(user, contract) or contract_perms.is_finance(user, contract)


def _committee_member(user, competition) -> bool:
    return committee_perms.can_use_committee_area(user) and roles.has_role(
        user, competition.organiser_id, StaffRoleKind.COMMITTEE)


# kind -> (may read the history, may see the object at all)
RULES = {
    "competition": (call_perms.can_view_call_staff, call_perms.can_view_call_staff),
    "offer": (_offer_staff, _offer_visible),
    "committee": (committee_perms.can_compose_committee,
                  lambda u, c: committee_perms.can_compose_committee(u, c)
                  or _committee_member(u, c)),
    "awards": (award_perms.can_manage_awards, award_perms.can_manage_awards),
    "contract": (_contract_staff, contract_perms.can_view_contract),
    "report": (lambda u, r: _contract_staff(u, r.contract),
               lambda u, r: contract_perms.can_view_contract(u, r.contract)),
    "settlement": (lambda u, s: _contract_staff(u, s.contract),
                   lambda u, s: contract_perms.can_view_contract(u, s.contract)),
    "organisation": (lambda u, o: org_perms.can_list_organisations(u),
                     org_perms.can_view_organisation),
}
# Committee and awards are histories of a competition (the committee's page is the
# competition's); `obj` is then the competition.


def can_see_history(user, kind: str, obj) -> bool:
    if kind not in RULES or obj is None or not roles.is_authenticated(user):
        return False
    return roles.is_admin(user) or RULES[kind][0](user, obj)


def refusal_status(user, kind: str, obj) -> int:
    """403 when the user may see the object, else 404."""
    if kind in RULES and obj is not None and RULES[kind][1](user, obj):
        return 403
    return 404
