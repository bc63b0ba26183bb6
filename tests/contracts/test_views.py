"""Contract pages: generation keeps typed input on error, no 500 on bad input, signing and
payments through the forms, the annex page, the PDF (rendered for real once)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from grants.contracts import pdf, services
from grants.contracts.models import Contract, ContractStatus
from grants.core import clock
from grants.documents.models import StoredFile
from grants.extensions import db
from grants.taskreports.models import ReportCall, TaskReport
from tests.conftest import login
from tests.support.contract_factory import make_contract
from tests.support.contracts import make_award, make_small_grant

D = Decimal


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


def _generation_form(**over) -> dict:
    data = {"number": "MOPS/D/2026/0100", "start_date": "01.03.2026", "end_date": "31.10.2026",
            "use_by-0-year": "2026", "use_by-0-use_by": "31.10.2026",
            "item_tolerance_pct": "10", "share_tolerance_pp": "5",
            "authority_representatives": "Anna Dyrektorska – Dyrektor MOPS",
            "organisation_representatives": "Anna Kowalska – Prezes Zarządu\nJan Nowak – Skarbnik",
            "bank_account": "PL42102018560000000000000001",
            "tranches-0-number": "", "tranches-0-due_on": "02.03.2026",
            "tranches-0-amount": "15 000,00", "tranches-0-condition": "none",
            "tranches-1-number": "", "tranches-1-due_on": "01.06.2026",
            "tranches-1-amount": "15000", "tranches-1-condition": "partial_report",
            "tranches-2-number": "", "tranches-2-due_on": "", "tranches-2-amount": "",
            "tranches-2-condition": "none"}
    data.update(over)
    return data


def test_generation_page_and_post(client, world):
    award = make_award(world)
    db.session.commit()
    login(client, world.officer)
    url = f"/umowy/nowa/z-konkursu/{award.id}"
    page = client.get(url)
    assert page.status_code == 200 and "MOPS/D/2026/0001" in page.text
    response = client.post(url, data=_generation_form())
    assert response.status_code == 302
    contract = db.session.query(Contract).one()
    assert contract.number == "MOPS/D/2026/0100"
    assert [(t.number, t.amount, t.condition.value) for t in contract.current_version.tranches] \
        == [(1, D("15000.00"), "none"), (2, D("15000.00"), "partial_report")]
    # a second visit goes to the contract
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("field, value, typed", [
    ("tranches-0-amount", "abc", "abc"),
    ("tranches-0-due_on", "31.02.2026", "31.02.2026"),
    ("start_date", "zzz", "zzz"),
    ("use_by-0-use_by", "01.01.2027", "01.01.2027"),
    ("tranches-1-amount", "14 999,99", "14 999,99"),
    ("bank_account", "PL00 1234", "PL00 1234"),
    ("item_tolerance_pct", "1e400", "1e400"),
])
def test_generation_refusals_keep_what_was_typed(client, world, field, value, typed):
    award = make_award(world)
    db.session.commit()
    login(client, world.officer)
    response = client.post(f"/umowy/nowa/z-konkursu/{award.id}",
                           data=_generation_form(**{field: value}))
    assert response.status_code == 422
    assert typed in response.text
    assert "Anna Dyrektorska – Dyrektor MOPS" in response.text
    assert db.session.query(Contract).count() == 0


def test_generation_refused_source_shows_the_reason(client, world):
    award = make_award(world, final_grant=D("25000.00"),
                       update_items=[("I.1.1", "K", D("1.00"), D("1.00"))], update_filed=False)
    db.session.commit()
    login(client, world.officer)
    response = client.get(f"/umowy/nowa/z-konkursu/{award.id}")
    assert response.status_code == 409 and "aktualizacji" in response.text


def test_small_grant_generation_page(client, world):
    offer = make_small_grant(world)
    db.session.commit()
    login(client, world.officer)
    page = client.get(f"/umowy/nowa/maly-grant/{offer.id}")
    assert page.status_code == 200 and "Wakacje dla dzieci" in page.text


def test_sign_through_the_form_stores_the_pdf(client, world, mailbox):
    contract = services.generate_contract(make_award(world), actor=world.officer)
    db.session.commit()
    login(client, world.officer)
    url = f"/umowy/{contract.id}/wersje/0/podpisanie"
    bad = client.post(url, data={"signed_on": "31.02.2026", "for_authority": "Anna D.",
                                 "for_organisation": ""})
    assert bad.status_code == 422 and "Anna D." in bad.text
    missing = client.post(url, data={"signed_on": "10.03.2026", "for_authority": "Anna D.",
                                     "for_organisation": ""})
    assert missing.status_code == 422 and "Anna D." in missing.text
    ok = client.post(url, data={"signed_on": "10.03.2026", "for_authority": "Anna D.",
                                "for_organisation": "Anna Kowalska, Jan Nowak",
                                "understood": "y"})
    assert ok.status_code == 302
    db.session.expire_all()
    contract = db.session.get(Contract, contract.id)
    assert contract.status == ContractStatus.SIGNED
    stored = contract.versions[0].pdf_file
    assert stored is not None
    download = client.get(f"/umowy/{contract.id}/wersje/0/umowa.pdf")
    assert download.status_code == 200 and download.data == stored.data
    assert len(mailbox) == 1


def test_payment_form_refusals_and_success(client, world):
    contract = make_contract(world)
    db.session.commit()
    login(client, world.finance)
    url = f"/umowy/{contract.id}/przelewy"
    form = {"tranche_number": "1", "paid_on": "02.03.2026", "amount": "abc",
            "bank_reference": "REF/1", "note": "", "understood": "y", "once": "t-1"}
    response = client.post(url, data=form)
    assert response.status_code == 422 and "abc" in response.text
    response = client.post(url, data={**form, "amount": "13 000,01"})
    assert response.status_code == 422 and "13 000,01" in response.text
    response = client.post(url, data={**form, "tranche_number": "x9", "amount": "100"})
    assert response.status_code == 422
    response = client.post(url, data={**form, "amount": "13 000,00"})
    assert response.status_code == 302
    page = client.get(f"/umowy/{contract.id}")
    assert "REF/1" in page.text and "Transza została wypłacona." in page.text


def test_payment_on_a_draft_redirects_with_a_message(client, world):
    contract = make_contract(world, signed=False)
    db.session.commit()
    login(client, world.finance)
    response = client.post(f"/umowy/{contract.id}/przelewy", data={"amount": "1"})
    assert response.status_code == 302


def test_show_page_links_reports_control_and_hints_termination(client, world):
    contract = make_contract(world)
    report = db.session.query(TaskReport).filter_by(contract_id=contract.id).one()
    db.session.add(ReportCall(report_id=report.id, called_on=dt.date(2026, 3, 1),
                              delivered_on=dt.date(2026, 3, 1), due_on=dt.date(2026, 3, 9)))
    db.session.commit()
    login(client, world.officer)
    page = client.get(f"/umowy/{contract.id}")
    assert page.status_code == 200
    assert f"/sprawozdania/{report.id}" in page.text
    assert f"/umowy/{contract.id}/kontrole" in page.text
    assert "mimo wezwania" in page.text
    login(client, world.ngo_member)
    page = client.get(f"/umowy/{contract.id}")
    assert page.status_code == 200 and "Zarejestruj przelew" not in page.text
    assert "Przygotuj aneks" not in page.text


def test_annex_through_the_pages(client, world):
    contract = make_contract(world, paid=True)
    db.session.commit()
    login(client, world.officer)
    assert client.post(f"/umowy/{contract.id}/aneksy", data={"reason": ""}).status_code == 422
    response = client.post(f"/umowy/{contract.id}/aneksy", data={"reason": "Nowy termin"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/umowy/{contract.id}/wersje/1/edycja")
    page = client.get(f"/umowy/{contract.id}/wersje/1/edycja")
    assert page.status_code == 200 and "I.1.2" in page.text
    form = {"reason": "Nowy termin", "start_date": "01.02.2026", "end_date": "30.11.2026",
            "use_by-0-year": "2026", "use_by-0-use_by": "30.11.2026",
            "item_tolerance_pct": "10", "share_tolerance_pp": "5",
            "authority_representatives": "A",
            "organisation_representatives": "Anna Kowalska\nJan Nowak",
            "bank_account": world.ngo_x.iban,
            "items-0-code": "I.1.1", "items-0-planned_total": "10000", "items-0-planned_grant": "8000",
            "items-1-code": "I.1.2", "items-1-planned_total": "20000", "items-1-planned_grant": "16000",
            "items-2-code": "I.2.1", "items-2-planned_total": "6000", "items-2-planned_grant": "0",
            "items-3-code": "II.1", "items-3-planned_total": "4000", "items-3-planned_grant": "2000",
            "tranches-0-number": "1", "tranches-0-due_on": "02.03.2026",
            "tranches-0-amount": "12000", "tranches-0-condition": "none",
            "tranches-1-number": "2", "tranches-1-due_on": "01.06.2026",
            "tranches-1-amount": "14000", "tranches-1-condition": "none"}
    refused = client.post(f"/umowy/{contract.id}/wersje/1/edycja", data=form)
    assert refused.status_code == 422 and "13" in refused.text  # tranche 1: 13 000 paid
    form.update({"tranches-0-amount": "13000", "tranches-1-amount": "13000"})
    assert client.post(f"/umowy/{contract.id}/wersje/1/edycja", data=form).status_code == 302
    page = client.get(f"/umowy/{contract.id}")
    assert "30.11.2026" in page.text and "Nowy termin" in page.text
    assert "2026-11-30" not in page.text  # the annex's changes in Polish formats


def test_contract_list_filters_by_status(client, world):
    make_contract(world)
    make_contract(world, signed=False)
    db.session.commit()
    login(client, world.ngo_admin)
    page = client.get("/umowy?status=signed")
    assert page.status_code == 200 and page.text.count("/D/2026/") == 1
    assert client.get("/umowy?status=zzz&page=abc").status_code == 200
    login(client, world.ngo_other)
    assert "/D/2026/" not in client.get("/umowy").text


def test_contract_pdf_renders_for_real_with_polish_letters(world, real_pdf):
    contract = make_contract(world)
    version = contract.version_in_force
    html = pdf.render_contract_html(**pdf.context_for(version))
    assert contract.number in html and "Zleceniobiorca" in html
    assert "§ 9. Zwrot środków" in html and "Posiłki dla osób w kryzysie bezdomności" in html
    data = pdf.render_contract_pdf(**pdf.context_for(version))
    assert data.startswith(b"%PDF") and len(data) > 5000
    stored = StoredFile.from_bytes("u.pdf", "application/pdf", data)
    assert stored.size == len(data)


def test_small_grant_officer_page_links_the_contract(client, world):
    offer = make_small_grant(world)
    db.session.commit()
    login(client, world.officer)
    page = client.get(f"/officer/small-grants/{offer.id}")
    assert f"/umowy/nowa/maly-grant/{offer.id}" in page.text
    contract = services.generate_contract(offer, actor=world.officer)
    db.session.commit()
    assert f"/umowy/{contract.id}" in client.get(f"/officer/small-grants/{offer.id}").text
