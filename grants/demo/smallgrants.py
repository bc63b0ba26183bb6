"""Demo small grants (art. 19a): the organiser's yearly plan, and offers filed, assessed,
published, their comments considered and moved to contracting, each step on its day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from grants.auth.models import User
from grants.demo.days import at
from grants.extensions import db
from grants.organisations.models import Organisation
from grants.organisers.models import Organiser
from grants.smallgrants import plans as sg_plans
from grants.smallgrants import rules as sg_rules
from grants.smallgrants import services as smallgrants
from grants.smallgrants.models import SmallGrantYearPlan

D = Decimal


def year_plan(organiser: Organiser, year: int, admin: User | None) -> None:
    """The plan of the executive body the organiser acts for (the Mayor of Sopot's, shared
    by MOPS and the city office)."""
    exists = db.session.scalar(select(SmallGrantYearPlan).filter_by(
        executive_body_id=organiser.executive_body_id, year=year))
    if exists is None:
        sg_plans.set_year_plan(organiser.executive_body, year, D("2500000.00"), actor=admin,
                                  note="Plan dotacji na zadania NGO (dane demonstracyjne).")


def contracted_small_grant(organiser: Organiser, organisation: Organisation, *, ngo_user,
                            officer, filed_on: dt.date, data: dict):
    """File, assess, publish, consider the comments and move to contracting."""
    with at(filed_on):
        offer = smallgrants.start_small_grant(organisation, organiser, actor=ngo_user)
        smallgrants.save_draft(offer, actor=ngo_user, data=data)
        smallgrants.file_small_grant(offer, actor=ngo_user)
    published_on = filed_on + dt.timedelta(days=1)
    with at(published_on):
        smallgrants.assess_small_grant(offer, actor=officer, purposeful=True)
        smallgrants.publish_small_grant(offer, actor=officer, bip_on=published_on,
                                        board_on=published_on, website_on=published_on)
    with at(offer.comment_end + dt.timedelta(days=1)):
        smallgrants.record_consideration(offer, actor=officer,
                                         note="W okresie publikacji nie zgłoszono uwag.")
        smallgrants.start_contracting(offer, actor=officer)
    return offer


def offer_data(title: str, area: str, start: dt.date, end: dt.date, items, *,
                own: Decimal, results, contact: str) -> dict:
    return {
        "title": title, "area": area, "start_date": start, "end_date": end,
        "description": title + " – zadanie realizowane w Sopocie we współpracy z MOPS.",
        "place": "Sopot", "target_group": "Osoby i rodziny wspierane przez MOPS Sopot",
        "contact_name": "Koordynator zadania", "contact_email": contact, "contact_phone": "",
        "own_financial": own, "own_personal": D("0.00"), "own_in_kind": D("0.00"),
        "declarations": {k: True for k in sg_rules.DECLARATION_KEYS},
        "results": [{"name": n, "target_value": v, "monitoring": m} for n, v, m in results],
        "cost_items": [{"name": n, "unit": u, "unit_cost": c, "units": k, "grant_part": g}
                       for n, u, c, k, g in items],
    }
