"""Importing the documents' XLSX keeps everything typed on the page (issue 9): the import is a
button of the report's form, so the fields typed but not saved travel with the file and are
saved with the imported documents; a refused file shows the page again with what was typed."""

from __future__ import annotations

import io
from decimal import Decimal

from grants.extensions import db
from tests.conftest import login
from tests.support.taskreports import DOCUMENTS, documents_xlsx, filled_report
from tests.taskreports.test_views import _form_payload

D = Decimal

TYPED = {"description": "Opis wpisany, jeszcze niezapisany.",
         "other_info": "Informacja wpisana przed importem.",
         "results-0-achieved_value": "5300",
         "costs-0-actual_own": "3 700,00", "revenues": "15,00"}


def _rows(docs):
    return [[d["number"], d["issued_on"].strftime("%d.%m.%Y"), d["issuer"], float(d["amount"]),
             d["item_code"], float(d["grant_part"]), None] for d in docs]


def test_the_import_is_a_button_of_the_report_form(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_member)
    page = client.get(f"/sprawozdania/{report.id}/edycja").get_data(as_text=True)
    assert page.count("<form") == page.count("</form>")
    form_start = page.index(f'action="/sprawozdania/{report.id}/edycja"')
    button = page.index(f'formaction="/sprawozdania/{report.id}/dokumenty/import"')
    assert form_start < button < page.index("</form>", form_start)
    tag = page[page.rindex("<form", 0, form_start):page.index(">", form_start)]
    assert 'enctype="multipart/form-data"' in tag


def test_what_was_typed_is_saved_with_the_imported_documents(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_member)
    docs = [dict(d) for d in DOCUMENTS]
    docs[0]["number"] = "FV/1/2026-Z-PLIKU"
    data = _form_payload(report, **TYPED)
    data["file"] = (io.BytesIO(documents_xlsx(_rows(docs))), "dokumenty.xlsx")
    response = client.post(f"/sprawozdania/{report.id}/dokumenty/import", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 302 and response.location.endswith("/edycja")
    db.session.expire_all()
    version = report.draft_version
    assert version.description == TYPED["description"]
    assert version.other_info == TYPED["other_info"]
    assert version.revenues == D("15.00")
    assert version.results[0].achieved_value == "5300"
    assert version.costs[0].actual_own == D("3700.00")
    assert [d.number for d in version.documents][0] == "FV/1/2026-Z-PLIKU"
    page = client.get(f"/sprawozdania/{report.id}/edycja").get_data(as_text=True)
    assert TYPED["description"] in page and "Zaimportowano dokumenty: 4" in page


def test_a_refused_file_keeps_what_was_typed_on_the_page(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_member)
    bad = _rows(DOCUMENTS)
    bad[1][1] = "31.02.2026"
    data = _form_payload(report, **TYPED)
    data["file"] = (io.BytesIO(documents_xlsx(bad)), "dokumenty.xlsx")
    page = client.post(f"/sprawozdania/{report.id}/dokumenty/import", data=data,
                       content_type="multipart/form-data")
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "Wiersz 3, kolumna „Data wystawienia”" in text
    assert TYPED["description"] in text and TYPED["other_info"] in text
    assert 'value="5300"' in text and 'value="3 700,00"' in text
    db.session.expire_all()
    assert report.draft_version.description == "Wydano 5 200 posiłków."


def test_a_bad_typed_field_keeps_the_page_and_imports_nothing(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_member)
    data = _form_payload(report, **{**TYPED, "costs-1-actual_grant": "17 000,5x"})
    data["file"] = (io.BytesIO(documents_xlsx(_rows(DOCUMENTS[:1]))), "dokumenty.xlsx")
    page = client.post(f"/sprawozdania/{report.id}/dokumenty/import", data=data,
                       content_type="multipart/form-data")
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert "17 000,5x" in text and TYPED["description"] in text
    db.session.expire_all()
    assert len(report.draft_version.documents) == 4
