"""The reports' pages: typed input kept on refusal (never a 500), import through the page,
filing, review, call and the partial-report request."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest

from grants.core import clock
from grants.extensions import db
from grants.taskreports import drafts, filing, imports
from grants.taskreports.models import ReportKind, ReportStatus, TaskReport
from tests.conftest import login
from tests.support.taskreports import DOCUMENTS, contract_with_report, documents_xlsx, filled_report

D = Decimal
W = clock.WARSAW


def _form_payload(report, **overrides) -> dict:
    """The edit form as the browser posts it, from the draft in the database."""
    v = report.draft_version
    data = {"description": v.description, "deviations": v.deviations,
            "other_info": v.other_info, "personal_input": "3 000,00", "in_kind_input": "0",
            "revenues": "0", "bank_interest": "12,34", "action": "save"}
    for i, r in enumerate(v.results):
        data[f"results-{i}-achieved_value"] = r.achieved_value
        data[f"results-{i}-comment"] = r.comment
    for i, c in enumerate(v.costs):
        for f in drafts.COST_FIELDS:
            data[f"costs-{i}-{f}"] = f"{getattr(c, f):.2f}".replace(".", ",")
    for i, d in enumerate(v.documents):
        data.update({f"documents-{i}-number": d.number,
                     f"documents-{i}-issued_on": d.issued_on.strftime("%d.%m.%Y"),
                     f"documents-{i}-issuer": d.issuer,
                     f"documents-{i}-amount": f"{d.amount:.2f}".replace(".", ","),
                     f"documents-{i}-item_code": d.item_code,
                     f"documents-{i}-grant_part": f"{d.grant_part:.2f}".replace(".", ","),
                     f"documents-{i}-paid_on": d.paid_on.strftime("%d.%m.%Y")
                     if d.paid_on else ""})
    data.update(overrides)
    return data


def test_the_ngo_starts_edits_and_files_the_report(client, world, mailbox):
    contract, report = contract_with_report(world)
    login(client, world.ngo_admin)
    page = client.get(f"/sprawozdania/{report.id}")
    assert page.status_code == 200 and "Rozpocznij sprawozdanie" in page.text
    response = client.post(f"/sprawozdania/{report.id}/rozpocznij")
    assert response.status_code == 302 and response.location.endswith("/edycja")
    page = client.get(f"/sprawozdania/{report.id}/edycja")
    assert page.status_code == 200
    assert "Liczba wydanych posiłków" in page.text and "II.1 Obsługa administracyjna" in page.text
    # import the documents from a file
    rows = [[d["number"], d["issued_on"].strftime("%d.%m.%Y"), d["issuer"], float(d["amount"]),
             d["item_code"], float(d["grant_part"]), None] for d in DOCUMENTS]
    response = client.post(f"/sprawozdania/{report.id}/dokumenty/import",
                           data={"file": (io.BytesIO(documents_xlsx(rows)), "dokumenty.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    assert [d.grant_part for d in report.draft_version.documents] == [
        D("6400.00"), D("10000.00"), D("7000.00"), D("2400.00")]
    payload = _form_payload(report, description="Wydano 5 200 posiłków.",
                            **{"results-0-achieved_value": "5200",
                               "costs-0-actual_grant": "6 400,00",
                               "costs-1-actual_grant": "17 000,00",
                               "costs-3-actual_grant": "2400"})
    response = client.post(f"/sprawozdania/{report.id}/edycja", data=payload)
    assert response.status_code == 302
    payload["action"] = "check"
    page = client.post(f"/sprawozdania/{report.id}/edycja", data=payload)
    assert "Sprawozdanie spełnia warunki" in page.text
    payload["action"] = "file"
    page = client.post(f"/sprawozdania/{report.id}/edycja", data=payload)
    assert page.status_code == 422 and "potwierdź oświadczenie" in page.text
    payload["confirm"] = "y"
    response = client.post(f"/sprawozdania/{report.id}/edycja", data=payload)
    assert response.status_code == 302
    db.session.expire_all()
    assert report.status == ReportStatus.FILED
    assert [m["To"] for m in mailbox] == [world.officer.email, world.ngo_admin.email]
    page = client.get(f"/sprawozdania/{report.id}")
    assert "Złożona wersja nr 1" in page.text and report.filed_version.sha256 in page.text
    # the officer sees plan vs actual and may review; finance reads only
    login(client, world.officer)
    page = client.get(f"/sprawozdania/{report.id}")
    assert "Plan: z dotacji" in page.text and "Zapisz ocenę" in page.text
    login(client, world.finance)
    page = client.get(f"/sprawozdania/{report.id}")
    assert page.status_code == 200 and "Zapisz ocenę" not in page.text
    assert "Rozpocznij" not in page.text


def test_a_bad_amount_keeps_what_was_typed(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_admin)
    payload = _form_payload(report, description="Nowy opis",
                            **{"costs-1-actual_grant": "17 000,5x",
                               "documents-0-issued_on": "31.02.2026"})
    page = client.post(f"/sprawozdania/{report.id}/edycja", data=payload)
    assert page.status_code == 422
    assert "17 000,5x" in page.text and "31.02.2026" in page.text and "Nowy opis" in page.text
    assert "„17 000,5x” nie jest kwotą" in page.text
    assert "Podaj datę w formacie dd.mm.rrrr." in page.text
    db.session.expire_all()
    assert report.draft_version.description == "Wydano 5 200 posiłków."


def test_a_service_refusal_is_shown_next_to_the_document_row(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_admin)
    payload = _form_payload(report, **{"documents-1-grant_part": "99 999,00",
                                       "documents-0-number": "", "documents-0-issuer": "",
                                       "documents-0-amount": "", "documents-0-item_code": "",
                                       "documents-0-grant_part": "",
                                       "documents-0-issued_on": "",
                                       "documents-0-paid_on": ""})
    page = client.post(f"/sprawozdania/{report.id}/edycja", data=payload)
    assert page.status_code == 422
    assert 'id="documents-1-grant_part-errors"' in page.text
    assert "nie może być większa od kwoty dokumentu" in page.text


def test_filing_problems_are_listed_and_the_draft_is_saved(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_admin)
    payload = _form_payload(report, action="file", confirm="y",
                            **{"costs-1-actual_grant": "17 500,00"})
    page = client.post(f"/sprawozdania/{report.id}/edycja", data=payload)
    assert page.status_code == 422
    assert "Pozycja I.1.2: dokumenty wykazują z dotacji 17\xa0000,00\xa0zł" in page.text
    db.session.expire_all()
    assert report.status == ReportStatus.DUE
    assert report.draft_version.costs[1].actual_grant == D("17500.00")


def test_rows_are_added_and_removed(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_admin)
    page = client.post(f"/sprawozdania/{report.id}/edycja",
                       data=_form_payload(report, action="add"))
    assert page.status_code == 200 and 'id="documents-4-number"' in page.text
    response = client.post(f"/sprawozdania/{report.id}/edycja",
                           data=_form_payload(report, action="remove:0"))
    assert response.status_code == 302
    db.session.expire_all()
    assert [d.number for d in report.draft_version.documents] == [
        "FV/7/2026", "FV/9/2026", "RK/2/2026"]


def test_a_bad_file_lists_every_error_and_imports_nothing(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_admin)
    data = documents_xlsx([["F/1", "31.02.2026", "X", "10", "I.1.1", "0", None],
                  ["F/2", "01.03.2026", "X", "abc", "Z.9", "0", None]])
    page = client.post(f"/sprawozdania/{report.id}/dokumenty/import",
                       data={"file": (io.BytesIO(data), "dokumenty.xlsx")},
                       content_type="multipart/form-data")
    assert page.status_code == 422
    assert "Wiersz 2, kolumna „Data wystawienia”: „31.02.2026” nie jest datą" in page.text
    assert "Wiersz 3, kolumna „Kwota”: „abc” nie jest kwotą" in page.text
    assert "Wiersz 3, kolumna „Pozycja kosztorysu”" in page.text
    db.session.expire_all()
    assert len(report.draft_version.documents) == 4


@pytest.mark.parametrize("upload, message", [
    ((io.BytesIO(b"a;b\n1;2\n"), "lista.csv"), "To nie jest plik XLSX"),
    (None, "Wybierz plik XLSX do zaimportowania."),
])
def test_an_upload_that_is_not_a_sheet(client, world, upload, message):
    _contract, report = filled_report(world)
    login(client, world.ngo_admin)
    page = client.post(f"/sprawozdania/{report.id}/dokumenty/import",
                       data={"file": upload} if upload else {},
                       content_type="multipart/form-data")
    assert page.status_code == 422 and message in page.text


def test_the_template_downloads(client, world):
    _contract, report = contract_with_report(world)
    login(client, world.ngo_admin)
    response = client.get(f"/sprawozdania/{report.id}/dokumenty/wzor.xlsx")
    assert response.status_code == 200 and response.mimetype == imports.XLSX_MIME
    assert response.data[:2] == b"PK"


@pytest.mark.parametrize("data", [
    {},
    {"decision": "corrections"},
    {"decision": "corrections", "note": "Popraw", "correction_due": "99.99.2026"},
    {"decision": "whatever", "note": "x" * 20},
    {"decision": "corrections", "note": "Popraw", "correction_due": "01.01.2026"},
])
def test_review_refusals_rerender_without_a_500(client, world, data):
    _contract, report = filled_report(world)
    filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    login(client, world.officer)
    page = client.post(f"/sprawozdania/{report.id}/ocena", data=data)
    assert page.status_code == 422
    db.session.expire_all()
    assert report.status == ReportStatus.FILED


def test_the_officer_asks_for_corrections_and_the_ngo_sees_history(client, world):
    _contract, report = filled_report(world)
    filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    login(client, world.officer)
    response = client.post(f"/sprawozdania/{report.id}/ocena", data={
        "decision": "corrections", "note": "Uzupełnij opis.", "correction_due": "20.11.2026"})
    assert response.status_code == 302
    login(client, world.ngo_admin)
    page = client.get(f"/sprawozdania/{report.id}")
    assert "Rozpocznij poprawianie sprawozdania" in page.text and "Uzupełnij opis." in page.text
    client.post(f"/sprawozdania/{report.id}/rozpocznij")
    page = client.get(f"/sprawozdania/{report.id}")
    assert "wersja 1" in page.text and "wersja 2" in page.text
    login(client, world.officer)   # the officer does not see the draft
    assert client.get(f"/sprawozdania/{report.id}/wersje/2").status_code == 404
    assert client.get(f"/sprawozdania/{report.id}/wersje/1").status_code == 200
    assert client.get(f"/sprawozdania/{report.id}/wersje/9").status_code == 404


def test_the_call_form_and_the_lapsed_call(client, world):
    contract, report = contract_with_report(world)
    login(client, world.officer)
    with clock.frozen_at(dt.datetime(2026, 12, 2, 10, 0, tzinfo=W)):
        page = client.get(f"/sprawozdania/{report.id}")
        assert "Zapisz wezwanie" in page.text
        page = client.post(f"/sprawozdania/{report.id}/wezwanie",
                           data={"called_on": "01.12.2026", "delivered_on": "30.11.2026"})
        assert page.status_code == 422 and "doręczone przed jego wysłaniem" in page.text
        response = client.post(f"/sprawozdania/{report.id}/wezwanie",
                               data={"called_on": "01.12.2026", "delivered_on": "02.12.2026"})
        assert response.status_code == 302
    with clock.frozen_at(dt.datetime(2026, 12, 10, 10, 0, tzinfo=W)):
        page = client.get(f"/sprawozdania/{report.id}")
        assert "Umowa może zostać rozwiązana" in page.text
        assert f'href="/umowy/{contract.id}"' in page.text


def test_the_partial_request_page(client, world, mailbox):
    contract, _report = contract_with_report(world)
    login(client, world.officer)
    page = client.get(f"/umowy/{contract.id}/sprawozdania/czesciowe")
    assert page.status_code == 200 and "najwcześniej 10.12.2026" in page.text
    data = {"period_start": "01.02.2026", "period_end": "31.05.2026",
            "requested_on": "02.11.2026", "delivered_on": "03.11.2026", "due_on": "02.12.2026"}
    page = client.post(f"/umowy/{contract.id}/sprawozdania/czesciowe", data=data)
    assert page.status_code == 422 and "najwcześniej 03.12.2026" in page.text
    assert 'value="02.12.2026"' in page.text
    page = client.post(f"/umowy/{contract.id}/sprawozdania/czesciowe",
                       data={**data, "due_on": "zła data"})
    assert page.status_code == 422 and "Podaj datę w formacie dd.mm.rrrr." in page.text
    response = client.post(f"/umowy/{contract.id}/sprawozdania/czesciowe",
                           data={**data, "due_on": "03.12.2026"})
    assert response.status_code == 302
    partial = db.session.query(TaskReport).filter_by(kind=ReportKind.PARTIAL).one()
    assert response.location.endswith(f"/sprawozdania/{partial.id}")
    page = client.get(f"/umowy/{contract.id}/sprawozdania")
    assert "Sprawozdanie częściowe nr 1/2026" in page.text
    assert "Sprawozdanie końcowe (2026)" in page.text


@pytest.mark.parametrize("path", ["/sprawozdania/abc", "/sprawozdania/99999999999",
                                  "/sprawozdania/123456/edycja", "/umowy/x/sprawozdania"])
def test_bad_ids_are_not_found(client, world, path):
    login(client, world.ngo_admin)
    assert client.get(path).status_code == 404
