"""PDF documents: a template under templates/pdf/ rendered in Polish (a document of a Polish
authority, whatever the user's language) and printed with WeasyPrint (about half a second).
`write_pdf` is the one place that calls WeasyPrint; the tests replace it.

Every PDF is tagged for accessibility as PDF/UA-1: a structure tree built from the HTML
(headings, tables with their header cells, lists), MarkInfo /Marked true, the document's
language from `<html lang="pl">` and its title from `<title>`, shown by the viewer."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import force_locale

PDF_VARIANT = "pdf/ua-1"  # tagged (pdf_tags), with XMP metadata and DisplayDocTitle


def render_html(template: str, **context: Any) -> str:
    with force_locale("pl"):
        return render_template(template, **context)


def write_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on first use: it takes a second to load

    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(template: str, **context: Any) -> bytes:
    return write_pdf(render_html(template, **context))
