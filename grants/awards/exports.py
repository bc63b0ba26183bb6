"""The ranking as XLSX (openpyxl, grants.core.spreadsheets.write_table).

Amounts and scores go to the workbook as Decimal (scores quantized to 2 decimals; the full
precision is kept as text in its own column): openpyxl writes their exact decimal text as a
number, never a float computed here. Every text is a text cell, so a name such as
"=HYPERLINK(...)" is shown as typed and never run as a formula.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook

from grants.awards import rules
from grants.core.spreadsheets import write_table


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
                _("Dotacja przyznana decyzją (zł)"): a.final_grant,
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
    wb = Workbook()
    wb.remove(wb.active)
    for title, data in ((_("Ranking"), rows), (_("Zadania"), tasks), (_("Informacje"), about)):
        write_table(wb.create_sheet(title[:31]), data, empty=_("Brak danych"))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf
