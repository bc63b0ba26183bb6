"""Browser tests: the fixtures live in tests/support/browser.py, registered for the whole
suite by tests/conftest.py (one Playwright instance shared by every area's browser tests).
The helpers are re-exported here for the tests that import them from this module."""

from tests.support.browser import AXE_TAGS, CHROMIUM, A11y, browser_login  # noqa: F401
