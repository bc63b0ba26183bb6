"""Small-grant helpers: a complete valid draft in one call, the year's plan, filing, and
instants in Warsaw time."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from grants.core import clock
from grants.extensions import db
from grants.smallgrants import plans, rules, services
from grants.smallgrants.models import SmallGrantOffer, SmallGrantYearPlan

D = Decimal


def warsaw(year: int, month: int, day: int, hour: int = 10, minute: int = 0,
           second: int = 0) -> datetime:
    """An aware instant at the given Warsaw wall-clock time."""
    return datetime(year, month, day, hour, minute, second, tzinfo=clock.WARSAW)


def at(day: date, hour: int = 10):
    return clock.frozen_at(datetime.combine(day, time(hour, 0), tzinfo=clock.WARSAW))


def valid_data(grant: Decimal = D("5000.00"), *, start: date | None = None,
               end: date | None = None) -> dict:
    """A complete offer: one cost item (grant + 1 000,00 zł), the grant part `grant`, own
    financial contribution 1 000,00 zł; the task lasts 61 days (November and December of
    this year, so that it counts in this year) unless dates are given."""
    year = clock.today().year
    start = start or date(year, 11, 1)
    end = end or date(year, 12, 31)
    return {
        "title": "Warsztaty kulinarne dla seniorów", "area": "seniorzy",
        "start_date": start, "end_date": end,
        "description": "Cykl warsztatów kulinarnych dla osób starszych.",
        "place": "Sopot, Klub Seniora, ul. Kolejowa 5",
        "target_group": "Seniorzy z Sopotu", "contact_name": "Natalia Społeczna",
        "contact_email": "ngo.admin@example.org", "contact_phone": "",
        "own_financial": D("1000.00"), "own_personal": D("0.00"), "own_in_kind": D("0.00"),
        "declarations": {k: True for k in rules.DECLARATION_KEYS},
        "results": [{"name": "Liczba uczestników", "target_value": "30",
                     "monitoring": "Listy obecności"}],
        "cost_items": [{"name": "Prowadzenie warsztatów", "unit": "usługa",
                        "unit_cost": grant + D("1000.00"), "units": D("1"),
                        "grant_part": grant}],
    }


def make_offer(world, *, organisation=None, actor=None, organiser=None,
               grant: Decimal = D("5000.00"), commit: bool = True,
               **overrides) -> SmallGrantOffer:
    organisation = organisation or world.ngo_x
    actor = actor or world.ngo_admin
    organiser = organiser or world.org_a
    offer = services.start_small_grant(organisation, organiser, actor=actor)
    data = valid_data(grant)
    data.update(overrides)
    services.save_draft(offer, actor=actor, data=data)
    if commit:
        db.session.commit()
    return offer


def set_plan(world, year: int, total: Decimal = D("1000000.00"), organiser=None,
             commit: bool = True) -> SmallGrantYearPlan:
    """The year's plan of the executive body `organiser` (org_a) acts for."""
    plan = plans.set_year_plan((organiser or world.org_a).executive_body, year, total,
                                  actor=world.admin)
    if commit:
        db.session.commit()
    return plan


def file(offer: SmallGrantOffer, actor=None, *, commit: bool = True) -> SmallGrantOffer:
    services.file_small_grant(offer, actor=actor or _member(offer))
    if commit:
        db.session.commit()
    return offer


def _member(offer):
    from grants.organisations.models import Membership

    return db.session.query(Membership).filter_by(
        organisation_id=offer.organisation_id).first().user


def filed_offer(world, **kw) -> SmallGrantOffer:
    offer = make_offer(world, **kw)
    return file(offer, kw.get("actor"))


def published_offer(world, published_on: date | None = None, **kw) -> SmallGrantOffer:
    """Filed, found purposeful and published in all three channels on one day (today unless
    `published_on`)."""
    offer = filed_offer(world, **kw)
    services.assess_small_grant(offer, actor=world.officer, purposeful=True)
    publish(world, offer, published_on or clock.today())
    db.session.commit()
    return offer


def publish(world, offer: SmallGrantOffer, day: date, **channels) -> SmallGrantOffer:
    """Record the publication in BIP, on the notice board and on the website (each on `day`
    unless given)."""
    dates = {"bip_on": day, "board_on": day, "website_on": day, **channels}
    services.publish_small_grant(offer, actor=world.officer, **dates)
    db.session.commit()
    return offer
