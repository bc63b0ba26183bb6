"""PDF documents: a template under templates/pdf/ rendered in Polish (a document of a Polish
authority, whatever the user's language) and printed with WeasyPrint (about half a second).
`write_pdf` is the one place that calls WeasyPrint; the tests replace it."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import force_locale


def render_html(template: str, **context: Any) -> str:
    with force_locale("pl"):
        return render_template(template, **context)


def write_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on first use: it takes a second to load

    return HTML(string=html).write_pdf()


def render_pdf(template: str, **context: Any) -> bytes:
    return write_pdf(render_html(template, **context))
