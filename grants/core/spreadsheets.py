"""Spreadsheet exports (STYLE.md: cells starting with = + - @ neutralised).

XLSX: numbers are number cells (Decimal written exactly, never a float computed here), dates
and instants are date cells (instants in Warsaw time), and every text is a text cell
(data_type "s"): a spreadsheet shows "=HYPERLINK(...)" as typed, without an apostrophe, and
never runs it. CSV has no cell types: a text a spreadsheet could run gets a leading apostrophe
(`neutralise`); amounts are written as a spreadsheet of the interface's language reads numbers
(Polish: semicolons and a decimal comma; English: commas and a decimal point), in UTF-8 with a
BOM so that Excel reads the Polish letters.

Reading an uploaded XLSX (`read_xlsx_rows`, the one way in for every spreadsheet import):
an XLSX is a zip of XML parts, and a 250 KB file can unpack to gigabytes or hold millions of
shared strings, which openpyxl loads whole even in read-only mode. Before openpyxl sees the
file its zip directory is checked (how many members, their names, each member's and the
total uncompressed size, the compression ratio, no encryption) and the shared strings are
counted (their `count` attribute, else by streaming the XML up to the limit); then the first
sheet is read in read-only mode, at most `max_columns` wide, and reading stops at the row
limit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.etree.ElementTree import ParseError, XMLPullParser

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from grants.core import clock
from grants.core.errors import ValidationFailed
from grants.core.forms import amount_locale
from grants.core.i18n import N_, msg

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


# ---------------------------------------------------------------------------- reading XLSX

MB = 1024 * 1024
NOT_XLSX = N_("Nie można odczytać pliku - to nie jest poprawny plik XLSX.")
SHARED_STRINGS_TYPE = ("application/vnd.openxmlformats-officedocument.spreadsheetml."
                       "sharedStrings+xml")
RATIO_FLOOR = MB  # smaller members may compress as well as they like


@dataclass(frozen=True)
class SheetLimits:
    """What an uploaded workbook may hold. An XLSX saved by Excel or LibreOffice has about a
    dozen members of a few MB at most, compressed 5 to 20 times."""

    max_members: int = 100
    max_member_bytes: int = 20 * MB     # uncompressed, each member
    max_total_bytes: int = 50 * MB      # uncompressed, all members together
    max_ratio: int = 100                # uncompressed / compressed, members over RATIO_FLOOR
    max_strings: int = 100_000          # shared strings
    max_rows: int = 10_000              # rows of the first sheet, the header included
    max_columns: int = 50               # cells read of each row


class SpreadsheetRefused(ValidationFailed):
    """An uploaded spreadsheet that is not read; `message` says why (Polish)."""


class TooManyRows(SpreadsheetRefused):
    def __init__(self, limit: int):
        super().__init__(msg("Arkusz ma więcej niż %(limit)d wierszy.", limit=limit))
        self.limit = limit


def _safe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (0 < len(name) <= 255 and not name.startswith(("/", "\\")) and ".." not in parts
            and ":" not in name and not any(ord(c) < 32 for c in name))


def _check_member(info: zipfile.ZipInfo, limits: SheetLimits) -> None:
    if not _safe_name(info.filename) or info.flag_bits & 0x1 \
            or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise SpreadsheetRefused(NOT_XLSX)
    if info.file_size > limits.max_member_bytes:
        raise SpreadsheetRefused(msg(
            "Plik XLSX po rozpakowaniu jest zbyt duży: część %(name)s ma %(size)d MB (najwyżej "
            "%(limit)d MB). Usuń zbędne dane albo podziel plik.", name=info.filename,
            size=info.file_size // MB, limit=limits.max_member_bytes // MB))
    if info.file_size > RATIO_FLOOR and \
            info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise SpreadsheetRefused(msg(
            "Część %(name)s pliku XLSX jest podejrzanie mocno skompresowana - plik nie został "
            "odczytany. Zapisz arkusz ponownie w programie arkusza kalkulacyjnego.",
            name=info.filename))


def _check_directory(zf: zipfile.ZipFile, limits: SheetLimits) -> None:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise SpreadsheetRefused(msg(
            "Plik XLSX ma zbyt wiele części (%(count)d, najwyżej %(limit)d) - zapisz arkusz "
            "ponownie w programie arkusza kalkulacyjnego.", count=len(infos),
            limit=limits.max_members))
    for info in infos:
        _check_member(info, limits)
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise SpreadsheetRefused(msg(
            "Plik XLSX po rozpakowaniu jest zbyt duży: %(size)d MB (najwyżej %(limit)d MB). "
            "Usuń zbędne dane albo podziel plik.", size=total // MB,
            limit=limits.max_total_bytes // MB))
    names = set(zf.namelist())
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise SpreadsheetRefused(NOT_XLSX)


def _elements(zf: zipfile.ZipFile, name: str, events=("end",)):
    """(event, element) of a member's XML as it is read, in chunks."""
    parser = XMLPullParser(events)
    with zf.open(name) as member:
        while chunk := member.read(64 * 1024):
            parser.feed(chunk)
            yield from parser.read_events()
    parser.close()
    yield from parser.read_events()


