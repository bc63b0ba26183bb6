"""The annex as a document (issue 9): its changes shown with labels and Polish formats - never
internal codes, ISO dates or "26000.00" - and only what changed (before -> after): no
attachment the annex does not change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from grants.contracts import annexes, pdf, rules, services
from grants.contracts.rules import TrancheRow
from grants.core import clock
from grants.extensions import db
from tests.conftest import login
from tests.support.contract_factory import make_contract

D = Decimal
NBSP = "\xa0"


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 4, 1, 10, tzinfo=dt.UTC))


@pytest.mark.pure
@pytest.mark.parametrize(("change", "before", "after"), [
    ({"field": "end_date", "before": "2026-10-31", "after": "2026-11-30"},
     ("date", dt.date(2026, 10, 31)), ("date", dt.date(2026, 11, 30))),
    ({"field": "grant_total", "before": "26000.00", "after": "25000.00"},
     ("money", D("26000.00")), ("money", D("25000.00"))),
    ({"field": "tranche:2:condition", "before": "none", "after": "partial_report"},
     ("label", "brak – według terminu"), ("label", "po przyjęciu sprawozdania częściowego")),
    ({"field": "tranche:3:amount", "before": "", "after": "1000.00"},
     ("money", None), ("money", D("1000.00"))),
    ({"field": "item_tolerance_pct", "before": "10.00", "after": "15.00"},
     ("percent", D("10.00")), ("percent", D("15.00"))),
    ({"field": "years", "before": "2026: 2026-12-31; 2027: 2027-10-31",
      "after": "2026: 2026-12-31; 2027: 2027-11-30"},
     ("years", [(2026, dt.date(2026, 12, 31)), (2027, dt.date(2027, 10, 31))]),
     ("years", [(2026, dt.date(2026, 12, 31)), (2027, dt.date(2027, 11, 30))])),
    ({"field": "bank_account", "before": "PL61109010140000071219812874", "after": ""},
     ("iban", "PL61 1090 1014 0000 0712 1981 2874"), ("iban", None)),
])
def test_a_stored_change_is_displayed_typed(change, before, after):
    shown = rules.display_change({**change, "label": "L"})
    assert (shown["before"]["kind"], shown["before"]["value"]) == before
    assert (shown["after"]["kind"], shown["after"]["value"]) == after


def _annex(world):
    contract = make_contract(world)
    annex = annexes.create_annex(contract, actor=world.officer, reason="Nowy harmonogram")
    services.edit_version(
        annex, actor=world.officer, reason="Nowy harmonogram",
        tranches=[TrancheRow(1, dt.date(2026, 4, 15), D("13000.00")),
                  TrancheRow(2, dt.date(2026, 6, 1), D("13000.00"), "partial_report")])
    return contract, annex


def test_the_annex_changes_only_what_changed(world):
    _contract, annex = _annex(world)
    assert [c["field"] for c in annex.changes] == ["tranche:1:due_on", "tranche:2:condition"]


def test_the_annex_pdf_shows_labels_and_polish_formats_and_only_what_changed(world):
    _contract, annex = _annex(world)
    html = pdf.render_contract_html(**pdf.context_for(annex))
    assert "Transza nr 1 – termin przekazania</td><td>02.03.2026</td><td>15.04.2026</td>" in html
    assert ("Transza nr 2 – warunek przekazania</td><td>brak – według terminu</td>"
            "<td>po przyjęciu sprawozdania częściowego</td>") in html
    for internal in ("2026-03-02", "2026-04-15", "partial_report", "13000.00"):
        assert internal not in html
    # the schedule it changes is attached; the budget and the results it does not change are not
    assert "Harmonogram przekazania transz dotacji" in html
    assert f"13{NBSP}000,00{NBSP}zł" in html
    assert "Kosztorys zadania" not in html and "Rezultaty zadania" not in html
    assert "Załącznikiem do aneksu jest harmonogram przekazania transz" in html


def test_an_annex_of_amounts_shows_them_in_polish(world):
    contract = make_contract(world)
    annex = annexes.create_annex(contract, actor=world.officer, reason="Zmiana kosztorysu")
    services.edit_version(
        annex, actor=world.officer, reason="Zmiana kosztorysu",
        items=[rules.ItemRow("I.1.2", "", D("19000.00"), D("15000.00"))],
        tranches=[TrancheRow(1, dt.date(2026, 3, 2), D("13000.00")),
                  TrancheRow(2, dt.date(2026, 6, 1), D("12000.00"))])
    html = pdf.render_contract_html(**pdf.context_for(annex))
    assert f"<td>26{NBSP}000,00{NBSP}zł</td><td>25{NBSP}000,00{NBSP}zł</td>" in html
    assert "Kosztorys, pozycja I.1.2 „Posiłki” – w tym z dotacji" in html
    assert "26000.00" not in html and "15000.00" not in html
    assert "Kosztorys zadania" in html and "Rezultaty zadania" not in html


def test_the_contract_page_lists_the_annex_changes_in_the_users_format(client, world):
    contract, _annex_version = _annex(world)
    db.session.commit()
    login(client, world.officer)
    page = client.get(f"/umowy/{contract.id}").text
    assert "15.04.2026" in page and "po przyjęciu sprawozdania częściowego" in page
    assert "2026-04-15" not in page and "partial_report</td>" not in page


def test_the_use_by_dates_of_a_multi_year_task_are_not_iso_on_the_page(client, world):
    from tests.support.contracts import make_award

    award = make_award(world, start=dt.date(2026, 5, 1), end=dt.date(2027, 6, 30))
    contract = services.generate_contract(award, actor=world.officer)
    db.session.commit()
    login(client, world.officer)
    page = client.get(f"/umowy/{contract.id}").text
    assert "2026: 31.12.2026; 2027: 30.06.2027" in page and "2026-12-31" not in page
