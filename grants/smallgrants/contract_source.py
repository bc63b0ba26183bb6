"""A small-grant offer in contracting as the source of a contract (grants.contracts.sources);
the contract's form (powierzenie / wspieranie) is the one the offer declares."""

from __future__ import annotations

from grants.contracts import sources
from grants.contracts.rules import ItemRow
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_
from grants.core.money import q
from grants.extensions import db
from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus


def read(offer: SmallGrantOffer) -> sources.Source:
    if offer.status != SmallGrantStatus.CONTRACTING:
        raise InvalidTransition(N_("Umowę można przygotować dla oferty skierowanej do "
                                   "przygotowania umowy."))
    if offer.start_date is None or offer.end_date is None:
        raise ValidationFailed(N_("Oferta nie ma dat realizacji zadania."))
    return sources.Source(
        organiser=offer.organiser, organisation=offer.organisation,
        procedure_id=offer.procedure_id, title=offer.title,
        purpose=(offer.description or "").strip(), start=offer.start_date,
        end=offer.end_date, grant=q(offer.grant_requested),
        items=[ItemRow(str(pos), ci.name, q(ci.value), q(ci.grant_part))
               for pos, ci in enumerate(offer.cost_items, start=1)],
        results=[(r.name, r.target_value, r.monitoring) for r in offer.results
                 if (r.name or "").strip()],
        links={"small_grant_offer_id": offer.id}, mode=offer.mode)


SMALL_GRANT = sources.register(sources.SourceKind(
    name="small_grant", model=SmallGrantOffer, link="small_grant_offer_id",
    load=lambda offer_id: db.session.get(SmallGrantOffer, offer_id),
    organiser_id=lambda offer: offer.organiser_id, read=read))
