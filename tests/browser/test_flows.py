"""The three flows of issue 2 clicked through in a real browser (CSRF on), axe WCAG 2.1 A/AA
on every page visited:

1. an officer announces a competition (draft with rows, a refused and an accepted
   publication, a correction shown publicly with what changed);
2. an NGO fills the 2018 offer template (rows added and removed, an amount typed the Polish
   way, a bad amount refused with the rest kept) and files it (frozen, SHA-256, PDF);
3. the deadline passes: the offer page offers no filing and a forged POST is refused.

The server clock is frozen (the live server runs in this process, so it sees the same clock).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from grants.calls.models import CallStatus, Competition
from grants.core import clock
from grants.extensions import db
from grants.offers.models import Offer, OfferStatus, OfferVersion, VersionState
from grants.offers.rules import DECLARATIONS
from tests.browser.conftest import browser_login
from tests.support.factories import PASSWORD
from tests.support.offers import make_offer

pytestmark = pytest.mark.browser

# Monday 2 March 2026, 10:00 Warsaw (CET).
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=clock.WARSAW)


@pytest.fixture
def frozen_now():
    with clock.frozen_at(NOW):
        yield NOW


@pytest.fixture
def world(frozen_now, world):  # noqa: F811 - the shared `world`, built on the frozen clock
    return world


@pytest.fixture(autouse=True)
def _no_smooth_scrolling(page):
    """Bootstrap scrolls smoothly unless the user prefers reduced motion; a smooth scroll
    keeps Playwright waiting for the clicked button to stand still (about a second a click)."""
    page.emulate_media(reduced_motion="reduce")


def main_text(page) -> str:
    return page.inner_text("main")


def click_and_wait(locator) -> None:
    """Click a submit button or link and wait for the next page to load."""
    page = locator.page
    with page.expect_navigation():
        locator.click()


# --------------------------------------------------------------------------- 1. the officer

def test_officer_announces_a_competition(page, axe, world):
    browser_login(page, world.officer.email, PASSWORD)
    click_and_wait(page.get_by_role("link", name="Panel urzędnika"))
    assert page.get_by_role("heading", level=1).inner_text() == "Konkursy ofert"
    axe(page)
    click_and_wait(page.get_by_role("link", name="Nowy konkurs"))
    axe(page)

    page.get_by_label("Tytuł konkursu").fill("Dożywianie dzieci w świetlicach")
    page.get_by_label("Znak sprawy").fill("MOPS.OKO.9.2026")
    page.get_by_label("Rodzaj zadania (sfera pożytku publicznego").select_option(
        "pomoc_spoleczna")
    page.get_by_label("Forma realizacji zadania").select_option("wspieranie")
    page.get_by_label("Opis zadania: cel, grupa docelowa, oczekiwane rezultaty").fill(
        "Ciepły posiłek dla dzieci w świetlicach środowiskowych.")
    page.get_by_label("Zasady przyznawania dotacji").fill("Dotacja do 80 % kosztów zadania.")
    page.get_by_label("Terminy i warunki realizacji zadania").fill("Od maja do grudnia 2026.")
    page.get_by_label("Nazwa zadania", exact=True).fill("Posiłki w świetlicach")
    page.get_by_label("Wysokość środków przeznaczonych na zadanie (zł)").fill("80 000,00")
    page.get_by_label("Minimalna kwota dotacji (zł)").fill("1 000")
    page.get_by_label("Maksymalna kwota dotacji (zł)").fill("40 000,00")
    page.get_by_label("Początek realizacji").fill("2026-05-01")
    page.get_by_label("Koniec realizacji").fill("2026-12-31")
    page.get_by_label("Termin składania ofert – dzień").fill("2026-04-08")
    page.get_by_label("Termin składania ofert – godzina (czas warszawski)").fill("12:00")
    page.get_by_label("Termin dokonania wyboru ofert").fill("2026-04-30")

    # A row added and removed again: nothing typed elsewhere is lost.
    checklist_rows = page.get_by_label(re.compile(r"^Wymóg formalny \d+$")).count()
    click_and_wait(page.get_by_role("button", name="Dodaj wymóg"))
    added = page.get_by_label(f"Wymóg formalny {checklist_rows + 1}", exact=True)
    added.fill("Wiersz do usunięcia")
    click_and_wait(page.get_by_role("button", name=f"Usuń wymóg {checklist_rows + 1}"))
    assert page.get_by_label(re.compile(r"^Wymóg formalny \d+$")).count() == checklist_rows
    assert "Wiersz do usunięcia" not in page.content()
    assert page.get_by_label("Tytuł konkursu").input_value() == "Dożywianie dzieci w świetlicach"
    assert page.get_by_label("Wysokość środków przeznaczonych na zadanie (zł)").input_value() \
        == "80 000,00"
    assert page.get_by_label("Termin składania ofert – dzień").input_value() == "2026-04-08"
    axe(page)

    click_and_wait(page.get_by_role("button", name="Zapisz szkic").first)
    assert "Zapisano szkic ogłoszenia." in main_text(page), main_text(page)
    axe(page)
    db.session.rollback()
    competition = db.session.scalar(select(Competition).filter_by(reference="MOPS.OKO.9.2026"))
    assert competition is not None and competition.status == CallStatus.DRAFT
    assert len(competition.criteria) == 6 and len(competition.checklist) == checklist_rows

    # The deadline is only 19 days after the last publication date: refused.
    page.get_by_label("Data publikacji w Biuletynie Informacji Publicznej").fill("2026-03-02")
    page.get_by_label("Data wywieszenia na tablicy ogłoszeń").fill("2026-03-02")
    page.get_by_label("Data publikacji na stronie internetowej").fill("2026-03-20")
    click_and_wait(page.get_by_role("button", name="Opublikuj ogłoszenie"))
    refusal = page.get_by_role("alert").filter(has_text="Nie opublikowano ogłoszenia")
    assert ("Termin składania ofert (08.04.2026) musi przypadać co najmniej 21 dni po dniu "
            "ostatniej publikacji ogłoszenia (20.03.2026), czyli nie wcześniej niż 10.04.2026."
            in refusal.inner_text())
    assert page.get_by_label("Data publikacji na stronie internetowej").input_value() \
        == "2026-03-20"
    axe(page)
    db.session.rollback()
    assert db.session.get(Competition, competition.id).status == CallStatus.DRAFT

    page.get_by_label("Data publikacji na stronie internetowej").fill("2026-03-03")
    click_and_wait(page.get_by_role("button", name="Opublikuj ogłoszenie"))
    assert "Ogłoszenie zostało opublikowane." in main_text(page), main_text(page)
    axe(page)

    # The public list and page, without logging out (they are public anyway).
    page.goto("/konkursy")
    axe(page)
    row = page.get_by_role("row").filter(has_text="Dożywianie dzieci w świetlicach")
    assert "08.04.2026 12:00" in row.inner_text()
    click_and_wait(row.get_by_role("link", name="Dożywianie dzieci w świetlicach"))
    axe(page)
    text = main_text(page)
    assert "Termin składania ofert: 08.04.2026 12:00 (czas warszawski)" in text
    assert "Pozostało: 37 dni 1 godz." in text        # 8.04 12:00 CEST - 2.03 10:00 CET
    assert "Ogłoszenia nie sprostowano." in text

    # A correction after publication: a new version with its reason and what changed.
    click_and_wait(page.get_by_role("link", name="Panel urzędnika"))
    axe(page)
    click_and_wait(page.get_by_role("link", name="Sprostuj Dożywianie dzieci w świetlicach"))
    axe(page)
    page.get_by_label("Powód sprostowania (zostanie opublikowany)").fill(
        "Wydłużenie godziny składania ofert.")
    page.get_by_label("Termin składania ofert – godzina (czas warszawski)").fill("15:30")
    click_and_wait(page.get_by_role("button", name="Opublikuj sprostowanie").first)
    assert "Opublikowano sprostowanie (wersja 2 ogłoszenia)." in main_text(page), \
        main_text(page)
    axe(page)
    click_and_wait(page.get_by_role("link", name="Strona publiczna"))
    axe(page)
    text = main_text(page)
    assert "Termin składania ofert: 08.04.2026 15:30 (czas warszawski)" in text
    assert "Ogłoszenie zostało sprostowane – zobacz zmiany" in text
    correction = page.get_by_role("article")
    assert "Wydłużenie godziny składania ofert." in correction.inner_text()
    change = correction.get_by_role("row").filter(has_text="Termin składania ofert")
    assert change.get_by_role("cell").all_inner_texts() == ["08.04.2026 12:00",
                                                             "08.04.2026 15:30"]


# --------------------------------------------------------------------------- 2. the NGO files

def fill_cost_item(page, n: int, *, section: str, name: str, unit: str, unit_cost: str,
                   units: str, grant_part: str) -> None:
    page.get_by_label(f"Pozycja {n}: część kalkulacji").select_option(section)
    page.get_by_label(f"Pozycja {n}: numer działania").fill("1" if section == "I" else "")
    page.get_by_label(f"Pozycja {n}: rodzaj kosztu").fill(name)
    page.get_by_label(f"Pozycja {n}: rodzaj miary").fill(unit)
    page.get_by_label(f"Pozycja {n}: koszt jednostkowy").fill(unit_cost)
    page.get_by_label(f"Pozycja {n}: liczba jednostek").fill(units)
    page.get_by_label(f"Pozycja {n}: część z dotacji").fill(grant_part)


def test_ngo_files_an_offer(page, axe, world):
    competition = world.competition
    browser_login(page, world.ngo_admin.email, PASSWORD)
    page.goto(f"/konkursy/{competition.id}")
    axe(page)
    click_and_wait(page.get_by_role("link", name="Złóż ofertę"))
    axe(page)
    page.get_by_label("Zadanie konkursowe").select_option(label="Schronienie i posiłki")
    page.get_by_label("Organizacja składająca ofertę").select_option(
        label=f"Stowarzyszenie Pomocy Bliźniemu (NIP {world.ngo_x.nip})")
    click_and_wait(page.get_by_role("button", name="Utwórz szkic oferty"))
    assert "Utworzono szkic oferty." in main_text(page)
    axe(page)
    db.session.rollback()
    offer = db.session.scalar(select(Offer).filter_by(organisation_id=world.ngo_x.id))
    assert offer is not None and offer.status == OfferStatus.DRAFT

    # III. the task, IV. the offeror
    page.get_by_label("Tytuł zadania publicznego").fill("Zupa na Monciaku")
    page.get_by_label("Data rozpoczęcia", exact=True).fill("2027-01-01")
    page.get_by_label("Data zakończenia", exact=True).fill("2027-12-31")
    page.get_by_label("Miejsce realizacji").fill("Sopot, ul. Kolejowa 5")
    page.get_by_label("Grupa docelowa", exact=True).fill("Osoby w kryzysie bezdomności")
    page.get_by_label("Potrzeba, na którą odpowiada zadanie").fill("Brak ciepłych posiłków.")
    page.get_by_label("Komplementarność z innymi działaniami").fill("Uzupełnia pracę MOPS.")
    page.get_by_label("Zakładane rezultaty realizacji zadania").fill("800 posiłków.")
    page.get_by_label("Informacja o wcześniejszej działalności oferenta").fill(
        "Od 2010 r. prowadzimy jadłodajnię.")
    page.get_by_label("Zasoby kadrowe, rzeczowe i finansowe oferenta").fill(
        "Kuchnia i 12 wolontariuszy.")

    # One schedule row and one result row, each added with "Dodaj wiersz".
    click_and_wait(page.get_by_role("button", name="Dodaj wiersz – harmonogram"))
    assert page.get_by_label("Tytuł zadania publicznego").input_value() == "Zupa na Monciaku"
    page.get_by_label("Działanie 1: nazwa").fill("Wydawanie posiłków")
    page.get_by_label("Działanie 1: opis").fill("Codziennie o 13:00")
    page.get_by_label("Działanie 1: grupa docelowa").fill("Osoby bezdomne")
    page.get_by_label("Działanie 1: data rozpoczęcia").fill("2027-01-01")
    page.get_by_label("Działanie 1: data zakończenia").fill("2027-12-31")
    click_and_wait(page.get_by_role("button", name="Dodaj wiersz – rezultaty"))
    page.get_by_label("Rezultat 1: nazwa").fill("Liczba wydanych posiłków")
    page.get_by_label("Rezultat 1: wartość docelowa").fill("800")
    page.get_by_label("Rezultat 1: sposób monitorowania").fill("Listy wydań")

    # Three cost rows added, the middle one removed: two remain, renumbered.
    add_cost = page.get_by_role("button", name="Dodaj wiersz – kalkulacja kosztów")
    click_and_wait(add_cost)
    fill_cost_item(page, 1, section="I", name="Posiłki", unit="posiłek", unit_cost="12,50",
                   units="800", grant_part="8 000,00")
    click_and_wait(add_cost)
    fill_cost_item(page, 2, section="II", name="Do usunięcia", unit="usługa",
                   unit_cost="100", units="1", grant_part="0")
    click_and_wait(add_cost)
    fill_cost_item(page, 3, section="I", name="Koordynator", unit="miesiąc",
                   unit_cost="1 234,56", units="12", grant_part="11 000,00")
    click_and_wait(page.get_by_role("button", name="Usuń wiersz – pozycja II.1"))
    assert "Szkic oferty zapisany." in main_text(page)
    axe(page)
    assert page.get_by_label("Pozycja 3: rodzaj kosztu").count() == 0
    assert page.get_by_label("Pozycja 1: rodzaj kosztu").input_value() == "Posiłki"
    assert page.get_by_label("Pozycja 2: rodzaj kosztu").input_value() == "Koordynator"
    assert page.get_by_label("Pozycja 2: koszt jednostkowy").input_value() == "1\xa0234,56"
    assert page.get_by_role("row").filter(has_text="Suma wszystkich kosztów") \
        .get_by_role("cell").first.inner_text() == "24\xa0814,72\xa0zł"
    assert page.get_by_label("Rezultat 1: nazwa").input_value() == "Liczba wydanych posiłków"

    # V.B sources, VI and VII; one amount is not an amount.
    page.get_by_label("Wkład własny finansowy").fill("1 234,56")
    page.get_by_label("Wkład własny osobowy").fill("abc")
    page.get_by_label("Wkład własny rzeczowy").fill("2 000,00")
    page.get_by_label("Zadanie realizowane w ramach nieodpłatnej działalności").check()
    page.get_by_label("Sposób wyceny wkładu osobowego i rzeczowego").fill(
        "Praca wolontariuszy: 30 zł za godzinę.")
    for _key, text in DECLARATIONS:
        page.get_by_label(text).check()
    click_and_wait(page.get_by_role("button", name="Sprawdź").first)
    assert "Szkic nie został zapisany - popraw zaznaczone pola." in main_text(page)
    personal = page.get_by_label("Wkład własny osobowy")
    assert personal.input_value() == "abc"
    assert personal.get_attribute("aria-invalid") == "true"
    assert "„abc” nie jest kwotą – wpisz ją tak: 1\xa0234,56." in page.locator(
        "#" + personal.get_attribute("aria-describedby")).inner_text()
    assert page.get_by_label("Wkład własny finansowy").input_value() == "1 234,56"
    assert page.get_by_label("Sposób wyceny wkładu osobowego i rzeczowego").input_value() \
        == "Praca wolontariuszy: 30 zł za godzinę."
    assert all(page.get_by_label(text).is_checked() for _key, text in DECLARATIONS)
    axe(page)
    db.session.rollback()
    assert db.session.get(Offer, offer.id).draft_version.own_financial in (None, 0)

    personal.fill("2 580,16")
    click_and_wait(page.get_by_role("button", name="Sprawdź").first)
    assert "Oferta spełnia wszystkie warunki konkursu – możesz ją złożyć." in main_text(page), \
        main_text(page)
    assert page.get_by_label("Wkład własny finansowy").input_value() == "1\xa0234,56"
    assert "zgodna z kosztami" in page.get_by_role("row").filter(
        has_text="Suma źródeł").inner_text()
    axe(page)

    # Filing: the representatives confirm.
    click_and_wait(page.get_by_role("button", name="Zapisz i przejdź do złożenia oferty"))
    axe(page)
    page.get_by_label("Anna Kowalska – Prezes Zarządu").check()
    page.get_by_label("Jan Nowak – Skarbnik").check()
    page.get_by_label("Potwierdzam, że oferta jest kompletna").check()
    click_and_wait(page.get_by_role("button", name="Złóż ofertę"))
    axe(page)

    db.session.rollback()
    version = db.session.scalar(select(OfferVersion).filter_by(offer_id=offer.id))
    assert version.state == VersionState.FILED and re.fullmatch(r"[0-9a-f]{64}", version.sha256)
    assert (version.own_financial, version.own_personal, version.own_in_kind) == (
        Decimal("1234.56"), Decimal("2580.16"), Decimal("2000.00"))
    text = main_text(page)
    assert "została złożona" in text and version.sha256 in text
    assert "status: złożona" in text
    versions = page.get_by_role("table").filter(has_text="SHA-256")
    row = versions.get_by_role("row").nth(1)
    assert row.get_by_role("cell").nth(0).inner_text().startswith("1")
    assert "złożona (obowiązująca)" in row.inner_text()
    assert version.sha256 in row.inner_text()
    assert page.get_by_role("link", name="Edytuj szkic").count() == 0
    assert page.get_by_role("button", name="Przygotuj ofertę zastępczą").is_visible()

    pdf_link = row.get_by_role("link", name="Pobierz PDF wersji 1")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


# --------------------------------------------------------------------------- 3. too late

def test_after_the_deadline_filing_is_refused(page, axe, world):
    competition = world.competition
    offer = make_offer(world)                          # complete, ready to file
    version = offer.versions[0]
    before = (offer.status, version.state, version.title, version.sha256, version.filed_at)
    refusal = ("Termin składania ofert minął 22.03.2026 12:00:00 (czas warszawski). Po terminie "
               "nie można złożyć, zmienić, zastąpić ani wycofać oferty.")

    with clock.frozen_at(competition.offer_deadline + timedelta(minutes=1)):
        browser_login(page, world.ngo_admin.email, PASSWORD)   # lands on "Na dziś"
        axe(page)
        page.goto("/offers/mine")
        axe(page)
        row = page.get_by_role("row").filter(has_text=version.title)
        assert "termin minął" in row.inner_text()
        assert row.get_by_role("link", name=re.compile("^Edytuj")).count() == 0
        click_and_wait(row.get_by_role("link", name=re.compile("^Zobacz")))
        axe(page)
        assert ("Termin minął – oferty nie można już złożyć, zmienić, zastąpić ani wycofać."
                in main_text(page))
        for role in ("link", "button"):
            assert page.get_by_role(role, name=re.compile("Złóż|Edytuj|Wycofaj")).count() == 0

        # The filing page, opened by its address: no form.
        page.goto(f"/offers/{offer.id}/file")
        axe(page)
        assert "Termin minął." in main_text(page)
        assert page.get_by_role("button", name="Złóż ofertę").count() == 0
        token = page.locator("input[name=csrf_token]").first.get_attribute("value")
        signers = [str(r.id) for r in world.ngo_x.representatives]

        # A filing form rebuilt in the page and sent anyway: refused in Polish.
        with page.expect_navigation():
            page.evaluate("""([action, token, signer]) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = action;
                for (const [name, value] of [['csrf_token', token], ['signed_by', signer],
                                             ['confirm', 'y']]) {
                    const input = document.createElement('input');
                    input.type = 'hidden'; input.name = name; input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""", [f"/offers/{offer.id}/file", token, signers[0]])
        assert refusal in page.get_by_role("alert").filter(has_text="Termin składania ofert minął")\
            .inner_text()
        axe(page)

        # The same request without a browser form, and a change of the draft: refused.
        response = page.request.post(f"/offers/{offer.id}/file", multipart={
            "csrf_token": token, "signed_by": signers[1], "confirm": "y"})
        assert response.status == 409 and refusal in response.text()
        response = page.request.post(f"/offers/{offer.id}/edit", form={
            "csrf_token": token, "title": "Zmieniony po terminie", "action": "save"})
        assert response.status == 409
        assert "Termin składania ofert minął 22.03.2026 12:00." in response.text()

        # The edit page by its address: read only, with the reason.
        page.goto(f"/offers/{offer.id}/edit")
        axe(page)
        assert "Oferty nie można już zmienić, złożyć, zastąpić ani wycofać." in main_text(page)
        assert page.get_by_role("button", name="Zapisz szkic").count() == 0

    db.session.expire_all()
    offer = db.session.get(Offer, offer.id)
    version = offer.versions[0]
    assert len(offer.versions) == 1 and offer.number == ""
    assert (offer.status, version.state, version.title, version.sha256,
            version.filed_at) == before
    assert before[:2] == (OfferStatus.DRAFT, VersionState.DRAFT)
