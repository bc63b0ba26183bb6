"""Pure rules of the contract (no database, no Flask): the default number, the budget years
and the dates by which the grant must be used, the tranche schedule and the budget items'
checks, and the list of what an annex changes (and its Polish display).

Problems are (field, Polish message) pairs; the services turn them into ValidationFailed with
field errors. Field names: "number", "use_by-<year>", "start_date", "end_date",
"tranches-<i>-<column>", "tranches", "items-<i>-<column>", "items", "item_tolerance_pct",
"share_tolerance_pp", "bank_account".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from stdnum import iban as stdnum_iban

from grants.core.errors import Problem
from grants.core.i18n import N_, msg

ZERO = Decimal("0.00")
POWIERZENIE = "powierzenie"
WSPIERANIE = "wspieranie"
MODES = (POWIERZENIE, WSPIERANIE)   # the form comes from the call (or the offer), not amounts
CONDITIONS = ("none", "partial_report")


@dataclass(frozen=True)
class TrancheRow:
    number: int | None          # None: a new tranche (numbered after the existing ones)
    due_on: dt.date | None
    amount: Decimal | None
    condition: str = "none"


@dataclass(frozen=True)
class ItemRow:
    code: str
    name: str
    planned_total: Decimal | None
    planned_grant: Decimal | None


def default_number(short_name: str, year: int, seq: int) -> str:
    """<organiser short_name>/D/<year>/<seq>, the sequence to four digits: MOPS/D/2026/0003."""
    return f"{short_name}/D/{year}/{seq:04d}"


def budget_years(start: dt.date, end: dt.date) -> list[int]:
    if end < start:
        raise ValueError("koniec zadania przed jego początkiem")
    return list(range(start.year, end.year + 1))


def default_use_by(start: dt.date, end: dt.date) -> dict[int, dt.date]:
    """The task's end for its last year; 31 December for the earlier years of a multi-year
    task."""
    years = budget_years(start, end)
    return {y: (end if y == end.year else dt.date(y, 12, 31)) for y in years}


def check_dates(start: dt.date | None, end: dt.date | None) -> list[Problem]:
    problems = []
    if start is None:
        problems.append(Problem("start_date", N_("Podaj datę rozpoczęcia zadania.")))
    if end is None:
        problems.append(Problem("end_date", N_("Podaj datę zakończenia zadania.")))
    if start and end and end < start:
        problems.append(Problem("end_date", N_("Zadanie nie może się kończyć przed jego "
                                               "rozpoczęciem.")))
    return problems


def check_use_by(start: dt.date, end: dt.date,
                 use_by: Mapping[int, dt.date | None]) -> list[Problem]:
    """Each budget year's date by which the grant must be used: given, in that year (never
    after its 31 December), never before the task's start."""
    problems = []
    for year in budget_years(start, end):
        day = use_by.get(year)
        key = f"use_by-{year}"
        if day is None:
            problems.append(Problem(key, msg("Podaj termin wykorzystania dotacji na rok "
                                             "%(year)s.", year=year)))
        elif day > dt.date(year, 12, 31):
            problems.append(Problem(key, msg("Termin wykorzystania dotacji na rok %(year)s nie "
                                             "może przypadać po 31.12.%(year)s (koniec roku "
                                             "budżetowego).", year=year)))
        elif day < start:
            problems.append(Problem(key, msg("Termin wykorzystania dotacji nie może przypadać "
                                             "przed rozpoczęciem zadania (%(start)s).",
                                             start=start)))
        elif day.year != year:
            problems.append(Problem(key, msg("Termin wykorzystania dotacji na rok %(year)s musi "
                                             "przypadać w roku %(year)s.", year=year)))
    return problems


def check_tolerances(item_pct: Decimal | None, share_pp: Decimal | None) -> list[Problem]:
    problems = []
    if item_pct is None or item_pct < 0 or item_pct > 100:
        problems.append(Problem("item_tolerance_pct", N_("Podaj dopuszczalne zwiększenie "
                                                         "pozycji kosztorysu od 0 do 100 %.")))
    if share_pp is None or share_pp < 0 or share_pp > 100:
        problems.append(Problem("share_tolerance_pp", N_("Podaj dopuszczalny wzrost udziału "
                                                         "dotacji od 0 do 100 pp.")))
    return problems


