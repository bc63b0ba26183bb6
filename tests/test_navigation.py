"""Where each role lands after login, and the menu it sees."""

import pytest

from tests.conftest import login


@pytest.mark.parametrize(("role", "target", "menu", "hidden"), [
    ("officer", "/officer/competitions", "Panel urzędnika", "Komisje konkursowe"),
    ("committee", "/committee", "Komisje konkursowe", "Panel urzędnika"),
    ("finance", "/finanse", "Finanse", "Panel urzędnika"),
    ("admin", "/admin/rules", "Administracja", "Panel urzędnika"),
    ("ngo_admin", "/offers/mine", "Moje oferty", "Panel urzędnika"),
])
def test_landing_page_and_menu(client, world, role, target, menu, hidden):
    login(client, getattr(world, role))
    r = client.get("/start")
    assert r.status_code == 302 and r.headers["Location"].endswith(target)
    page = client.get(target)
    assert page.status_code == 200
    assert menu in page.text and hidden not in page.text
