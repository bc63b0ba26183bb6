"""The lists of settlements (/rozliczenia) and of the parts to return (/zwroty), on
grants.core.listing: what the contracts' viewers may see - search, filters, sort both ways,
pages, CSV and XLSX of every selected row, bad arguments, a fixed number of statements, and
filters that never widen the list."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D

import pytest

from grants.core import clock
from grants.extensions import db
from grants.settlements import lists, services
from tests.conftest import login
from tests.settlements.test_services import WARSAW
from tests.support.contract_factory import make_contract
from tests.support.lists import (
    assert_bad_args_answered,
    csv_rows,
    statements_of,
    text,
    xlsx_rows,
)
from tests.support.settlements import accept_report

DAY = dt.date(2026, 12, 10)


def settle(world, *, organisation=None, organiser=None, officer=None):
    contract = make_contract(world, paid=True, organisation=organisation, organiser=organiser)
    report = accept_report(contract, world)
    with clock.frozen_at(dt.datetime.combine(DAY, dt.time(12), tzinfo=WARSAW)):
        settlement = services.settle_report(report, actor=officer or world.officer,
                                            finding_date=DAY)
    db.session.commit()
    return settlement


@pytest.fixture
def settled(world, mailbox):
    made = {"x": settle(world), "y": settle(world, organisation=world.ngo_y)}
    clock.set_now(dt.datetime.combine(DAY, dt.time(13), tzinfo=WARSAW))
    return made


def test_settlements_list(client, world, settled, monkeypatch):
    login(client, world.officer)
    page = text(client.get("/rozliczenia"))
    for s in settled.values():
        assert f"/rozliczenia/{s.id}\"" in page
    page = text(client.get("/rozliczenia?q=fundacja inna"))
    assert f"/rozliczenia/{settled['y'].id}\"" in page
    assert f"/rozliczenia/{settled['x'].id}\"" not in page
    assert "Brak pozycji" in text(client.get("/rozliczenia?basis=terminated"))
    assert f"/rozliczenia/{settled['x'].id}\"" in text(client.get("/rozliczenia?year=2026"))
    up = text(client.get("/rozliczenia?sort=organisation&order=asc"))
    down = text(client.get("/rozliczenia?sort=organisation&order=desc"))
    x, y = (f"/rozliczenia/{settled[k].id}\"" for k in ("x", "y"))
    assert up.index(y) < up.index(x) and down.index(x) < down.index(y)
    rows = csv_rows(client.get("/rozliczenia?export=csv&sort=organisation"))
    assert len(rows) == 3 and rows[1][1] == "Fundacja Inna"
    assert rows[1][4] == "2026-12-10" and rows[1][5] == "26000.00" and rows[1][6] == "800.00"
    xrows = xlsx_rows(client.get("/rozliczenia?export=xlsx"))
    assert D(str(xrows[1][6])) == D("800.00")
    monkeypatch.setattr(lists, "SETTLEMENTS", replace(lists.SETTLEMENTS, per_page=1))
    first = text(client.get("/rozliczenia"))
    assert "strona 1 z 2" in first and 'rel="next"' in first
    assert_bad_args_answered(client, "/rozliczenia")


def test_ngo_sees_only_its_settlements_and_returns(client, world, settled):
    login(client, world.ngo_admin)
    page = text(client.get(f"/rozliczenia?organisation={world.ngo_y.id}"))
    assert f"/rozliczenia/{settled['y'].id}\"" not in page
    assert "Brak pozycji spełniających" in page
    assert csv_rows(client.get(f"/zwroty?export=csv&organisation={world.ngo_y.id}"))[1:] == []
    numbers = {r[0] for r in csv_rows(client.get("/zwroty?export=csv"))[1:]}
    assert numbers == {settled["x"].contract.number}
    login(client, world.officer_b)
    assert csv_rows(client.get("/rozliczenia?export=csv"))[1:] == []


def test_returns_list(client, world, settled, monkeypatch):
    login(client, world.finance)
    rows = csv_rows(client.get("/zwroty?export=csv&sort=principal"))
    assert len(rows) == 1 + 2 * len(settled["x"].parts)
    assert rows[0][:4] == ["Umowa", "Organizacja", "Organizator", "Tytuł zwrotu"]
    assert {r[9] for r in rows[1:]} == {"do zwrotu", "po terminie"}  # 16.11 passed by 10.12
    amounts = [D(r[4]) for r in rows[1:]]
    assert amounts == sorted(amounts) and all(r[4].count(".") == 1 for r in rows[1:])
    down = [D(r[4]) for r in csv_rows(client.get("/zwroty?export=csv&sort=principal&"
                                                 "order=desc"))[1:]]
    assert down == sorted(amounts, reverse=True)
    assert "Brak pozycji" in text(client.get("/zwroty?state=settled"))
    with clock.frozen_at(dt.datetime(2027, 3, 1, 12, tzinfo=WARSAW)):
        page = text(client.get("/zwroty?state=overdue"))
        assert "po terminie" in page and settled["x"].contract.number in page
    xrows = xlsx_rows(client.get("/zwroty?export=xlsx&q=fundacja"))
    assert len(xrows) == 1 + len(settled["y"].parts)
    assert xrows[1][5] == dt.datetime(2026, 11, 16)  # the earliest due first
    monkeypatch.setattr(lists, "RETURNS", replace(lists.RETURNS, per_page=1))
    first = text(client.get("/zwroty"))
    assert "strona 1 z" in first and 'rel="next"' in first
    assert_bad_args_answered(client, "/zwroty")


def test_statements_do_not_grow(client, world, settled):
    login(client, world.finance)
    one = (statements_of(client, "/rozliczenia"), statements_of(client, "/zwroty"))
    settle(world)
    settle(world, organisation=world.ngo_y)
    clock.set_now(dt.datetime.combine(DAY, dt.time(13), tzinfo=WARSAW))
    assert (statements_of(client, "/rozliczenia"), statements_of(client, "/zwroty")) == one
