"""The administrators' list of accounts (grants.core.listing): search, filters, sort both
ways, pages, CSV and XLSX of every selected row, bad arguments, a fixed number of statements;
others may not list or export accounts."""

from __future__ import annotations

from dataclasses import replace

from grants.admin import lists
from grants.extensions import db
from tests.conftest import login
from tests.support.factories import make_user
from tests.support.lists import (
    assert_bad_args_answered,
    csv_rows,
    statements_of,
    text,
    xlsx_rows,
)

URL = "/admin/users"


def test_search_filters_and_sort(client, world):
    login(client, world.admin)
    page = text(client.get(URL + "?q=urzędniczka"))
    assert "urzednik@example.org" in page and "komisja@example.org" not in page
    page = text(client.get(URL + "?role=finance"))
    assert "finanse@example.org" in page and "urzednik@example.org" not in page
    page = text(client.get(URL + f"?organiser={world.org_b.id}"))
    assert "urzednik.b@example.org" in page and "urzednik@example.org<" not in page
    page = text(client.get(URL + "?state=admin"))
    assert "admin@example.org" in page and "finanse@example.org" not in page
    up = text(client.get(URL + "?sort=name&order=asc"))
    down = text(client.get(URL + "?sort=name&order=desc"))
    adam, urszula = "<strong>Adam Administrator</strong>", "<strong>Urszula Urzędniczka</strong>"
    assert up.index(adam) < up.index(urszula) and down.index(urszula) < down.index(adam)


def test_pages_and_exports(client, world, monkeypatch):
    monkeypatch.setattr(lists, "ACCOUNTS", replace(lists.ACCOUNTS, per_page=3))
    login(client, world.admin)
    first = text(client.get(URL))
    assert "strona 1 z 3" in first and 'rel="next"' in first
    assert 'rel="prev"' in text(client.get(URL + "?page=3"))
    rows = csv_rows(client.get(URL + "?export=csv&role=officer"))
    assert rows[0][:2] == ["Osoba", "E-mail"]
    assert {r[1] for r in rows[1:]} == {"urzednik@example.org", "urzednik.b@example.org"}
    assert "password" not in " ".join(rows[0]).lower()
    xrows = xlsx_rows(client.get(URL + "?export=xlsx"))
    assert len(xrows) == 9 and xrows[1][0] == "Adam Administrator"
    login(client, world.officer)
    assert client.get(URL + "?export=csv").status_code in (403, 404)


def test_bad_arguments_and_statements(client, world):
    login(client, world.admin)
    assert_bad_args_answered(client, URL)
    one = statements_of(client, URL)
    for i in range(4):
        make_user(f"nowy{i}@example.org", roles=[(world.org_a, "officer")])
    db.session.commit()
    assert statements_of(client, URL) == one
