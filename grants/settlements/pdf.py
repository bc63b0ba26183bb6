"""The settlement document as a PDF (WeasyPrint): parties, the per-item table (plan, actual,
tolerance, excess, misused, eligible), the share test, and every part to return with its due
date and the day interest starts, and where and with what title to return them."""

from __future__ import annotations

from typing import Any

from grants.documents.pdf import render_html, render_pdf
from grants.organisers.services import return_instructions
from grants.settlements import queries
from grants.settlements.labels import BASIS_LABELS, KIND_LABELS


def _context(context: dict[str, Any]) -> dict[str, Any]:
    """Always in Polish: the settlement is a document of a Polish authority."""
    settlement = context["settlement"]
    context.setdefault("table", queries.table_of(settlement))
    context.setdefault("kind_labels", KIND_LABELS)
    context.setdefault("instructions", return_instructions(settlement.contract.organiser,
                                                           settlement.contract.number))
    context.setdefault("basis_labels", BASIS_LABELS)
    return context


def render_settlement_html(**context: Any) -> str:
    return render_html("pdf/settlement.html", **_context(context))


def render_settlement_pdf(**context: Any) -> bytes:
    """PDF bytes of the settlement."""
    return render_pdf("pdf/settlement.html", **_context(context))
