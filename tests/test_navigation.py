"""Where each role lands after login, and the menu it sees."""

import pytest

from tests.conftest import login


@pytest.mark.parametrize(("role", "section", "menu", "hidden"), [
    ("officer", "officer", "Panel urzędnika", "Komisje konkursowe"),
    ("committee", "committee", "Komisje konkursowe", "Panel urzędnika"),
    ("finance", "finance", "Finanse", "Panel urzędnika"),
    ("ngo_admin", "ngo", "Moje oferty", "Panel urzędnika"),
])
def test_landing_page_and_menu(client, world, role, section, menu, hidden):
    """Each role lands on its start page (grants.today): what needs it today."""
    login(client, getattr(world, role))
    page = client.get("/start")
    assert page.status_code == 200 and f'data-section="{section}"' in page.text
    assert menu in page.text and hidden not in page.text


@pytest.mark.parametrize(("role", "target", "menu"), [
    ("admin", "/admin/rules", "Administracja"),
])
def test_landing_page_of_a_role_without_a_start_page(client, world, role, target, menu):
    login(client, getattr(world, role))
    r = client.get("/start")
    assert r.status_code == 302 and r.headers["Location"].endswith(target)
    page = client.get(target)
    assert page.status_code == 200 and menu in page.text
