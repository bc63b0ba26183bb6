"""Who may act on a committee's work, as the services check it: the committee still open,
the organiser's officer composing it, the member acting for themselves, the offer admitted to
scoring. Each raises a DomainError with the Polish message shown to the person refused.

A committee belongs to a procedure: the organiser is the procedure's."""

from __future__ import annotations

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind
from grants.calls.models import Competition
from grants.core.errors import InvalidTransition, NotAllowed, NotFound
from grants.core.i18n import N_
from grants.evaluation import queries
from grants.evaluation.models import Committee, CommitteeMember
from grants.offers.models import Offer
from grants.procedures.models import Procedure


def ensure_open(committee: Committee) -> None:
    if committee.is_closed:
        raise InvalidTransition(N_("Ocena ofert została zamknięta – w pracach komisji nie "
                                   "można już niczego zmienić."))


def ensure_officer(actor, procedure: Procedure) -> None:
    """The actor is an officer of the procedure's organiser."""
    if not perms.has_role(actor, procedure.organiser_id, StaffRoleKind.OFFICER):
        raise NotAllowed(N_("Skład komisji ustala urzędnik organizatora konkursu."))


def ensure_self(actor, member: CommitteeMember) -> None:
    """The actor is the member and still holds the COMMITTEE role at the organiser."""
    if (not perms.is_authenticated(actor) or actor.id != member.user_id
            or not perms.has_role(actor, member.committee.procedure.organiser_id,
                                  StaffRoleKind.COMMITTEE)):
        raise NotAllowed(N_("Tę czynność może wykonać tylko sam członek komisji."))


def participants(competition: Competition) -> set[int]:
    return queries.participating_organisation_ids(competition)


def ensure_not_disqualified(member: CommitteeMember, message: str) -> None:
    """A person named by an organisation taking part may not act (art. 15 ust. 2b)."""
    if queries.is_disqualified(member, participants(member.committee.competition)):
        raise NotAllowed(message)


def scoring_offer(competition: Competition, offer: Offer) -> Offer:
    if offer.competition_id != competition.id or offer not in queries.offers_for_scoring(
            competition):
        raise NotFound(N_("Ta oferta nie została dopuszczona do oceny komisji."))
    return offer

