"""The XLSX list of documents: the template, a good file, every bad row listed (nothing
imported), files that are not XLSX, empty or too big, formulas kept as text, floats exact."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from grants.taskreports import imports

D = Decimal
HEADER = [h for _k, h in imports.COLUMNS]
CODES = ["I.1.1", "I.1.2", "I.2.1", "II.1"]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    if header:
        ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_template_has_the_columns_and_parses_as_empty():
    data = imports.template_xlsx(CODES)
    wb = load_workbook(io.BytesIO(data))
    assert [c.value for c in wb["Dokumenty"][1]] == HEADER
    assert "I.1.1, I.1.2" in wb["Instrukcja"]["A6"].value
    with pytest.raises(imports.ImportFailed) as exc:
        imports.parse_documents(data, item_codes=CODES)
    assert exc.value.errors == ["Arkusz nie zawiera żadnego dokumentu (wypełnij wiersze pod "
                                "nagłówkiem)."]


def test_a_good_file_with_dates_and_amounts_in_every_accepted_form():
    data = xlsx([
        ["FV/1/2026", dt.datetime(2026, 3, 31), "Jan Koordynator", 10000, "I.1.1", 6400,
         dt.datetime(2026, 4, 5)],
        ["FV/7/2026", "30.06.2026", "Bar Mleczny", "12 000,00", "I.1.2", "10 000,00", None],
        [None, None, None, None, None, None, None],          # an empty row is skipped
        ["RK/2", "2026-10-15", "Biuro", 4000.5, "II.1", 0.1, "15.10.2026"],
    ])
    parsed = imports.parse_documents(data, item_codes=CODES)
    assert parsed.row_numbers == [2, 3, 5]
    assert parsed.rows[0] == {"number": "FV/1/2026", "issuer": "Jan Koordynator",
                              "item_code": "I.1.1", "issued_on": dt.date(2026, 3, 31),
                              "paid_on": dt.date(2026, 4, 5), "amount": D("10000.00"),
                              "grant_part": D("6400.00")}
    assert parsed.rows[1]["issued_on"] == dt.date(2026, 6, 30)
    assert parsed.rows[1]["amount"] == D("12000.00") and parsed.rows[1]["paid_on"] is None
    assert parsed.rows[2]["amount"] == D("4000.50") and parsed.rows[2]["grant_part"] == D("0.10")


def test_floats_in_the_sheet_come_out_as_exact_decimals():
    data = xlsx([["F/1", "01.03.2026", "X", 0.1 + 0.2, "I.1.1", 0.1, None],
                 ["F/2", "01.03.2026", "X", 1234.56, "I.1.1", 33.3, None]])
    rows = imports.parse_documents(data, item_codes=CODES).rows
    assert [(r["amount"], r["grant_part"]) for r in rows] == [
        (D("0.30"), D("0.10")), (D("1234.56"), D("33.30"))]
    assert all(type(r["amount"]) is Decimal for r in rows)
    assert str(rows[0]["amount"]) == "0.30"


def test_every_bad_row_and_column_is_listed_and_nothing_is_returned():
    data = xlsx([
        ["FV/1", "01.03.2026", "Dostawca", "100,00", "I.1.1", "50,00", None],
        ["FV/2", "31.02.2026", "Dostawca", "abc", "I.1.1", "0", None],
        ["", "01.03.2026", "", "10", "X.9", "20", "jutro"],
        ["FV/4", None, "Dostawca", None, "I.1.1", None, None],
        ["FV/5", "01.03.2026", "Dostawca", "1,234", "I.1.1", "-1", None],
    ])
    with pytest.raises(imports.ImportFailed) as exc:
        imports.parse_documents(data, item_codes=CODES)
    assert exc.value.errors == [
        "Wiersz 3, kolumna „Data wystawienia”: „31.02.2026” nie jest datą (dd.mm.rrrr).",
        "Wiersz 3, kolumna „Kwota”: „abc” nie jest kwotą – wpisz ją tak: 1\xa0234,56.",
        "Wiersz 4, kolumna „Numer dokumentu”: brak wartości.",
        "Wiersz 4, kolumna „Wystawca”: brak wartości.",
        "Wiersz 4, kolumna „Pozycja kosztorysu”: „X.9” nie jest pozycją kosztorysu umowy "
        "(I.1.1, I.1.2, I.2.1, II.1).",
        "Wiersz 4, kolumna „Data zapłaty”: „jutro” nie jest datą (dd.mm.rrrr).",
        "Wiersz 4, kolumna „Z dotacji”: część z dotacji większa od kwoty dokumentu.",
        "Wiersz 5, kolumna „Data wystawienia”: brak wartości.",
        "Wiersz 5, kolumna „Kwota”: brak wartości.",
        "Wiersz 6, kolumna „Kwota”: Kwota może mieć najwyżej dwa miejsca po przecinku "
        "(grosze) – wpisz ją tak: 1\xa0234,56.",
        "Wiersz 6, kolumna „Z dotacji”: kwota musi być nieujemna.",
    ]


def test_a_formula_looking_cell_stays_text_and_a_real_formula_is_not_evaluated():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["=HYPERLINK(\"http://zlo\")", "01.03.2026", "+48 Dostawca", 100, "I.1.1", 0,
               None])
    ws.append(["F/2", "01.03.2026", "Dostawca", "=2*50", "I.1.1", 0, None])
    ws["D3"].data_type = "f"
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(imports.ImportFailed) as exc:
        imports.parse_documents(buf.getvalue(), item_codes=CODES)
    assert exc.value.errors == ["Wiersz 3, kolumna „Kwota”: „=2*50” nie jest kwotą – wpisz "
                                "ją tak: 1\xa0234,56."]
    ws.delete_rows(3)
    buf = io.BytesIO()
    wb.save(buf)
    [row] = imports.parse_documents(buf.getvalue(), item_codes=CODES).rows
    assert row["number"] == "=HYPERLINK(\"http://zlo\")" and row["issuer"] == "+48 Dostawca"


@pytest.mark.parametrize("data, message", [
    (b"", "Plik jest pusty."),
    (b"Numer dokumentu;Kwota\nFV/1;100\n", "To nie jest plik XLSX"),
    (b"%PDF-1.4 not a sheet", "To nie jest plik XLSX"),
    (b"PK\x03\x04" + b"\0" * 100, "To nie jest plik XLSX"),
    (b"x" * (imports.MAX_BYTES + 1), "Plik jest za duży - dopuszczalny rozmiar to 2 MB."),
])
def test_files_that_cannot_be_read_get_a_clear_message(data, message):
    with pytest.raises(imports.ImportFailed) as exc:
        imports.parse_documents(data, item_codes=CODES)
    assert exc.value.errors[0].startswith(message)


def test_a_zip_that_is_not_a_workbook():
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(imports.ImportFailed) as exc:
        imports.parse_documents(buf.getvalue(), item_codes=CODES)
    assert exc.value.errors == ["Nie można odczytać pliku - to nie jest poprawny plik XLSX."]


def test_an_empty_sheet_and_a_sheet_without_the_columns():
    with pytest.raises(imports.ImportFailed) as exc:
        imports.parse_documents(xlsx([], header=None), item_codes=CODES)
    assert exc.value.errors == ["Arkusz jest pusty - brak wiersza nagłówków i dokumentów."]
    with pytest.raises(imports.ImportFailed) as exc:
        imports.parse_documents(xlsx([["a", "b"]], header=["Numer dokumentu", "Kwota"]),
                                item_codes=CODES)
    assert exc.value.errors[0].startswith(
        "W pierwszym wierszu brakuje kolumn: „Data wystawienia”, „Wystawca”, "
        "„Pozycja kosztorysu”, „Z dotacji”.")


def test_more_than_the_row_limit_is_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    rows = [[f"F/{i}", "01.03.2026", "X", 1, "I.1.1", 0, None] for i in range(4)]
    with pytest.raises(imports.ImportFailed) as exc:
        imports.parse_documents(xlsx(rows), item_codes=CODES)
    assert exc.value.errors == ["Plik ma więcej niż 3 wierszy dokumentów - podziel listę albo "
                                "skontaktuj się z urzędem."]


@pytest.mark.parametrize(("locale", "amount", "expected"), [
    ("pl", "1.000", D("1000.00")), ("pl", "1 234,50 zł", D("1234.50")),
    ("pl", "1234.5", D("1234.50")), ("en", "1,000", D("1000.00")),
    ("en", "PLN 1,234.50", D("1234.50")), ("en", 1000.5, D("1000.50"))])
def test_text_amounts_are_read_in_the_interface_language(locale, amount, expected):
    data = xlsx([["F/1", "01.03.2026", "X", amount, "I.1.1", 0, None]])
    [row] = imports.parse_documents(data, item_codes=CODES, locale=locale).rows
    assert row["amount"] == expected


@pytest.mark.parametrize(("locale", "amount", "message"), [
    ("pl", "1,000", "najwyżej dwa miejsca po przecinku"),
    ("en", "1.000", "najwyżej dwa miejsca po przecinku"),
    ("en", "1234,50", "można odczytać jako dwie różne kwoty"),
])
def test_a_text_amount_that_could_mean_two_amounts_is_refused(locale, amount, message):
    data = xlsx([["F/1", "01.03.2026", "X", amount, "I.1.1", 0, None]])
    with pytest.raises(imports.ImportFailed) as exc:
        imports.parse_documents(data, item_codes=CODES, locale=locale)
    assert exc.value.errors[0].startswith("Wiersz 2, kolumna „Kwota”: ")
    assert message in exc.value.errors[0]
