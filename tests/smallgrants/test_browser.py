"""Small-grant pages in a browser with the axe check (WCAG 2.1 A and AA): the NGO's draft,
filing, the officer's page, the administrator's plans, the public page and its comment form."""

from __future__ import annotations

import pytest

from grants.core import clock
from grants.extensions import db
from tests.browser.conftest import browser_login
from tests.support.factories import PASSWORD
from tests.support.smallgrants import make_offer, published_offer, set_plan

pytestmark = pytest.mark.browser


def test_small_grant_pages_are_accessible(page, axe, world):
    set_plan(world, clock.today().year)
    draft = make_offer(world, title="Warsztaty w przeglądarce")
    shown = published_offer(world, title="Opublikowane warsztaty")
    db.session.commit()

    page.goto("/male-granty")
    axe(page)
    page.goto(f"/male-granty/{shown.id}")
    axe(page)

    browser_login(page, world.ngo_admin.email, PASSWORD)
    page.goto("/small-grants/mine")
    axe(page)
    page.goto("/small-grants/new")
    axe(page)
    page.goto(f"/small-grants/{draft.id}/edit")
    page.get_by_role("button", name="Dodaj wiersz – rezultaty").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_role("button", name="Zapisz i przejdź do złożenia oferty").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Potwierdzam, że oferta jest kompletna").check()
    page.get_by_role("button", name="Złóż ofertę").click()
    page.wait_for_load_state()
    assert "została złożona" in page.content()
    axe(page)
    page.get_by_role("button", name="Wyloguj").click()

    browser_login(page, world.officer.email, PASSWORD)
    page.goto("/officer/small-grants")
    axe(page)
    page.get_by_role("link", name="MOPS/MG/").first.click()
    page.wait_for_load_state()
    axe(page)
    page.goto(f"/officer/small-grants/{shown.id}")
    axe(page)
    page.get_by_role("button", name="Wyloguj").click()

    browser_login(page, world.admin.email, PASSWORD)
    page.goto("/admin/small-grant-plans")
    axe(page)
    assert len(axe.checked) == 11
