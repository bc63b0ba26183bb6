"""The committee's protocol as a PDF (WeasyPrint): composition, declarations and exclusions,
every member's points per criterion per offer, means, ranking, proposed grants and the offers
left without a grant."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import force_locale


def render_protocol_html(**context: Any) -> str:
    """Always in Polish: the protocol is a document of a Polish authority."""
    with force_locale("pl"):
        return render_template("pdf/protocol.html", **context)


def render_protocol_pdf(**context: Any) -> bytes:
    """PDF bytes of the protocol (about half a second)."""
    from weasyprint import HTML

    return HTML(string=render_protocol_html(**context)).write_pdf()
