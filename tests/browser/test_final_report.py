"""An NGO files the final report of a signed, paid contract in a real browser (CSRF on), with
the documents imported from an XLSX file (first a file with a bad row: its error is shown and
nothing is imported); the officer opens the filed report, accepts it and settles it (the
worked example of settlement.md plus the bank interest the NGO reported). axe (WCAG 2.1 A/AA)
runs on every page visited. The server clock is frozen on 10.11.2026 (the live server runs in
this process and sees the same clock)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from grants.core import clock
from grants.extensions import db
from grants.settlements.models import Settlement
from grants.taskreports.models import ReportStatus, ReportVersionState
from tests.browser.conftest import browser_login
from tests.support.contract_factory import make_contract
from tests.support.factories import PASSWORD
from tests.support.taskreports import ACTUAL, DOCUMENTS, documents_xlsx, final_report

pytestmark = pytest.mark.browser

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=clock.WARSAW)


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


def _amount(value) -> str:
    return f"{value:.2f}".replace(".", ",")


def test_ngo_files_the_final_report_and_the_officer_accepts_and_settles_it(page, axe, world, tmp_path):
    contract = make_contract(world, paid=True)
    report = final_report(contract)
    db.session.commit()
    good = [[d["number"], dt.datetime.combine(d["issued_on"], dt.time()), d["issuer"],
             float(d["amount"]), d["item_code"], _amount(d["grant_part"]),
             d["paid_on"].strftime("%d.%m.%Y") if d["paid_on"] else None] for d in DOCUMENTS]
    bad = [list(r) for r in good]
    bad[2][1] = "31.02.2026"
    (tmp_path / "zle.xlsx").write_bytes(documents_xlsx(bad))
    (tmp_path / "dokumenty.xlsx").write_bytes(documents_xlsx(good))

    browser_login(page, world.ngo_admin.email, PASSWORD)   # filing is the administrator's
    page.goto(f"/sprawozdania/{report.id}")
    axe(page)
    click_and_wait(page.get_by_role("button", name="Rozpocznij sprawozdanie"))
    assert page.get_by_role("heading", level=1).inner_text().endswith("wersja robocza nr 1")
    axe(page)

    # a file with a bad row: the error is listed under the file field and tied to it,
    # nothing imported
    page.get_by_label("Plik XLSX z listą dokumentów").set_input_files(str(tmp_path / "zle.xlsx"))
    click_and_wait(page.get_by_role("button", name="Importuj dokumenty"))
    file_field = page.get_by_label("Plik XLSX z listą dokumentów")
    assert file_field.get_attribute("aria-invalid") == "true"
    errors = page.locator(f"#{file_field.get_attribute('aria-describedby').split()[0]}").inner_text()
    assert "Wiersz 4, kolumna „Data wystawienia”: „31.02.2026” nie jest datą" in errors
    assert "Brak dokumentów" in page.inner_text("#dokumenty")
    axe(page)
    # the good file
    page.get_by_label("Plik XLSX z listą dokumentów").set_input_files(
        str(tmp_path / "dokumenty.xlsx"))
    click_and_wait(page.get_by_role("button", name="Importuj dokumenty"))
    assert "Zaimportowano dokumenty: 4" in page.inner_text("main")
    assert page.get_by_label("Dokument 3: numer").input_value() == "FV/9/2026"
    axe(page)

    # part I and II
    page.get_by_label("Opis wykonania zadania (zrealizowane działania)").fill(
        "Wydano 5 200 posiłków w punkcie przy ul. Kolejowej.")
    page.get_by_label("Rezultat 1: osiągnięta wartość").fill("5200")
    labels = ["z dotacji", "wkład własny finansowy", "inne środki publiczne", "wkład osobowy",
              "wkład rzeczowy"]
    for code, values in ACTUAL.items():
        for label, value in zip(labels, values, strict=True):
            page.get_by_label(f"Pozycja {code}: {label}", exact=True).fill(_amount(value))
    page.get_by_label("Odsetki bankowe od środków z dotacji [PLN]").fill("12,34")
    click_and_wait(page.get_by_role("button", name="Sprawdź"))
    assert "Sprawozdanie spełnia warunki" in page.inner_text("main")
    axe(page)
    page.get_by_label("Oświadczam, że dane w sprawozdaniu są zgodne").check()
    click_and_wait(page.get_by_role("button", name="Złóż sprawozdanie"))
    assert "Sprawozdanie zostało złożone" in page.inner_text("main")
    assert "Złożona wersja nr 1" in page.inner_text("main")
    axe(page)

    db.session.expire_all()
    assert report.status == ReportStatus.FILED
    assert report.versions[0].state == ReportVersionState.FILED
    assert report.versions[0].content["II"]["grant_total"] == "25800.00"

    # the officer accepts it
    page.context.clear_cookies()
    browser_login(page, world.officer.email, PASSWORD)
    page.goto(f"/sprawozdania/{report.id}")
    assert "Plan: z dotacji" in page.inner_text("main")
    axe(page)
    page.get_by_label("Przyjmuję sprawozdanie").check()
    click_and_wait(page.get_by_role("button", name="Zapisz ocenę"))
    assert "Sprawozdanie zostało przyjęte." in page.inner_text("main")
    axe(page)
    db.session.expire_all()
    assert report.status == ReportStatus.ACCEPTED and report.accepted_on == NOW.date()

    # ... and settles it: U 200 + E 200 + S 400 + bank interest 12.34
    click_and_wait(page.get_by_role("link", name="Rozlicz sprawozdanie"))
    preview = page.inner_text("main")
    assert "25\xa0200,00" in preview          # the share limit: 70 % of 36 000.00
    axe(page)
    page.get_by_label("Data ustaleń (rozliczenia)").fill(NOW.date().isoformat())
    page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
    click_and_wait(page.get_by_role("button", name="Zapisz rozliczenie i powiadom"))
    assert "Rozliczenie zostało zapisane" in page.inner_text("main")
    assert "812,34" in page.inner_text("main")
    axe(page)
    settlement = db.session.query(Settlement).one()
    assert (settlement.unused, settlement.excess_items, settlement.excess_share,
            settlement.bank_interest, settlement.total) == (
        D("200.00"), D("200.00"), D("400.00"), D("12.34"), D("812.34"))
    assert settlement.unused_due == dt.date(2026, 11, 16)     # 15 days after 31.10 is a Sunday
    assert settlement.excess_due == dt.date(2026, 11, 25)
    assert len(axe.checked) == 10
