"""The accessibility panel (issue 11): high contrast and larger text toggled with aria-pressed
buttons, remembered in the browser across pages and reloads, axe WCAG 2.1 A/AA in both modes
on representative pages, no sideways scrolling at 320 px with larger text, nothing offered
with JavaScript off; the cookies page and the accessibility statement pass axe too."""

from __future__ import annotations

import pytest

from tests.browser.conftest import browser_login
from tests.support.factories import PASSWORD

pytestmark = pytest.mark.browser

CONTRAST = 'button[data-a11y-mode="contrast"]'
TEXT = 'button[data-a11y-mode="text"]'


@pytest.fixture(autouse=True)
def _no_smooth_scrolling(page):
    page.emulate_media(reduced_motion="reduce")


def _html_classes(page) -> str:
    return page.evaluate("document.documentElement.className")


def _root_font_px(page) -> float:
    return page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).fontSize)")


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_each_mode_toggles_with_aria_pressed_and_survives_a_reload(page, axe, world):
    page.goto("/konkursy")
    contrast, text = page.locator(CONTRAST), page.locator(TEXT)
    assert contrast.is_visible() and text.is_visible()
    assert contrast.get_attribute("aria-pressed") == "false"
    normal_font = _root_font_px(page)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")

    contrast.click()
    assert contrast.get_attribute("aria-pressed") == "true"
    assert "a11y-contrast" in _html_classes(page)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert background != "rgb(0, 0, 0)"
    text.click()
    assert text.get_attribute("aria-pressed") == "true"
    assert _root_font_px(page) == pytest.approx(normal_font * 1.25)

    page.reload()
    assert "a11y-contrast" in _html_classes(page) and "a11y-text" in _html_classes(page)
    assert page.locator(CONTRAST).get_attribute("aria-pressed") == "true"
    assert page.locator(TEXT).get_attribute("aria-pressed") == "true"
    page.goto("/deklaracja-dostepnosci")  # another page: the same choice
    assert _root_font_px(page) == pytest.approx(normal_font * 1.25)

    page.locator(CONTRAST).click()
    page.locator(TEXT).click()
    page.reload()
    assert "a11y-" not in _html_classes(page)
    assert page.locator(CONTRAST).get_attribute("aria-pressed") == "false"
    assert _root_font_px(page) == pytest.approx(normal_font)


def test_the_choice_is_applied_before_the_page_is_drawn(page, world):
    """The script runs in <head>: the class is on <html> before <body> exists (no flash)."""
    page.goto("/konkursy")
    page.locator(CONTRAST).click()
    page.add_init_script("""
        new MutationObserver((records, observer) => {
          if (document.body && window.__atBody === undefined) {
            window.__atBody = document.documentElement.className;
            observer.disconnect();
          }
        }).observe(document, {childList: true, subtree: true});
    """)
    page.reload()
    assert "a11y-contrast" in page.evaluate("window.__atBody")


MODES = {"normal": [], "contrast": [CONTRAST], "text": [TEXT], "both": [CONTRAST, TEXT]}


def _set_mode(page, mode: str) -> None:
    for selector in MODES[mode]:
        page.locator(selector).first.click()


def _statement_form_with_errors(page) -> None:
    page.goto("/admin/deklaracja-dostepnosci")
    page.get_by_label("Data ostatniej istotnej aktualizacji").fill("2026-11-30")
    page.get_by_label("Data publikacji strony").fill("2026-12-01")
    page.get_by_role("button", name="Zapisz deklarację").click()
    page.wait_for_load_state()
    assert "wcześniejsza niż data publikacji" in page.locator("#updated_on-errors").inner_text()


@pytest.mark.parametrize("mode", ["contrast", "text", "both"])
def test_axe_passes_in_each_mode_on_representative_pages(page, axe, world, mode):
    page.goto("/konkursy")
    _set_mode(page, mode)
    for path in ("/konkursy", f"/konkursy/{world.competition.id}", "/deklaracja-dostepnosci",
                 "/cookies", "/login"):
        page.goto(path)
        axe(page)
    browser_login(page, world.officer.email, PASSWORD)
    page.goto("/officer/competitions")
    axe(page)
    page.goto(f"/officer/competitions/{world.competition.id}")
    axe(page)
    page.context.clear_cookies()
    browser_login(page, world.admin.email, PASSWORD)
    _statement_form_with_errors(page)
    axe(page)
    assert "a11y-" in _html_classes(page)  # the mode held across every page
    assert len(axe.checked) == 8


@pytest.mark.parametrize("mode", ["text", "both"])
def test_larger_text_does_not_scroll_sideways_at_320_px(page, world, mode):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/konkursy")
    _set_mode(page, mode)
    paths = ["/konkursy", f"/konkursy/{world.competition.id}", "/deklaracja-dostepnosci",
             "/cookies", "/login"]
    wide = []
    for path in paths:
        page.goto(path)
        if _scroll_width(page) > 320:
            wide.append((path, _scroll_width(page)))
    browser_login(page, world.admin.email, PASSWORD)
    _statement_form_with_errors(page)
    if _scroll_width(page) > 320:
        wide.append(("statement form", _scroll_width(page)))
    assert not wide


def test_without_javascript_the_panel_is_not_offered(browser, live_server, world):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/konkursy")
        assert page.locator("#a11y-panel").count() == 1
        assert not page.locator(CONTRAST).is_visible()
        assert page.locator("footer a", has_text="Pliki cookie").is_visible()
    finally:
        context.close()


def test_the_panel_in_english(page, world):
    page.goto("/konkursy")
    page.get_by_role("button", name="English").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="High contrast").is_visible()
    assert page.get_by_role("button", name="Larger text").is_visible()
