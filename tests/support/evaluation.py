"""Building a committee at work: accepted offers, seated members, scores."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from grants.auth.models import StaffRoleKind
from grants.evaluation import composition, declarations, queries, rules, services
from grants.evaluation.models import MemberKind
from grants.extensions import db
from grants.formal.models import FormalCheck, FormalOutcome
from tests.support.factories import make_user
from tests.support.offers import filed_offer

D = Decimal


def accept(offer) -> None:
    """The formal check admits the offer to scoring (created directly: the formal area's
    services are not this area's business)."""
    db.session.add(FormalCheck(offer_id=offer.id, outcome=FormalOutcome.ACCEPTED))
    db.session.flush()


def accepted_offer(world, **kw):
    offer = filed_offer(world, **kw)
    accept(offer)
    db.session.commit()
    return offer


def committee_user(world, full_name: str | None = None, organiser=None):
    return make_user(full_name=full_name,
                     roles=[(organiser or world.org_a, StaffRoleKind.COMMITTEE)])


def seat(world, user, *, kind=MemberKind.AUTHORITY, function="none", sign=True,
         naming_organisation=None, competition=None):
    competition = competition or world.competition
    committee = composition.ensure_committee(competition.procedure, actor=world.officer)
    member = composition.add_member(committee, actor=world.officer, user=user, kind=kind,
                                    function=function, naming_organisation=naming_organisation)
    if sign:
        declarations.sign_declaration(member, actor=user, confirmed=True)
    db.session.commit()
    return member


def items(competition, points: list, justification: str = "Uzasadnienie") -> dict:
    """ItemInputs for the competition's applicable criteria, in order."""
    criteria = queries.criteria_of(competition)
    assert len(points) == len(criteria), [c.max_points for c in criteria]
    return {c.id: rules.ItemInput(None if p is None else D(str(p)), justification)
            for c, p in zip(criteria, points, strict=True)}


def score(member, offer, points: list, *, submit=True, justification="Uzasadnienie"):
    s = services.save_score(member, offer, actor=member.user,
                            items=items(member.committee.competition, points, justification),
                            submit=submit)
    db.session.commit()
    return s


@dataclass
class Scene:
    chair: object
    second: object
    expert: object
    offer1: object
    offer2: object


def scene(world) -> Scene:
    """Two accepted offers (X, Y), a chair and a second voting member, and an expert; all
    signed. The world's competition (wspieranie) has 6 criteria: 20, 20, 30, 10, 10, 20
    (max total 110... see criteria_of)."""
    offer1 = accepted_offer(world)
    offer2 = accepted_offer(world, organisation=world.ngo_y, actor=world.ngo_other)
    chair = seat(world, world.committee, function="chair")
    second = seat(world, committee_user(world, "Waldemar Drugi"))
    expert = seat(world, committee_user(world, "Ewa Ekspertka"), kind=MemberKind.EXPERT)
    return Scene(chair, second, expert, offer1, offer2)
