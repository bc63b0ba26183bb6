"""The filed offer as a PDF (WeasyPrint), laid out as the 2018 template: sections I-VII."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grants.documents.pdf import render_html, render_pdf


def render_offer_html(content: Mapping[str, Any], sha256: str) -> str:
    return render_html("pdf/offer.html", c=content, sha256=sha256)


def render_offer_pdf(content: Mapping[str, Any], sha256: str) -> bytes:
    """PDF bytes of the frozen content."""
    return render_pdf("pdf/offer.html", c=content, sha256=sha256)
