"""Who acts for an organisation (issue 9): filing and withdrawing an offer are acts of the
organisation - its administrators do them; a member prepares drafts (the offer, a
replacement). The e-mail about the organisation's act goes to its administrators too, not
only to the person who acted."""

from __future__ import annotations

import pytest

from grants.core.errors import NotAllowed
from grants.extensions import db
from grants.offers import filing as offer_filing
from grants.offers import permissions, services
from grants.offers.models import OfferStatus, VersionState
from grants.organisations.models import Membership
from tests.support.factories import make_user
from tests.support.offers import filed_offer, login_as, make_offer, signatories


def _second_admin(world):
    user = make_user("druga.admin@example.org", full_name="Ewa Zarządowa")
    db.session.add(Membership(user=user, organisation=world.ngo_x, is_admin=True))
    db.session.commit()
    return user


def test_the_rule_in_the_permissions(world):
    offer = make_offer(world)
    assert permissions.can_edit_offer(world.ngo_member, offer)
    assert not permissions.can_file_offer(world.ngo_member, offer)
    assert not permissions.can_withdraw_offer(world.ngo_member, offer)
    assert permissions.can_file_offer(world.ngo_admin, offer)
    assert permissions.can_withdraw_offer(world.ngo_admin, offer)
    for who in ("ngo_other", "officer", "finance", "admin"):
        assert not permissions.can_file_offer(getattr(world, who), offer), who
        assert not permissions.can_withdraw_offer(getattr(world, who), offer), who


def test_a_member_prepares_the_draft_but_cannot_file_it(world, mailbox):
    offer = make_offer(world, actor=world.ngo_member)
    with pytest.raises(NotAllowed):
        offer_filing.file_offer(offer, actor=world.ngo_member, signed_by=signatories(offer))
    db.session.rollback()
    assert offer.status == OfferStatus.DRAFT and mailbox == []


def test_a_member_cannot_withdraw_the_filed_offer(world, mailbox):
    offer = filed_offer(world)
    mailbox.clear()
    with pytest.raises(NotAllowed):
        services.withdraw_offer(offer, actor=world.ngo_member)
    db.session.rollback()
    assert offer.status == OfferStatus.FILED and mailbox == []
    # preparing a replacement stays a member's work
    draft = services.start_replacement(offer, actor=world.ngo_member)
    assert draft.state == VersionState.DRAFT


def test_the_withdrawal_is_mailed_to_every_administrator(world, mailbox):
    other_admin = _second_admin(world)
    offer = filed_offer(world)
    mailbox.clear()
    services.withdraw_offer(offer, actor=world.ngo_admin)
    db.session.commit()
    [mail] = mailbox
    assert set(mail["To"].split(", ")) == {world.ngo_admin.email, other_admin.email}


def test_the_filing_is_mailed_to_every_administrator(world, mailbox):
    other_admin = _second_admin(world)
    filed_offer(world)
    [mail] = mailbox
    assert set(mail["To"].split(", ")) == {world.ngo_admin.email, other_admin.email}


def test_the_pages_offer_filing_and_withdrawal_to_administrators_only(client, world):
    offer = filed_offer(world)
    login_as(client, world.ngo_member)
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert f"/offers/{offer.id}/withdraw" not in page
    assert "administrator" in page
    assert client.post(f"/offers/{offer.id}/withdraw",
                       data={"confirm": "y"}).status_code == 403
    db.session.expire_all()
    assert offer.status == OfferStatus.FILED
    login_as(client, world.ngo_admin)
    page = client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert f"/offers/{offer.id}/withdraw" in page
