"""The scoring sheet as XLSX (pandas, openpyxl engine), served only after scoring is closed.

Points and means go to the workbook as Decimal (quantized to 2 decimals for display): openpyxl
writes their exact decimal text as a number - never a float computed here. Text cells
starting with = + - @ (or a tab / carriage return) are neutralised with a leading apostrophe
so that a spreadsheet never runs them as formulas.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
from flask_babel import gettext as _

from grants.core import formatting
from grants.core.spreadsheets import safe_frame
from grants.evaluation import rules
from grants.evaluation.labels import CELL_LABELS, KIND_LABELS

_frame = safe_frame


def _kind_label(member) -> str:
    return _(KIND_LABELS[member.kind])


def sheet_xlsx(sheet, *, exclusions, hidden: set[int] = frozenset()) -> io.BytesIO:
    """The workbook; offers in `hidden` (the viewer was excluded from them) are left out."""
    crit_cols = [(c, f"{c.position}. {c.name} (max {rules.display(c.max_points)})")
                 for c in sheet.criteria]
    offers = [o for o in sheet.offers if o.id not in hidden]
    scores = []
    for offer in offers:
        for member in sheet.members:
            cell = sheet.cell(member, offer)
            row = {
                _("Oferta"): offer.number,
                _("Tytuł zadania"): (offer.filed_version.title if offer.filed_version
                                     else ""),
                _("Oferent"): offer.organisation.name,
                _("Zadanie konkursowe"): offer.task.title,
                _("Członek komisji"): member.user.full_name,
                _("Rodzaj członkostwa"): _kind_label(member),
                _("Głos liczony"): _("tak") if sheet.voting(member) else _("nie"),
                _("Stan oceny"): _state_label(cell.state),
            }
            for c, label in crit_cols:
                row[label] = rules.display(cell.points.get(c.id)) if cell.points else None
            row[_("Suma punktów")] = rules.display(cell.total)
            for c, _label in crit_cols:
                row[_("Uzasadnienie: %(n)s", n=c.position)] = cell.justifications.get(c.id, "")
            scores.append(row)
    results = []
    for offer in offers:
        result = sheet.results[offer.id]
        row = {
            _("Oferta"): offer.number,
            _("Tytuł zadania"): offer.filed_version.title if offer.filed_version else "",
            _("Oferent"): offer.organisation.name,
            _("Zadanie konkursowe"): offer.task.title,
            _("Liczba ocen liczonych"): result.n_scores,
        }
        for c, label in crit_cols:
            row[_("Średnia: %(label)s", label=label)] = rules.display(
                result.criterion_means.get(c.id))
        row[_("Średnia suma punktów")] = result.mean_display
        row[_("Spełnia minimum")] = _("tak") if result.eligible else _("nie")
        row[_("Duża rozbieżność ocen")] = (_("tak") if offer.id in sheet.disagreements
                                           else _("nie"))
        results.append(row)
    members = []
    for m in sheet.members:
        members.append({
            _("Członek komisji"): m.user.full_name,
            _("Rodzaj członkostwa"): _kind_label(m),
            _("Organizacja wskazująca"): (m.naming_organisation.name
                                          if m.naming_organisation else ""),
            _("Funkcja"): (_("przewodniczący(-a) komisji") if m.is_chair
                           else _("sekretarz komisji") if m.is_secretary else ""),
            _("Oświadczenie podpisane"): (formatting.datetime(m.declaration.signed_at)
                                          if m.declaration else _("nie")),
            _("Średnie odchylenie od pozostałych (pkt)"): rules.display(
                sheet.deviations.get(m.id)),
        })
    excl = [{
        _("Członek komisji"): e.member.user.full_name,
        _("Wyłączony z"): (_("oferta %(number)s", number=e.offer.number) if e.offer
                           else _("wszystkie oferty oferenta %(name)s",
                                  name=e.organisation.name)),
        _("Okoliczność"): e.reason,
        _("Zgłoszono"): formatting.datetime(e.declared_at),
    } for e in exclusions]
    closure = sheet.committee.closure
    about = [
        {_("Pole"): _("Konkurs"), _("Wartość"): f"{sheet.competition.reference} – "
                                                 f"{sheet.competition.title}"},
        {_("Pole"): _("Maksymalna suma punktów"), _("Wartość"): rules.display(sheet.max_total)},
        {_("Pole"): _("Minimum (% maksymalnej sumy)"),
         _("Wartość"): rules.display(sheet.competition.min_score_pct)},
        {_("Pole"): _("Zamknięcie oceny"),
         _("Wartość"): formatting.datetime(closure.closed_at) if closure else ""},
        {_("Pole"): _("Ocena kompletna"),
         _("Wartość"): (_("tak") if closure.complete else _("nie")) if closure else ""},
        {_("Pole"): _("Przyczyna zamknięcia mimo braków"),
         _("Wartość"): closure.reason if closure else ""},
    ]
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for title, rows in ((_("Oceny"), scores), (_("Wyniki"), results),
                            (_("Komisja"), members), (_("Wyłączenia"), excl),
                            (_("Informacje"), about)):
            frame = _frame(rows) if rows else pd.DataFrame({_("Brak danych"): []})
            frame.to_excel(writer, sheet_name=title[:31], index=False)
            ws = writer.sheets[title[:31]]
            for column in ws.iter_cols(min_row=2):
                for cell in column:
                    if isinstance(cell.value, Decimal):
                        cell.number_format = "0.00"
                    elif isinstance(cell.value, str):
                        cell.data_type = "s"  # a text cell is never a formula
    buf.seek(0)
    return buf


def _state_label(state: str) -> str:
    return _(CELL_LABELS[state])
