"""Conflicts of role (issue 10): a committee member who belongs to an offering organisation
(the lead offeror or a joint partner) is in conflict with its offers, as if they had
declared it: they neither read nor score them, nobody waits for their score, and the pages
and the list of exclusions say why."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest

from grants.core.errors import NotAllowed
from grants.evaluation import permissions, queries, services
from grants.extensions import db
from grants.organisations.models import Membership
from tests.conftest import login
from tests.support.evaluation import accepted_offer, items, scene, score

D = Decimal
FULL = [20, 20, 30, 10, 10, 20]
OWN = "Należysz do organizacji oferenta"


def _chair_joins_x(world):
    """The attack: the chair is a member of NGO X, whose offer is scored."""
    db.session.add(Membership(user=world.committee, organisation=world.ngo_x, is_admin=False))
    db.session.commit()
    db.session.expire(world.committee)


def test_a_member_of_the_offering_organisation_may_not_score_its_offer(world):
    s = scene(world)
    _chair_joins_x(world)
    participants = queries.participating_organisation_ids(world.competition)
    assert permissions.is_excluded(s.chair, s.offer1, participants=participants)
    assert not permissions.can_see_offer_content(world.committee, world.competition, s.chair,
                                                 s.offer1, participants=participants)
    with pytest.raises(NotAllowed) as caught:
        services.save_score(s.chair, s.offer1, actor=world.committee,
                            items=items(world.competition, FULL), submit=True)
    assert OWN in caught.value.message
    # the offer of the other organisation stays theirs to score
    score(s.chair, s.offer2, FULL)


def test_a_joint_partner_is_an_offeror_too(world):
    s = scene(world)
    offer = accepted_offer(world, organisation=world.ngo_y, actor=world.ngo_other,
                           partners=[{"organisation_id": world.ngo_x.id,
                                      "cost_share": D("10000.00")}],
                           lead_cost_share=D("39999.96"))
    _chair_joins_x(world)
    with pytest.raises(NotAllowed):
        services.save_score(s.chair, offer, actor=world.committee,
                            items=items(world.competition, FULL))


def test_a_score_made_before_joining_does_not_count_and_nobody_waits_for_it(world):
    s = scene(world)
    score(s.chair, s.offer1, FULL)
    score(s.second, s.offer1, [10, 10, 15, 5, 5, 10])
    score(s.chair, s.offer2, FULL)
    score(s.second, s.offer2, FULL)
    _chair_joins_x(world)
    sheet = queries.build_sheet(queries.committee_of(world.competition))
    assert sheet.cell(s.chair, s.offer1).state == "excluded"
    assert sheet.results[s.offer1.id].mean_total == D("55")
    assert sheet.complete
    rows = [e for e in queries.exclusions(sheet.committee) if e.member.id == s.chair.id]
    assert [(e.organisation.id, e.automatic) for e in rows] == [(world.ngo_x.id, True)]
    assert OWN in rows[0].reason


def test_the_pages_say_why(client, world):
    s = scene(world)
    _chair_joins_x(world)
    login(client, world.committee)
    base = f"/committee/competitions/{world.competition.id}"
    listing = unescape(client.get(base).get_data(as_text=True))
    assert OWN in listing
    assert f'href="{base}/offers/{s.offer1.id}"' not in listing
    page = unescape(client.get(f"{base}/offers/{s.offer1.id}").get_data(as_text=True))
    assert OWN in page and "Brak miejsc noclegowych zimą" not in page
    assert client.post(f"{base}/offers/{s.offer1.id}",
                       data={"action": "save"}).status_code == 403
    login(client, world.officer)
    compose = unescape(client.get(f"/officer/competitions/{world.competition.id}/committee")
                       .get_data(as_text=True))
    assert OWN in compose
