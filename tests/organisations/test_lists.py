"""The staff's list of organisations (grants.core.listing): search, filters, sort both ways,
pages, CSV and XLSX of every selected row, bad arguments, a fixed number of statements."""

from __future__ import annotations

from dataclasses import replace

from grants.extensions import db
from grants.organisations import lists
from tests.conftest import login
from tests.support.factories import make_organisation
from tests.support.lists import (
    assert_bad_args_answered,
    csv_rows,
    statements_of,
    text,
    xlsx_rows,
)

URL = "/organisations/staff"


def test_search_filters_and_sort(client, world):
    make_organisation("Aaa Czekająca", verified=False, index=2)
    db.session.commit()
    login(client, world.officer)
    page = text(client.get(URL + f"?q={world.ngo_y.nip}"))
    assert "Fundacja Inna" in page and "Stowarzyszenie Pomocy" not in page
    page = text(client.get(URL + "?legal_form=foundation"))
    assert "Fundacja Inna" in page and "Stowarzyszenie Pomocy" not in page
    year = world.ngo_y.created_at.year
    assert "Fundacja Inna" in text(client.get(URL + f"?year={year}"))
    assert "Brak organizacji" in text(client.get(URL + f"?year={year - 3}"))
    up = text(client.get(URL + "?sort=name&order=asc"))
    down = text(client.get(URL + "?sort=name&order=desc"))
    assert up.index("Aaa Czekająca") < up.index("Stowarzyszenie Pomocy")
    assert down.index("Stowarzyszenie Pomocy") < down.index("Aaa Czekająca")


def test_pages_and_exports(client, world, monkeypatch):
    monkeypatch.setattr(lists, "STAFF", replace(lists.STAFF, per_page=1))
    login(client, world.officer)
    first = text(client.get(URL + "?sort=name"))
    assert "strona 1 z 2" in first and 'rel="next"' in first and "Fundacja Inna" in first
    assert "Stowarzyszenie Pomocy" in text(client.get(URL + "?sort=name&page=2"))
    rows = csv_rows(client.get(URL + "?export=csv&sort=name"))
    assert [r[0] for r in rows[1:]] == ["Fundacja Inna", "Stowarzyszenie Pomocy Bliźniemu"]
    assert rows[1][2] == "fundacja" and rows[1][3] == world.ngo_y.nip
    assert len(rows[1][7]) == 16  # registered: ISO date and time, Warsaw
    xrows = xlsx_rows(client.get(URL + "?export=xlsx&q=fundacja"))
    assert xrows[0][0] == "Organizacja" and xrows[1][0] == "Fundacja Inna" and len(xrows) == 2


def test_bad_arguments_and_statements(client, world):
    make_organisation("Czekająca", verified=False, index=2)  # the claims check runs for it
    db.session.commit()
    login(client, world.officer)
    assert_bad_args_answered(client, URL)
    one = statements_of(client, URL)
    for i in range(3):
        make_organisation(f"Kolejna {i}", verified=False, index=3 + i)
    db.session.commit()
    assert statements_of(client, URL) == one
