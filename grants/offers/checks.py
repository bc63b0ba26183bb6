"""An offer version against the rules of its competition (grants.offers.rules): the data
the pure rules read, the terms of the call, every problem that stops the filing."""

from __future__ import annotations

from decimal import Decimal

from grants.offers import costs, rules
from grants.offers.models import CostItem, Offer, OfferVersion
from grants.offers.templates import TEXT_FIELDS


def cost_line(c: CostItem) -> costs.CostLine:
    return costs.CostLine(section=c.section, action_no=c.action_no, name=c.name or "",
                          unit=c.unit or "", unit_cost=c.unit_cost or Decimal("0"),
                          units=c.units or Decimal("0"), grant_part=c.grant_part or Decimal("0"),
                          year=c.year)


def offer_data(version: OfferVersion) -> rules.OfferData:
    return rules.OfferData(
        texts={name: getattr(version, name) or "" for name in TEXT_FIELDS},
        start_date=version.start_date, end_date=version.end_date,
        schedule=[rules.ScheduleLine(action=r.action or "", start_date=r.start_date,
                                     end_date=r.end_date) for r in version.schedule],
        results=[rules.ResultLine(name=r.name or "", target_value=r.target_value or "",
                                  monitoring=r.monitoring or "") for r in version.results],
        cost_items=[cost_line(c) for c in version.cost_items],
        own_financial=version.own_financial or Decimal("0"),
        own_personal=version.own_personal or Decimal("0"),
        own_in_kind=version.own_in_kind or Decimal("0"),
        beneficiaries_cash=version.beneficiaries_cash or Decimal("0"),
        lead_organisation_id=version.offer.organisation_id,
        lead_cost_share=version.lead_cost_share or Decimal("0"),
        partners=[rules.PartnerLine(organisation_id=p.organisation_id,
                                    cost_share=p.cost_share or Decimal("0"))
                  for p in version.partners],
        paid_activity=bool(version.paid_activity),
        unpaid_activity=bool(version.unpaid_activity),
        declarations=dict(version.declarations or {}),
        attachment_ids=[a.required_attachment_id for a in version.attachments],
    )


def call_terms(offer: Offer) -> rules.CallTerms:
    competition, task = offer.competition, offer.task
    return rules.CallTerms(
        mode=competition.mode.value, max_grant_pct=competition.max_grant_pct,
        min_own_pct=competition.min_own_pct, min_grant=task.min_grant,
        max_grant=task.max_grant, task_start=task.start_date, task_end=task.end_date,
        required_attachments=[rules.RequiredAttachmentTerm(r.id, r.name, r.mandatory)
                              for r in competition.required_attachments],
    )


def check_version(version: OfferVersion) -> list[rules.Problem]:
    """Every rule of the offer for this version (empty: it may be filed)."""
    return rules.check_offer(offer_data(version), call_terms(version.offer))


