"""The contract (or an annex) as a PDF (WeasyPrint), laid out as the framework contract of
Dz.U. 2018 poz. 2057, zał. 3: §1-§11, the parties and their representatives, and the
attachments (budget items, tranche schedule, results). A signed version's PDF is rendered once,
at signing, and stored; a draft is rendered on request and marked as a draft."""

from __future__ import annotations

import datetime as dt
from typing import Any

from grants.contracts.models import ContractVersion
from grants.core import clock
from grants.documents.pdf import render_html, render_pdf
from grants.rules.services import rules_in_force


def context_for(version: ContractVersion) -> dict[str, Any]:
    contract = version.contract
    rules = rules_in_force(version.signed_on or clock.today())
    return {
        "contract": contract, "version": version, "organiser": contract.organiser,
        "organisation": contract.organisation, "items": version.items,
        "tranches": version.tranches, "results": version.results,
        "changes": version.changes or [], "draft": not version.is_signed,
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
