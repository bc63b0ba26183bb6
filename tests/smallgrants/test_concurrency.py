"""Two offers filed at the same instant at one organiser cannot both take the last part of
the mode's yearly share: the year's plan row is locked during the check (PostgreSQL)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from grants.core.errors import ValidationFailed
from grants.extensions import db
from grants.smallgrants import services
from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus
from tests.support.smallgrants import make_offer, set_plan

pytestmark = pytest.mark.postgres
D = Decimal


def test_concurrent_filings_respect_the_year_share(world, app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from grants.core import clock

    set_plan(world, clock.today().year, D("50000.00"))          # 20 % = 10 000 zł
    ids = [make_offer(world, grant=D("6000.00")).id,
           make_offer(world, grant=D("6000.00"), organisation=world.ngo_y,
                      actor=world.ngo_other).id]
    actors = [world.ngo_admin.id, world.ngo_other.id]
    barrier = threading.Barrier(2)
    outcome: dict[int, str] = {}

    def worker(offer_id: int, actor_id: int) -> None:
        from grants.auth.models import User

        with app.app_context():
            session = db.session
            offer = session.get(SmallGrantOffer, offer_id)
            actor = session.get(User, actor_id)
            barrier.wait()
            try:
                services.file_small_grant(offer, actor=actor)
                session.commit()
                outcome[offer_id] = "filed"
            except ValidationFailed as exc:
                session.rollback()
                outcome[offer_id] = exc.message
            finally:
                session.remove()

    threads = [threading.Thread(target=worker, args=pair) for pair in zip(ids, actors, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(v == "filed" for v in outcome.values()) == [False, True], outcome
    refused = next(v for v in outcome.values() if v != "filed")
    assert "pozostało 4\xa0000,00\xa0zł" in refused
    db.session.expire_all()
    statuses = sorted(db.session.get(SmallGrantOffer, i).status.value for i in ids)
    assert statuses == [SmallGrantStatus.DRAFT.value, SmallGrantStatus.FILED.value]
