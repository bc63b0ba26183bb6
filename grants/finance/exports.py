"""The transfers due, for the bank: CSV (semicolons, UTF-8 with a BOM so that Polish Excel
reads the letters; the amount as text "1234.56") and XLSX (the amount a number cell with two
decimals, the due date a date cell).

Every text cell goes through `grants.core.spreadsheets.neutralise`: an organisation named
"=HYPERLINK(...)" is written as text, never run as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from flask_babel import gettext as _
from openpyxl import Workbook

from grants.core.spreadsheets import neutralise
from grants.finance.queries import TrancheDue

BOM = "\ufeff"


def _headers() -> list[str]:
    return [_("Numer umowy"), _("Organizacja"), _("Rachunek bankowy (IBAN)"), _("Kwota (zł)"),
            _("Tytuł przelewu"), _("Termin płatności")]


def _text_cells(row: TrancheDue) -> list[str]:
    return [neutralise(row.contract_number), neutralise(row.organisation_name),
            neutralise(row.iban), neutralise(row.transfer_title)]


def transfers_csv(rows: Sequence[TrancheDue]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in _headers()])
    for row in rows:
        number, organisation, iban, title = _text_cells(row)
        writer.writerow([number, organisation, iban, f"{row.left:.2f}", title,
                         row.due_on.isoformat()])
    return (BOM + buf.getvalue()).encode("utf-8")


def transfers_xlsx(rows: Sequence[TrancheDue]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Przelewy")[:31]
    ws.append([neutralise(h) for h in _headers()])
    for row in rows:
        number, organisation, iban, title = _text_cells(row)
        ws.append([number, organisation, iban, row.left, title, row.due_on])
        line = ws.max_row
        for col in (1, 2, 3, 5):
            ws.cell(line, col).data_type = "s"  # a text cell is never a formula
        ws.cell(line, 4).number_format = "0.00"
        ws.cell(line, 6).number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEF", (22, 40, 34, 14, 40, 16), strict=True):
        ws.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
