"""The transfers due, for the bank: CSV for a spreadsheet of the interface's language (Polish:
semicolons, the amount "1234,56", the date 20.02.2026; English: commas, "1234.56",
2026-02-20; UTF-8 with a BOM so that Excel reads the Polish letters) and XLSX (the amount a
number cell with two decimals, the due date a date cell).

Both go through `grants.core.spreadsheets`: an organisation named "=HYPERLINK(...)" is a text
cell in the XLSX (shown as typed, never run) and gets a leading apostrophe in the CSV.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from flask_babel import gettext as _
from openpyxl import Workbook

from grants.core.spreadsheets import csv_bytes, write_table
from grants.finance.queries import TrancheDue


def _headers() -> list[str]:
    return [_("Numer umowy"), _("Organizacja"), _("Rachunek bankowy (IBAN)"), _("Kwota (zł)"),
            _("Tytuł przelewu"), _("Termin płatności")]


def _rows(rows: Sequence[TrancheDue]) -> list[dict]:
    headers = _headers()
    return [dict(zip(headers, (row.contract_number, row.organisation_name, row.iban, row.left,
                               row.transfer_title, row.due_on), strict=True)) for row in rows]


def transfers_csv(rows: Sequence[TrancheDue], locale: str | None = None) -> bytes:
    return csv_bytes(_rows(rows), locale, columns=_headers())


def transfers_xlsx(rows: Sequence[TrancheDue]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Przelewy")[:31]
    write_table(ws, _rows(rows), columns=_headers(), decimal_format="0.00")
    for letter, width in zip("ABCDEF", (22, 40, 34, 14, 40, 16), strict=True):
        ws.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
