"""Browser test support: the app served on a local port, Playwright driving Debian's chromium,
and a check of every page visited: axe-core (WCAG 2.1 A and AA) and, beside it, what axe cannot
see - the page reflows at 320 CSS px (WCAG 1.4.10) and keyboard focus is visible with 3:1
against what surrounds it (WCAG 2.4.7, 1.4.11). Registered by tests/conftest.py."""

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


REFLOW_WIDTH = 320
FOCUS_TABS = 4           # Tab presses from the top of the page, each focus checked
MIN_OUTLINE_PX = 2
MIN_FOCUS_CONTRAST = 3.0

# what the focused element shows and the colour behind its outline (the first opaque
# background from the element's parent up: the outline is drawn outside the element)
FOCUS_STYLE_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const s = getComputedStyle(e);
  const rgb = (c) => { const m = (c || '').match(/[\\d.]+/g); return m ? m.map(Number) : null; };
  let behind = [255, 255, 255];
  for (let el = e.parentElement; el; el = el.parentElement) {
    const c = rgb(getComputedStyle(el).backgroundColor);
    if (c && (c.length < 4 || c[3] > 0.5)) { behind = c.slice(0, 3); break; }
  }
  return {what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' +
                (e.innerText || e.getAttribute('aria-label') || e.name || '').trim().slice(0, 40) + '"',
          style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
          color: rgb(s.outlineColor), behind: behind};
}"""


MIN_TEXT_CONTRAST = 4.5

# each visible link's text colour and the colour behind it: the backgrounds and inset
# box-shadows (Bootstrap's striped rows, which axe does not see) from the link up to the
# first opaque one, composited
LINK_COLOURS_JS = """() => {
  const rgba = (c) => { const m = (c || '').match(/[\\d.]+/g);
    return m ? [+m[0], +m[1], +m[2], m.length > 3 ? +m[3] : 1] : null; };
  const layers = (el) => { const s = getComputedStyle(el); const out = [];
    const sh = s.boxShadow.match(/rgba?\\([^)]*\\)[^,]*inset|inset[^,]*rgba?\\([^)]*\\)/g) || [];
    for (const x of sh) { const c = rgba(x.match(/rgba?\\([^)]*\\)/)[0]); if (c && c[3] > 0) out.push(c); }
    const b = rgba(s.backgroundColor); if (b && b[3] > 0) out.push(b); return out; };
  const behind = (e) => { const stack = [];
    for (let el = e; el; el = el.parentElement) {
      for (const c of layers(el)) { stack.push(c); if (c[3] >= 1) { el = null; break; } }
      if (!el) break; }
    let col = [255, 255, 255];
    for (const c of stack.reverse()) col = col.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
    return col; };
  return [...document.querySelectorAll('main a[href]:not(.btn), footer a[href]')]
    .filter(a => a.offsetParent !== null && a.innerText.trim() && !a.closest('.visually-hidden'))
    .map(a => ({text: a.innerText.trim().slice(0, 40), color: rgba(getComputedStyle(a).color),
                behind: behind(a)}));
}"""


def _luminance(rgb) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def focus_problem(found: dict | None) -> str | None:
    """Why a focused element's indicator is not visible enough (None: it is)."""
    if found is None:
        return None
    if found["style"] == "none" or found["width"] < MIN_OUTLINE_PX or not found["color"]:
        return f"{found['what']}: no focus outline ({found['style']} {found['width']}px)"
    if len(found["color"]) > 3 and found["color"][3] < 1:
        return f"{found['what']}: a translucent focus outline {found['color']}"
    ratio = contrast(found["color"], found["behind"])
    if ratio < MIN_FOCUS_CONTRAST:
        return (f"{found['what']}: focus outline {found['color']} on {found['behind']} has "
                f"{ratio:.2f}:1 (needs {MIN_FOCUS_CONTRAST}:1)")
    return None


def check_reflow(page) -> None:
    """At 320 CSS px wide the page does not scroll sideways (only a table inside its box)."""
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    try:
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    finally:
        page.set_viewport_size(size)
    assert scroll <= client, (f"{page.url} scrolls sideways at {REFLOW_WIDTH} px: "
                              f"{scroll} px of content in {client} px")


def check_link_contrast(page) -> None:
    """Every visible link's text has 4.5:1 against what is behind it (WCAG 1.4.3)."""
    problems = [f"{link['text']!r}: {contrast(link['color'], link['behind']):.2f}:1"
                for link in page.evaluate(LINK_COLOURS_JS)
                if contrast(link["color"], link["behind"]) < MIN_TEXT_CONTRAST]
    assert not problems, f"{page.url}: links under 4.5:1:\n" + "\n".join(problems)


def check_visible_focus(page) -> None:
    """Tab from the top of the page: each focused element shows an outline of 3:1."""
    page.evaluate("document.activeElement && document.activeElement.blur && "
                  "document.activeElement.blur(); window.scrollTo(0, 0)")
    problems = []
    for _ in range(FOCUS_TABS):
        page.keyboard.press("Tab")
        problem = focus_problem(page.evaluate(FOCUS_STYLE_JS))
        if problem:
            problems.append(problem)
    field = page.locator("main input:visible:not([type=hidden]), main select:visible, "
                         "main textarea:visible").first
    if field.count():
        field.focus()
        problem = focus_problem(page.evaluate(FOCUS_STYLE_JS))
        if problem:
            problems.append(problem)
    assert not problems, f"{page.url}: focus not visible:\n" + "\n".join(problems)


class A11y:
    """Runs axe on a page, then checks reflow at 320 px and visible keyboard focus; collects
    the URLs checked so a test can assert coverage."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.checked: list[str] = []

    def __call__(self, page) -> None:
        self._check(page, "")
        self.checked.append(page.url)
        # beside axe, in the usual look: reflow at 320 px, visible focus, link contrast
        check_link_contrast(page)
        check_reflow(page)
        check_visible_focus(page)
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
