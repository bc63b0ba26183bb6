"""The list of contracts (grants.core.listing): search, filters, sort both ways, pages, CSV
and XLSX of every selected row, bad arguments, a fixed number of statements, and filters that
never widen what the viewer may see (an NGO filtering by another organisation gets nothing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from grants.contracts import lists
from grants.core import clock
from grants.extensions import db
from tests.conftest import login
from tests.support.contract_factory import make_contract
from tests.support.lists import (
    assert_bad_args_answered,
    csv_rows,
    statements_of,
    text,
    xlsx_rows,
)

D = Decimal
SMALL = [("I.1", "Koordynator", D("1000.00"), D("800.00"))]


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


@pytest.fixture
def contracts(world):
    made = {"x": make_contract(world), "x_small": make_contract(world, items=SMALL),
            "x_draft": make_contract(world, signed=False),
            "y": make_contract(world, organisation=world.ngo_y),
            "other": make_contract(world, organiser=world.org_b)}
    db.session.commit()
    return made


def test_ngo_sees_only_its_contracts_whatever_the_filter(client, world, contracts):
    login(client, world.ngo_admin)
    page = text(client.get(f"/umowy?organisation={world.ngo_y.id}"))
    assert contracts["y"].number not in page and "Brak pozycji spełniających warunki" in page
    page = text(client.get(f"/umowy?q={contracts['y'].number}"))
    assert f"/umowy/{contracts['y'].id}\"" not in page and "Brak pozycji spełniających" in page
    assert csv_rows(client.get(f"/umowy?export=csv&organisation={world.ngo_y.id}"))[1:] == []
    numbers = {r[0] for r in csv_rows(client.get("/umowy?export=csv"))[1:]}
    assert numbers == {contracts[k].number for k in ("x", "x_small", "x_draft", "other")}


def test_officer_sees_own_organiser_only(client, world, contracts):
    login(client, world.officer)
    assert contracts["other"].number not in text(
        client.get(f"/umowy?organiser={world.org_b.id}"))
    page = text(client.get(f"/umowy?organisation={world.ngo_y.id}"))
    assert contracts["y"].number in page and contracts["x"].number not in page


def test_search_status_year_and_sort(client, world, contracts):
    login(client, world.officer)
    page = text(client.get("/umowy?q=fundacja inna"))
    assert contracts["y"].number in page and contracts["x"].number not in page
    page = text(client.get("/umowy?q=kryzysie bezdomności&status=draft"))
    assert contracts["x_draft"].number in page and contracts["x"].number not in page
    assert contracts["x"].number in text(client.get("/umowy?year=2026"))
    assert contracts["x"].number not in text(client.get("/umowy?year=2025"))
    up = text(client.get("/umowy?sort=grant&order=asc"))
    down = text(client.get("/umowy?sort=grant&order=desc"))
    small, big = contracts["x_small"].number, contracts["x"].number
    assert up.index(small) < up.index(big) and down.index(big) < down.index(small)
    assert 'aria-sort="ascending"' in up


def test_pages_and_exports(client, world, contracts, monkeypatch):
    monkeypatch.setattr(lists, "CONTRACTS", replace(lists.CONTRACTS, per_page=2))
    login(client, world.officer)
    first = text(client.get("/umowy?sort=number"))
    assert "strona 1 z 2" in first and 'rel="next"' in first
    assert 'rel="prev"' in text(client.get("/umowy?sort=number&page=2"))
    rows = csv_rows(client.get("/umowy?export=csv&sort=grant"))
    assert len(rows) == 5 and rows[0][:2] == ["Numer", "Zadanie"]
    assert rows[1][5] == "800.00" and rows[1][6] == "2026-02-01"
    assert rows[1][9] == "podpisana – w realizacji"
    xrows = xlsx_rows(client.get("/umowy?export=xlsx&sort=grant&order=desc"))
    assert D(str(xrows[1][5])) == D("26000.00") and xrows[1][6] == dt.datetime(2026, 2, 1)


def test_bad_arguments_and_statements(client, world, contracts):
    login(client, world.officer)
    assert_bad_args_answered(client, "/umowy")
    one = statements_of(client, "/umowy")
    for _ in range(3):
        make_contract(world)
    db.session.commit()
    assert statements_of(client, "/umowy") == one
