"""Who acts for an organisation (issue 9): accepting the award - filing the offer update - and
giving up the grant are acts of the organisation, for its administrators; a member prepares
the update's draft."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grants.awards import permissions, updates
from grants.awards.models import AwardState
from grants.core.errors import NotAllowed
from grants.extensions import db
from grants.offers.models import VersionState
from tests.awards.test_update import costs_for, lowered  # noqa: F401 - the fixture
from tests.conftest import login

D = Decimal


def test_the_rule_in_the_permissions(world, lowered):  # noqa: F811
    offer = lowered.offer
    assert permissions.can_update_offer(world.ngo_member, offer)
    assert not permissions.can_accept_award(world.ngo_member, offer)
    assert permissions.can_accept_award(world.ngo_admin, offer)
    for who in ("ngo_other", "officer", "finance", "admin"):
        assert not permissions.can_accept_award(getattr(world, who), offer), who


def test_a_member_prepares_the_update_but_an_administrator_files_it(world, lowered,  # noqa: F811
                                                                    mailbox):
    offer = lowered.offer
    draft = updates.start_update(lowered, actor=world.ngo_member)
    assert updates.save_update(lowered, actor=world.ngo_member,
                               data=costs_for("20000.00", "5000.00")) == []
    db.session.commit()
    signers = [r.id for r in offer.organisation.representatives]
    with pytest.raises(NotAllowed):
        updates.file_update(lowered, actor=world.ngo_member, signed_by=signers)
    db.session.rollback()
    assert draft.state == VersionState.DRAFT and lowered.update_filed_at is None
    with pytest.raises(NotAllowed):
        updates.decline_award(lowered, actor=world.ngo_member)
    db.session.rollback()
    assert lowered.state == AwardState.CONFIRMED
    mailbox.clear()
    updates.file_update(lowered, actor=world.ngo_admin, signed_by=signers)
    db.session.commit()
    assert lowered.update_filed_at is not None
    [mail] = mailbox
    assert world.ngo_admin.email in mail["To"]


def test_the_member_is_refused_on_the_page(client, world, lowered):  # noqa: F811
    offer = lowered.offer
    login(client, world.ngo_member)
    page = client.get(f"/offers/{offer.id}/update")
    assert page.status_code == 200
    assert f'action="/offers/{offer.id}/decline"' not in page.get_data(as_text=True)
    assert client.post(f"/offers/{offer.id}/decline",
                       data={"confirm": "y"}).status_code == 403
    db.session.expire_all()
    assert lowered.state == AwardState.CONFIRMED
