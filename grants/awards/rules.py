"""The ranking and the proposed grants (competitions.md steps 6 and 9). Pure: no database, no
Flask; scores and amounts are Decimal.

- Per task, the eligible offers are ranked by their mean total, descending, at full precision
  (never the rounded display value). Ties are broken by the competition's rule: first, when
  one is chosen, the higher mean in a criterion; finally the earlier filing (then the lower
  offer id, so that the order is always deterministic). Every tie and how it was broken is
  described in a note kept on the ranking row.
- Grants are proposed top-down within the task's funds: an offer gets min(requested,
  remaining); the officer may lower it. A grant never exceeds the amount requested, an
  offer that is not eligible gets nothing, and the sum never exceeds the funds.
- Annulment (art. 18a) is proposed when no offer was filed or none met the conditions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from grants.core.errors import Problem
from grants.core.i18n import N_, msg

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
WARSAW = ZoneInfo("Europe/Warsaw")

# how a tie was broken (stored on the ranking row)
BY_PRECISION = "precision"   # equal after rounding to 0.01, different at full precision
BY_CRITERION = "criterion"   # the higher mean in the chosen criterion
BY_FILING = "filing"         # the earlier filing (then the lower offer id)

# why annulment is proposed
NO_OFFERS = "no_offers"
NONE_MET_CONDITIONS = "none_met_conditions"


def display(value: Decimal | None) -> Decimal | None:
    """2 decimals, half up: for pages, notes and exports - never for ranking."""
    if value is None:
        return None
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def pts(value: Decimal | None) -> str:
    """Points in a message: 73,33."""
    if value is None:
        return "–"
    return f"{display(value)}".replace(".", ",")


# ---------------------------------------------------------------- ranking

@dataclass(frozen=True)
class Candidate:
    """An offer of one task as the committee left it."""

    key: Hashable                      # the offer's id
    label: str                         # the offer's number, for the notes
    mean_total: Decimal | None         # full precision; None when nobody scored it
    eligible: bool
    requested: Decimal
    filed_at: dt.datetime              # aware
    criterion_means: Mapping[Hashable, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Placed:
    key: Hashable
    rank: int | None                   # 1, 2, ... for eligible offers; None otherwise
    eligible: bool
    tie_broken_by: str = ""            # BY_PRECISION | BY_CRITERION | BY_FILING | ""
    tie_note: str = ""


def _filed_text(instant: dt.datetime) -> str:
    return instant.astimezone(WARSAW).strftime("%d.%m.%Y %H:%M:%S")


def _criterion_mean(c: Candidate, criterion: Hashable | None) -> Decimal:
    if criterion is None:
        return ZERO
    return Decimal(c.criterion_means.get(criterion, ZERO))


def _order_key(c: Candidate, criterion: Hashable | None):
    return (-Decimal(c.mean_total), -_criterion_mean(c, criterion), c.filed_at, str(c.key))


def rank_task(candidates: Sequence[Candidate], *, criterion: Hashable | None = None,
              criterion_label: str = "") -> list[Placed]:
    """The ranking of one task: eligible offers first (rank 1, 2 ...), then the others
    (no rank) in the order of their score. Each row of a tie carries a note saying with
    which offers it tied and which rule decided."""
    eligible = [c for c in candidates if c.eligible and c.mean_total is not None]
    others = [c for c in candidates if not (c.eligible and c.mean_total is not None)]
    ordered = sorted(eligible, key=lambda c: _order_key(c, criterion))
    placed: list[Placed] = []
    for rank, c in enumerate(ordered, 1):
        broken_by, note = _tie(c, ordered, criterion, criterion_label)
        placed.append(Placed(c.key, rank, True, broken_by, note))
    rest = sorted(others, key=lambda c: (c.mean_total is None,
                                         -(c.mean_total or ZERO), c.filed_at, str(c.key)))
    placed.extend(Placed(c.key, None, False) for c in rest)
    return placed


def _tie(c: Candidate, ordered: Sequence[Candidate], criterion: Hashable | None,
         criterion_label: str) -> tuple[str, str]:
    exact = [o for o in ordered if o.key != c.key and o.mean_total == c.mean_total]
    if not exact:
        rounded = [o for o in ordered if o.key != c.key
                   and display(o.mean_total) == display(c.mean_total)]
        if not rounded:
            return "", ""
        names = ", ".join(o.label for o in rounded)
        return BY_PRECISION, (
            f"Ocena równa po zaokrągleniu ({pts(c.mean_total)} pkt) z ofertą(-ami): {names}. "
            "O kolejności zdecydowała średnia liczona z pełną dokładnością.")
    names = ", ".join(o.label for o in exact)
    head = f"Równa ocena ({pts(c.mean_total)} pkt) z ofertą(-ami): {names}."
    mine = _criterion_mean(c, criterion)
    if criterion is not None and all(_criterion_mean(o, criterion) != mine for o in exact):
        return BY_CRITERION, (
            f"{head} Rozstrzygnięto regułą konkursu: wyższa średnia w kryterium "
            f"„{criterion_label}” ({pts(mine)} pkt).")
    step = ""
    if criterion is not None:
        step = (f" Średnia w kryterium „{criterion_label}” również równa ({pts(mine)} pkt);")
    same_second = [o for o in exact if o.filed_at == c.filed_at
                   and _criterion_mean(o, criterion) == mine]
    tail = " (przy równym czasie złożenia – niższy identyfikator oferty)" if same_second else ""
    return BY_FILING, (
        f"{head}{step} Rozstrzygnięto regułą ostateczną: wcześniejsze złożenie oferty "
        f"({_filed_text(c.filed_at)}){tail}.")


# ---------------------------------------------------------------- proposed grants

def propose(order: Sequence[tuple[Hashable, Decimal]], funds: Decimal) -> dict[Hashable, Decimal]:
    """Top-down within the funds: each offer (in ranking order, eligible ones only) gets
    min(requested, what remains). Amounts to the grosz; the sum never exceeds the funds."""
    funds = Decimal(funds)
    if funds < 0:
        raise ValueError("funds must not be negative")
    remaining = funds
    out: dict[Hashable, Decimal] = {}
    for key, requested in order:
        requested = Decimal(requested)
        if requested < 0:
            raise ValueError("a requested amount must not be negative")
        grant = min(requested, remaining).quantize(CENT)
        if grant > remaining:  # pragma: no cover - quantize of a grosz amount is exact
            grant = remaining
        out[key] = grant
        remaining -= grant
    return out


@dataclass(frozen=True)
class GrantRow:
    key: Hashable
    label: str
    requested: Decimal
    eligible: bool
    grant: Decimal


def check_grants(rows: Sequence[GrantRow], funds: Decimal, *, task_label: str = "") -> list[Problem]:
    """Grants of one task as the officer (or the decision) sets them: each between 0 and
    the amount requested, to the grosz, nothing for an offer that is not eligible, and the
    sum within the task's funds."""
    problems: list[Problem] = []
    total = ZERO
    for r in rows:
        key = f"grant-{r.key}"
        grant = Decimal(r.grant)
        if grant < 0:
            problems.append(Problem(key, msg("Oferta %(offer)s: kwota nie może być ujemna.",
                                             offer=r.label)))
            continue
        if grant != grant.quantize(CENT):
            problems.append(Problem(key, msg("Oferta %(offer)s: kwota może mieć najwyżej dwa "
                                             "miejsca po przecinku (grosze).", offer=r.label)))
            continue
        if grant > Decimal(r.requested):
            problems.append(Problem(key, msg("Oferta %(offer)s: dotacja %(grant)s przekracza "
                                             "wnioskowaną kwotę %(requested)s.", offer=r.label,
                                             grant=grant, requested=Decimal(r.requested))))
        if grant > 0 and not r.eligible:
            problems.append(Problem(key, msg("Oferta %(offer)s nie uzyskała minimalnej oceny "
                                             "– nie może otrzymać dotacji.", offer=r.label)))
        total += grant
    if total > Decimal(funds):
        text = (N_("Suma dotacji zadania „%(task)s” (%(total)s) przekracza środki przeznaczone "
                   "na zadanie (%(funds)s) o %(over)s.") if task_label else
                N_("Suma dotacji zadania (%(total)s) przekracza środki przeznaczone na zadanie "
                   "(%(funds)s) o %(over)s."))
        problems.append(Problem("funds", msg(text, task=task_label, total=total,
                                             funds=Decimal(funds),
                                             over=total - Decimal(funds))))
    return problems


# ---------------------------------------------------------------- annulment (art. 18a)

ANNULMENT_REASONS = {
    NO_OFFERS: N_("Nie złożono żadnej oferty (art. 18a ust. 1 pkt 1 ustawy o działalności "
                  "pożytku publicznego i o wolontariacie)."),
    NONE_MET_CONDITIONS: N_("Żadna ze złożonych ofert nie spełniła wymogów zawartych w "
                            "ogłoszeniu (art. 18a ust. 1 pkt 2 ustawy o działalności pożytku "
                            "publicznego i o wolontariacie)."),
}


def annulment_ground(*, filed: int, formally_rejected: int, scored: int | None,
                     eligible: int | None) -> str | None:
    """The ground on which the system proposes annulling the competition, or None.

    `filed`: offers filed and not withdrawn; `formally_rejected`: those finally rejected in
    the formal check; `scored` / `eligible`: offers scored by the committee and those that
    reached the minimum - None while scoring is open.
    """
    if filed == 0:
        return NO_OFFERS
    if formally_rejected >= filed:
        return NONE_MET_CONDITIONS
    if scored is not None and eligible == 0 and scored > 0 and scored + formally_rejected >= filed:
        return NONE_MET_CONDITIONS
    return None
