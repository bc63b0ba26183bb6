"""The start page of each role in a real browser: axe (WCAG 2.1 A/AA) on each, one heading
per role's section, the overdue items marked in words. The server clock is frozen on
10.12.2026 (the live server runs in this process and sees the same clock)."""

from __future__ import annotations

import pytest

from tests.support.browser import browser_login
from tests.support.factories import PASSWORD
from tests.support.today import seed

pytestmark = pytest.mark.browser


def test_each_roles_start_page_is_accessible(page, axe, world):
    seed(world, 1)
    for role, heading in (("officer", "Urzędnik"), ("committee", "Członek komisji"),
                          ("finance", "Finanse"), ("ngo_admin", "Organizacja")):
        browser_login(page, getattr(world, role).email, PASSWORD)
        assert page.url.endswith("/start")
        assert page.get_by_role("heading", level=1).inner_text() == "Co na mnie czeka"
        assert heading in page.get_by_role("heading", level=2).first.inner_text()
        axe(page)
        page.context.clear_cookies()
    assert len(axe.checked) == 4
