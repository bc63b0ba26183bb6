"""The scoring sheet as XLSX (openpyxl, grants.core.spreadsheets.write_table), served only
after scoring is closed.

Points and means go to the workbook as Decimal (quantized to 2 decimals for display): openpyxl
writes their exact decimal text as a number - never a float computed here. Instants are date
cells in Warsaw time. Every text is a text cell, so "=HYPERLINK(...)" typed by a person is shown
as typed and never run as a formula.
"""

from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook

from grants.core.spreadsheets import write_table
from grants.evaluation import rules
from grants.evaluation.labels import CELL_LABELS, KIND_LABELS


def _kind_label(member) -> str:
    return _(KIND_LABELS[member.kind])


def sheet_xlsx(sheet, *, exclusions, hidden: set[int] = frozenset()) -> io.BytesIO:
    """The workbook; offers in `hidden` (the viewer was excluded from them) are left out."""
    crit_cols = [(c, f"{c.position}. {c.name} (max {rules.display(c.max_points)})")
                 for c in sheet.criteria]
    offers = [o for o in sheet.offers if o.id not in hidden]
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in ((_("Oceny"), _scores(sheet, offers, crit_cols)),
                        (_("Wyniki"), _results(sheet, offers, crit_cols)),
                        (_("Komisja"), _members(sheet)),
                        (_("Wyłączenia"), _exclusions(exclusions)),
                        (_("Informacje"), _about(sheet))):
        write_table(wb.create_sheet(title[:31]), rows, empty=_("Brak danych"),
                    decimal_format="0.00")
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def _offer_columns(offer) -> dict:
    return {
        _("Oferta"): offer.number,
        _("Tytuł zadania"): offer.filed_version.title if offer.filed_version else "",
        _("Oferent"): offer.organisation.name,
        _("Zadanie konkursowe"): offer.task.title,
    }


def _scores(sheet, offers, crit_cols) -> list[dict]:
    rows = []
    for offer in offers:
        for member in sheet.members:
            cell = sheet.cell(member, offer)
            row = _offer_columns(offer) | {
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
            rows.append(row)
    return rows


def _results(sheet, offers, crit_cols) -> list[dict]:
    rows = []
    for offer in offers:
        result = sheet.results[offer.id]
        row = _offer_columns(offer) | {_("Liczba ocen liczonych"): result.n_scores}
        for c, label in crit_cols:
            row[_("Średnia: %(label)s", label=label)] = rules.display(
                result.criterion_means.get(c.id))
        row[_("Średnia suma punktów")] = result.mean_display
        row[_("Spełnia minimum")] = _("tak") if result.eligible else _("nie")
        row[_("Duża rozbieżność ocen")] = (_("tak") if offer.id in sheet.disagreements
                                           else _("nie"))
        rows.append(row)
    return rows


def _members(sheet) -> list[dict]:
    return [{
        _("Członek komisji"): m.user.full_name,
        _("Rodzaj członkostwa"): _kind_label(m),
        _("Organizacja wskazująca"): (m.naming_organisation.name
                                      if m.naming_organisation else ""),
        _("Funkcja"): (_("przewodniczący(-a) komisji") if m.is_chair
                       else _("sekretarz komisji") if m.is_secretary else ""),
        _("Oświadczenie podpisane"): m.declaration.signed_at if m.declaration else _("nie"),
        _("Średnie odchylenie od pozostałych (pkt)"): rules.display(
            sheet.deviations.get(m.id)),
    } for m in sheet.members]


def _exclusions(exclusions) -> list[dict]:
    return [{
        _("Członek komisji"): e.member.user.full_name,
        _("Wyłączony z"): (_("oferta %(number)s", number=e.offer.number) if e.offer
                           else _("wszystkie oferty oferenta %(name)s",
                                  name=e.organisation.name)),
        _("Okoliczność"): _(e.reason) if e.automatic else e.reason,
        _("Zgłoszono"): e.declared_at if e.declared_at else "",
    } for e in exclusions]


def _about(sheet) -> list[dict]:
    closure = sheet.committee.closure
    return [
        {_("Pole"): _("Konkurs"), _("Wartość"): f"{sheet.competition.reference} – "
                                                 f"{sheet.competition.title}"},
        {_("Pole"): _("Maksymalna suma punktów"), _("Wartość"): rules.display(sheet.max_total)},
        {_("Pole"): _("Minimum (% maksymalnej sumy)"),
         _("Wartość"): rules.display(sheet.competition.min_score_pct)},
        {_("Pole"): _("Zamknięcie oceny"),
         _("Wartość"): closure.closed_at if closure else ""},
        {_("Pole"): _("Ocena kompletna"),
         _("Wartość"): (_("tak") if closure.complete else _("nie")) if closure else ""},
        {_("Pole"): _("Przyczyna zamknięcia mimo braków"),
         _("Wartość"): closure.reason if closure else ""},
    ]


def _state_label(state: str) -> str:
    return _(CELL_LABELS[state])
