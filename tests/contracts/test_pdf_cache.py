"""A draft contract's PDF is rendered once per content (issue 10, Low: rendering with
WeasyPrint on every request lets anyone with access tie up the workers). The second request
serves the stored bytes; a change of the draft - or of anything its PDF shows, such as the
organisation's name - renders it again. A signed version's PDF is the one stored at signing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

import grants.documents.pdf as documents_pdf
from grants.contracts import pdf_cache
from grants.contracts.models import ContractDraftPdf
from grants.core import clock
from grants.extensions import db
from tests.conftest import login
from tests.support.contract_factory import make_contract


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The HTML of every WeasyPrint run (each gives different bytes, as a new render would)."""
    seen: list[str] = []

    def fake(html: str) -> bytes:
        seen.append(html)
        return b"%PDF-1.7\n% render " + str(len(seen)).encode() + b"\n%%EOF\n"

    monkeypatch.setattr(documents_pdf, "write_pdf", fake)
    return seen


def _url(contract) -> str:
    return f"/umowy/{contract.id}/wersje/0/umowa.pdf"


def test_a_second_request_serves_the_cached_pdf(client, world, renders):
    contract = make_contract(world, signed=False)
    db.session.commit()
    login(client, world.officer)
    first = client.get(_url(contract))
    assert first.status_code == 200 and first.data.endswith(b"render 1\n%%EOF\n")
    assert "projekt" in first.headers["Content-Disposition"]
    second = client.get(_url(contract))
    login(client, world.ngo_admin)                  # another user with access: same bytes
    third = client.get(_url(contract))
    assert second.data == first.data == third.data
    assert len(renders) == 1
    assert db.session.scalar(select(func.count(ContractDraftPdf.id))) == 1


def test_a_change_of_the_draft_renders_it_again(client, world, renders):
    contract = make_contract(world, signed=False)
    db.session.commit()
    login(client, world.officer)
    first = client.get(_url(contract)).data
    version = contract.current_version
    version.title = "Posiłki i odzież dla osób w kryzysie bezdomności"
    db.session.commit()
    second = client.get(_url(contract)).data
    assert second != first and len(renders) == 2
    assert "Posiłki i odzież" in renders[-1]
    contract.organisation.name = "Stowarzyszenie o nowej nazwie"   # shown in the PDF too
    db.session.commit()
    third = client.get(_url(contract)).data
    assert third not in (first, second) and len(renders) == 3
    assert client.get(_url(contract)).data == third and len(renders) == 3
    assert db.session.scalar(select(func.count(ContractDraftPdf.id))) == 1   # one per version


def test_the_key_covers_the_renderer(world, renders, monkeypatch):
    contract = make_contract(world, signed=False)
    version = contract.current_version
    pdf_cache.draft_pdf(version)
    pdf_cache.draft_pdf(version)
    assert len(renders) == 1
    monkeypatch.setattr(pdf_cache, "RENDERER", pdf_cache.RENDERER + "+new-weasyprint")
    pdf_cache.draft_pdf(version)
    assert len(renders) == 2


def test_a_signed_version_serves_its_stored_pdf_without_rendering(client, world, renders):
    contract = make_contract(world, signed=True, pdf=b"%PDF-1.7\n% signed\n%%EOF\n")
    db.session.commit()
    login(client, world.officer)
    assert client.get(_url(contract)).data == b"%PDF-1.7\n% signed\n%%EOF\n"
    assert renders == []


def test_a_pdf_stored_by_another_app_server_is_served(world, renders):
    """The cache is in the database: what one app server rendered, every other serves."""
    contract = make_contract(world, signed=False)
    version = contract.current_version
    key = pdf_cache.content_key(pdf_cache.draft_html(version))
    db.session.add(ContractDraftPdf(version_id=version.id, content_key=key, data=b"%PDF other"))
    db.session.flush()
    assert pdf_cache.draft_pdf(version) == b"%PDF other" and renders == []


def test_signing_drops_the_cached_draft(world, renders):
    from grants.contracts import signing

    contract = make_contract(world, signed=False)
    version = contract.current_version
    pdf_cache.draft_pdf(version)
    assert db.session.scalar(select(func.count(ContractDraftPdf.id))) == 1
    signing.sign_version(version, actor=world.officer, signed_on=dt.date(2026, 3, 10),
                         for_authority="Anna Dyrektorska",
                         for_organisation="Anna Kowalska; Jan Nowak")
    assert db.session.scalar(select(func.count(ContractDraftPdf.id))) == 0
