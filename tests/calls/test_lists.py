"""The lists of competitions (grants.core.listing): the officer's list and the public list -
search, filters, sort both ways, pages, CSV and XLSX of every selected row, bad arguments,
a fixed number of statements, and filters that never widen what the viewer may see."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest

from grants.calls import lists
from grants.calls.models import CallStatus
from grants.core import clock
from grants.extensions import db
from tests.conftest import login
from tests.support.factories import make_competition
from tests.support.lists import (
    assert_bad_args_answered,
    csv_rows,
    statements_of,
    text,
    xlsx_rows,
)

URL = "/officer/competitions"


@pytest.fixture
def comps(world):
    made = {
        "open": world.competition,
        "late": make_competition(world.org_a, title="Po terminie Alfa", funds=Decimal("5000.00"),
                                 deadline=clock.local_instant(date(2026, 12, 1), time(12, 0))),
        "draft": make_competition(world.org_a, status=CallStatus.DRAFT, title="Szkic Zeta",
                                  funds=Decimal("900000.00")),
        "other": make_competition(world.org_b, title="Konkurs Gdyni"),
    }
    db.session.commit()
    return made


def test_officer_list_searches_and_filters_within_own_organisers(world, client, comps):
    login(client, world.officer)
    page = text(client.get(URL + "?q=alfa"))
    assert "Po terminie Alfa" in page and "Szkic Zeta" not in page
    page = text(client.get(URL + "?phase=draft"))
    assert "Szkic Zeta" in page and "Po terminie Alfa" not in page
    page = text(client.get(URL + "?phase=evaluation"))
    assert "Po terminie Alfa" in page and "Szkic Zeta" not in page
    # another organiser's competitions stay invisible, filter or not
    page = text(client.get(URL + f"?organiser={world.org_b.id}"))
    assert "Konkurs Gdyni" not in page and "Brak pozycji spełniających warunki" in page
    assert "Konkurs Gdyni" not in text(client.get(URL + "?q=gdyni"))
    rows = csv_rows(client.get(URL + f"?organiser={world.org_b.id}&export=csv"))
    assert rows[1:] == []


def test_officer_list_sorts_by_funds_both_ways(world, client, comps):
    login(client, world.officer)
    up = text(client.get(URL + "?sort=funds&order=asc"))
    down = text(client.get(URL + "?sort=funds&order=desc"))
    assert up.index("Po terminie Alfa") < up.index("Szkic Zeta")
    assert down.index("Szkic Zeta") < down.index("Po terminie Alfa")
    assert 'aria-sort="descending"' in down


def test_officer_list_pages(world, client, comps, monkeypatch):
    monkeypatch.setattr(lists, "OFFICER", replace(lists.OFFICER, per_page=1))
    login(client, world.officer)
    first = text(client.get(URL + "?sort=title"))
    assert "strona 1 z 3" in first and 'rel="next"' in first and "Po terminie Alfa" in first
    assert "?sort=title&order=asc&page=2" in first or "page=2" in first
    second = text(client.get(URL + "?sort=title&page=2"))
    assert 'rel="prev"' in second and "Schronienie" in second


def test_officer_list_exports_all_rows(world, client, comps, monkeypatch):
    monkeypatch.setattr(lists, "OFFICER", replace(lists.OFFICER, per_page=1))
    login(client, world.officer)
    rows = csv_rows(client.get(URL + "?export=csv&sort=funds"))
    assert rows[0][0] == "Konkurs" and len(rows) == 4
    assert [r[6] for r in rows[1:]] == ["5000.00", "100000.00", "900000.00"]
    assert rows[1][5] == "2026-12-01 12:00"   # ISO, Warsaw time
    xrows = xlsx_rows(client.get(URL + "?export=xlsx&sort=funds&order=desc"))
    assert xrows[1][0] == "Szkic Zeta" and Decimal(str(xrows[1][6])) == Decimal("900000")


def test_officer_list_bad_arguments_and_statements(world, client, comps):
    login(client, world.officer)
    assert_bad_args_answered(client, URL)
    one = statements_of(client, URL)
    for n in range(4):
        make_competition(world.org_a, title=f"Więcej {n}")
    db.session.commit()
    assert statements_of(client, URL) == one


def test_public_list_search_sort_export_and_no_drafts(client, world, comps):
    page = text(client.get("/konkursy?q=szkic"))
    assert "Szkic Zeta" not in page
    page = text(client.get("/konkursy?phase=draft"))
    assert "Szkic Zeta" not in page and "Pominięto filtr" in page
    up = text(client.get("/konkursy?sort=title&order=asc"))
    down = text(client.get("/konkursy?sort=title&order=desc"))
    assert up.index("Konkurs Gdyni") < up.index("Po terminie Alfa")
    assert down.index("Po terminie Alfa") < down.index("Konkurs Gdyni")
    titles = [r[0] for r in csv_rows(client.get("/konkursy?export=csv"))[1:]]
    assert "Szkic Zeta" not in titles and len(titles) == 3
    assert len(xlsx_rows(client.get(f"/konkursy?export=xlsx&organiser={world.org_b.id}"))) == 2
    assert_bad_args_answered(client, "/konkursy")
