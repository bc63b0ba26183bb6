"""The frozen content of an offer version: the whole 2018 template as a JSON-ready dict
(amounts as strings, dates ISO) - what is hashed at filing, what the PDF and the read-only
pages show."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from grants.core.money import q
from grants.offers import costs, rules
from grants.offers.checks import cost_line
from grants.offers.models import OfferVersion
from grants.organisations.areas import area_name
from grants.organisations.models import LEGAL_FORM_LABELS, Organisation

CONTENT_FORMAT = "oferta-2018/1"

def money(value: Decimal | None) -> str:
    return str(q(value if value is not None else Decimal("0")))


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def organisation_content(org: Organisation) -> dict[str, Any]:
    return {
        "id": org.id, "name": org.name, "legal_form": org.legal_form.value,
        "legal_form_label": LEGAL_FORM_LABELS.get(org.legal_form, org.legal_form.value),
        "krs": org.krs, "other_register_name": org.other_register_name,
        "other_register_number": org.other_register_number, "nip": org.nip,
        "regon": org.regon, "street": org.street, "postal_code": org.postal_code,
        "city": org.city, "address": org.address, "email": org.email, "phone": org.phone or "",
        "signing_rule": org.signing_rule or "",
        "representatives": [{"full_name": r.full_name, "function": r.function,
                             "signs_alone": bool(r.signs_alone)}
                            for r in org.representatives],
    }


def _task_section(offer) -> dict[str, Any]:
    """I. the organ, the competition and its task."""
    competition, task = offer.competition, offer.task
    organiser = competition.organiser
    return {
        "authority": organiser.authority if organiser else "",
        "organiser": {"name": organiser.name if organiser else "",
                      "address": organiser.address if organiser else ""},
        "competition": {"id": competition.id, "reference": competition.reference,
                        "title": competition.title, "mode": competition.mode.value,
                        "max_grant_pct": str(competition.max_grant_pct),
                        "offer_deadline": competition.offer_deadline.isoformat()},
        "task_type": area_name(competition.area),
        "task": {"id": task.id, "title": task.title,
                 "start_date": _iso(task.start_date), "end_date": _iso(task.end_date)},
    }


def _scope_section(version: OfferVersion) -> dict[str, Any]:
    """III. the task as offered: texts, schedule, results."""
    return {
        "title": version.title or "", "start_date": _iso(version.start_date),
        "end_date": _iso(version.end_date), "place": version.place or "",
        "target_group": version.target_group or "", "need": version.need or "",
        "complementarity": version.complementarity or "",
        "schedule": [{"position": r.position, "action": r.action or "",
                      "description": r.description or "",
                      "target_group": r.target_group or "",
                      "start_date": _iso(r.start_date), "end_date": _iso(r.end_date),
                      "non_party": r.non_party or ""} for r in version.schedule],
        "expected_results": version.expected_results or "",
        "results": [{"position": r.position, "name": r.name or "",
                     "target_value": r.target_value or "",
                     "monitoring": r.monitoring or ""} for r in version.results],
    }


def _costs_section(version: OfferVersion, lines: list[costs.CostLine],
                   t: rules.Totals) -> dict[str, Any]:
    """V.A the cost calculation with its computed codes, values and sums."""
    return {
        "items": [{"position": c.position, "code": code, "section": c.section,
                   "action_no": c.action_no, "name": c.name or "", "unit": c.unit or "",
                   "unit_cost": money(c.unit_cost), "units": str(c.units),
                   "value": money(line.value), "grant_part": money(c.grant_part),
                   "year": c.year}
                  for c, line, code in zip(version.cost_items, lines,
                                           costs.item_codes(lines), strict=True)],
        "actions": [{"action_no": a, "value": money(v),
                     "grant": money(t.actions_grant.get(a))}
                    for a, v in t.actions.items()],
        "section_i": money(t.section_i), "section_i_grant": money(t.section_i_grant),
        "section_ii": money(t.section_ii), "section_ii_grant": money(t.section_ii_grant),
        "per_year": [{"year": y, "value": money(v)} for y, v in t.per_year.items()],
        "total": money(t.total), "grant": money(t.grant),
    }


def _sources_section(src: costs.Sources) -> dict[str, Any]:
    """V.B the sources of financing and their shares."""
    return {
        "total": money(src.total), "grant": money(src.grant),
        "own_total": money(src.own_total), "own_financial": money(src.own_financial),
        "own_non_financial": money(src.own_personal + src.own_in_kind),
        "own_personal": money(src.own_personal), "own_in_kind": money(src.own_in_kind),
        "beneficiaries_cash": money(src.beneficiaries_cash),
        "shares": {k: str(v) for k, v in src.shares().items()},
        "shares_own_non_financial": str(costs.share(src.own_personal + src.own_in_kind,
                                                    src.total)),
    }


def _joint_section(version: OfferVersion) -> dict[str, Any]:
    """V.C the split of costs between joint offerors."""
    partners = [{"position": p.position, "organisation": organisation_content(p.organisation),
                 "actions": p.actions or "", "cost_share": money(p.cost_share)}
                for p in version.partners]
    return {"joint": bool(partners), "lead_cost_share": money(version.lead_cost_share),
            "partners": partners}


def _attachments(version: OfferVersion) -> list[dict[str, Any]]:
    required_names = {r.id: r.name for r in version.offer.competition.required_attachments}
    return [{"id": a.id, "name": a.name,
             "required": required_names.get(a.required_attachment_id),
             "filename": a.stored_file.filename, "size": a.stored_file.size,
             "sha256": a.stored_file.sha256}
            for a in version.attachments]


def version_content(version: OfferVersion, *, filing: dict[str, Any] | None = None,
                    number: str | None = None) -> dict[str, Any]:
    """The whole version as a JSON-ready dict (amounts as strings, dates ISO): what is frozen
    and hashed at filing, what the PDF and the read-only pages show."""
    offer = version.offer
    lines = [cost_line(c) for c in version.cost_items]
    t = costs.totals(lines)
    src = costs.Sources(total=t.total, grant=t.grant, own_financial=version.own_financial,
                        own_personal=version.own_personal, own_in_kind=version.own_in_kind,
                        beneficiaries_cash=version.beneficiaries_cash)
    return {
        "format": CONTENT_FORMAT,
        "offer": {"id": offer.id, "number": number if number is not None else offer.number,
                  "version": version.number},
        "I": _task_section(offer),
        "II": {
            "organisation": organisation_content(offer.organisation),
            "contact": {"name": version.contact_name or "", "email": version.contact_email or "",
                        "phone": version.contact_phone or ""},
        },
        "III": _scope_section(version),
        "IV": {"previous_activity": version.previous_activity or "",
               "resources": version.resources or ""},
        "V_A": _costs_section(version, lines, t),
        "V_B": _sources_section(src),
        "V_C": _joint_section(version),
        "VI": {"paid_activity": bool(version.paid_activity),
               "unpaid_activity": bool(version.unpaid_activity),
               "contribution_valuation": version.contribution_valuation or "",
               "other_info": version.other_info or ""},
        "VII": {"declarations": [{"key": k, "text": text,
                                  "confirmed": bool((version.declarations or {}).get(k))}
                                 for k, text in rules.DECLARATIONS]},
        "attachments": _attachments(version),
        "filing": filing,
    }
