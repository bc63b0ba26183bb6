"""Spreadsheet exports (STYLE.md: cells starting with = + - @ neutralised).

XLSX: numbers are number cells (Decimal written exactly, never a float computed here), dates
and instants are date cells (instants in Warsaw time), and every text is a text cell
(data_type "s"): a spreadsheet shows "=HYPERLINK(...)" as typed, without an apostrophe, and
never runs it. CSV has no cell types: a text a spreadsheet could run gets a leading apostrophe
(`neutralise`); amounts are written as a spreadsheet of the interface's language reads numbers
(Polish: semicolons and a decimal comma; English: commas and a decimal point), in UTF-8 with a
BOM so that Excel reads the Polish letters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from grants.core import clock
from grants.core.forms import amount_locale

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_DELIMITER = {"pl": ";", "en": ","}
DATE_FORMAT = {"pl": ("dd.mm.yyyy", "%d.%m.%Y"), "en": ("yyyy-mm-dd", "%Y-%m-%d")}


def formula_like(value) -> bool:
    """A text a spreadsheet would read as a formula (or a command) when typed into a cell."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(value):
    """A CSV field a spreadsheet would read as a formula, made plain text (leading apostrophe)."""
    return "'" + value if formula_like(value) else value


def _columns(rows: Sequence[dict], empty: str, columns: Sequence | None) -> list:
    """`columns` when given, else the keys of all rows in order of appearance; [`empty`] for
    no rows."""
    if columns is not None:
        return list(columns)
    found = list(dict.fromkeys(k for row in rows for k in row))
    return found or ([empty] if empty else [])


def _local(value: dt.datetime) -> dt.datetime:
    return clock.to_local(value).replace(tzinfo=None) if value.tzinfo else value


# ---------------------------------------------------------------------------- XLSX

def _excel_value(value):
    if isinstance(value, dt.datetime):
        return _local(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _number_format(value, decimal_format: str, locale: str) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal | float):
        return decimal_format
    if isinstance(value, dt.datetime):
        return DATE_FORMAT[locale][0] + " hh:mm"
    if isinstance(value, dt.date):
        return DATE_FORMAT[locale][0]
    return None


def write_table(ws, rows: Sequence[dict], *, columns: Sequence | None = None, empty: str = "",
                decimal_format: str = "#,##0.00", locale: str | None = None) -> None:
    """`rows` (dicts of column -> value) on an empty sheet under a header of `columns` (by
    default their keys), each value in a cell of its type; `empty` is the header of a table
    without rows and columns."""
    locale = locale or amount_locale()
    columns = _columns(rows, empty, columns)
    lines = [columns] + [[row.get(c) for c in columns] for row in rows]
    for r, values in enumerate(lines, start=1):
        for c, raw in enumerate(values, start=1):
            value = _excel_value(raw)
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a text cell, never a formula
            elif (number_format := _number_format(value, decimal_format, locale)) is not None:
                cell.number_format = number_format


def table_xlsx(title: str, rows: Sequence[dict], **options) -> bytes:
    """A workbook of one sheet `title` holding `rows` (see write_table)."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    write_table(ws, rows, **options)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------- CSV

def _csv_value(value, locale: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else f"{value:f}"
        return text.replace(".", ",") if locale == "pl" else text
    if isinstance(value, dt.datetime):
        return _local(value).strftime(DATE_FORMAT[locale][1] + " %H:%M")
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT[locale][1])
    return str(neutralise(value))


def csv_bytes(rows: Sequence[dict], locale: str | None = None, *,
              columns: Sequence | None = None, empty: str = "") -> bytes:
    """`rows` (dicts of column -> value) as CSV for a spreadsheet of `locale` (default: the
    interface's language), UTF-8 with a BOM; the header is `columns` (by default the keys)."""
    locale = locale or amount_locale()
    columns = _columns(rows, empty, columns)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=CSV_DELIMITER[locale], quoting=csv.QUOTE_MINIMAL,
                        lineterminator="\r\n")
    writer.writerow([_csv_value(c, locale) for c in columns])
    for row in rows:
        writer.writerow([_csv_value(row.get(c), locale) for c in columns])
    return (BOM + buf.getvalue()).encode("utf-8")
