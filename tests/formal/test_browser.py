"""The formal check clicked through in a real browser (CSRF on), axe WCAG 2.1 A/AA on every
page: the officer judges the checklist (a refused acceptance keeps what was typed) and asks
for a correction; the offeror sees the reasons and due date, prepares the correction and
files it; the officer accepts the corrected offer."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from grants.core import clock
from grants.extensions import db
from grants.formal import queries
from grants.formal.models import FormalOutcome
from grants.offers.models import Offer, VersionState
from tests.browser.conftest import CHROMIUM, A11y, browser_login
from tests.support.factories import PASSWORD
from tests.support.formal import offer_of_x

pytestmark = pytest.mark.browser

# Monday 2 March 2026, 10:00 Warsaw (CET); the world's deadline is 20 days later at noon.
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=clock.WARSAW)


@pytest.fixture
def frozen_now():
    with clock.frozen_at(NOW):
        yield NOW


@pytest.fixture
def world(frozen_now, world):  # noqa: F811 - the shared `world`, built on the frozen clock
    return world


def in_own_browser(app, base_url: str, flow) -> None:
    """Run `flow(page, axe)` with a chromium of its own, in a thread of its own.

    Playwright's sync API allows one instance per thread, and tests/browser keeps its
    session-wide instance open in the main thread; the flow must therefore not touch the
    database session (values it needs are read before)."""
    from playwright.sync_api import sync_playwright

    failure: list[BaseException] = []

    def run():
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-sync"])
                try:
                    context = browser.new_context(base_url=base_url, locale="pl-PL",
                                                  reduced_motion="reduce")
                    page = context.new_page()
                    page.set_default_timeout(15000)
                    flow(page, A11y())
                finally:
                    browser.close()
        except BaseException as exc:  # re-raised in the test's thread
            failure.append(exc)

    app.config["WTF_CSRF_ENABLED"] = True
    app.config["SERVER_NAME"] = None
    try:
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        thread.join(timeout=300)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
        app.config["SERVER_NAME"] = "localhost"
    assert not thread.is_alive(), "the browser flow did not finish"
    if failure:
        raise failure[0]


def click_and_wait(locator) -> None:
    with locator.page.expect_navigation():
        locator.click()


def test_formal_check_with_a_correction(app, live_server, world):  # noqa: F811
    offer = offer_of_x(world)
    clock.set_now(world.competition.offer_deadline.astimezone(clock.WARSAW).replace(hour=13))
    offer_id, number, competition_id = offer.id, offer.number, world.competition.id
    officer, ngo = world.officer.email, world.ngo_admin.email

    def flow(page, axe):
        browser_login(page, officer, PASSWORD)
        page.goto(f"/officer/competitions/{competition_id}")
        click_and_wait(page.get_by_role("link", name="Ocena formalna ofert"))
        axe(page)
        click_and_wait(page.get_by_role("link", name=f"{number} – ocena formalna"))
        axe(page)
        first = page.get_by_role("group", name="1. Oferta złożona w terminie")
        second = page.get_by_role("group", name="2. Oferta podpisana przez osoby uprawnione")
        first.get_by_label("spełnia", exact=True).check()
        second.get_by_label("nie spełnia").check()
        second.get_by_label("Uwagi").fill("Brak podpisu skarbnika")
        click_and_wait(page.get_by_role("button", name="Przyjmij ofertę"))
        assert "Oferty nie można przyjąć" in page.inner_text("main")
        assert second.get_by_label("Uwagi").input_value() == "Brak podpisu skarbnika"
        assert second.get_by_label("nie spełnia").is_checked()
        axe(page)
        page.get_by_label("Uzasadnienie").fill("Dołącz podpis skarbnika.")
        click_and_wait(page.get_by_role("button", name="Wezwij do uzupełnienia"))
        assert "Wezwano oferenta do uzupełnienia" in page.inner_text("main")
        axe(page)

        page.context.clear_cookies()
        browser_login(page, ngo, PASSWORD)
        page.goto(f"/offers/{offer_id}")
        main = page.inner_text("main")
        assert "Wezwanie do uzupełnienia oferty" in main and "Dołącz podpis skarbnika." in main
        axe(page)
        click_and_wait(page.get_by_role("button", name="Przygotuj uzupełnienie oferty"))
        assert "Uzupełnienie oferty na wezwanie w ocenie formalnej" in page.inner_text("main")
        axe(page)
        page.goto(f"/offers/{offer_id}/file")
        page.get_by_label("Anna Kowalska – Prezes Zarządu").check()
        page.get_by_label("Jan Nowak – Skarbnik").check()
        page.get_by_label("Potwierdzam, że oferta jest kompletna").check()
        click_and_wait(page.get_by_role("button", name="Złóż ofertę"))
        assert "Czeka na ponowną ocenę urzędnika" in page.inner_text("main")
        axe(page)

        page.context.clear_cookies()
        browser_login(page, officer, PASSWORD)
        page.goto(f"/officer/offers/{offer_id}/formal")
        assert "Oferent złożył uzupełnienie (wersja 2)" in page.inner_text("main")
        page.get_by_role("group", name="2. Oferta podpisana przez osoby uprawnione") \
            .get_by_label("spełnia", exact=True).check()
        click_and_wait(page.get_by_role("button", name="Przyjmij ofertę"))
        assert "przyjęta – spełnia wymogi formalne" in page.inner_text("main")
        axe(page)

    in_own_browser(app, live_server, flow)
    db.session.rollback()
    offer = db.session.get(Offer, offer_id)
    assert [v.state for v in offer.versions] == [VersionState.SUPERSEDED, VersionState.FILED]
    assert queries.check_of(offer).outcome == FormalOutcome.ACCEPTED
