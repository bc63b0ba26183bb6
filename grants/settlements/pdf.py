"""The settlement document as a PDF (WeasyPrint): parties, the per-item table (plan, actual,
tolerance, excess, misused, eligible), the share test, and every part to return with its due
date and the day interest starts."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import force_locale


def render_settlement_html(**context: Any) -> str:
    """Always in Polish: the settlement is a document of a Polish authority."""
    from grants.settlements import queries
    from grants.settlements.services import KIND_LABELS

    settlement = context["settlement"]
    context.setdefault("table", queries.table_of(settlement))
    context.setdefault("kind_labels", KIND_LABELS)
    with force_locale("pl"):
        return render_template("pdf/settlement.html", **context)


def render_settlement_pdf(**context: Any) -> bytes:
    """PDF bytes of the settlement (about half a second)."""
    from weasyprint import HTML

    return HTML(string=render_settlement_html(**context)).write_pdf()
