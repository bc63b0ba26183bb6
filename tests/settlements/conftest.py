"""Settlement tests: the settlement PDF is faked except where a test asks for `real_pdf`."""

from __future__ import annotations

import pytest

import grants.models  # noqa: F401 - every model mapped before factories configure mappers

FAKE_PDF = b"%PDF-1.7\n% fake settlement for tests\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_pdf(request, monkeypatch):
    if "real_pdf" in request.fixturenames:
        return
    import grants.settlements.pdf as settlement_pdf

    monkeypatch.setattr(settlement_pdf, "render_settlement_pdf", lambda **context: FAKE_PDF)


@pytest.fixture
def real_pdf():
    """Marker fixture: render the settlement with WeasyPrint in this test."""
    return True
