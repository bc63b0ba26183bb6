"""The frozen content of a small-grant offer: the simplified template (Dz.U. 2018 poz. 2055)
as canonical data - what is hashed at filing, what the PDF and the pages show."""

from __future__ import annotations

from decimal import Decimal

from grants.core.money import q
from grants.offers.costs import CostLine
from grants.offers.rules import ResultLine
from grants.offers.templates import SIMPLIFIED
from grants.organisations.areas import area_name
from grants.organisations.models import LEGAL_FORM_LABELS
from grants.smallgrants import rules
from grants.smallgrants.models import SmallGrantOffer

CONTENT_FORMAT = "oferta-uproszczona-2018/1"
# the texts of an offer: the simplified template's and the area of public tasks
TEXT_FIELDS = SIMPLIFIED.text_fields + ("area",)


def _lines(offer: SmallGrantOffer) -> list[CostLine]:
    return [CostLine(name=c.name or "", unit=c.unit or "",
                           unit_cost=c.unit_cost or Decimal("0"), units=c.units or Decimal("0"),
                           grant_part=c.grant_part or Decimal("0")) for c in offer.cost_items]


def offer_data(offer: SmallGrantOffer) -> rules.OfferData:
    return rules.OfferData(
        texts={name: getattr(offer, name) or "" for name in TEXT_FIELDS},
        start_date=offer.start_date, end_date=offer.end_date,
        results=[ResultLine(r.name or "", r.target_value or "", r.monitoring or "")
                 for r in offer.results],
        cost_items=_lines(offer), own_financial=offer.own_financial or Decimal("0"),
        own_personal=offer.own_personal or Decimal("0"),
        own_in_kind=offer.own_in_kind or Decimal("0"),
        declarations=dict(offer.declarations or {}))


def money(value: Decimal | None) -> str:
    return f"{q(value or 0):.2f}"


def offer_content(offer: SmallGrantOffer, *, filing: dict | None = None,
                  number: str | None = None) -> dict:
    """The offer as canonical data (what is hashed at filing)."""
    org = offer.organisation
    organiser = offer.organiser
    data = offer_data(offer)
    t = data.totals()
    return {
        "format": CONTENT_FORMAT,
        "number": number or offer.number,
        "I": {"authority": organiser.authority, "organiser": organiser.name,
              "organiser_id": organiser.id, "title": offer.title or "",
              "area": offer.area or "", "area_name": area_name(offer.area or ""),
              "mode": offer.mode or "wspieranie",
              "start_date": offer.start_date.isoformat() if offer.start_date else None,
              "end_date": offer.end_date.isoformat() if offer.end_date else None},
        "II": {"organisation_id": org.id, "name": org.name,
               "legal_form": LEGAL_FORM_LABELS.get(org.legal_form, str(org.legal_form)),
               "krs": org.krs, "other_register": org.other_register_number,
               "nip": org.nip, "regon": org.regon, "address": org.address,
               "email": org.email, "phone": org.phone or "",
               "contact": {"name": offer.contact_name or "", "email": offer.contact_email or "",
                           "phone": offer.contact_phone or ""}},
        "III": {"description": offer.description or "", "place": offer.place or "",
                "target_group": offer.target_group or "",
                "results": [{"name": r.name or "", "target_value": r.target_value or "",
                             "monitoring": r.monitoring or ""} for r in offer.results]},
        "IV": {"items": [{"position": c.position, "name": c.name or "", "unit": c.unit or "",
                          "unit_cost": money(c.unit_cost), "units": str(c.units),
                          "value": money(line.value), "grant_part": money(c.grant_part)}
                         for c, line in zip(offer.cost_items, data.cost_items, strict=True)],
               "total": money(t.total), "grant": money(t.grant),
               "own_financial": money(t.own_financial), "own_personal": money(t.own_personal),
               "own_in_kind": money(t.own_in_kind), "own_total": money(t.own_total)},
        "V": {"declarations": [{"key": k, "text": text,
                                "confirmed": bool((offer.declarations or {}).get(k))}
                               for k, text in rules.DECLARATIONS]},
        "filing": filing,
    }
