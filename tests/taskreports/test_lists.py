"""The list of task reports (grants.core.listing): the reports of the contracts the viewer
may see - search, filters, sort both ways, pages, CSV and XLSX of every selected row, bad
arguments, a fixed number of statements, and filters that never widen it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from grants.core import clock
from grants.extensions import db
from grants.taskreports import lists
from grants.taskreports.models import ReportStatus
from tests.conftest import login
from tests.support.contract_factory import make_contract
from tests.support.lists import (
    assert_bad_args_answered,
    csv_rows,
    statements_of,
    text,
    xlsx_rows,
)
from tests.support.taskreports import final_report

URL = "/sprawozdania"


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


@pytest.fixture
def reports(world):
    early = make_contract(world, report_due=dt.date(2026, 11, 30))
    late = make_contract(world, report_due=dt.date(2026, 12, 20))
    y = make_contract(world, organisation=world.ngo_y)
    other = make_contract(world, organiser=world.org_b)
    final_report(late).status = ReportStatus.ACCEPTED
    db.session.commit()
    return {k: (c, final_report(c)) for k, c in
            dict(early=early, late=late, y=y, other=other).items()}


def link(reports, key) -> str:
    return f"/sprawozdania/{reports[key][1].id}\""


def test_officer_sees_own_organisers_reports_search_filter_sort(client, world, reports):
    login(client, world.officer)
    page = text(client.get(URL))
    assert all(link(reports, k) in page for k in ("early", "late", "y"))
    assert link(reports, "other") not in page
    assert link(reports, "other") not in text(client.get(URL + f"?organiser={world.org_b.id}"))
    page = text(client.get(URL + "?q=fundacja inna"))
    assert link(reports, "y") in page and link(reports, "early") not in page
    page = text(client.get(URL + "?status=accepted"))
    assert link(reports, "late") in page and link(reports, "early") not in page
    assert link(reports, "early") in text(client.get(URL + "?kind=final&year=2026"))
    up = text(client.get(URL + "?sort=due&order=asc"))
    down = text(client.get(URL + "?sort=due&order=desc"))
    assert up.index(link(reports, "early")) < up.index(link(reports, "late"))
    assert down.index(link(reports, "late")) < down.index(link(reports, "early"))


def test_ngo_filter_by_another_organisation_returns_nothing(client, world, reports):
    login(client, world.ngo_admin)
    page = text(client.get(URL + f"?organisation={world.ngo_y.id}"))
    assert link(reports, "y") not in page and "Brak pozycji spełniających" in page
    assert csv_rows(client.get(URL + f"?export=csv&organisation={world.ngo_y.id}"))[1:] == []
    numbers = {r[0] for r in csv_rows(client.get(URL + "?export=csv"))[1:]}
    assert numbers == {reports[k][0].number for k in ("early", "late", "other")}
    login(client, world.ngo_other)
    assert {r[0] for r in csv_rows(client.get(URL + "?export=csv"))[1:]} == {
        reports["y"][0].number}


def test_pages_exports_bad_arguments_statements(client, world, reports, monkeypatch):
    monkeypatch.setattr(lists, "REPORTS", replace(lists.REPORTS, per_page=2))
    login(client, world.officer)
    first = text(client.get(URL))
    assert "strona 1 z 2" in first and 'rel="next"' in first
    assert 'rel="prev"' in text(client.get(URL + "?page=2"))
    rows = csv_rows(client.get(URL + "?export=csv&sort=due"))
    assert len(rows) == 4 and rows[0][0] == "Umowa" and rows[1][7] == "2026-11-30"
    assert rows[1][8] == "oczekuje na złożenie"
    xrows = xlsx_rows(client.get(URL + "?export=xlsx&sort=due&order=desc"))
    assert xrows[1][7] == dt.datetime(2026, 12, 20) and xrows[1][8] == "przyjęte"
    assert_bad_args_answered(client, URL)
    one = statements_of(client, URL)
    for _ in range(3):
        make_contract(world)
    db.session.commit()
    assert statements_of(client, URL) == one
