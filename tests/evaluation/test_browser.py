"""The committee in a real browser (CSRF on), axe WCAG 2.1 A/AA on every page visited:
the officer composes the committee, the chair signs the declaration and scores an offer (a
bad value refused with the rest kept), then closes scoring and reads the sheet.

Playwright's sync API allows one running instance per thread, and tests/browser keeps its
own for the whole session: this flow therefore drives its browser from a thread of its own
(with its own live server) and checks the database afterwards.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from werkzeug.serving import make_server

from grants.evaluation import queries
from grants.evaluation.models import ScoreState
from grants.extensions import db
from tests.browser.conftest import CHROMIUM, A11y, browser_login
from tests.support.evaluation import accepted_offer, committee_user, score, seat
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def server(app):
    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    app.config["WTF_CSRF_ENABLED"] = True
    app.config["SERVER_NAME"] = None
    yield f"http://127.0.0.1:{srv.server_port}"
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["SERVER_NAME"] = "localhost"
    srv.shutdown()
    thread.join(timeout=5)


def _in_own_thread(flow, base_url: str) -> list[str]:
    """Run `flow(page, axe)` with a browser started in a new thread; re-raise its failure."""
    outcome: dict = {}

    def target():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM, headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-sync"])
                context = browser.new_context(base_url=base_url, locale="pl-PL",
                                              reduced_motion="reduce")
                page = context.new_page()
                page.set_default_timeout(15000)
                axe = A11y()
                try:
                    flow(page, axe)
                finally:
                    outcome["checked"] = axe.checked
                    context.close()
                    browser.close()
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=240)
    assert not thread.is_alive(), "the browser flow did not finish in time"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["checked"]


def click_and_wait(locator) -> None:
    with locator.page.expect_navigation():
        locator.click()


def test_committee_flow(server, world):
    offer = accepted_offer(world)
    second = seat(world, committee_user(world, "Waldemar Drugi"))
    score(second, offer, [20, 20, 30, 10, 10, 20])
    competition_id, chair_id, number = world.competition.id, world.committee.id, offer.number
    officer_email, chair_email = world.officer.email, world.committee.email
    db.session.commit()

    def flow(page, axe):
        # the officer seats the chair
        browser_login(page, officer_email, PASSWORD)
        page.goto(f"/officer/competitions/{competition_id}/committee")
        axe(page)
        page.get_by_label("Osoba (rola członka komisji u organizatora)").select_option(
            str(chair_id))
        page.get_by_label("Kogo reprezentuje").select_option("authority")
        page.get_by_label("Funkcja w komisji").select_option("chair")
        click_and_wait(page.get_by_role("button", name="Dodaj do komisji"))
        assert "Dodano do komisji: Kamila Komisyjna" in page.inner_text("main")
        axe(page)
        click_and_wait(page.get_by_role("button", name="Wyloguj"))

        # the chair signs the declaration: the content appears only then
        browser_login(page, chair_email, PASSWORD)
        page.goto("/committee")
        axe(page)
        click_and_wait(page.get_by_role("link", name="podpisz oświadczenie"))
        axe(page)
        assert "Brak miejsc noclegowych zimą" not in page.inner_text("main")
        page.get_by_label("Składam powyższe oświadczenie o bezstronności").check()
        click_and_wait(page.get_by_role("button", name="Podpisz oświadczenie"))
        axe(page)
        click_and_wait(page.get_by_role("link", name=number))
        axe(page)
        assert "Brak miejsc noclegowych zimą" in page.inner_text("main")

        # scoring: a bad value is refused and everything typed is kept
        boxes = page.get_by_label("Punkty (0–")
        for i, value in enumerate(["abc", "20", "30", "10", "10", "20"]):
            boxes.nth(i).fill(value)
        page.get_by_label("Uzasadnienie").nth(5).fill("Rzetelny partner")
        click_and_wait(page.get_by_role("button", name="Przekaż ocenę"))
        axe(page)
        assert "Podaj liczbę punktów" in page.inner_text("main")
        assert boxes.nth(0).input_value() == "abc"
        assert page.get_by_label("Uzasadnienie").nth(5).input_value() == "Rzetelny partner"
        boxes.nth(0).fill("8")
        click_and_wait(page.get_by_role("button", name="Przekaż ocenę"))
        assert "Uzasadnij ocenę" in page.inner_text("main")  # 8 < 50 % of 20
        page.get_by_label("Uzasadnienie").nth(0).fill("Mały zespół.")
        click_and_wait(page.get_by_role("button", name="Przekaż ocenę"))
        assert "Ocena oferty została przekazana." in page.inner_text("main")
        axe(page)
        click_and_wait(page.get_by_role("link", name=number))
        assert "Wycofaj ocenę do poprawy" in page.inner_text("main")
        assert "Waldemar Drugi" not in page.inner_text("main")  # blind until closing
        axe(page)
        click_and_wait(page.get_by_role("link", name="Konflikty interesów"))
        axe(page)

        # the chair closes scoring and reads the sheet
        click_and_wait(page.get_by_role("link", name="Zamknięcie oceny").first)
        axe(page)
        page.get_by_label("Zamykam ocenę ofert").check()
        click_and_wait(page.get_by_role("button", name="Zamknij ocenę ofert"))
        assert page.get_by_role("heading", level=1).inner_text() == "Arkusz ocen"
        main = page.inner_text("main")
        assert "Ocena kompletna." in main and "Waldemar Drugi" in main
        axe(page)

    checked = _in_own_thread(flow, server)
    assert len(checked) >= 12
    db.session.expire_all()
    committee = queries.committee_of(world.competition)
    assert committee.is_closed and committee.closure.complete
    chair = queries.member_in(committee, world.committee)
    assert queries.score_of(chair, offer).state == ScoreState.SUBMITTED
    [result] = queries.offer_results(world.competition)
    assert result.mean_total == Decimal("104") and result.eligible  # (98 + 110) / 2
