"""Registration in a real browser (CSRF on): the form, "check your mailbox", the link's page
with the password, the page of an unconfirmed account; axe WCAG 2.1 A/AA on each page."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "Zielony-Most-nad-Wisla-7"


def test_registration_pages(page, axe, mailbox):
    page.goto("/register")
    page.fill("#full_name", "Nowa Osoba")
    page.fill("#email", "nowa.osoba@example.org")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.get_by_role("button", name="Załóż konto").click()
    page.wait_for_url("**/register/sent")
    axe(page)
    page.goto("/login")
    page.fill("#email", "nowa.osoba@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_url("**/account/confirm")
    axe(page)
    page.get_by_role("button", name="Wyślij link ponownie").click()
    page.wait_for_url("**/account/confirm")
    page.get_by_role("button", name="Wyloguj").click()
    link = re.search(r"http://[^/\s]+(/confirm/\S+)", mailbox[-1].get_content()).group(1)
    page.goto(link)
    axe(page)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Potwierdź adres").click()
    page.wait_for_url("**/login")
    page.goto(link)
    assert "wygasł lub został już użyty" in page.content()
    axe(page)
