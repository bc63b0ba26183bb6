"""The PDF stub: WeasyPrint takes about half a second a document, so every test gets this
fake PDF unless it asks for the `real_pdf` fixture (registered by tests/conftest.py)."""

from __future__ import annotations

import pytest

FAKE_PDF = b"%PDF-1.7\n% fake document for tests\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fake_pdf(request, monkeypatch):
    if "real_pdf" in request.fixturenames:
        return
    import grants.documents.pdf as pdf

    monkeypatch.setattr(pdf, "write_pdf", lambda html: FAKE_PDF)


@pytest.fixture
def real_pdf():
    """Marker fixture: this test renders its PDFs with WeasyPrint."""
    return True
