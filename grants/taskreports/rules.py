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
from grants.core.i18n import N_, msg
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
    first = period_end + dt.timedelta(days=1)
    if partial:
        text = msg("Sprawozdanie częściowe można złożyć dopiero po zakończeniu okresu, którego "
                   "dotyczy (%(end)s) - najwcześniej %(first)s.", end=period_end, first=first)
    else:
        text = msg("Sprawozdanie końcowe można złożyć dopiero po zakończeniu zadania (okres "
                   "sprawozdawczy kończy się %(end)s) - najwcześniej %(first)s. Do tego dnia "
                   "możesz przygotowywać i zapisywać wersję roboczą.", end=period_end,
                   first=first)
    return [Problem("period_end", text)]


def document_flags(documents: Sequence[DocumentRow], *, period_start: dt.date,
                   last_day: dt.date, partial: bool = False) -> list[Problem]:
    """Documents for the officer to look at (they do not stop the filing): dated outside the
    period of eligible costs, `period_start` .. `last_day` (the date by which the grant was
    to be used; for a partial report, the end of the period reported on), or paid from the
    grant after `last_day`."""
    flags: list[Problem] = []
    until = msg("koniec okresu objętego sprawozdaniem") if partial else \
        msg("termin wykorzystania dotacji")
    for i, d in enumerate(documents):
        key = f"documents-{i}-"
        if d.issued_on < period_start or d.issued_on > last_day:
            flags.append(Problem(key + "issued_on", msg(
                "Dokument %(number)s z dnia %(issued)s: data spoza okresu kosztów "
                "kwalifikowalnych %(start)s–%(end)s (%(until)s).", number=d.number,
                issued=d.issued_on, start=period_start, end=last_day, until=until)))
        if d.paid_on is not None and d.grant_part > 0 and d.paid_on > last_day:
            flags.append(Problem(key + "paid_on", msg(
                "Dokument %(number)s: zapłacony z dotacji %(paid)s, po dniu %(last)s, do "
                "którego dotację należało wykorzystać.", number=d.number, paid=d.paid_on,
                last=last_day)))
    return flags


def _document_problems(d: DocumentRow, key: str, codes: set[str],
                       filed_on: dt.date | None) -> list[Problem]:
    problems = []
    if d.item_code not in codes:
        problems.append(Problem(key + "item_code", msg(
            "Dokument %(number)s: pozycja kosztorysu „%(code)s” nie występuje w umowie "
            "(pozycje umowy: %(codes)s).", number=d.number, code=d.item_code,
            codes=", ".join(sorted(codes)))))
    if d.grant_part > d.amount:
        problems.append(Problem(key + "grant_part", msg(
            "Dokument %(number)s: część z dotacji (%(part)s) jest większa od kwoty dokumentu "
            "(%(amount)s).", number=d.number, part=Decimal(d.grant_part),
            amount=Decimal(d.amount))))
    if filed_on is not None and d.issued_on > filed_on:
        problems.append(Problem(key + "issued_on", msg(
            "Dokument %(number)s z dnia %(issued)s: data wystawienia późniejsza niż dzień "
            "złożenia sprawozdania (%(filed)s).", number=d.number, issued=d.issued_on,
            filed=filed_on)))
    if filed_on is not None and d.paid_on is not None and d.paid_on > filed_on:
        problems.append(Problem(key + "paid_on", msg(
            "Dokument %(number)s: data zapłaty %(paid)s późniejsza niż dzień złożenia "
            "sprawozdania (%(filed)s).", number=d.number, paid=d.paid_on, filed=filed_on)))
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
            text = (N_("Pozycja %(code)s: dokumenty wykazują z dotacji %(documented)s, a koszt "
                       "z dotacji w tabeli kosztów to %(actual)s - o %(diff)s więcej.")
                    if diff > 0 else
                    N_("Pozycja %(code)s: dokumenty wykazują z dotacji %(documented)s, a koszt "
                       "z dotacji w tabeli kosztów to %(actual)s - o %(diff)s mniej."))
            problems.append(Problem(f"costs-{i}-actual_grant", msg(
                text, code=c.item_code, documented=documented,
                actual=Decimal(c.actual_grant), diff=abs(diff))))
    total = q(sum((c.actual_grant for c in costs), ZERO))
    if total > q(paid):
        text = (N_("Koszty z dotacji razem (%(total)s) przekraczają kwotę dotacji przekazaną "
                   "do dnia złożenia (%(paid)s) o %(over)s.") if partial else
                N_("Koszty z dotacji razem (%(total)s) przekraczają kwotę dotacji przekazaną "
                   "na podstawie umowy (%(paid)s) o %(over)s."))
        problems.append(Problem("costs", msg(text, total=total, paid=q(paid),
                                             over=total - q(paid))))
    return problems
