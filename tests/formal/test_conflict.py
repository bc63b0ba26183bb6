"""Conflicts of role (issue 10): an officer who belongs to the offering organisation (the
lead offeror or a joint partner) never runs the formal check of its offer - the services
refuse it, the pages say why; another officer of the organiser does it."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest

from grants.auth.models import StaffRoleKind
from grants.core.errors import NotAllowed
from grants.extensions import db
from grants.formal import permissions, queries, services
from grants.formal.models import FormalOutcome
from grants.organisations.models import Membership
from tests.support.factories import make_user
from tests.support.formal import accept, offer_of_x, offer_of_y, past_deadline
from tests.support.offers import filed_offer, login_as

OWN = "Należysz do organizacji oferenta"


def _officer_in_x(world):
    """The attack: the organiser's officer is a member of the offering NGO X."""
    db.session.add(Membership(user=world.officer, organisation=world.ngo_x, is_admin=False))
    db.session.commit()
    db.session.expire(world.officer)


def _second_officer(world):
    user = make_user("urzednik.drugi@example.org", full_name="Druga Urzędniczka",
                     roles=[(world.org_a, StaffRoleKind.OFFICER)])
    db.session.commit()
    return user


def test_an_officer_may_not_check_an_offer_of_their_organisation(world):
    offer = offer_of_x(world)
    other = offer_of_y(world)
    _officer_in_x(world)
    past_deadline(world.competition)
    assert permissions.can_check_offer(world.officer, offer) is False
    assert OWN in permissions.check_refusal(world.officer, offer)
    with pytest.raises(NotAllowed) as caught:
        services.start_check(offer, actor=world.officer)
    assert OWN in str(caught.value)
    assert queries.check_of(offer) is None
    # the other offers of the competition stay theirs to check
    assert permissions.can_check_offer(world.officer, other) is True
    accept(other, world.officer)


def test_a_check_started_by_a_colleague_stays_closed_to_the_member(world):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    colleague = _second_officer(world)
    check = services.start_check(offer, actor=colleague)
    db.session.commit()
    _officer_in_x(world)
    for call in (lambda: services.record_items(check, actor=world.officer,
                                               results={1: {"passed": True}}),
                 lambda: services.decide_check(check, actor=world.officer,
                                               outcome=FormalOutcome.ACCEPTED)):
        with pytest.raises(NotAllowed):
            call()
    accept(offer, colleague)
    assert queries.check_of(offer).outcome == FormalOutcome.ACCEPTED


def test_a_joint_partner_is_an_offeror_too(world):
    offer = filed_offer(world, organisation=world.ngo_y, actor=world.ngo_other,
                        partners=[{"organisation_id": world.ngo_x.id,
                                   "cost_share": Decimal("10000.00")}],
                        lead_cost_share=Decimal("39999.96"))
    _officer_in_x(world)
    past_deadline(world.competition)
    assert permissions.can_check_offer(world.officer, offer) is False
    with pytest.raises(NotAllowed):
        services.start_check(offer, actor=world.officer)


def test_the_pages_say_why(world, client):
    offer = offer_of_x(world)
    _officer_in_x(world)
    past_deadline(world.competition)
    login_as(client, world.officer)
    listing = unescape(client.get(
        f"/officer/competitions/{world.competition.id}/formal").get_data(as_text=True))
    assert OWN in listing
    assert f'href="/officer/offers/{offer.id}/formal"' not in listing
    page = client.get(f"/officer/offers/{offer.id}/formal")
    assert page.status_code == 403
    assert OWN in unescape(page.get_data(as_text=True))
    posted = client.post(f"/officer/offers/{offer.id}/formal",
                         data={"items-0-passed": "pass", "items-1-passed": "pass",
                               "action": "accept"})
    assert posted.status_code == 403
    assert queries.check_of(offer) is None
