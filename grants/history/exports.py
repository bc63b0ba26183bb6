"""The filtered log as CSV (streamed) or XLSX (openpyxl's write-only workbook): read in chunks,
at most `limit` entries, so memory does not grow with the log. Texts a spreadsheet could run are
neutralised (grants.core.spreadsheets); instants are Warsaw time."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator

from flask import Response, stream_with_context
from flask_babel import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from grants.core import clock
from grants.core.forms import amount_locale
from grants.core.i18n import N_
from grants.core.spreadsheets import BOM, CSV_DELIMITER, formula_like, neutralise
from grants.history import labels, queries

CHUNK = 500
HEADER = (N_("Czas (Warszawa)"), N_("Osoba"), N_("Czynność"), N_("Kod czynności"), N_("Obiekt"),
          N_("Numer obiektu"), N_("Przed"), N_("Po"))


def _header() -> list[str]:
    return [gettext(h) for h in HEADER]


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _lines(stmt, limit: int) -> Iterator[list[str]]:
    """One list of texts per entry; the points of open scoring and drafts hidden."""
    hidden_text = gettext(labels.HIDDEN)
    for batch in queries.chunks(stmt, CHUNK, limit):
        for row in queries.rows(batch, diff=False):
            entry = row.entry
            before, after = ((hidden_text, hidden_text) if row.hidden
                             else (_json(entry.before), _json(entry.after)))
            yield [clock.to_local(entry.at).strftime("%Y-%m-%d %H:%M:%S"), row.actor,
                   row.action, entry.action, entry.object_type, entry.object_id or "",
                   before, after]


def _csv(stmt, limit: int) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=CSV_DELIMITER[amount_locale()], lineterminator="\r\n")
    writer.writerow(_header())
    yield BOM + buf.getvalue()
    for line in _lines(stmt, limit):
        buf.seek(0)
        buf.truncate()
        writer.writerow([neutralise(v) for v in line])
        yield buf.getvalue()


def _text_cell(ws, value: str):
    """A text cell, never a formula (a plain value unless it could be read as one: faster)."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not formula_like(value):
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def _xlsx(stmt, limit: int) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(gettext("Dziennik zdarzeń")[:31])
    ws.append([_text_cell(ws, h) for h in _header()])
    for line in _lines(stmt, limit):
        ws.append([_text_cell(ws, v) for v in line])
    with tempfile.TemporaryFile() as out:
        wb.save(out)
        out.seek(0)
        return out.read()


def response(stmt, fmt: str, limit: int) -> Response:
    if fmt == "csv":
        return Response(stream_with_context(_csv(stmt, limit)),
                        mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=audit.csv"})
    return Response(_xlsx(stmt, limit),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": "attachment; filename=audit.xlsx"})
