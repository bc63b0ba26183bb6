"""Serving a stored file: the type stored (detected from the bytes when it was uploaded), never
one a browser could run, and `nosniff` so that the browser does not guess another; PDFs and
images may open in the browser, everything else is a download."""

from __future__ import annotations

import io

from flask import send_file

from grants.documents.content_types import KNOWN
from grants.documents.models import StoredFile

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


def served_type(stored: StoredFile) -> str:
    """The stored type when it is one of the known document types; a row stored before types
    were detected (the client's word: text/html, image/svg+xml ...) is served as bytes."""
    return stored.content_type if stored.content_type in KNOWN else "application/octet-stream"


def send_stored(stored: StoredFile, *, inline: bool = False, **options):
    """The response for a stored file (`options` go to flask.send_file: max_age, etag ...);
    shown in the browser only when `inline` and a PDF or an image."""
    content_type = served_type(stored)
    response = send_file(io.BytesIO(stored.data), mimetype=content_type,
                         as_attachment=not (inline and content_type in INLINE_TYPES),
                         download_name=stored.filename, **options)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
