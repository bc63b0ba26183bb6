"""The filed offer as a PDF (WeasyPrint), laid out as the 2018 template: sections I-VII."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import render_template
from flask_babel import force_locale


def render_offer_html(content: Mapping[str, Any], sha256: str) -> str:
    """Always in Polish: the offer is a document filed with a Polish authority."""
    with force_locale("pl"):
        return render_template("pdf/offer.html", c=content, sha256=sha256)


def render_offer_pdf(content: Mapping[str, Any], sha256: str) -> bytes:
    """PDF bytes of the frozen content (takes about half a second)."""
    from weasyprint import HTML

    return HTML(string=render_offer_html(content, sha256)).write_pdf()
