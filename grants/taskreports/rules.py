"""The checks a task report must pass to be filed (art. 18 UDPP; pure: no database): the
filing day against the end of the period reported on, the documents against the contract's
budget items and the filing day, the grant parts against the actual costs, the grant
reported against what was paid. A document outside the period of eligible costs does not
stop the filing: it is flagged to the officer (`document_flags`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from grants.core.errors import Problem
from grants.core.formatting import day, pln
from grants.core.money import ZERO, q


@dataclass(frozen=True)
class CostRow:
    item_code: str
    actual_grant: Decimal


@dataclass(frozen=True)
class DocumentRow:
    number: str
    issued_on: dt.date
    amount: Decimal
    item_code: str
    grant_part: Decimal
    paid_on: dt.date | None = None


def timing_problems(*, partial: bool, period_end: dt.date, filed_on: dt.date) -> list[Problem]:
    """A final report is filed after the task ends, a partial one after the period it reports
    on ends: from the day after `period_end` (the period's last day still belongs to it)."""
    if filed_on > period_end:
        return []
    first = day(period_end + dt.timedelta(days=1))
    if partial:
        text = (f"Sprawozdanie częściowe można złożyć dopiero po zakończeniu okresu, którego "
                f"dotyczy ({day(period_end)}) - najwcześniej {first}.")
    else:
        text = (f"Sprawozdanie końcowe można złożyć dopiero po zakończeniu zadania (okres "
                f"sprawozdawczy kończy się {day(period_end)}) - najwcześniej {first}. Do "
                f"tego dnia możesz przygotowywać i zapisywać wersję roboczą.")
    return [Problem("period_end", text)]


def document_flags(documents: Sequence[DocumentRow], *, period_start: dt.date,
                   last_day: dt.date, partial: bool = False) -> list[Problem]:
    """Documents for the officer to look at (they do not stop the filing): dated outside the
    period of eligible costs, `period_start` .. `last_day` (the date by which the grant was
    to be used; for a partial report, the end of the period reported on), or paid from the
    grant after `last_day`."""
    flags: list[Problem] = []
    until = "koniec okresu objętego sprawozdaniem" if partial else "termin wykorzystania dotacji"
    for i, d in enumerate(documents):
        key = f"documents-{i}-"
        if d.issued_on < period_start or d.issued_on > last_day:
            flags.append(Problem(key + "issued_on", (
                f"Dokument {d.number} z dnia {day(d.issued_on)}: data spoza okresu kosztów "
                f"kwalifikowalnych {day(period_start)}–{day(last_day)} ({until}).")))
        if d.paid_on is not None and d.grant_part > 0 and d.paid_on > last_day:
            flags.append(Problem(key + "paid_on", (
                f"Dokument {d.number}: zapłacony z dotacji {day(d.paid_on)}, po dniu "
                f"{day(last_day)}, do którego dotację należało wykorzystać.")))
    return flags


def _document_problems(d: DocumentRow, key: str, codes: set[str],
                       filed_on: dt.date | None) -> list[Problem]:
    problems = []
    if d.item_code not in codes:
        problems.append(Problem(key + "item_code", (
            f"Dokument {d.number}: pozycja kosztorysu „{d.item_code}” nie występuje w "
            f"umowie (pozycje umowy: {', '.join(sorted(codes))}).")))
    if d.grant_part > d.amount:
        problems.append(Problem(key + "grant_part", (
            f"Dokument {d.number}: część z dotacji ({pln(d.grant_part)}) jest większa od "
            f"kwoty dokumentu ({pln(d.amount)}).")))
    if filed_on is not None and d.issued_on > filed_on:
        problems.append(Problem(key + "issued_on", (
            f"Dokument {d.number} z dnia {day(d.issued_on)}: data wystawienia późniejsza niż "
            f"dzień złożenia sprawozdania ({day(filed_on)}).")))
    if filed_on is not None and d.paid_on is not None and d.paid_on > filed_on:
        problems.append(Problem(key + "paid_on", (
            f"Dokument {d.number}: data zapłaty {day(d.paid_on)} późniejsza niż dzień "
            f"złożenia sprawozdania ({day(filed_on)}).")))
    return problems


def filing_problems(*, costs: Sequence[CostRow], documents: Sequence[DocumentRow],
                    item_codes: Collection[str], paid: Decimal,
                    filed_on: dt.date | None = None, partial: bool = False) -> list[Problem]:
    """The checks a report must pass to be filed (a pure function):

    - every document's item code is one of the contract's budget items;
    - a document's grant part is at most its amount;
    - no document is issued or paid after `filed_on` (the filing day);
    - per item, the grant parts of its documents sum to the item's actual grant (to the
      grosz);
    - the actual grant in total does not exceed what was paid (for a partial report: paid so
      far).
    The period of eligible costs is not a refusal: see `document_flags`.
    """
    problems: list[Problem] = []
    codes = set(item_codes)
    for i, d in enumerate(documents):
        problems += _document_problems(d, f"documents-{i}-", codes, filed_on)
    per_item: dict[str, Decimal] = {}
    for d in documents:
        per_item[d.item_code] = per_item.get(d.item_code, ZERO) + d.grant_part
    for i, c in enumerate(costs):
        documented = q(per_item.get(c.item_code, ZERO))
        if documented != q(c.actual_grant):
            diff = documented - q(c.actual_grant)
            more_less = "więcej" if diff > 0 else "mniej"
            problems.append(Problem(f"costs-{i}-actual_grant", (
                f"Pozycja {c.item_code}: dokumenty wykazują z dotacji {pln(documented)}, a "
                f"koszt z dotacji w tabeli kosztów to {pln(c.actual_grant)} - o "
                f"{pln(abs(diff))} {more_less}.")))
    total = q(sum((c.actual_grant for c in costs), ZERO))
    if total > q(paid):
        problems.append(Problem("costs", (
            f"Koszty z dotacji razem ({pln(total)}) przekraczają kwotę dotacji przekazaną "
            f"{'do dnia złożenia' if partial else 'na podstawie umowy'} ({pln(paid)}) o "
            f"{pln(total - q(paid))}.")))
    return problems
