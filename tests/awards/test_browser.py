"""The awards in a real browser (CSRF on), axe WCAG 2.1 A/AA on every page visited: the
officer builds the ranking, a bad amount is refused with the typed value kept, records the
decision and publishes the results; the public page shows them; the offeror opens the
update of the offer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grants.calls.models import CallStatus
from grants.core import clock
from grants.extensions import db
from tests.browser.conftest import browser_login
from tests.support.awards import after_deadline, filed_with_grant, result, use_results
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser


def click_and_wait(locator) -> None:
    with locator.page.expect_navigation():
        locator.click()


def test_ranking_decision_and_publication(page, axe, world, monkeypatch):  # noqa: F811
    a = filed_with_grant(world, "40000.00", title="Oferta A")
    b = filed_with_grant(world, "50000.00", organisation=world.ngo_y, actor=world.ngo_other,
                         title="Oferta B")
    after_deadline(world.competition)
    world.competition.tasks[0].funds = Decimal("70000.00")
    db.session.commit()
    use_results(monkeypatch, [result(a, 70), result(b, 90)])
    base = f"/officer/competitions/{world.competition.id}"

    browser_login(page, world.officer.email, PASSWORD)
    page.goto(f"{base}/ranking")
    axe(page)
    click_and_wait(page.get_by_role("button", name="Utwórz ranking i zaproponuj kwoty"))
    assert "Utworzono ranking" in page.inner_text("main")
    axe(page)
    field = page.get_by_label(f"Dotacja dla oferty {a.number}")
    field.fill("20 000,01")
    click_and_wait(page.get_by_role("button", name="Zapisz proponowane kwoty"))
    assert "przekracza" in page.inner_text("main")
    assert page.get_by_label(f"Dotacja dla oferty {a.number}").input_value() == "20 000,01"
    axe(page)
    page.get_by_label(f"Dotacja dla oferty {a.number}").fill("19 500,00")
    click_and_wait(page.get_by_role("button", name="Zapisz proponowane kwoty"))
    assert "Zapisano proponowane kwoty" in page.inner_text("main")

    page.goto(f"{base}/decision")
    axe(page)
    today = clock.today().isoformat()  # <input type="date">
    page.get_by_label("Numer decyzji (zarządzenia)").fill("ZA.0050.3.2027")
    page.get_by_label("Data decyzji").fill(today)
    page.get_by_label("Decyzję podpisał(-a) (imię, nazwisko, funkcja)").fill("Jan Prezydent")
    page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
    click_and_wait(page.get_by_role("button", name="Zapisz decyzję"))
    assert "Zapisano decyzję" in page.inner_text("main")
    axe(page)
    page.get_by_label("Data publikacji w Biuletynie Informacji Publicznej").fill(today)
    page.get_by_label("Data wywieszenia na tablicy ogłoszeń").fill(today)
    page.get_by_label("Data publikacji na stronie internetowej").fill(today)
    page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
    click_and_wait(page.get_by_role("button", name="Opublikuj wyniki"))
    assert "Wyniki konkursu zostały opublikowane" in page.inner_text("main")
    axe(page)
    db.session.expire_all()
    assert world.competition.status == CallStatus.DECIDED
    page.goto(f"{base}/annul")
    axe(page)
    click_and_wait(page.get_by_role("button", name="Wyloguj"))

    page.goto(f"/konkursy/{world.competition.id}")
    assert "Wyniki konkursu" in page.inner_text("main")
    assert "19 500,00" in page.inner_text("main").replace("\xa0", " ")
    axe(page)

    browser_login(page, world.ngo_admin.email, PASSWORD)
    page.goto(f"/offers/{a.id}/update")
    axe(page)
    click_and_wait(page.get_by_role("button", name="Rozpocznij aktualizację oferty"))
    assert "Przygotowano aktualizację" in page.inner_text("main")
    axe(page)
