"""The lists of offers (grants.core.listing): the officer's list of a competition's filed
offers and the NGO's "My offers" - search, filters, sort both ways, pages, CSV and XLSX of
every selected row, bad arguments, a fixed number of statements, and filters that never
widen what the viewer may see."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from grants.extensions import db
from grants.offers import lists
from tests.support.lists import (
    assert_bad_args_answered,
    csv_rows,
    statements_of,
    text,
    xlsx_rows,
)
from tests.support.offers import filed_offer, login_as, make_offer


@pytest.fixture
def three(world):
    """Filed offers of X (two) and of Y (one) in the world's competition, a draft of X."""
    x1 = filed_offer(world, title="Pierwsza X")
    x2 = filed_offer(world, title="Druga X")
    y = filed_offer(world, organisation=world.ngo_y, actor=world.ngo_other, title="Y")
    draft = make_offer(world, title="Szkic X")
    db.session.commit()
    return {"x1": x1, "x2": x2, "y": y, "draft": draft}


def officer_url(world) -> str:
    return f"/officer/competitions/{world.competition.id}/offers"


# ---------------------------------------------------------------- the officer's list

def test_officer_list_searches_by_organisation_and_nip(world, client, three):
    login_as(client, world.officer)
    page = text(client.get(officer_url(world) + "?q=fundacja inn"))
    assert three["y"].number in page and three["x1"].number not in page
    page = text(client.get(officer_url(world) + f"?q={world.ngo_x.nip}"))
    assert three["x1"].number in page and three["y"].number not in page
    # % and _ are the characters typed, not wildcards
    assert "Brak pozycji spełniających warunki" in text(
        client.get(officer_url(world) + "?q=%25"))


def test_officer_list_filters_by_status_and_task(world, client, three):
    from grants.offers import services

    services.withdraw_offer(three["x2"], actor=world.ngo_admin)
    db.session.commit()
    login_as(client, world.officer)
    page = text(client.get(officer_url(world) + "?status=withdrawn"))
    assert three["x2"].number in page and three["x1"].number not in page
    task = world.competition.tasks[0].id
    page = text(client.get(officer_url(world) + f"?task={task}"))
    assert all(three[k].number in page for k in ("x1", "x2", "y"))
    assert "Brak pozycji" in text(client.get(officer_url(world) + f"?task={task + 999}"))


def test_officer_list_sorts_both_ways_with_aria_sort(world, client, three):
    login_as(client, world.officer)
    up = text(client.get(officer_url(world) + "?sort=organisation&order=asc"))
    down = text(client.get(officer_url(world) + "?sort=organisation&order=desc"))
    y, x = world.ngo_y.name, world.ngo_x.name
    assert up.index(y) < up.index(x + "<")
    assert down.index(x + "<") < down.index(y)
    assert 'aria-sort="ascending"' in up and 'aria-sort="descending"' in down
    # the header links to the other direction and keeps the filters
    page = text(client.get(officer_url(world) + "?sort=organisation&order=asc&status=filed"))
    assert "?sort=organisation&order=desc&status=filed" in page


def test_officer_list_pages_have_previous_and_next(world, client, three, monkeypatch):
    monkeypatch.setattr(lists, "COMPETITION_OFFERS",
                        replace(lists.COMPETITION_OFFERS, per_page=1))
    login_as(client, world.officer)
    first = text(client.get(officer_url(world) + "?sort=number"))
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert "strona 1 z 3" in first and 'aria-label="Strony listy"' in first
    last = text(client.get(officer_url(world) + "?sort=number&page=3"))
    assert 'rel="prev"' in last and 'rel="next"' not in last and "strona 3 z 3" in last
    # a page past the last shows the last
    assert "strona 3 z 3" in text(client.get(officer_url(world) + "?sort=number&page=999"))


