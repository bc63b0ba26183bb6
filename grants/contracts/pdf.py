"""The contract (or an annex) as a PDF (WeasyPrint), laid out as the framework contract of
Dz.U. 2018 poz. 2057, zał. 3: §1-§11, the parties and their representatives, and the
attachments (budget items, tranche schedule, results). A signed version's PDF is rendered once,
at signing, and stored; a draft is marked as a draft and rendered once per content
(grants.contracts.pdf_cache)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from grants.contracts import rules as contract_rules
from grants.contracts.models import ContractVersion
from grants.core import clock
from grants.documents.pdf import render_html, render_pdf
from grants.extensions import db
from grants.organisations.models import LEGAL_FORM_LABELS, Organisation
from grants.rules.services import rules_in_force


def _party(organisation, representatives: str, **extra) -> dict[str, Any]:
    """A party on the organisation's side as the contract names it: its name in the nominative
    after a label, the legal form, the seat, the register numbers, the signing rule and the
    representatives (one a line)."""
    return {"organisation": organisation,
            "legal_form": LEGAL_FORM_LABELS.get(organisation.legal_form, ""),
            "representatives": [line.strip() for line in (representatives or "").splitlines()
                                if line.strip()], **extra}


def parties_of(version: ContractVersion) -> list[dict[str, Any]]:
    """The lead offeror, then the joint offerors (with their actions and cost shares)."""
    contract = version.contract
    offer = contract.offer_version
    lead_share = (offer.lead_cost_share if version.joint_parties and offer is not None
                  else None)
    out = [_party(contract.organisation, version.organisation_representatives, lead=True,
                  actions="", cost_share=lead_share)]
    for row in version.joint_parties or []:
        organisation = db.session.get(Organisation, row["organisation_id"])
        out.append(_party(organisation, row.get("representatives", ""), lead=False,
                          actions=row.get("actions", ""),
                          cost_share=Decimal(row["cost_share"]) if row.get("cost_share")
                          else None))
    return out


def context_for(version: ContractVersion) -> dict[str, Any]:
    contract = version.contract
    rules = rules_in_force(version.signed_on or clock.today())
    return {
        "contract": contract, "version": version, "organiser": contract.organiser,
        "organisation": contract.organisation, "items": version.items,
        "tranches": version.tranches, "results": version.results,
        "changes": [contract_rules.display_change(c) for c in version.changes or []],
        "parties": parties_of(version), "joint": bool(version.joint_parties),
        "changed_items": any(str(c.get("field", "")).startswith("item:")
                             for c in version.changes or []),
        "changed_tranches": any(str(c.get("field", "")).startswith("tranche:")
                                for c in version.changes or []),
        "draft": not version.is_signed,
        "report_days": rules.report_days, "report_call_days": rules.report_call_days,
        "return_days": rules.return_days, "partial_report_min_days": rules.partial_report_min_days,
        "generated_at": clock.now(),
        "years": [{"year": int(r["year"]), "use_by": dt.date.fromisoformat(r["use_by"]),
                   "report_due": dt.date.fromisoformat(r["report_due"])}
                  for r in (version.years or [])],
    }


def render_contract_html(**context: Any) -> str:
    return render_html("pdf/contract.html", **context)


def render_contract_pdf(**context: Any) -> bytes:
    """PDF bytes of the version."""
    return render_pdf("pdf/contract.html", **context)
