"""The form of the task a small-grant offer declares (powierzenie / wspieranie): chosen on the
draft, kept in the frozen content, the form of its contract (issue 9)."""

from __future__ import annotations

import pytest

from grants.core.errors import ValidationFailed
from grants.extensions import db
from grants.smallgrants import services
from tests.conftest import login
from tests.support.smallgrants import file, make_offer, set_plan


def test_the_declared_mode_is_saved_and_filed(world):
    set_plan(world, 2026)
    offer = make_offer(world)
    assert offer.mode == "wspieranie"  # the default
    services.save_draft(offer, actor=world.ngo_admin, data={"mode": "powierzenie"})
    assert offer.mode == "powierzenie"
    file(offer)
    assert offer.content["I"]["mode"] == "powierzenie"


def test_an_unknown_mode_is_refused_on_its_field(world):
    offer = make_offer(world)
    with pytest.raises(ValidationFailed) as exc:
        services.save_draft(offer, actor=world.ngo_admin, data={"mode": "dotowanie"})
    assert "mode" in exc.value.field_errors


def test_the_draft_form_offers_the_mode(world, client):
    offer = make_offer(world)
    db.session.commit()
    login(client, world.ngo_admin)
    page = client.get(f"/small-grants/{offer.id}/edit").text
    assert 'name="mode"' in page and "Forma realizacji zadania" in page
