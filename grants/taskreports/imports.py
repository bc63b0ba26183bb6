"""The list of financial documents as an XLSX file: a template to download and the parser of
an uploaded file (all or nothing).

The parser reads the first sheet through grants.core.spreadsheets.read_xlsx_rows (the zip's
members, sizes and shared strings bounded first, then openpyxl in read-only mode, stopping at
the row limit); formulas are never
evaluated (a formula cell comes out as its text, "=A1*2", and is kept as text in a text
column or refused in a date or amount column). Dates: Excel dates, "dd.mm.rrrr" text (or
ISO 2026-03-15); amounts: numbers (converted via Decimal(str(value)) and quantized to the
grosz, never kept as floats) or text in the interface's language (core.money.parse_amount:
"1 234,56", "1,234.56"). Every bad cell of every row is
reported; the caller imports nothing when any is.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from grants.core.i18n import N_
from grants.core.money import AmountError, parse_amount, q
from grants.core.spreadsheets import SheetLimits, SpreadsheetRefused, TooManyRows, read_xlsx_rows

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
LIMITS = SheetLimits(max_columns=50)  # max_rows: MAX_ROWS and the header
MAX_AMOUNT = Decimal("1000000000000")  # the bound of grants.core.money.parse_amount

# (key, header) in the order of the template
COLUMNS: list[tuple[str, str]] = [
    ("number", "Numer dokumentu"),
    ("issued_on", "Data wystawienia"),
    ("issuer", "Wystawca"),
    ("amount", "Kwota"),
    ("item_code", "Pozycja kosztorysu"),
    ("grant_part", "Z dotacji"),
    ("paid_on", "Data zapłaty"),
]
HEADERS = dict(COLUMNS)
REQUIRED = ("number", "issued_on", "issuer", "amount", "item_code")
TEXT_LIMITS = {"number": 120, "issuer": 300, "item_code": 20}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportFailed(ValueError):
    """The file cannot be imported; `errors` lists every problem (Polish)."""

    def __init__(self, errors: list[str]):
        super().__init__(" ".join(errors))
        self.errors = errors


@dataclass
class ParsedFile:
    rows: list[dict[str, Any]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)   # the sheet's row of each


def template_xlsx(item_codes: Collection[str] = ()) -> bytes:
    """An empty list of documents with the headers, text-formatted text columns, date and
    amount formats, and an example row explained in a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Dokumenty"
    ws.append([h for _k, h in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = {"A": 20, "B": 16, "C": 36, "D": 14, "E": 18, "F": 14, "G": 16}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    info = wb.create_sheet("Instrukcja")
    lines = [
        "Wypełnij arkusz „Dokumenty”: jeden dokument księgowy w wierszu, od wiersza 2.",
        "Daty: jako daty programu arkusza albo tekst w formacie dd.mm.rrrr (np. 15.03.2026).",
        "Kwoty: liczby albo tekst, np. 1 234,56 (najwyżej dwa miejsca po przecinku).",
        "Z dotacji: część kwoty dokumentu opłacona z dotacji (0, gdy żadna).",
        "Data zapłaty: nieobowiązkowa.",
        "Pozycja kosztorysu: kod pozycji z umowy"
        + (f" ({', '.join(item_codes)})." if item_codes else "."),
        "Import zastępuje całą listę dokumentów w wersji roboczej sprawozdania.",
        f"Limit: {MAX_ROWS} wierszy, plik do 2 MB.",
    ]
    for line in lines:
        info.append([line])
    info.column_dimensions["A"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            converted = from_excel(value)
        except (ValueError, OverflowError, TypeError) as exc:
            raise ValueError from exc
        if isinstance(converted, dt.datetime):
            return converted.date()
        if isinstance(converted, dt.date):
            return converted
        raise ValueError
    text = str(value).strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _parse_amount(value: Any, locale: str = "pl") -> Decimal:
    if isinstance(value, bool):
        raise AmountError(N_("„%(text)s” nie jest kwotą (np. 1234,56)."), text=str(value))
    if isinstance(value, int | float):
        try:
            amount = Decimal(str(value))
        except InvalidOperation as exc:
            raise AmountError(N_("„%(text)s” nie jest kwotą (np. 1234,56)."),
                              text=str(value)) from exc
        if not amount.is_finite():
            raise AmountError(N_("„%(text)s” nie jest kwotą (np. 1234,56)."), text=str(value))
        if abs(amount) >= MAX_AMOUNT:  # as parse_amount; q() of 1e308 raised InvalidOperation
            raise AmountError(N_("Kwota jest zbyt duża."))
        return q(amount)
    return parse_amount(str(value).strip(), locale)


def _where(row: int, key: str) -> str:
    return f"Wiersz {row}, kolumna „{HEADERS[key]}”"


def _load_rows(data: bytes) -> list[tuple]:
    """The first sheet's rows through the one guarded reader (core.spreadsheets): the zip's
    members, sizes and shared strings are bounded before openpyxl reads anything."""
    try:
        return read_xlsx_rows(data, replace(LIMITS, max_rows=MAX_ROWS + 1))
    except TooManyRows as exc:
        raise ImportFailed([f"Plik ma więcej niż {MAX_ROWS} wierszy dokumentów - podziel "
                            f"listę albo skontaktuj się z urzędem."]) from exc
    except SpreadsheetRefused as exc:
        raise ImportFailed([exc.message]) from exc


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet_rows(data: bytes) -> list[tuple]:
    """The rows of the file's first sheet (header first), or ImportFailed when the file is
    empty, too big, not an XLSX or without a header row."""
    if not data:
        raise ImportFailed([N_("Plik jest pusty.")])
    if len(data) > MAX_BYTES:
        raise ImportFailed([N_("Plik jest za duży - dopuszczalny rozmiar to 2 MB.")])
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFailed([N_("To nie jest plik XLSX (arkusz Excel). Pobierz wzór, wypełnij "
                               "go i zapisz w formacie .xlsx.")])
    raw_rows = [r for r in _load_rows(data) if r is not None]
    if not raw_rows or not any(v not in (None, "") for v in raw_rows[0]):
        raise ImportFailed([N_("Arkusz jest pusty - brak wiersza nagłówków i dokumentów.")])
    return raw_rows


def _column_positions(header_row: tuple) -> dict[str, int]:
    """Each column's index by its header (any order, any case); only "Data zapłaty" may be
    missing."""
    header = [_cell_text(v).lower() for v in header_row]
    positions: dict[str, int] = {}
    missing = []
    for key, title in COLUMNS:
        if title.lower() in header:
            positions[key] = header.index(title.lower())
        elif key != "paid_on":
            missing.append(f"„{title}”")
    if missing:
        raise ImportFailed([
            "W pierwszym wierszu brakuje kolumn: " + ", ".join(missing)
            + ". Użyj wzoru pliku (kolumny: "
            + ", ".join(f"„{t}”" for _k, t in COLUMNS) + ")."])
    return positions


def _texts(cells: dict, row_no: int, codes: set[str] | None, errors: list[str]) -> dict:
    doc = {}
    for key in ("number", "issuer", "item_code"):
        text = _cell_text(cells.get(key))
        if not text and key in REQUIRED:
            errors.append(f"{_where(row_no, key)}: brak wartości.")
        elif len(text) > TEXT_LIMITS[key]:
            errors.append(f"{_where(row_no, key)}: tekst dłuższy niż "
                          f"{TEXT_LIMITS[key]} znaków.")
        elif key == "item_code" and codes is not None and text not in codes:
            errors.append(f"{_where(row_no, key)}: „{text}” nie jest pozycją kosztorysu "
                          f"umowy ({', '.join(sorted(codes))}).")
        doc[key] = text
    return doc


def _dates(cells: dict, row_no: int, errors: list[str]) -> dict:
    doc: dict[str, dt.date | None] = {}
    for key in ("issued_on", "paid_on"):
        value = cells.get(key)
        doc[key] = None
        if _blank(value):
            if key in REQUIRED:
                errors.append(f"{_where(row_no, key)}: brak wartości.")
            continue
        try:
            doc[key] = _parse_date(value)
        except ValueError:
            errors.append(f"{_where(row_no, key)}: „{_cell_text(value)}” nie jest datą "
                          f"(dd.mm.rrrr).")
    return doc


def _amounts(cells: dict, row_no: int, errors: list[str], locale: str = "pl") -> dict:
    doc: dict[str, Decimal | None] = {}
    for key in ("amount", "grant_part"):
        value = cells.get(key)
        if _blank(value):
            if key in REQUIRED:
                errors.append(f"{_where(row_no, key)}: brak wartości.")
            doc[key] = Decimal("0.00")
            continue
        try:
            amount = _parse_amount(value, locale)
        except AmountError as exc:
            errors.append(f"{_where(row_no, key)}: {exc}")
            doc[key] = None
            continue
        if amount < 0 or (key == "amount" and amount == 0):
            errors.append(f"{_where(row_no, key)}: kwota musi być "
                          f"{'większa od zera' if key == 'amount' else 'nieujemna'}.")
        doc[key] = amount
    amount, grant = doc["amount"], doc["grant_part"]
    if amount is not None and grant is not None and amount > 0 and grant > amount:
        errors.append(f"{_where(row_no, 'grant_part')}: część z dotacji większa od kwoty "
                      f"dokumentu.")
    return doc


def parse_documents(data: bytes, *, filename: str = "",
                    item_codes: Collection[str] | None = None,
                    locale: str = "pl") -> ParsedFile:
    """The documents of an uploaded XLSX file, or ImportFailed with every problem; amounts
    typed as text are read in `locale` (core.money.parse_amount)."""
    raw_rows = _sheet_rows(data)
    positions = _column_positions(raw_rows[0])
    body = raw_rows[1:]  # at most MAX_ROWS: the reader stops past them
    codes = set(item_codes) if item_codes is not None else None
    parsed = ParsedFile()
    errors: list[str] = []
    for offset, values in enumerate(body):
        row_no = offset + 2
        cells = {k: (values[i] if i < len(values) else None) for k, i in positions.items()}
        if all(_blank(v) for v in cells.values()):
            continue
        parsed.rows.append({**_texts(cells, row_no, codes, errors),
                            **_dates(cells, row_no, errors),
                            **_amounts(cells, row_no, errors, locale)})
        parsed.row_numbers.append(row_no)
    if errors:
        raise ImportFailed(errors)
    if not parsed.rows:
        raise ImportFailed([N_("Arkusz nie zawiera żadnego dokumentu (wypełnij wiersze pod "
                               "nagłówkiem).")])
    return parsed
