"""The settlement pages: the officer's preview and record, the recorded settlement, the PDF,
finance staff's return payments; bad input never a 500."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from grants.contracts.models import Payment
from grants.core import clock
from grants.extensions import db
from grants.settlements import queries
from grants.settlements.models import ReturnPayment, Settlement
from tests.conftest import login
from tests.settlements.test_services import WARSAW
from tests.support.contract_factory import make_contract
from tests.support.settlements import accept_report


def _freeze(day=dt.date(2026, 12, 10)):
    clock.set_now(dt.datetime.combine(day, dt.time(12), tzinfo=WARSAW))


def _ready(world):
    contract = make_contract(world, paid=True)
    report = accept_report(contract, world)
    db.session.commit()
    _freeze()
    return contract, report


def _record(client, report, **data):
    form = {"finding_date": "10.12.2026", "note": "", "action": "record", "understood": "y"}
    form.update(data)
    return client.post(f"/sprawozdania/{report.id}/rozliczenie", data=form)


def test_officer_sees_the_preview(client, world):
    _contract, report = _ready(world)
    login(client, world.officer)
    r = client.get(f"/sprawozdania/{report.id}/rozliczenie")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    for text in ("2\xa0200,00", "25\xa0200,00", "800,00", "16.11.2026", "28.12.2026",
                 "29.12.2026", "65\xa0%", "70\xa0%"):
        assert text in html, text
    assert db.session.query(Settlement).count() == 0


def test_preview_on_another_date(client, world):
    _contract, report = _ready(world)
    login(client, world.officer)
    r = _record(client, report, finding_date="2026-12-01", action="preview")
    assert r.status_code == 200
    assert "16.12.2026" in r.get_data(as_text=True)
    assert db.session.query(Settlement).count() == 0


def test_officer_records_and_everyone_sees(client, world, mailbox):
    _contract, report = _ready(world)
    login(client, world.officer)
    r = _record(client, report, note="Zwrot w terminie.")
    assert r.status_code == 302
    settlement = db.session.query(Settlement).one()
    assert r.headers["Location"].endswith(f"/rozliczenia/{settlement.id}")
    assert settlement.total == D("800.00") and settlement.note == "Zwrot w terminie."
    assert len(mailbox) == 1
    for user in (world.ngo_member, world.finance, world.officer):
        login(client, user)
        page = client.get(f"/rozliczenia/{settlement.id}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "800,00" in html and "28.12.2026" in html
        assert ("Zapisz wpłatę" in html) == (user is world.finance)
    # once settled, the report's settlement page leads to the record
    login(client, world.ngo_admin)
    again = client.get(f"/sprawozdania/{report.id}/rozliczenie")
    assert again.status_code == 302 and f"/rozliczenia/{settlement.id}" in again.headers[
        "Location"]
    pdf = client.get(f"/rozliczenia/{settlement.id}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_bad_finding_dates_are_refused_with_the_form_kept(client, world):
    _contract, report = _ready(world)
    login(client, world.officer)
    for typed, message in (("abc", "dd.mm.rrrr"), ("11.12.2026", "późniejsza niż dzisiejsza"),
                           ("01.12.2026", "wcześniejsza niż przyjęcie")):
        r = _record(client, report, finding_date=typed, note="Moja notatka")
        assert r.status_code == 422, typed
        html = r.get_data(as_text=True)
        assert message in html and "Moja notatka" in html and typed in html
    assert db.session.query(Settlement).count() == 0


def test_unsettleable_report_shows_why(client, world):
    contract = make_contract(world, paid=False)
    db.session.add(Payment(contract_id=contract.id, tranche_number=1,
                           paid_on=dt.date(2026, 3, 2), amount=D("13000.00"),
                           bank_reference="P/1"))
    report = accept_report(contract, world)
    db.session.commit()
    _freeze()
    login(client, world.officer)
    r = client.get(f"/sprawozdania/{report.id}/rozliczenie")
    assert r.status_code == 200
    assert "wyższe niż przekazana dotacja" in r.get_data(as_text=True)
    r = _record(client, report)
    assert r.status_code == 422
    assert db.session.query(Settlement).count() == 0


def _settled(client, world):
    _contract, report = _ready(world)
    login(client, world.officer)
    _record(client, report)
    return db.session.query(Settlement).one()


def test_finance_records_a_return(client, world):
    settlement = _settled(client, world)
    part = settlement.parts[0]
    login(client, world.finance)
    r = client.post(f"/rozliczenia/{settlement.id}/zwroty", data={
        "part_id": str(part.id), "paid_on": "10.12.2026", "amount": "150,00",
        "bank_reference": "ZWROT/1", "understood": "y", "once": "t-1"})
    assert r.status_code == 302
    payment = db.session.query(ReturnPayment).one()
    assert (payment.amount, payment.principal_part, payment.interest_part) == (
        D("150.00"), D("150.00"), D("0.00"))
    page = client.get(f"/rozliczenia/{settlement.id}").get_data(as_text=True)
    assert "ZWROT/1" in page and "50,00" in page


def test_bad_return_input_never_500(client, world):
    settlement = _settled(client, world)
    part = settlement.parts[0]
    login(client, world.finance)
    cases = [
        {"part_id": "", "paid_on": "10.12.2026", "amount": "10", "bank_reference": "Z"},
        {"part_id": "999999", "paid_on": "10.12.2026", "amount": "10", "bank_reference": "Z"},
        {"part_id": "abc", "paid_on": "10.12.2026", "amount": "10", "bank_reference": "Z"},
        {"part_id": str(part.id), "paid_on": "x", "amount": "10", "bank_reference": "Z"},
        {"part_id": str(part.id), "paid_on": "10.12.2026", "amount": "1e400",
         "bank_reference": "Z"},
        {"part_id": str(part.id), "paid_on": "10.12.2026", "amount": "-1",
         "bank_reference": "Z"},
        {"part_id": str(part.id), "paid_on": "10.12.2026", "amount": "200,01",
         "bank_reference": "Z"},
        {"part_id": str(part.id), "paid_on": "10.12.2026", "amount": "", "bank_reference": ""},
        {"part_id": str(part.id), "paid_on": "31.12.2026", "amount": "10",
         "bank_reference": "Z"},
        {},
    ]
    for i, data in enumerate(cases):
        if data:
            data = {**data, "understood": "y", "once": f"t-{i}"}
        r = client.post(f"/rozliczenia/{settlement.id}/zwroty", data=data)
        assert r.status_code in (400, 409, 422), (data, r.status_code)
        if data.get("amount"):
            assert data["amount"] in r.get_data(as_text=True)
    assert db.session.query(ReturnPayment).count() == 0
    assert queries.outstanding(part, dt.date(2026, 12, 10)).principal == D("200.00")


def test_officer_cannot_record_returns_and_ngo_cannot_settle(client, world):
    _contract, report = _ready(world)
    login(client, world.ngo_admin)
    assert client.get(f"/sprawozdania/{report.id}/rozliczenie").status_code == 403
    assert _record(client, report).status_code == 403
    login(client, world.officer)
    _record(client, report)
    settlement = db.session.query(Settlement).one()
    r = client.post(f"/rozliczenia/{settlement.id}/zwroty",
                    data={"part_id": str(settlement.parts[0].id), "paid_on": "10.12.2026",
                          "amount": "10", "bank_reference": "Z"})
    assert r.status_code == 403
    login(client, world.ngo_other)
    assert client.get(f"/rozliczenia/{settlement.id}").status_code == 404
    assert client.get(f"/rozliczenia/{settlement.id}/pdf").status_code == 404


def test_settlement_pdf_renders_for_real(world, real_pdf):
    from grants.settlements import pdf, services

    contract = make_contract(world, paid=True)
    report = accept_report(contract, world)
    _freeze()
    settlement = services.settle_report(report, actor=world.officer,
                                        finding_date=dt.date(2026, 12, 10))
    html = pdf.render_settlement_html(settlement=settlement, contract=contract, report=report,
                                      generated_at=clock.now())
    assert "ROZLICZENIE DOTACJI" in html and "25\xa0200,00" in html and "28.12.2026" in html
    data = settlement.pdf_file.data
    assert data.startswith(b"%PDF") and len(data) > 2000


def test_the_report_page_links_to_settling_and_then_to_the_settlement(client, world):
    """The task reports' page reaches the settlement through grants.taskreports.hooks, which
    the settlements area provides."""
    _contract, report = _ready(world)
    login(client, world.officer)
    page = client.get(f"/sprawozdania/{report.id}").get_data(as_text=True)
    assert f"/sprawozdania/{report.id}/rozliczenie" in page and "Zobacz rozliczenie" not in page
    login(client, world.finance)
    page = client.get(f"/sprawozdania/{report.id}").get_data(as_text=True)
    assert "Rozlicz sprawozdanie" not in page
    login(client, world.officer)
    assert _record(client, report).status_code == 302
    settlement = db.session.query(Settlement).one()
    page = client.get(f"/sprawozdania/{report.id}").get_data(as_text=True)
    assert f"/rozliczenia/{settlement.id}" in page and "Zobacz rozliczenie" in page


def test_page_pdf_and_mail_give_the_account_and_the_transfer_title(client, world, mailbox):
    """Issue 9: the settlement page, its PDF and the e-mail give the organiser's account and
    transfer title for the return."""
    from grants.organisers.services import set_return_settings
    from grants.settlements.pdf import render_settlement_html

    set_return_settings(world.org_a, actor=world.admin, account="61109010140000071219812874",
                        title="ZWROT DOTACJI {umowa}")
    contract, report = _ready(world)
    login(client, world.officer)
    assert _record(client, report).status_code == 302
    settlement = db.session.query(Settlement).one()
    account, title = "61 1090 1014 0000 0712 1981 2874", f"ZWROT DOTACJI {contract.number}"
    login(client, world.ngo_member)
    html = client.get(f"/rozliczenia/{settlement.id}").get_data(as_text=True)
    assert account in html and title in html
    document = render_settlement_html(settlement=settlement, contract=contract, report=report,
                                      generated_at=clock.now())
    assert account in document and title in document
    body = mailbox[0].get_content()
    assert account in body and title in body


def test_without_the_setting_the_title_still_names_the_contract(client, world):
    contract, report = _ready(world)
    login(client, world.officer)
    _record(client, report)
    settlement = db.session.query(Settlement).one()
    html = client.get(f"/rozliczenia/{settlement.id}").get_data(as_text=True)
    assert f"Zwrot dotacji – umowa {contract.number}" in html


def test_admin_sets_the_return_account_with_check_digits(client, world):
    login(client, world.admin)
    page = client.get(f"/admin/organisers/{world.org_a.id}/returns")
    assert page.status_code == 200
    bad = client.post(f"/admin/organisers/{world.org_a.id}/returns",
                      data={"return_account": "61109010140000071219812875",
                            "return_title": "Zwrot {umowa}"})
    assert bad.status_code == 422 and "cyfry kontrolne" in bad.get_data(as_text=True)
    ok = client.post(f"/admin/organisers/{world.org_a.id}/returns",
                     data={"return_account": "PL61 1090 1014 0000 0712 1981 2874",
                           "return_title": "Zwrot {umowa}"})
    assert ok.status_code == 302
    db.session.refresh(world.org_a)
    assert world.org_a.return_account == "PL61109010140000071219812874"
    login(client, world.officer)
    assert client.get(f"/admin/organisers/{world.org_a.id}/returns").status_code == 403


def test_contract_pdf_has_the_clause_on_revenues_and_bank_interest(world):
    """Issue 9: the contract says that revenues and bank interest not spent on the task are
    returned (settlement.md: R and B)."""
    from grants.contracts import pdf

    version = make_contract(world).version_in_force
    html = " ".join(pdf.render_contract_html(**pdf.context_for(version)).split())
    assert ("oraz odsetki bankowe od środków dotacji Zleceniobiorca przeznacza na realizację "
            "zadania. Ich część niewydatkowana na realizację zadania podlega zwrotowi") in html


def test_officer_settles_a_terminated_contract_from_the_report_page(client, world):
    from grants.contracts.models import ContractStatus
    from tests.support.settlements import final_report

    contract = make_contract(world, paid=True)
    contract.status, contract.terminated_on = ContractStatus.TERMINATED, dt.date(2026, 7, 15)
    report = final_report(contract)
    db.session.commit()
    _freeze()
    login(client, world.officer)
    page = client.get(f"/sprawozdania/{report.id}").get_data(as_text=True)
    assert "Rozlicz dotację bez sprawozdania końcowego" in page
    preview = client.get(f"/sprawozdania/{report.id}/rozliczenie").get_data(as_text=True)
    assert "umowa rozwiązana" in preview and "26\xa0000,00" in preview
    assert _record(client, report).status_code == 302
    settlement = db.session.query(Settlement).one()
    html = client.get(f"/rozliczenia/{settlement.id}").get_data(as_text=True)
    assert "30.07.2026" in html and "bez przyjętego sprawozdania końcowego" in html
    login(client, world.ngo_member)
    assert "Rozlicz dotację" not in client.get(f"/sprawozdania/{report.id}").get_data(
        as_text=True)
