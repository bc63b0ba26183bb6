"""The contract pages clicked through in a real browser (CSRF on), axe (WCAG 2.1 A/AA) on every
page visited:

1. an officer of organiser A opens a small-grant offer in contracting and prepares the
   contract: a bad tranche amount and then a tranche sum different from the grant are
   refused (the messages shown, what was typed kept), two tranches accepted; the draft's PDF
   is downloaded; the signing is recorded; an annex moving the second tranche's date is
   prepared with its reason and signed (the contract page shows what it changed);
2. a finance user records the transfer of tranche 1 (first without the bank reference, then
   correctly) and the contract page shows the tranche paid;
3. a member of the contracted organisation sees the contract on /umowy and its page without
   the officer's and finance's forms.

The server clock is frozen on 20.05.2026 (the live server runs in this process and sees the
same clock)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from grants.contracts.models import Contract, ContractStatus
from grants.core import clock
from grants.extensions import db
from tests.browser.conftest import browser_login
from tests.support.contracts import make_small_grant
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser

# Wednesday 20 May 2026, 10:00 Warsaw; the small grant runs 01.06-15.08.2026 (5 000,00 zł).
NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=clock.WARSAW)
TODAY = NOW.date()
REASON = "Przesunięcie wypłaty drugiej transzy na prośbę organizacji."
REFERENCE = "PRZELEW/2026/05/0042"


@pytest.fixture
def frozen_now():
    with clock.frozen_at(NOW):
        yield NOW


@pytest.fixture
def world(frozen_now, world):  # noqa: F811 - the shared `world`, built on the frozen clock
    return world


@pytest.fixture(autouse=True)
def _no_smooth_scrolling(page):
    page.emulate_media(reduced_motion="reduce")


def click_and_wait(locator) -> None:
    with locator.page.expect_navigation():
        locator.click()


def main_text(page) -> str:
    return page.inner_text("main")


def tranche(page, column: str, row: int):
    return page.get_by_label(f"{column} – wiersz {row}", exact=True)


def test_officer_prepares_signs_and_annexes_finance_pays_the_ngo_sees(page, axe, world):
    offer = make_small_grant(world)
    db.session.commit()

    # ---------------------------------------------------------------- the officer
    browser_login(page, world.officer.email, PASSWORD)
    page.goto(f"/officer/small-grants/{offer.id}")
    axe(page)
    click_and_wait(page.get_by_role("link", name="Przygotuj umowę"))
    assert page.get_by_role("heading", level=1).inner_text() == "Przygotowanie umowy"
    assert "Wakacje dla dzieci" in main_text(page)
    assert page.get_by_label("Numer umowy").input_value() == "MOPS/D/2026/0001"
    axe(page)

    # a tranche amount that is no amount: refused, everything typed stays
    tranche(page, "Kwota [PLN]", 1).fill("abc")
    tranche(page, "Termin przekazania", 2).fill("01.07.2026")
    tranche(page, "Kwota [PLN]", 2).fill("2 500,00")
    page.get_by_label("Numer rachunku bankowego organizacji (IBAN)").fill(
        "PL61 1090 1014 0000 0712 1981 2874")
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="Zapisz").click()
    assert nav.value.status == 422
    text = main_text(page)
    assert "Umowa nie została przygotowana - popraw zaznaczone pola. Wpisane dane są " \
           "zachowane." in text
    amount_1 = tranche(page, "Kwota [PLN]", 1)
    assert amount_1.input_value() == "abc"
    assert amount_1.get_attribute("aria-invalid") == "true"
    assert page.locator(f"#{amount_1.get_attribute('id')}-errors").inner_text() == \
        "„abc” nie jest kwotą – wpisz ją tak: 1\xa0234,56."
    assert amount_1.get_attribute("aria-describedby") == f"{amount_1.get_attribute('id')}-errors"
    assert tranche(page, "Termin przekazania", 2).input_value() == "01.07.2026"
    assert tranche(page, "Kwota [PLN]", 2).input_value() == "2 500,00"
    assert page.get_by_label("Numer rachunku bankowego organizacji (IBAN)").input_value() == \
        "PL61 1090 1014 0000 0712 1981 2874"
    axe(page)

    # tranches that do not add up to the grant: refused with the difference, typed kept
    tranche(page, "Kwota [PLN]", 1).fill("2 000,00")
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="Zapisz").click()
    assert nav.value.status == 422
    alert = page.get_by_role("alert").inner_text()
    assert "Umowa nie została przygotowana - popraw zaznaczone pola." in alert
    assert "Suma transz (4\xa0500,00\xa0zł) musi być równa kwocie dotacji (5\xa0000,00\xa0zł); " \
           "różnica 500,00\xa0zł." in alert
    assert tranche(page, "Kwota [PLN]", 1).input_value() == "2 000,00"
    assert tranche(page, "Termin przekazania", 2).input_value() == "01.07.2026"
    assert tranche(page, "Kwota [PLN]", 2).input_value() == "2 500,00"
    assert db.session.query(Contract).count() == 0
    axe(page)

    # two tranches of 2 500,00: the draft is generated
    tranche(page, "Kwota [PLN]", 1).fill("2 500,00")
    click_and_wait(page.get_by_role("button", name="Zapisz"))
    assert "Przygotowano projekt umowy MOPS/D/2026/0001" in main_text(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Umowa nr MOPS/D/2026/0001"
    assert "projekt (niepodpisana)" in main_text(page)
    contract = db.session.query(Contract).one()
    axe(page)

    # the draft's PDF
    pdf_link = page.get_by_role("link", name="Pobierz projekt (PDF) – wersja 0")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # the signing
    click_and_wait(page.get_by_role("link", name="Zapisz podpisanie umowy"))
    assert page.get_by_role("heading", level=1).inner_text() == \
        "Podpisanie umowy MOPS/D/2026/0001"
    axe(page)
    page.get_by_label("Data podpisania").fill(TODAY.isoformat())
    page.get_by_label("Podpisał(-a) w imieniu organu (imię, nazwisko, funkcja)").fill(
        "Anna Dyrektorska – Dyrektor MOPS")
    page.get_by_label("Podpisał(-a) w imieniu organizacji (imiona, nazwiska, funkcje)").fill(
        "Anna Kowalska – Prezes Zarządu; Jan Nowak – Skarbnik")
    page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
    click_and_wait(page.get_by_role("button", name="Zapisz podpisanie"))
    text = main_text(page)
    assert "Zapisano podpisanie umowy. Organizacja otrzymała wiadomość e-mail." in text
    assert "podpisana – w realizacji" in text
    assert "Podpisali: Anna Dyrektorska – Dyrektor MOPS (organ); Anna Kowalska – Prezes " \
           "Zarządu; Jan Nowak – Skarbnik (organizacja)" in text
    axe(page)

    # an annex moving the second tranche from 01.07 to 15.07.2026
    page.get_by_label("Przyczyna zawarcia aneksu").fill(REASON)
    click_and_wait(page.get_by_role("button", name="Przygotuj aneks"))
    assert page.get_by_role("heading", level=1).inner_text() == \
        "Aneks nr 1 do umowy MOPS/D/2026/0001"
    assert "Przygotowano aneks nr 1. Wprowadź zmiany." in main_text(page)
    assert page.get_by_label("Przyczyna zawarcia aneksu").input_value() == REASON
    axe(page)
    tranche(page, "Termin przekazania", 2).fill("15.07.2026")
    click_and_wait(page.get_by_role("button", name="Zapisz"))
    assert "Zapisano zmiany w aneksie." in main_text(page)
    axe(page)
    click_and_wait(page.get_by_role("link", name="Zapisz podpisanie aneksu"))
    assert page.get_by_role("heading", level=1).inner_text() == \
        "Podpisanie aneksu nr 1 MOPS/D/2026/0001"
    axe(page)
    page.get_by_label("Data podpisania").fill(TODAY.isoformat())
    page.get_by_label("Podpisał(-a) w imieniu organu (imię, nazwisko, funkcja)").fill(
        "Anna Dyrektorska – Dyrektor MOPS")
    signatories = page.get_by_label("Podpisał(-a) w imieniu organizacji (imiona, nazwiska, "
                                    "funkcje)")
    signatories.fill("Anna Kowalska – Prezes Zarządu")  # the rule needs two board members
    with page.expect_navigation() as nav:
        page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
        page.get_by_role("button", name="Zapisz podpisanie").click()
    assert nav.value.status == 422 and "wymaga 2 osób" in main_text(page)
    signatories.fill("Anna Kowalska – Prezes Zarządu; Jan Nowak – Skarbnik")
    page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
    click_and_wait(page.get_by_role("button", name="Zapisz podpisanie"))
    assert "Zapisano podpisanie aneksu nr 1 - obowiązuje od teraz." in main_text(page)
    annex = page.get_by_role("article").filter(has_text="Aneks nr 1")
    assert "Aneks nr 1 – podpisano 20.05.2026 – obowiązuje" in annex.inner_text()
    assert f"Przyczyna: {REASON}" in annex.inner_text()
    changes = annex.get_by_role("table", name="Zmiany wprowadzone aneksem nr 1")
    change_rows = changes.get_by_role("row")
    assert change_rows.count() == 2
    assert change_rows.nth(1).locator("th, td").all_inner_texts() == [
        "Transza nr 2 – termin przekazania", "01.07.2026", "15.07.2026"]
    schedule = page.get_by_role("table", name="Harmonogram transz i wypłaty")
    assert "15.07.2026" in schedule.inner_text() and "01.07.2026" not in schedule.inner_text()
    assert page.get_by_role("heading", name="Zarejestruj przelew").count() == 0
    axe(page)

    # ---------------------------------------------------------------- finance
    page.context.clear_cookies()
    browser_login(page, world.finance.email, PASSWORD)
    page.goto(f"/umowy/{contract.id}")
    assert page.get_by_role("button", name="Przygotuj aneks").count() == 0
    assert page.get_by_role("link", name="Zapisz podpisanie umowy").count() == 0
    axe(page)
    page.get_by_label("Transza", exact=True).select_option("1")
    assert page.get_by_label("Data przelewu").input_value() == TODAY.isoformat()
    page.get_by_label("Kwota przelewu [PLN]").fill("2 500,00")
    page.get_by_label("Identyfikator przelewu (z wyciągu)").fill("   ")
    with page.expect_navigation() as nav:
        page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
        page.get_by_role("button", name="Zapisz przelew").click()
    assert nav.value.status == 422
    assert "Przelew nie został zapisany - popraw zaznaczone pola." in \
        page.get_by_role("alert").inner_text()
    reference = page.get_by_label("Identyfikator przelewu (z wyciągu)")
    assert reference.get_attribute("aria-invalid") == "true"
    assert "Podaj identyfikator przelewu z wyciągu bankowego." in page.locator(
        f"#{reference.get_attribute('id')}-errors").inner_text()
    assert page.get_by_label("Kwota przelewu [PLN]").input_value() == "2 500,00"
    assert page.get_by_label("Transza", exact=True).input_value() == "1"
    axe(page)
    reference.fill(REFERENCE)
    page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
    click_and_wait(page.get_by_role("button", name="Zapisz przelew"))
    assert "Zapisano przelew." in main_text(page)
    schedule = page.get_by_role("table", name="Harmonogram transz i wypłaty")
    first = schedule.get_by_role("row").nth(1).inner_text()
    assert "2 500,00" in first.replace("\xa0", " ") and "wypłacona" in first
    assert "do wypłaty" in schedule.get_by_role("row").nth(2).inner_text()
    payments = page.get_by_role("table", name="Przelewy na rachunek organizacji",
                                exact=False).inner_text()
    assert REFERENCE in payments and "20.05.2026" in payments
    axe(page)

    # ---------------------------------------------------------------- the organisation
    page.context.clear_cookies()
    browser_login(page, world.ngo_admin.email, PASSWORD)
    page.goto("/umowy")
    axe(page)
    click_and_wait(page.get_by_role("link", name="MOPS/D/2026/0001"))
    assert page.url.endswith(f"/umowy/{contract.id}")
    text = main_text(page)
    assert "podpisana – w realizacji" in text and REFERENCE in text
    assert "Aneks nr 1 – podpisano 20.05.2026 – obowiązuje" in text
    for name in ("Działania", "Zarejestruj przelew"):
        assert page.get_by_role("heading", name=name).count() == 0
    for button in ("Przygotuj aneks", "Zapisz przelew"):
        assert page.get_by_role("button", name=button).count() == 0
    for link in ("Rozwiąż umowę", "Zapisz podpisanie umowy", "Edytuj projekt umowy",
                 "Wezwij do złożenia sprawozdania częściowego"):
        assert page.get_by_role("link", name=link).count() == 0
    assert page.get_by_role("link", name="Pobierz PDF – wersja 1").count() == 1
    axe(page)

    # ---------------------------------------------------------------- the database
    db.session.expire_all()
    contract = db.session.get(Contract, contract.id)
    assert contract.status == ContractStatus.SIGNED and contract.signed_on == TODAY
    assert contract.small_grant_offer_id == offer.id
    original, annex_version = contract.versions
    assert original.signed_on == TODAY and original.pdf_file is not None
    assert original.signed_for_authority == "Anna Dyrektorska – Dyrektor MOPS"
    assert original.bank_account == "PL61109010140000071219812874"     # typed with spaces
    assert [(t.number, t.due_on, t.amount) for t in original.tranches] == [
        (1, dt.date(2026, 6, 1), D("2500.00")), (2, dt.date(2026, 7, 1), D("2500.00"))]
    assert contract.version_in_force is annex_version
    assert annex_version.number == 1 and annex_version.signed_on == TODAY
    assert annex_version.reason == REASON and annex_version.pdf_file is not None
    assert [(t.number, t.due_on, t.amount) for t in annex_version.tranches] == [
        (1, dt.date(2026, 6, 1), D("2500.00")), (2, dt.date(2026, 7, 15), D("2500.00"))]
    assert [(c["field"], c["before"], c["after"]) for c in annex_version.changes] == [
        ("tranche:2:due_on", "2026-07-01", "2026-07-15")]
    [payment] = contract.payments
    assert (payment.tranche_number, payment.paid_on, payment.amount, payment.bank_reference,
            payment.recorded_by_id) == (1, TODAY, D("2500.00"), REFERENCE, world.finance.id)
    assert len(axe.checked) == 16
