"""The History tab and the administrators' log in a real browser: axe WCAG 2.1 A/AA on the
pages, the tab followed from the organisation's page, a bad filter's message tied to its field."""

from __future__ import annotations

import pytest

from grants.extensions import db
from grants.organisations import services
from tests.browser.conftest import browser_login
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_history_and_audit_log_pages(page, axe, world):
    services.invite_member(world.ngo_x, actor=world.ngo_admin, email="nowa@example.org")
    db.session.commit()
    browser_login(page, world.admin.email, PASSWORD)
    page.goto(f"/organisations/{world.ngo_x.id}")
    page.get_by_role("link", name="Historia").click()
    page.wait_for_load_state()
    assert "Zaproszenie członka" in page.inner_text("main")
    axe(page)
    page.goto("/admin/audit")
    assert "Zaproszenie członka" in page.inner_text("main")
    axe(page)
    page.fill("#f-from", "31.02.2026")
    page.get_by_role("button", name="Filtruj").click()
    page.wait_for_load_state()
    assert "Podaj datę" in page.inner_text("main")
    assert page.get_attribute("#f-from", "aria-describedby") == "e-from"
    axe(page)