def _item_problems(i: int, it: ItemRow) -> list[Problem]:
    problems = []
    if it.planned_total is None:
        problems.append(Problem(f"items-{i}-planned_total", N_("Podaj koszt całkowity pozycji.")))
    if it.planned_grant is None:
        problems.append(Problem(f"items-{i}-planned_grant",
                                N_("Podaj część finansowaną z dotacji.")))
    if it.planned_total is None or it.planned_grant is None:
        return problems
    if it.planned_total < 0 or it.planned_grant < 0:
        problems.append(Problem(f"items-{i}-planned_grant", N_("Kwoty nie mogą być ujemne.")))
    elif it.planned_grant > it.planned_total:
        problems.append(Problem(f"items-{i}-planned_grant",
                                msg("Pozycja %(code)s: część z dotacji (%(grant)s) przekracza "
                                    "koszt pozycji (%(total)s).", code=it.code,
                                    grant=Decimal(it.planned_grant),
                                    total=Decimal(it.planned_total))))
    return problems


def check_items(items: Sequence[ItemRow], paid_total: Decimal = ZERO) -> list[Problem]:
    """Each item's planned total and grant part given, non-negative, the grant part within the
    total; the grant (the sum of the grant parts) positive and not below what was paid."""
    if not items:
        return [Problem("items", N_("Umowa musi mieć co najmniej jedną pozycję kosztorysu."))]
    problems = [p for i, it in enumerate(items) for p in _item_problems(i, it)]
    if problems:
        return problems
    grant = sum((it.planned_grant for it in items), ZERO)
    if grant <= 0:
        problems.append(Problem("items", N_("Dotacja (suma części z dotacji) musi być większa "
                                            "od zera.")))
    elif grant < paid_total:
        problems.append(Problem("items", msg("Dotacja (%(grant)s) nie może być niższa od kwoty "
                                             "już przekazanej (%(paid)s).", grant=Decimal(grant),
                                             paid=Decimal(paid_total))))
    return problems


def _tranche_problems(i: int, r: TrancheRow, paid: Mapping[int, Decimal]) -> list[Problem]:
    problems = []
    if r.due_on is None:
        problems.append(Problem(f"tranches-{i}-due_on", N_("Podaj termin przekazania "
                                                           "transzy.")))
    if r.amount is None or r.amount <= 0:
        problems.append(Problem(f"tranches-{i}-amount", N_("Kwota transzy musi być większa "
                                                           "od zera.")))
    if r.condition not in CONDITIONS:
        problems.append(Problem(f"tranches-{i}-condition", N_("Wybierz warunek z listy.")))
    if r.number is not None and r.amount is not None and r.amount < paid.get(r.number, ZERO):
        problems.append(Problem(
            f"tranches-{i}-amount",
            msg("Na transzę nr %(number)s przekazano już %(paid)s - jej kwota nie może być "
                "niższa.", number=r.number, paid=Decimal(paid[r.number]))))
    return problems


def check_tranches(rows: Sequence[TrancheRow], grant: Decimal, *,
                   paid: Mapping[int, Decimal] | None = None,
                   existing: Sequence[int] = ()) -> list[Problem]:
    """The schedule: at least one tranche, each with a due date, a positive amount and a
    known condition; the amounts sum to the grant exactly; a tranche already paid (fully or
    partly) stays, with an amount not below what was paid on it."""
    paid = paid or {}
    problems = []
    if not rows:
        return [Problem("tranches", N_("Harmonogram musi mieć co najmniej jedną transzę."))]
    for i, r in enumerate(rows):
        problems += _tranche_problems(i, r, paid)
    kept = {r.number for r in rows if r.number is not None}
    for number in existing:
        if number not in kept and paid.get(number, ZERO) != 0:
            problems.append(Problem("tranches", msg("Transza nr %(number)s została (częściowo) "
                                                    "wypłacona - nie można jej usunąć.",
                                                    number=number)))
    if not problems:
        total = sum((r.amount for r in rows), ZERO)
        if total != grant:
            diff = grant - total
            problems.append(Problem(
                "tranches",
                msg("Suma transz (%(total)s) musi być równa kwocie dotacji (%(grant)s); "
                    "różnica %(diff)s.", total=Decimal(total), grant=Decimal(grant),
                    diff=Decimal(diff))))
    return problems


