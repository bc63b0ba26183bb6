"""The finance dashboard in a real browser, axe WCAG 2.1 A/AA: the lists, the charts (inline
SVG with a title and a description) and their tables, the year selector; and the export form
(CSRF-free GET) downloading the CSV."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from grants.extensions import db
from tests.browser.conftest import browser_login
from tests.support.contract_factory import make_contract
from tests.support.factories import PASSWORD
from tests.support.finance import set_today, settle_example

pytestmark = pytest.mark.browser


def test_dashboard_is_accessible(page, axe, world):
    set_today(dt.date(2026, 12, 21))
    make_contract(world, tranches=((dt.date(2026, 12, 22), Decimal("1000.00"), "none"),))
    settle_example(make_contract(world, paid=True, competition=world.competition))
    db.session.commit()
    browser_login(page, world.finance.email, PASSWORD)
    page.goto("/finanse")
    assert page.get_by_role("img", name="Pieniądze wypłacone, rozliczone i zwrócone w "
                                        "miesiącach roku 2026").count() == 1
    axe(page)
    page.get_by_label("Rok", exact=True).select_option("2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Pokaż").click()
    assert "Pieniądze w roku 2025" in page.inner_text("main")
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Pobierz CSV").click()
    assert download.value.suggested_filename == "przelewy-do-2026-12-28.csv"