def test_officer_list_exports_every_selected_row_as_csv_and_xlsx(world, client, three,
                                                                monkeypatch):
    monkeypatch.setattr(lists, "COMPETITION_OFFERS",
                        replace(lists.COMPETITION_OFFERS, per_page=1))
    login_as(client, world.officer)
    rows = csv_rows(client.get(officer_url(world) + "?export=csv&sort=number"))
    assert rows[0][:4] == ["Numer", "Oferent", "NIP", "Zadanie"]
    numbers = sorted(three[k].number for k in ("x1", "x2", "y"))
    assert [r[0] for r in rows[1:]] == numbers  # all rows, not the page
    assert rows[1][4] == "38000.00"                  # money: two decimals, a point
    filed = rows[1][6]
    assert len(filed) == 16 and filed[4] == "-" and filed[10] == " "  # ISO, Warsaw time
    xrows = xlsx_rows(client.get(officer_url(world) + "?export=xlsx&sort=number&q=fundacja"))
    assert len(xrows) == 2 and xrows[1][0] == three["y"].number
    assert Decimal(str(xrows[1][4])) == Decimal("38000.00")


def test_officer_export_over_the_limit_is_refused_with_a_message(world, client, three,
                                                                  monkeypatch):
    from grants.core import listing

    monkeypatch.setattr(listing, "EXPORT_LIMIT", 2)
    login_as(client, world.officer)
    r = client.get(officer_url(world) + "?export=csv", follow_redirects=True)
    assert r.status_code == 200 and "Zawęź wyszukiwanie" in text(r)


def test_officer_list_bad_arguments_never_give_500(world, client, three):
    login_as(client, world.officer)
    assert_bad_args_answered(client, officer_url(world))
    page = text(client.get(officer_url(world) + "?status=nonsense&sort=password_hash"))
    assert "Pominięto filtr „Stan”" in page and "Nie można sortować" in page


def test_officer_list_statements_do_not_grow_with_rows(world, client):
    filed_offer(world)
    db.session.commit()
    login_as(client, world.officer)
    one = statements_of(client, officer_url(world))
    for i in range(4):
        filed_offer(world, title=f"Kolejna {i}")
    db.session.commit()
    assert statements_of(client, officer_url(world)) == one


# ---------------------------------------------------------------- my offers

def test_my_offers_filter_by_another_organisation_shows_nothing(world, client, three):
    login_as(client, world.ngo_admin)
    page = text(client.get(f"/offers/mine?organisation={world.ngo_y.id}"))
    assert three["y"].number not in page and f"/offers/{three['y'].id}\"" not in page
    assert "Brak pozycji spełniających warunki" in page
    assert csv_rows(client.get(f"/offers/mine?organisation={world.ngo_y.id}&export=csv"))[1:] == []
    assert csv_rows(client.get(f"/offers/mine?export=csv&q={three['y'].number}"))[1:] == []
    rows = csv_rows(client.get("/offers/mine?export=csv"))
    assert {r[0] for r in rows[1:]} == {three["x1"].number, three["x2"].number, ""}


def test_my_offers_search_filter_sort_and_export(world, client, three):
    login_as(client, world.ngo_admin)
    page = text(client.get(f"/offers/mine?q={three['x1'].number}"))
    assert f"/offers/{three['x1'].id}\"" in page and f"/offers/{three['x2'].id}\"" not in page
    page = text(client.get("/offers/mine?status=draft"))
    assert f"/offers/{three['draft'].id}\"" in page and f"/offers/{three['x1'].id}\"" not in page
    up = text(client.get("/offers/mine?sort=number&order=asc&status=filed"))
    down = text(client.get("/offers/mine?sort=number&order=desc&status=filed"))
    a, b = sorted([three["x1"].number, three["x2"].number])
    assert up.index(a + "<") < up.index(b + "<") and down.index(b + "<") < down.index(a + "<")
    year = three["x1"].created_at.year
    assert f"/offers/{three['x1'].id}\"" in text(client.get(f"/offers/mine?year={year}"))
    assert "Brak pozycji" in text(client.get(f"/offers/mine?year={year - 5}"))
    xrows = xlsx_rows(client.get("/offers/mine?export=xlsx&status=filed"))
    assert sorted(r[0] for r in xrows[1:]) == [a, b]
    assert_bad_args_answered(client, "/offers/mine")


def test_my_offers_statements_do_not_grow_with_rows(world, client):
    make_offer(world)
    login_as(client, world.ngo_admin)
    one = statements_of(client, "/offers/mine")
    for _ in range(4):
        make_offer(world)
    assert statements_of(client, "/offers/mine") == one