def number_tranches(rows: Sequence[TrancheRow], existing: Sequence[int] = ()) -> list[TrancheRow]:
    """Give new rows numbers after the highest one ever used (numbers are kept across annexes
    because payments refer to them)."""
    top = max([0, *existing, *(r.number or 0 for r in rows)])
    out = []
    for r in sorted(rows, key=lambda r: (r.due_on or dt.date.max, r.number or 10**6)):
        if r.number is None:
            top += 1
            r = TrancheRow(top, r.due_on, r.amount, r.condition)
        out.append(r)
    return out


NOT_IN_FORCE = N_("Umowa nie jest podpisana lub nie jest już realizowana.")
TRANCHE_PAID = N_("Transza została wypłacona.")
NEEDS_PARTIAL_REPORT = N_("Transza wymaga przyjętego sprawozdania częściowego.")


def tranche_blocker(*, signed: bool, amount: Decimal, paid: Decimal, needs_report: bool,
                    conditioned_up_to: int, accepted_partial_reports: int) -> str | None:
    """Why a tranche cannot be paid now (a Polish msgid), or None. Only a signed contract is
    paid; a tranche with the partial-report condition needs as many accepted partial reports
    as there are conditioned tranches up to and including it."""
    if not signed:
        return NOT_IN_FORCE
    if paid >= amount:
        return TRANCHE_PAID
    if needs_report and accepted_partial_reports < conditioned_up_to:
        return NEEDS_PARTIAL_REPORT
    return None


def tranche_left(amount: Decimal, paid: Decimal) -> Decimal:
    return max(amount - paid, ZERO)


def check_payment(*, amount: Decimal | None, left: Decimal, paid_on: dt.date | None,
                  signed_on: dt.date | None, today: dt.date, bank_reference: str) -> list[Problem]:
    problems = []
    if amount is None or amount <= 0:
        problems.append(Problem("amount", N_("Kwota przelewu musi być większa od zera.")))
    elif amount > left:
        problems.append(Problem("amount", msg("Kwota przekracza pozostałą do wypłaty część "
                                              "transzy (%(left)s).", left=Decimal(left))))
    if paid_on is None:
        problems.append(Problem("paid_on", N_("Podaj datę przelewu.")))
    elif paid_on > today:
        problems.append(Problem("paid_on", N_("Data przelewu nie może być z przyszłości.")))
    elif signed_on is not None and paid_on < signed_on:
        problems.append(Problem("paid_on", msg("Data przelewu nie może być wcześniejsza niż "
                                               "podpisanie umowy (%(signed)s).",
                                               signed=signed_on)))
    if not (bank_reference or "").strip():
        problems.append(Problem("bank_reference", N_("Podaj identyfikator przelewu z wyciągu "
                                                     "bankowego.")))
    return problems


# ---------------------------------------------------------------- what an annex changes

FIELD_LABELS = {
    "start_date": N_("Data rozpoczęcia zadania"),
    "end_date": N_("Data zakończenia zadania"),
    "use_by": N_("Termin wykorzystania dotacji"),
    "years": N_("Terminy wykorzystania dotacji w latach"),
    "report_due": N_("Termin sprawozdania końcowego"),
    "grant_total": N_("Kwota dotacji"),
    "total_cost": N_("Całkowity koszt zadania"),
    "item_tolerance_pct": N_("Dopuszczalne zwiększenie pozycji kosztorysu (%)"),
    "share_tolerance_pp": N_("Dopuszczalny wzrost udziału dotacji (pp)"),
    "bank_account": N_("Rachunek bankowy"),
    "authority_representatives": N_("Reprezentanci organu"),
    "organisation_representatives": N_("Reprezentanci organizacji"),
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, list):
        return "; ".join(f"{r.get('year')}: {r.get('use_by')}" for r in value)
    return str(value)


def _joint_diff(before: Mapping, after: Mapping) -> list[dict]:
    b_rows = {r["organisation_id"]: r for r in before.get("joint_parties") or []}
    out = []
    for i, row in enumerate(after.get("joint_parties") or [], start=2):
        b = (b_rows.get(row["organisation_id"]) or {}).get("representatives", "")
        if b != row.get("representatives", ""):
            name = row.get("name") or f"nr {i}"
            out.append({"field": f"joint:{row['organisation_id']}:representatives",
                        "label": f"Reprezentanci Zleceniobiorcy {name}", "before": b,
                        "after": row.get("representatives", "")})
    return out


