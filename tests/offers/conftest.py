"""Offers tests: the PDF is rendered for real only where a test asks for `real_pdf`
(WeasyPrint takes about half a second per document)."""

from __future__ import annotations

import pytest

FAKE_PDF = b"%PDF-1.7\n% fake offer for tests\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_pdf(request, monkeypatch):
    if "real_pdf" in request.fixturenames:
        return
    import grants.offers.pdf as pdf

    monkeypatch.setattr(pdf, "render_offer_pdf", lambda content, sha256: FAKE_PDF)


@pytest.fixture
def real_pdf():
    """Marker fixture: render the PDF with WeasyPrint in this test."""
    return True
