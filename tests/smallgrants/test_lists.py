"""The lists of small-grant offers (grants.core.listing): the officer's and the NGO's -
search, filters, sort both ways, pages, CSV and XLSX of every selected row, bad arguments,
a fixed number of statements, and filters that never widen what the viewer may see."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from grants.core import clock
from grants.extensions import db
from grants.smallgrants import lists
from tests.conftest import login
from tests.support.lists import (
    assert_bad_args_answered,
    csv_rows,
    statements_of,
    text,
    xlsx_rows,
)
from tests.support.smallgrants import file, make_offer, set_plan, warsaw

D = Decimal
OFFICER = "/officer/small-grants"
MINE = "/small-grants/mine"


@pytest.fixture
def sg(world):
    set_plan(world, 2026)
    made = {"small": make_offer(world, title="Warsztaty Alfa", grant=D("2000.00")),
            "big": make_offer(world, title="Festyn Beta", grant=D("9000.00")),
            "y": make_offer(world, organisation=world.ngo_y, actor=world.ngo_other,
                            title="Obca Gamma"),
            "draft": make_offer(world, title="Szkic Delta")}
    with clock.frozen_at(warsaw(2026, 4, 30, 15)):
        for key in ("small", "big", "y"):
            file(made[key])
    db.session.commit()
    return made


def test_officer_search_filter_sort(client, world, sg):
    login(client, world.officer)
    with clock.frozen_at(warsaw(2026, 5, 4, 9)):
        page = text(client.get(OFFICER + "?q=alfa"))
        assert sg["small"].number in page and sg["big"].number not in page
        page = text(client.get(OFFICER + f"?organisation={world.ngo_y.id}"))
        assert sg["y"].number in page and sg["small"].number not in page
        assert "Szkic Delta" not in text(client.get(OFFICER + "?status=draft"))
        assert sg["small"].number in text(client.get(OFFICER + "?year=2026"))
        assert "Brak pozycji" in text(client.get(OFFICER + "?year=2025"))
        up = text(client.get(OFFICER + "?sort=grant&order=asc"))
        down = text(client.get(OFFICER + "?sort=grant&order=desc"))
        a, b = sg["small"].number + "<", sg["big"].number + "<"
        assert up.index(a) < up.index(b) and down.index(b) < down.index(a)
        # another organiser's officer sees none of them, whatever the filter
        login(client, world.officer_b)
        assert client.get(OFFICER + f"?organiser={world.org_a.id}").status_code in (200, 403)
        assert sg["small"].number not in text(client.get(OFFICER + f"?organiser={world.org_a.id}"))


def test_officer_pages_and_exports(client, world, sg, monkeypatch):
    monkeypatch.setattr(lists, "OFFICER", replace(lists.OFFICER, per_page=2))
    login(client, world.officer)
    with clock.frozen_at(warsaw(2026, 5, 4, 9)):
        first = text(client.get(OFFICER + "?sort=number"))
        assert "strona 1 z 2" in first and 'rel="next"' in first
        assert 'rel="prev"' in text(client.get(OFFICER + "?sort=number&page=2"))
        rows = csv_rows(client.get(OFFICER + "?export=csv&sort=grant"))
        assert len(rows) == 4 and rows[1][1] == "Warsztaty Alfa" and rows[1][4] == "2000.00"
        assert rows[1][5] == "2026-04-30 15:00"
        xrows = xlsx_rows(client.get(OFFICER + "?export=xlsx&sort=grant&order=desc"))
        assert xrows[1][1] == "Festyn Beta" and D(str(xrows[1][4])) == D("9000.00")
        assert_bad_args_answered(client, OFFICER)


def test_mine_never_widens_and_exports(client, world, sg):
    login(client, world.ngo_admin)
    page = text(client.get(MINE + f"?organisation={world.ngo_y.id}"))
    assert sg["y"].number not in page and "Brak pozycji spełniających" in page
    assert csv_rows(client.get(MINE + f"?export=csv&organisation={world.ngo_y.id}"))[1:] == []
    titles = {r[1] for r in csv_rows(client.get(MINE + "?export=csv"))[1:]}
    assert titles == {"Warsztaty Alfa", "Festyn Beta", "Szkic Delta"}
    page = text(client.get(MINE + "?status=draft"))
    assert "Szkic Delta" in page and "Warsztaty Alfa" not in page
    assert len(xlsx_rows(client.get(MINE + "?export=xlsx&q=beta"))) == 2
    assert_bad_args_answered(client, MINE)


def test_statements_do_not_grow(client, world, sg):
    login(client, world.officer)
    officer = statements_of(client, OFFICER)
    login(client, world.ngo_admin)
    mine = statements_of(client, MINE)
    for i in range(3):  # drafts of X, and filed offers of Y (the limit is per organisation)
        make_offer(world, title=f"Więcej {i}", grant=D("1000.00"))
        offer = make_offer(world, organisation=world.ngo_y, actor=world.ngo_other,
                           grant=D("1000.00"))
        with clock.frozen_at(warsaw(2026, 4, 30, 16)):
            file(offer)
    db.session.commit()
    assert statements_of(client, MINE) == mine
    login(client, world.officer)
    assert statements_of(client, OFFICER) == officer