def diff(before: Mapping, after: Mapping) -> list[dict]:
    """What changed between two snapshots of a version (see services.version_snapshot):
    [{field, label, before, after}] - the version's fields, then items by code, then tranches
    by number (added and removed ones included). Values are plain text (ISO dates, amounts
    with a dot)."""
    out = []
    for key, label in FIELD_LABELS.items():
        b, a = _text(before.get(key)), _text(after.get(key))
        if b != a:
            out.append({"field": key, "label": label, "before": b, "after": a})
    b_items = {i["code"]: i for i in before.get("items", [])}
    a_items = {i["code"]: i for i in after.get("items", [])}
    for code in [*b_items, *(c for c in a_items if c not in b_items)]:
        bi, ai = b_items.get(code), a_items.get(code)
        for col, label in (("planned_total", "koszt całkowity"),
                           ("planned_grant", "w tym z dotacji")):
            bv = _text(bi[col]) if bi else ""
            av = _text(ai[col]) if ai else ""
            if bv != av:
                name = (ai or bi)["name"]
                out.append({"field": f"item:{code}:{col}",
                            "label": f"Kosztorys, pozycja {code} „{name}” – {label}",
                            "before": bv,
                            "after": av})
    b_tr = {t["number"]: t for t in before.get("tranches", [])}
    a_tr = {t["number"]: t for t in after.get("tranches", [])}
    for number in sorted(set(b_tr) | set(a_tr)):
        bt, at = b_tr.get(number), a_tr.get(number)
        for col, label in (("due_on", "termin przekazania"), ("amount", "kwota"),
                           ("condition", "warunek przekazania")):
            bv = _text(bt[col]) if bt else ""
            av = _text(at[col]) if at else ""
            if bv != av:
                out.append({"field": f"tranche:{number}:{col}",
                            "label": f"Transza nr {number} – {label}", "before": bv,
                            "after": av})
    return out + _joint_diff(before, after)


# ---------------------------------------------------------------- an annex's change, displayed

CONDITION_LABELS = {"none": N_("brak – według terminu"),
                    "partial_report": N_("po przyjęciu sprawozdania częściowego")}
_DATE_FIELDS = ("start_date", "end_date", "use_by", "report_due")
_MONEY_FIELDS = ("grant_total", "total_cost")
_KINDS = {"item_tolerance_pct": "percent", "share_tolerance_pp": "pp", "years": "years",
          "bank_account": "iban"}


def change_kind(field: str) -> str:
    """How a change's values are shown: date, money, percent, pp, years, label, iban, text."""
    if field in _DATE_FIELDS or field.endswith(":due_on"):
        return "date"
    if field in _MONEY_FIELDS or field.endswith((":planned_total", ":planned_grant",
                                                 ":amount")):
        return "money"
    if field.endswith(":condition"):
        return "label"
    return _KINDS.get(field, "text")


def _years(text: str) -> list[tuple[int, dt.date]]:
    out = []
    for part in text.split(";"):
        year, day = part.split(":", 1)
        out.append((int(year), dt.date.fromisoformat(day.strip())))
    return out


_PARSERS = {
    "date": dt.date.fromisoformat,
    "money": Decimal, "percent": Decimal, "pp": Decimal,
    "years": _years,
    "label": lambda text: CONDITION_LABELS[text],
    "iban": lambda text: stdnum_iban.format(text),
}


def _typed(kind: str, text: str):
    """(kind, value) of a stored text; unparsable text stays text."""
    if not text:
        return kind, None
    parser = _PARSERS.get(kind)
    if parser is None:
        return kind, text
    try:
        return kind, parser(text)
    except (ValueError, KeyError, ArithmeticError):
        return "text", text


def display_change(change: Mapping) -> dict:
    """A stored change (diff()) with typed values for display: {label, before, after} where
    before/after are {kind, value} (value None when there was none) - dates, amounts and
    labels formatted by the templates (Polish in the annex's PDF), never the stored ISO dates,
    "26000.00" or internal codes."""
    kind = change_kind(str(change.get("field", "")))
    out = {"label": change.get("label", "")}
    for side in ("before", "after"):
        value_kind, value = _typed(kind, str(change.get(side) or ""))
        out[side] = {"kind": value_kind, "value": value}
    return out
