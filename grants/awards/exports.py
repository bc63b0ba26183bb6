"""The ranking as XLSX (pandas, openpyxl engine).

Amounts and scores go to the workbook as Decimal (scores quantized to 2 decimals; the full
precision is kept as text in its own column): openpyxl writes their exact decimal text as a
number, never a float computed here. Text cells starting with = + - @ (or a tab / carriage
return) are neutralised with a leading apostrophe so that a spreadsheet never runs them as
formulas.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
from flask_babel import gettext as _

from grants.awards import rules
from grants.core.spreadsheets import safe_frame

_frame = safe_frame


def ranking_xlsx(competition, blocks, *, decision, state_labels, tie_labels) -> io.BytesIO:
    rows = []
    for block in blocks:
        for a in block.awards:
            version = a.offer.filed_version
            rows.append({
                _("Zadanie konkursowe"): block.task.title,
                _("Miejsce"): a.rank if a.rank is not None else "",
                _("Oferta"): a.offer.number,
                _("Oferent"): a.offer.organisation.name,
                _("Tytuł zadania"): version.title if version is not None else "",
                _("Średnia ocena (pkt)"): rules.display(a.score),
                _("Średnia ocena – pełna dokładność"): a.score_text or "",
                _("Liczba ocen liczonych"): a.n_scores,
                _("Spełnia minimum"): _("tak") if a.eligible else _("nie"),
                _("Wnioskowana dotacja (zł)"): a.requested,
                _("Proponowana dotacja (zł)"): a.proposed_grant,
                _("Dotacja przyznana decyzją (zł)"): (a.final_grant if a.final_grant is not None
                                                      else ""),
                _("Stan"): _(state_labels[a.state]),
                _("Rozstrzygnięcie remisu"): _(tie_labels[a.tie_broken_by])
                if a.tie_broken_by else "",
                _("Opis remisu"): a.tie_note,
            })
    tasks = [{
        _("Zadanie konkursowe"): b.task.title,
        _("Środki na zadanie (zł)"): b.task.funds,
        _("Suma dotacji (zł)"): b.committed,
        _("Pozostaje (zł)"): b.remaining,
        _("Zwolnione po rezygnacjach (zł)"): b.freed,
    } for b in blocks]
    about = [
        {_("Pole"): _("Konkurs"), _("Wartość"): f"{competition.reference} – {competition.title}"},
        {_("Pole"): _("Reguła rozstrzygania remisów w ogłoszeniu"),
         _("Wartość"): competition.tie_break_rule or ""},
        {_("Pole"): _("Decyzja"),
         _("Wartość"): f"{decision.number} z {decision.decided_on:%d.%m.%Y}" if decision else ""},
    ]
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for title, data in ((_("Ranking"), rows), (_("Zadania"), tasks),
                            (_("Informacje"), about)):
            frame = _frame(data) if data else pd.DataFrame({_("Brak danych"): []})
            frame.to_excel(writer, sheet_name=title[:31], index=False)
            ws = writer.sheets[title[:31]]
            for column in ws.iter_cols(min_row=2):
                for cell in column:
                    if isinstance(cell.value, Decimal):
                        cell.number_format = "#,##0.00"
                    elif isinstance(cell.value, str):
                        cell.data_type = "s"  # a text cell is never a formula
    buf.seek(0)
    return buf
