"""Who acts for an organisation (issue 9), small grants too: filing and withdrawing a
small-grant offer are acts of the organisation - its administrators do them; a member
prepares the draft."""

from __future__ import annotations

import pytest

from grants.core import clock
from grants.core.errors import NotAllowed
from grants.smallgrants import permissions, services
from grants.smallgrants.models import SmallGrantStatus
from tests.conftest import login
from tests.support.smallgrants import file, make_offer, set_plan


def test_the_rule_in_the_permissions(world):
    set_plan(world, clock.today().year)
    offer = make_offer(world, actor=world.ngo_member)
    assert permissions.can_edit_offer(world.ngo_member, offer)
    assert not permissions.can_file_offer(world.ngo_member, offer)
    assert permissions.can_file_offer(world.ngo_admin, offer)
    for who in ("ngo_other", "officer", "admin"):
        assert not permissions.can_file_offer(getattr(world, who), offer), who


def test_a_member_prepares_but_neither_files_nor_withdraws(world, client):
    set_plan(world, clock.today().year)
    offer = make_offer(world, actor=world.ngo_member)
    with pytest.raises(NotAllowed):
        services.file_small_grant(offer, actor=world.ngo_member)
    login(client, world.ngo_member)
    page = client.get(f"/small-grants/{offer.id}").get_data(True)
    assert "Edytuj szkic" in page and "Złóż ofertę</button>" not in page
    assert client.post(f"/small-grants/{offer.id}/file", data={"confirm": "y"}).status_code == 403
    file(offer, world.ngo_admin)
    assert offer.status == SmallGrantStatus.FILED
    with pytest.raises(NotAllowed):
        services.withdraw_small_grant(offer, actor=world.ngo_member)
    assert client.post(f"/small-grants/{offer.id}/withdraw",
                       data={"confirm": "y"}).status_code == 403
    services.withdraw_small_grant(offer, actor=world.ngo_admin)
    assert offer.status == SmallGrantStatus.WITHDRAWN
