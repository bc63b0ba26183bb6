"""Awards tests: offers are filed with a fake PDF, the protocol is rendered for real only
where a test asks for `real_pdf` (WeasyPrint takes about half a second per document)."""

from __future__ import annotations

import pytest

FAKE_PDF = b"%PDF-1.7\n% fake document for tests\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_pdf(request, monkeypatch):
    import grants.offers.pdf as offer_pdf

    monkeypatch.setattr(offer_pdf, "render_offer_pdf", lambda content, sha256: FAKE_PDF)
    if "real_pdf" in request.fixturenames:
        return
    import grants.awards.pdf as award_pdf

    monkeypatch.setattr(award_pdf, "render_protocol_pdf", lambda **context: FAKE_PDF)


@pytest.fixture
def real_pdf():
    """Marker fixture: render the protocol with WeasyPrint in this test."""
    return True
