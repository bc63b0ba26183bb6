"""Small-grant objects for the permission table: a draft, a filed and a published offer of
organisation X addressed to organiser A (the year's plan entered)."""

from __future__ import annotations

from grants.core import clock
from grants.extensions import db


def make_objects(world, objs: dict) -> dict:
    from grants.smallgrants import plans, services
    from tests.support.smallgrants import make_offer, publish

    plans.set_year_plan(world.org_a.executive_body, clock.today().year, 1_000_000,
                           actor=world.admin)
    draft = make_offer(world, commit=False)
    filed = make_offer(world, commit=False)
    services.file_small_grant(filed, actor=world.ngo_admin)
    published = make_offer(world, commit=False)
    services.file_small_grant(published, actor=world.ngo_admin)
    services.assess_small_grant(published, actor=world.officer, purposeful=True)
    publish(world, published, clock.today())
    db.session.commit()
    return {"sg_draft": draft.id, "sg_filed": filed.id, "sg_published": published.id}
