"""Contracts tests: the contract PDF is faked except where a test asks for `real_pdf`."""

from __future__ import annotations

import pytest

FAKE_PDF = b"%PDF-1.7\n% fake contract for tests\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_pdf(request, monkeypatch):
    if "real_pdf" in request.fixturenames:
        return
    import grants.contracts.pdf as contract_pdf

    monkeypatch.setattr(contract_pdf, "render_contract_pdf", lambda **context: FAKE_PDF)


@pytest.fixture
def real_pdf():
    """Marker fixture: render the contract with WeasyPrint in this test."""
    return True
