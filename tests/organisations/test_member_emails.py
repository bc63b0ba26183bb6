"""Issue 10 (low): the e-mail addresses of an organisation's members go only to the people who
need them - the organisation's own members, the officers of an organiser it deals with (it
filed an offer there) and administrators; not to committee members, officers of organisers it
has nothing to do with, other NGOs or the public."""

from __future__ import annotations

import pytest

from grants.organisations import permissions
from tests.support.evaluation import accepted_offer, seat
from tests.support.offers import filed_offer
from tests.support.organisations import as_user

MEMBER_EMAIL = "ngo.czlonek@example.org"   # the world's ordinary member of X


@pytest.mark.parametrize(("who", "sees"), [
    ("ngo_admin", True), ("ngo_member", True), ("admin", True),
    ("officer", False),      # organiser A, but X has filed nothing there
    ("officer_b", False), ("committee", False), ("finance", False), ("ngo_other", False),
])
def test_without_dealings_only_members_and_admins_see_member_emails(world, who, sees):
    assert permissions.can_see_member_emails(getattr(world, who), world.ngo_x) is sees


@pytest.mark.parametrize(("who", "sees"), [
    ("officer", True),       # X filed an offer in organiser A's competition
    ("officer_b", False), ("committee", False), ("finance", False), ("ngo_other", False),
])
def test_officers_of_an_organiser_the_organisation_deals_with_see_them(world, who, sees):
    filed_offer(world)
    assert permissions.can_see_member_emails(getattr(world, who), world.ngo_x) is sees


def test_anonymous_sees_no_member_emails(world):
    assert not permissions.can_see_member_emails(None, world.ngo_x)


@pytest.mark.parametrize(("who", "sees"), [
    ("ngo_member", True), ("admin", True), ("officer", False), ("committee", False),
    ("officer_b", False), ("finance", False),
])
def test_the_members_page_shows_emails_only_to_those_who_need_them(client, world, who, sees):
    as_user(client, getattr(world, who))
    response = client.get(f"/organisations/{world.ngo_x.id}/members")
    assert response.status_code == 200
    assert "Marek Członek" in response.text
    assert (MEMBER_EMAIL in response.text) is sees


def test_the_members_page_shows_them_to_the_officer_once_an_offer_is_filed(client, world):
    filed_offer(world)
    as_user(client, world.officer)
    page = client.get(f"/organisations/{world.ngo_x.id}/members").text
    assert MEMBER_EMAIL in page


def test_the_committee_s_offer_page_hides_the_filer_s_email(client, world):
    offer = accepted_offer(world)
    seat(world, world.committee)
    as_user(client, world.committee)
    page = client.get(f"/committee/competitions/{world.competition.id}/offers/{offer.id}").text
    assert "Natalia Społeczna" in page               # who filed it, by name
    assert "ngo.admin@example.org" not in page       # not their address


def test_the_officer_s_offer_page_still_shows_the_filer_s_email(client, world):
    offer = filed_offer(world)
    as_user(client, world.officer)
    page = client.get(f"/offers/{offer.id}").text
    assert "ngo.admin@example.org" in page
