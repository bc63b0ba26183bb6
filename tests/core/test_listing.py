"""The kernel of lists (grants.core.listing) without a database: the arguments parsed and
validated, the LIKE pattern escaped, the files written (money as two-decimal numbers, dates
ISO in Warsaw time, formulas neutralised)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import column

from grants.core import listing
from grants.core.listing import Column, Filter, ListSpec

pytestmark = pytest.mark.pure

SPEC = ListSpec(
    name="test",
    columns=(Column("name", "Nazwa", lambda r: r["name"], sort=column("name")),
             Column("amount", "Kwota", lambda r: r["amount"], money=True),
             Column("when", "Kiedy", lambda r: r["when"])),
    id_column=column("id"), default_sort="name",
    filters=(Filter("status", "Stan", lambda v: column("status") == v,
                    choices=(("a", "A"), ("b", "B"))),
             Filter("organisation", "Organizacja", lambda v: column("org") == v, kind="id"),
             Filter("year", "Rok", lambda v: column("y") == v, kind="year")),
)


@pytest.mark.parametrize(("args", "expected"), [
    ({}, dict(q="", filters={}, sort="name", desc=False, page=1, export="")),
    ({"q": "  ala   ma kota ", "page": "3", "status": "b", "organisation": "7",
      "year": "2026", "sort": "name", "order": "desc", "export": "xlsx"},
     dict(q="ala ma kota", filters={"status": "b", "organisation": 7, "year": 2026},
          sort="name", desc=True, page=3, export="xlsx")),
    ({"page": "-1"}, dict(page=1)), ({"page": "abc"}, dict(page=1)),
    ({"page": "9" * 30}, dict(page=1)), ({"page": "²"}, dict(page=1)),
    ({"page": "١٢"}, dict(page=1)), ({"year": "２０２６"}, dict(filters={})), ({"page": "200000"}, dict(page=100_000)),
    ({"q": "x" * 500}, dict(q="x" * 100)),
])
def test_arguments_parsed(args, expected):
    state = listing.parse(SPEC, args)
    for key, value in expected.items():
        assert getattr(state, key) == value, key


@pytest.mark.parametrize("args", [
    {"status": "c"}, {"organisation": "abc"}, {"organisation": "0"}, {"organisation": "-2"},
    {"year": "1999"}, {"year": "abc"}, {"sort": "amount"}, {"sort": "password_hash"},
    {"export": "pdf"},
])
def test_bad_arguments_are_ignored_with_a_message(args):
    state = listing.parse(SPEC, args)
    assert state.filters == {} and state.sort == "name" and state.export == ""
    assert len(state.problems) == 1


@pytest.mark.parametrize(("text", "pattern"), [
    ("abc", "%abc%"), ("50%", "%50\\%%"), ("a_b", "%a\\_b%"), ("c:\\x", "%c:\\\\x%")])
def test_like_pattern_escapes_wildcards(text, pattern):
    assert listing.like_pattern(text) == pattern


ROWS = [["=SUM(A1)", Decimal("1234.5"), dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)],
        ["Łódź", Decimal("0.1") + Decimal("0.2"), dt.date(2026, 12, 6)]]


def _exported():
    return list(listing.rows(SPEC, [dict(name=n, amount=a, when=w) for n, a, w in ROWS]))


def test_csv_has_bom_semicolons_two_decimals_iso_warsaw_and_no_formulas():
    data = listing.write_csv(["Nazwa", "Kwota", "Kiedy"], _exported())
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Nazwa", "Kwota", "Kiedy"],
                    ["'=SUM(A1)", "1234.50", "2026-07-01 12:00"],
                    ["Łódź", "0.30", "2026-12-06"]]


def test_xlsx_has_number_date_and_text_cells():
    data = listing.write_xlsx("test", ["Nazwa", "Kwota", "Kiedy"], _exported())
    ws = load_workbook(io.BytesIO(data)).active
    header, first, second = ws.iter_rows()
    assert first[0].value == "=SUM(A1)" and first[0].data_type == "s"
    assert first[1].value == 1234.5 and first[1].number_format == "0.00"
    assert first[2].value == dt.datetime(2026, 7, 1, 12, 0)  # Warsaw time
    assert second[2].number_format == "yyyy-mm-dd"


def test_export_limit_message():
    assert listing.too_many(listing.EXPORT_LIMIT) is None
    assert "Zawęź" in listing.too_many(listing.EXPORT_LIMIT + 1)


def test_year_is_a_range_in_warsaw_time():
    condition = listing.in_year(column("at"), 2026)
    start, end = (c.right.value for c in condition.clauses)
    assert start == dt.datetime(2025, 12, 31, 23, 0, tzinfo=dt.UTC)
    assert end == dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC)
