"""The committee's protocol as a PDF (WeasyPrint): composition, declarations and exclusions,
every member's points per criterion per offer, means, ranking, proposed grants and the offers
left without a grant."""

from __future__ import annotations

from typing import Any

from grants.documents.pdf import render_html, render_pdf


def render_protocol_html(**context: Any) -> str:
    return render_html("pdf/protocol.html", **context)


def render_protocol_pdf(**context: Any) -> bytes:
    """PDF bytes of the protocol."""
    return render_pdf("pdf/protocol.html", **context)
