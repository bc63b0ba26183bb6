"""Settlement and control pages in a real browser (CSRF on), axe WCAG 2.1 A/AA on each page:
the officer settles an accepted final report (a bad date refused, the note kept), opens the
control page; finance staff record a return (a bad amount refused first).

Like tests/evaluation/test_browser.py, the browser runs in a thread of its own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grants.core import clock
from grants.extensions import db
from grants.settlements.models import ReturnPayment, Settlement
from tests.browser.conftest import browser_login
from tests.evaluation.test_browser import _in_own_thread, click_and_wait, server  # noqa: F401
from tests.support.contract_factory import make_contract
from tests.support.factories import PASSWORD
from tests.support.settlements import accept_report

pytestmark = pytest.mark.browser


def test_settle_and_record_a_return(server, world):  # noqa: F811
    contract = make_contract(world, paid=True)
    report = accept_report(contract, world, accepted_on=clock.today())
    ids = {"report": report.id, "contract": contract.id}
    officer, finance = world.officer.email, world.finance.email
    today = clock.today().isoformat()          # <input type=date> takes ISO dates
    db.session.commit()

    def flow(page, axe):
        browser_login(page, officer, PASSWORD)
        page.goto(f"/sprawozdania/{ids['report']}/rozliczenie")
        axe(page)
        assert "25\xa0200,00" in page.inner_text("main")
        page.get_by_label("Data ustaleń (rozliczenia)").fill("")     # a date input: no text
        page.get_by_label("Uwagi do rozliczenia").fill("Zwrot w terminie 15 dni.")
        page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
        click_and_wait(page.get_by_role("button", name="Zapisz rozliczenie i powiadom"))
        axe(page)
        assert "Podaj datę ustaleń." in page.inner_text("main")
        assert page.get_by_label("Uwagi do rozliczenia").input_value() == (
            "Zwrot w terminie 15 dni.")
        page.get_by_label("Data ustaleń (rozliczenia)").fill(today)
        page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
        click_and_wait(page.get_by_role("button", name="Zapisz rozliczenie i powiadom"))
        assert "Rozliczenie zostało zapisane" in page.inner_text("main")
        axe(page)
        page.goto(f"/umowy/{ids['contract']}/kontrole")
        axe(page)
        click_and_wait(page.get_by_role("button", name="Wyloguj"))

        browser_login(page, finance, PASSWORD)
        page.goto(f"/sprawozdania/{ids['report']}/rozliczenie")   # leads to the settlement
        page.get_by_label("Należność").select_option(index=1)
        page.get_by_label("Data wpłaty (uznania rachunku)").fill(today)
        page.get_by_label("Kwota wpłaty [PLN]").fill("abc")
        page.get_by_label("Tytuł lub numer referencyjny przelewu").fill("ZWROT/1")
        page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
        click_and_wait(page.get_by_role("button", name="Zapisz wpłatę"))
        axe(page)
        assert page.get_by_label("Kwota wpłaty [PLN]").input_value() == "abc"
        page.get_by_label("Kwota wpłaty [PLN]").fill("200,00")
        page.get_by_label("Rozumiem skutki tej czynności i chcę ją wykonać").check()
        click_and_wait(page.get_by_role("button", name="Zapisz wpłatę"))
        assert "Wpłata została zapisana" in page.inner_text("main")
        axe(page)

    checked = _in_own_thread(flow, server)
    assert len(checked) == 6
    db.session.expire_all()
    assert db.session.query(Settlement).one().note == "Zwrot w terminie 15 dni."
    assert db.session.query(ReturnPayment).one().amount == Decimal("200.00")
