"""Who may see and do what in the committee's work - the one place for these rules.

- Officers of the competition's organiser compose the committee (other organisers' officers
  get 404, everybody else 403) and, once scoring is closed, see the whole sheet.
- A committee member (a seat in the committee and the COMMITTEE role at the organiser) sees
  the competition's offers by title and offeror only, until they sign the declaration of
  impartiality; then the content of every offer they are not excluded from. A member never
  sees anyone else's points while scoring is open; after closing, the whole sheet. The chair,
  once signed, reads which offers to discuss (nothing else derived from the points).
- A member who belongs to an offering organisation (lead or joint partner) is excluded from
  its offers as if they had declared the conflict.
- A person named by an organisation taking part in the competition is disqualified: they
  see titles and offerors only and cannot sign or score.
- Only the chair closes scoring, and only after signing the declaration.
- Nobody else learns that a committee exists (404).
"""

from __future__ import annotations

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind
from grants.evaluation import queries
from grants.evaluation.models import Committee, CommitteeMember


def is_organiser_officer(user, competition) -> bool:
    return perms.has_role(user, competition.organiser_id, StaffRoleKind.OFFICER)


def is_any_officer(user) -> bool:
    return perms.has_role(user, None, StaffRoleKind.OFFICER)


def can_use_committee_area(user) -> bool:
    """The list "my committees": users holding the COMMITTEE role somewhere."""
    return perms.has_role(user, None, StaffRoleKind.COMMITTEE)


def can_compose_committee(user, competition) -> bool:
    return is_organiser_officer(user, competition)


def is_seated(user, competition, member: CommitteeMember | None) -> bool:
    """`member` is the user's own seat and they still hold the role at the organiser."""
    return (member is not None and perms.is_authenticated(user) and member.user_id == user.id
            and perms.has_role(user, competition.organiser_id, StaffRoleKind.COMMITTEE))


def can_view_committee_work(user, competition, member: CommitteeMember | None) -> bool:
    return is_seated(user, competition, member)


def is_excluded(member: CommitteeMember, offer, *, participants: set[int]) -> bool:
    return (queries.is_disqualified(member, participants)
            or offer.id in queries.excluded_offer_ids(member, [offer]))


def can_sign_declaration(user, competition, member: CommitteeMember | None, *,
                         participants: set[int]) -> bool:
    return (is_seated(user, competition, member) and not member.has_signed
            and not member.committee.is_closed
            and not queries.is_disqualified(member, participants))


def can_see_offer_content(user, competition, member: CommitteeMember | None, offer, *,
                          participants: set[int]) -> bool:
    """Beyond title and offeror: signed, not excluded from the offer (or disqualified)."""
    return (is_seated(user, competition, member) and member.has_signed
            and not is_excluded(member, offer, participants=participants))


def can_score(user, competition, member: CommitteeMember | None, offer, *,
              participants: set[int], unresolved_orgs: set[int]) -> bool:
    """Content visible, scoring open, no unanswered name match with one of the offerors."""
    return (can_see_offer_content(user, competition, member, offer, participants=participants)
            and not member.committee.is_closed
            and not (queries.offeror_ids(offer) & unresolved_orgs))


def can_declare_conflict(user, competition, member: CommitteeMember | None) -> bool:
    return is_seated(user, competition, member) and not member.committee.is_closed


def can_see_flags(user, competition, member: CommitteeMember | None) -> bool:
    """The flags for discussion (which offers, queries.offers_to_discuss): the chair, after
    signing the declaration of impartiality."""
    return is_chair(user, competition, member) and member.has_signed


def own_offer(member: CommitteeMember | None, offer) -> bool:
    """The member belongs to one of the offer's offerors: excluded as in a conflict."""
    return member is not None and offer.id in queries.own_offer_ids(member, [offer])


def can_close_scoring(user, competition, member: CommitteeMember | None) -> bool:
    return (is_seated(user, competition, member) and member.is_chair and member.has_signed
            and not member.committee.is_closed)


def is_chair(user, competition, member: CommitteeMember | None) -> bool:
    return is_seated(user, competition, member) and member.is_chair


def can_view_sheet(user, competition, committee: Committee | None,
                   member: CommitteeMember | None) -> bool:
    """Everyone's points: only after closing, for the members and the organiser's officers."""
    if committee is None or not committee.is_closed:
        return False
    return is_seated(user, competition, member) or is_organiser_officer(user, competition)


def sheet_hidden_offer_ids(user, competition, member: CommitteeMember | None, offers, *,
                           participants: set[int]) -> set[int]:
    """Offers whose points the viewer of the sheet does not see: a member excluded from an
    offer (or disqualified) sees only its title and offeror, even after closing. The
    organiser's officers see every offer."""
    if is_organiser_officer(user, competition) or member is None:
        return set()
    if queries.is_disqualified(member, participants):
        return {o.id for o in offers}
    return queries.excluded_offer_ids(member, offers)
