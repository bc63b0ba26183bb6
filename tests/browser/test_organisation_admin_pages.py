"""Organisation and administration pages in a real browser (CSRF on): registration with
rows added and removed, Enter saving the form, errors kept; axe WCAG 2.1 A/AA on each page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from grants.extensions import db
from grants.organisations import services
from grants.organisations.models import Organisation
from tests.browser.conftest import browser_login
from tests.support.factories import PASSWORD, make_organisation

pytestmark = pytest.mark.browser


def test_organisation_pages(page, axe, world):
    invitation = services.invite_member(world.ngo_x, actor=world.ngo_admin,
                                        email="nowa@example.org")
    db.session.commit()
    page.goto(f"/organisations/invitations/{invitation.token}")
    axe(page)
    browser_login(page, world.ngo_admin.email, PASSWORD)
    for path in ("/organisations/mine", f"/organisations/{world.ngo_x.id}",
                 f"/organisations/{world.ngo_x.id}/edit",
                 f"/organisations/{world.ngo_x.id}/members"):
        page.goto(path)
        axe(page)
    page.get_by_label("Adres e-mail osoby zapraszanej").fill("druga@example.org")
    page.get_by_role("button", name="Wyślij zaproszenie").click()
    page.wait_for_load_state()
    assert "Wysłano zaproszenie" in page.inner_text("main")


def test_registration_rows_and_errors(page, axe, world):
    browser_login(page, world.ngo_other.email, PASSWORD)
    page.goto("/organisations/register")
    axe(page)
    page.fill("#name", "Fundacja Przeglądarkowa")
    page.select_option("#legal_form", "foundation")
    page.fill("#krs", "0000 765 432")
    page.fill("#nip", "585-120-00-55")
    page.fill("#regon", "191000055")
    page.fill("#street", "ul. Testowa 1")
    page.fill("#postal_code", "81717")
    page.fill("#city", "Sopot")
    page.fill("#email", "fp@example.org")
    page.fill("#iban", "PL42 1020 1856 0000 0000 0000 0001")
    page.check("#areas-0")
    page.fill("#signing_rule", "prezes samodzielnie")
    page.fill("#representatives-0-full_name", "Ala Pierwsza")
    page.fill("#representatives-0-function", "Prezes")
    page.get_by_role("button", name="Dodaj wiersz").click()
    page.fill("#representatives-1-full_name", "Bartek Drugi")
    page.fill("#representatives-1-function", "Członek")
    page.get_by_role("button", name="Dodaj wiersz").click()
    page.fill("#representatives-2-full_name", "Celina Trzecia")
    page.fill("#representatives-2-function", "Członek")
    page.click("button[name=remove_representative][value='1']")
    assert page.input_value("#name") == "Fundacja Przeglądarkowa"
    assert page.input_value("#representatives-2-full_name") == "Celina Trzecia"
    assert page.locator("#representatives-1-full_name").count() == 0
    page.fill("#regon", "191000056")                  # a wrong check digit
    page.press("#city", "Enter")                      # Enter saves, it does not remove a row
    page.wait_for_load_state()
    assert "REGON ma nieprawidłową cyfrę kontrolną" in page.inner_text("main")
    assert page.is_checked("#areas-0")
    axe(page)
    page.fill("#regon", "191000055")
    page.press("#city", "Enter")
    page.wait_for_load_state()
    org = db.session.scalar(select(Organisation).filter_by(nip="5851200055"))
    assert org is not None, page.inner_text("main")
    assert [r.full_name for r in org.representatives] == ["Ala Pierwsza", "Celina Trzecia"]


def test_verification_and_admin_pages(page, axe, world):
    pending = make_organisation("Fundacja Czekająca", index=2, verified=False)
    db.session.commit()
    browser_login(page, world.officer_b.email, PASSWORD)
    for path in ("/organisations/staff", f"/organisations/{pending.id}"):
        page.goto(path)
        axe(page)
    page.get_by_role("button", name="Odrzuć dane (podaj powód)").click()
    page.wait_for_load_state()
    assert "Podaj powód odrzucenia" in page.inner_text("main")
    axe(page)
    page.get_by_role("button", name="Zweryfikuj").click()
    page.wait_for_load_state()
    assert "Organizacja została zweryfikowana" in page.inner_text("main")

    page.context.clear_cookies()
    browser_login(page, world.admin.email, PASSWORD)
    for path in ("/admin/rates", "/admin/users", "/admin/organisers", "/admin/rules"):
        page.goto(path)
        axe(page)
    page.fill("#value", "abc")
    page.get_by_role("button", name="Dodaj wpis").click()
    page.wait_for_load_state()
    assert "nie jest kwotą" in page.inner_text("main")
    axe(page)
