"""A slow action shows that it is working and cannot be sent twice (grants/static/js/busy.js):
once the filing of an offer is sent, its button is disabled and says "Trwa zapisywanie…", and
a polite live region says so too. (The page stops the real submission - listening before
busy.js - so the state in flight can be read.)"""

from __future__ import annotations

import pytest

from grants.extensions import db
from tests.browser.conftest import browser_login
from tests.evaluation.test_browser import _in_own_thread, server  # noqa: F401
from tests.support.factories import PASSWORD
from tests.support.offers import make_offer

pytestmark = pytest.mark.browser

HOLD = """window.__submits = 0;
window.addEventListener("submit", e => { window.__submits += 1; e.preventDefault(); }, true);"""


def test_the_filing_button_is_disabled_once_sent(server, world):  # noqa: F811
    offer = make_offer(world)
    offer_id, email = offer.id, world.ngo_admin.email
    db.session.commit()

    def flow(page, axe):
        browser_login(page, email, PASSWORD)
        page.goto(f"/offers/{offer_id}/file")
        page.evaluate(HOLD)
        button = page.get_by_role("button", name="Złóż ofertę")
        button.click()
        page.wait_for_function("document.querySelector('button[data-busy]').disabled")
        busy = page.locator("button[data-busy]")
        assert busy.inner_text() == "Trwa zapisywanie…"
        assert busy.is_disabled()
        assert page.locator("[role=status][aria-live=polite]").last.inner_text() == \
            "Trwa zapisywanie…"
        busy.click(force=True)                     # a second click sends nothing
        assert page.evaluate("window.__submits") == 1

    _in_own_thread(flow, server)