def _tag(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _shared_string_parts(zf: zipfile.ZipFile) -> set[str]:
    """The parts [Content_Types].xml declares as shared strings, and any named so."""
    parts = {n for n in zf.namelist() if n.lower().endswith("sharedstrings.xml")}
    for _event, element in _elements(zf, "[Content_Types].xml"):
        if _tag(element) == "Override" and \
                element.get("ContentType") == SHARED_STRINGS_TYPE:
            parts.add(element.get("PartName", "").lstrip("/"))
    return parts & set(zf.namelist())


def _count_strings(zf: zipfile.ZipFile, part: str, limit: int) -> int:
    """The strings of a shared-strings part: its declared count when over the limit, else
    counted as the XML streams, stopping past the limit."""
    count = 0
    for event, element in _elements(zf, part, events=("start", "end")):
        name = _tag(element)
        if event == "start" and name == "sst":
            declared = element.get("uniqueCount") or element.get("count") or ""
            if declared.isdigit() and int(declared) > limit:
                return int(declared)
        elif event == "end" and name == "si":
            count += 1
            element.clear()
            if count > limit:
                return count
    return count


def _check_strings(zf: zipfile.ZipFile, limits: SheetLimits) -> None:
    for part in sorted(_shared_string_parts(zf)):
        if _count_strings(zf, part, limits.max_strings) > limits.max_strings:
            raise SpreadsheetRefused(msg(
                "Arkusz zawiera zbyt wiele tekstów (ponad %(limit)d) - plik nie został "
                "odczytany. Usuń zbędne dane albo podziel plik.", limit=limits.max_strings))


def check_xlsx(data: bytes, limits: SheetLimits) -> None:
    """SpreadsheetRefused unless `data` is a zip within `limits` that looks like a workbook;
    nothing is unpacked beyond [Content_Types].xml and the shared strings (streamed)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _check_directory(zf, limits)
            _check_strings(zf, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ParseError, OSError, EOFError,
            ValueError, NotImplementedError) as exc:
        raise SpreadsheetRefused(NOT_XLSX) from exc


def _first_sheet_rows(data: bytes, limits: SheetLimits) -> list[tuple]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if not wb.worksheets:
            return []
        ws = wb.worksheets[0]
        width = min(ws.max_column or limits.max_columns, limits.max_columns)  # as claimed
        rows = ws.iter_rows(max_row=limits.max_rows + 1, max_col=width, values_only=True)
        found = []
        for values in rows:
            if len(found) == limits.max_rows:
                raise TooManyRows(limits.max_rows)
            found.append(tuple(values))
        return found
    finally:
        wb.close()


def read_xlsx_rows(data: bytes, limits: SheetLimits) -> list[tuple]:
    """The rows of an uploaded workbook's first sheet (values, formulas as their text), at
    most `limits.max_columns` wide; SpreadsheetRefused (TooManyRows past `limits.max_rows`)
    when the file is not a workbook within `limits`."""
    check_xlsx(data, limits)
    try:
        return _first_sheet_rows(data, limits)
    except SpreadsheetRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise SpreadsheetRefused(NOT_XLSX) from exc
