"""Formal check tests: PDFs of filed versions are faked (WeasyPrint is slow)."""

from __future__ import annotations

import pytest

FAKE_PDF = b"%PDF-1.7\n% fake offer for tests\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_pdf(monkeypatch):
    import grants.offers.pdf as pdf

    monkeypatch.setattr(pdf, "render_offer_pdf", lambda content, sha256: FAKE_PDF)
