"""Each filed report version has a PDF (issue 9): rendered at filing from the frozen content,
stored with the version (its SHA-256 is the content's, as for offers), downloadable by the
organisation and the organiser's staff; a version filed before PDFs were stored gets one
rendered from its frozen content. The report's personal and in-kind contribution is one
figure: the sums of the cost table, in the table, the summary and the frozen content."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import update

from grants.documents.filing import content_sha256
from grants.documents.pdf import render_html
from grants.extensions import db
from grants.taskreports import drafts, filing
from grants.taskreports.models import ReportVersion
from tests.conftest import login
from tests.support.pdf import FAKE_PDF
from tests.support.taskreports import contract_with_report, filled_report, report_data

D = Decimal


def _filed(world):
    _contract, report = filled_report(world)
    version = filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    return report, version


def test_filing_stores_the_pdf_of_the_frozen_content(world):
    report, version = _filed(world)
    assert version.pdf_file is not None and version.pdf_file.data == FAKE_PDF
    assert version.pdf_file.content_type == "application/pdf"
    assert version.pdf_file.filename.startswith("sprawozdanie-koncowe-")
    assert version.sha256 == content_sha256(version.content)


def test_the_pdf_is_downloaded_by_the_organisation_and_the_officer(client, world):
    report, version = _filed(world)
    url = f"/sprawozdania/{report.id}/wersje/{version.number}/pdf"
    for who in ("ngo_admin", "ngo_member", "officer", "finance"):
        login(client, getattr(world, who))
        response = client.get(url)
        assert response.status_code == 200, who
        assert response.mimetype == "application/pdf" and response.data == FAKE_PDF
    for who in ("ngo_other", "officer_b"):
        login(client, getattr(world, who))
        assert client.get(url).status_code == 404, who
    login(client, world.officer)
    page = client.get(f"/sprawozdania/{report.id}").get_data(as_text=True)
    assert f'href="{url}"' in page


def test_a_draft_has_no_pdf(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_admin)
    assert client.get(f"/sprawozdania/{report.id}/wersje/1/pdf").status_code == 404


def test_a_version_filed_before_pdfs_were_stored_gets_one_from_its_content(client, world):
    report, version = _filed(world)
    db.session.execute(update(ReportVersion).where(ReportVersion.id == version.id)
                       .values(pdf_file_id=None))
    db.session.commit()
    db.session.expire_all()
    login(client, world.officer)
    response = client.get(f"/sprawozdania/{report.id}/wersje/{version.number}/pdf")
    assert response.status_code == 200 and response.data == FAKE_PDF


def test_the_pdf_renders_for_real(world, real_pdf):
    report, version = _filed(world)
    html = render_html(filing.PDF_TEMPLATE, c=version.content, sha256=version.sha256,
                       totals=filing.content_totals(version.content))
    assert "SPRAWOZDANIE Z WYKONANIA ZADANIA PUBLICZNEGO" in html
    assert version.sha256 in html and "FV/7/2026" in html
    assert "25\xa0800,00" in html and "3\xa0000,00" in html   # grant total, personal input
    assert version.pdf_file.data.startswith(b"%PDF") and len(version.pdf_file.data) > 2000


def test_personal_and_in_kind_contribution_is_the_cost_tables(client, world):
    _contract, report = contract_with_report(world)
    version = drafts.start_report_version(report, actor=world.ngo_admin)
    data = report_data(version, personal_input=D("999.00"), in_kind_input=D("50.00"))
    data["costs"][0]["actual_in_kind"] = D("120.00")
    data["costs"][0]["actual_own"] = D("3480.00")
    drafts.save_report_draft(report, actor=world.ngo_admin, data=data)
    db.session.commit()
    assert (version.personal_input, version.in_kind_input) == (D("3000.00"), D("120.00"))
    filed = filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    assert filed.content["II"]["personal_input"] == "3000.00"
    assert filed.content["II"]["in_kind_input"] == "120.00"
    login(client, world.officer)
    page = client.get(f"/sprawozdania/{report.id}").get_data(as_text=True)
    summary = re.search(r"Wkład osobowy</dt><dd[^>]*>([^<]*)</dd>", page).group(1)
    in_kind = re.search(r"Wkład rzeczowy</dt><dd[^>]*>([^<]*)</dd>", page).group(1)
    assert (summary, in_kind) == ("3\xa0000,00\xa0zł", "120,00\xa0zł")
    assert "999,00" not in page


def test_the_form_has_no_second_place_for_the_contribution(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_admin)
    page = client.get(f"/sprawozdania/{report.id}/edycja").get_data(as_text=True)
    assert 'name="personal_input"' not in page and 'name="in_kind_input"' not in page
    assert 'name="costs-2-actual_personal"' in page
