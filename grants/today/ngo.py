"""The organisation's work: drafts, corrections requested (of offers and of reports), offer
updates due, contracts to sign, reports due and overdue, returns due with the amount, the
account and the interest to date. Only the organisations the user is a member of."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from flask import url_for
from sqlalchemy import select

from grants.calls.models import CallStatus, Competition
from grants.contracts.models import Contract
from grants.core import clock
from grants.core.i18n import N_
from grants.extensions import db
from grants.offers.models import Offer, OfferStatus
from grants.organisations.models import Organisation
from grants.organisers.models import Organiser
from grants.reminders.queries import Due
from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus
from grants.today import officer_calls, officer_contracts
from grants.today.items import Detail, Group, Item, group, money


def drafts(organisation_ids, now: dt.datetime):
    """Offers never filed in competitions still open, then small-grant drafts."""
    offers = db.session.execute(
        select(Offer.id, Competition.title, Organisation.name, Competition.offer_deadline)
        .join(Competition, Competition.id == Offer.competition_id)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .where(Offer.organisation_id.in_(list(organisation_ids)),
               Offer.status == OfferStatus.DRAFT, Competition.status == CallStatus.PUBLISHED,
               Competition.offer_deadline > now)
        .order_by(Competition.offer_deadline, Offer.id)).all()
    small = db.session.execute(
        select(SmallGrantOffer.id, Organisation.name)
        .join(Organisation, Organisation.id == SmallGrantOffer.organisation_id)
        .where(SmallGrantOffer.organisation_id.in_(list(organisation_ids)),
               SmallGrantOffer.status == SmallGrantStatus.DRAFT)
        .order_by(SmallGrantOffer.id)).all()
    return ([("offer", r[0], f"{r[1]} – {r[2]}", clock.to_local(r[3]).date()) for r in offers]
            + [("small", r[0], f"{r[1]}", None) for r in small])


def _draft_item(r) -> Item:
    kind, offer_id, title, due_on = r
    endpoint = "offers.edit" if kind == "offer" else "smallgrants.edit"
    return Item(title=title, url=url_for(endpoint, offer_id=offer_id), due_on=due_on)


def _organisers(returns) -> dict[int, Organiser]:
    ids = sorted({r.organiser_id for r in returns})
    if not ids:
        return {}
    return {o.id: o for o in db.session.scalars(select(Organiser).where(Organiser.id.in_(ids)))}


def _return_item(organisers: dict[int, Organiser]):
    def make(r) -> Item:
        item = officer_contracts.return_item(r)
        account = organisers[r.organiser_id].return_account
        details = (*item.details, money(N_("Razem"), r.total))
        if account:
            details += (Detail(N_("Rachunek do zwrotu"), account, "iban"),)
        return Item(title=item.title, url=item.url, due_on=item.due_on,
                    overdue_flag=item.overdue_flag, details=details)
    return make


def groups(organisation_ids: Collection[int], now: dt.datetime, due: Due) -> list[Group]:
    mine = url_for("offers.my_offers")
    index = url_for("contracts.index")
    offer_corrections = officer_calls.corrections_due(None, now,
                                                      organisation_ids=organisation_ids)
    return [
        group("drafts", N_("Wersje robocze ofert"), N_("Edytuj"), drafts(organisation_ids, now),
              _draft_item, mine),
        group("offer_corrections", N_("Uzupełnienia ofert do złożenia"), N_("Otwórz ofertę"),
              offer_corrections,
              lambda r: Item(title=f"{r[1]} ({r[4]})", due_on=r[5],
                             url=url_for("offers.view", offer_id=r[0])), mine),
        group("report_corrections", N_("Korekty sprawozdań do złożenia"), N_("Otwórz sprawozdanie"),
              due.corrections, officer_contracts.report_due_item, index),
        group("updates_due", N_("Aktualizacje ofert do złożenia"), N_("Zaktualizuj ofertę"),
              officer_calls.updates_due(organisation_ids=organisation_ids),
              lambda r: Item(title=f"{r[1]} ({r[4]})", due_on=r[5],
                             url=url_for("awards.update", offer_id=r[0])), mine),
        group("contracts_to_sign", N_("Umowy do podpisania"), N_("Otwórz umowę"),
              officer_contracts.contracts(Contract.organisation_id.in_(list(organisation_ids))),
              officer_contracts.contract_item, index),
        group("reports_due", N_("Sprawozdania do złożenia"), N_("Otwórz sprawozdanie"),
              due.reports_to_file, officer_contracts.report_due_item, index),
        group("returns_due", N_("Zwroty dotacji"), N_("Otwórz rozliczenie"), due.returns,
              _return_item(_organisers(due.returns)), index),
    ]
