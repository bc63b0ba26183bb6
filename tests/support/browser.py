"""Browser test support: the app served on a local port, Playwright driving Debian's chromium,
and an axe-core check (WCAG 2.1 A and AA) of every page visited. Registered by tests/conftest.py."""

from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Switches <html> to the accessibility panel's other look; returns its classes before.
SWITCH_PANEL_MODES = """() => {
  const root = document.documentElement, before = root.className;
  const on = root.classList.contains('a11y-contrast') || root.classList.contains('a11y-text');
  root.classList.toggle('a11y-contrast', !on);
  root.classList.toggle('a11y-text', !on);
  return before;
}"""


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(_playwright):
    b = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    )
    yield b
    b.close()


@pytest.fixture
def page(browser, live_server, app):
    """A fresh browser context per test, with CSRF protection switched on as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    app.config["SERVER_NAME"] = None
    context = browser.new_context(base_url=live_server, locale="pl-PL", reduced_motion="reduce")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["SERVER_NAME"] = "localhost"


class A11y:
    """Runs axe on a page; collects the URLs checked so a test can assert coverage."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.checked: list[str] = []

    def __call__(self, page) -> None:
        self._check(page, "")
        self.checked.append(page.url)
        # The accessibility panel's other look (grants/static/js/a11y-panel.js): high contrast
        # with larger text if the page shows the usual one, the usual one otherwise.
        if page.evaluate("!!document.getElementById('a11y-panel')"):
            before = page.evaluate(SWITCH_PANEL_MODES)
            try:
                self._check(page, " (the other mode of the accessibility panel)")
            finally:
                page.evaluate("c => { document.documentElement.className = c; }", before)

    def _check(self, page, mode: str) -> None:
        result = self.axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert result.violations_count == 0, f"{page.url}{mode}\n{result.generate_report()}"


@pytest.fixture
def axe():
    return A11y()


def browser_login(page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj").last.click()
    page.wait_for_load_state()
