"""The committee's arithmetic (UDPP art. 15 ust. 1; competitions.md step 5). Pure: no database,
no Flask. Points are Decimal; shares are percentages (Decimal("50") is 50 %).

- A member gives each applicable criterion 0..max points; a written justification is required
  below `justification_below_pct` % of the criterion's maximum.
- The offer's score is the mean of the voting members' totals, at full precision (ranking);
  `display()` quantizes to 2 decimals for pages and exports only.
- Eligible: mean total >= min_score_pct % of the maximum total, and each criterion's mean
  >= its min_points where set.
- Flags for the committee's discussion (the legal result stays the mean): an offer whose
  spread of totals (max - min) exceeds `disagreement_pct` % of the maximum total; a member
  whose mean deviation from the other members' mean, over the offers, exceeds
  `deviation_pct` % of the maximum total.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from grants.core.i18n import N_
from grants.core.money import AmountError, parse_amount

HUNDRED = Decimal("100")
CENT = Decimal("0.01")
MAX_POINTS_LIMIT = Decimal("9999.99")  # Numeric(6, 2)
WSPIERANIE_ONLY_POINT = 4  # art. 15 ust. 1 pkt 4: own and third-party funds


@dataclass(frozen=True)
class CriterionSpec:
    key: Hashable                 # the criterion's id
    statutory_point: int          # 1..6 of art. 15 ust. 1
    max_points: Decimal
    min_points: Decimal | None = None
    name: str = ""


def applicable(criteria: Iterable[CriterionSpec], mode: str) -> list[CriterionSpec]:
    """The criteria scored in this mode: point 4 (own funds) only in wspieranie."""
    return [c for c in criteria
            if not (c.statutory_point == WSPIERANIE_ONLY_POINT and mode != "wspieranie")]


def max_total(criteria: Iterable[CriterionSpec]) -> Decimal:
    return sum((c.max_points for c in criteria), Decimal("0"))


def _share(pct: Decimal, of: Decimal) -> Decimal:
    if pct < 0 or pct > HUNDRED:
        raise ValueError(f"a share must be within 0..100 %, got {pct}")
    return pct * of / HUNDRED


def display(value: Decimal | None) -> Decimal | None:
    """2 decimals, half up: for pages and exports, never for ranking."""
    if value is None:
        return None
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------ one member's points

def parse_points(text: str | None, locale: str = "pl") -> Decimal | None:
    """Points typed by a person ("12", "12,5", "12.50" in Polish; "12.5" in English), read
    as amounts are (core.money.parse_amount); None when empty.

    Raises ValueError with a Polish message on anything else.
    """
    if text is None or not text.strip():
        return None
    try:
        value = parse_amount(text, locale)
    except AmountError as exc:
        if exc.kind == "decimals":
            raise ValueError(N_("Liczba punktów może mieć najwyżej dwa miejsca po przecinku.")) \
                from exc
        if exc.kind == "too_big":
            raise ValueError(N_("Liczba punktów przekracza maksimum kryterium.")) from exc
        raise ValueError(N_("Podaj liczbę punktów (np. 12 albo 12,5).")) from exc
    if abs(value) > MAX_POINTS_LIMIT:
        raise ValueError(N_("Liczba punktów przekracza maksimum kryterium."))
    return value


def points_problem(points: Decimal | None, max_points: Decimal) -> str | None:
    """Why `points` are not acceptable for a criterion of `max_points` (None: fine or empty)."""
    if points is None:
        return None
    if not isinstance(points, Decimal):
        raise TypeError("points are Decimal, never float")
    if not points.is_finite():
        return N_("Podaj liczbę punktów (np. 12 albo 12,5).")
    if points < 0:
        return N_("Liczba punktów nie może być ujemna.")
    if points > max_points:
        return N_("Liczba punktów przekracza maksimum kryterium.")
    if points != points.quantize(CENT):
        return N_("Liczba punktów może mieć najwyżej dwa miejsca po przecinku.")
    return None


def justification_required(points: Decimal | None, max_points: Decimal,
                           below_pct: Decimal) -> bool:
    """True when `points` are below `below_pct` % of the maximum (empty points: not yet)."""
    if points is None:
        return False
    return points < _share(below_pct, max_points)


@dataclass
class ItemInput:
    points: Decimal | None
    justification: str = ""


def item_problems(criteria: Sequence[CriterionSpec], items: Mapping[Hashable, ItemInput], *,
                  below_pct: Decimal, final: bool) -> dict[Hashable, dict[str, str]]:
    """Per criterion key, {"points": message} / {"justification": message}.

    A draft (`final` False) may leave points and justifications empty but never holds points
    outside 0..max; at submission every criterion needs points, and a justification where
    required.
    """
    problems: dict[Hashable, dict[str, str]] = {}
    for c in criteria:
        item = items.get(c.key) or ItemInput(None)
        here: dict[str, str] = {}
        message = points_problem(item.points, c.max_points)
        if message:
            here["points"] = message
        elif item.points is None and final:
            here["points"] = N_("Podaj liczbę punktów.")
        if (final and not message
                and justification_required(item.points, c.max_points, below_pct)
                and not (item.justification or "").strip()):
            here["justification"] = N_(
                "Uzasadnij ocenę: liczba punktów jest niższa od progu wymagającego "
                "pisemnego uzasadnienia.")
        if here:
            problems[c.key] = here
    return problems


def member_total(points: Mapping[Hashable, Decimal | None]) -> Decimal:
    return sum((p for p in points.values() if p is not None), Decimal("0"))


# ------------------------------------------------------------------ the offer's result

def mean(values: Sequence[Decimal]) -> Decimal | None:
    """Full-precision arithmetic mean (None for no values)."""
    if not values:
        return None
    return sum(values, Decimal("0")) / Decimal(len(values))


@dataclass
class OfferScore:
    mean_total: Decimal | None                     # full precision
    criterion_means: dict[Hashable, Decimal]       # full precision
    n_scores: int
    eligible: bool
    reasons: list[str] = field(default_factory=list)  # why not eligible


def offer_score(criteria: Sequence[CriterionSpec],
                scores: Sequence[Mapping[Hashable, Decimal]],
                min_score_pct: Decimal) -> OfferScore:
    """The result of one offer from the voting members' submitted points (one mapping of
    criterion key -> points per member; experts' scores are never passed here)."""
    totals = [sum((s.get(c.key) or Decimal("0") for c in criteria), Decimal("0"))
              for s in scores]
    mean_total = mean(totals)
    criterion_means = {}
    for c in criteria:
        values = [s[c.key] for s in scores if s.get(c.key) is not None]
        m = mean(values)
        if m is not None:
            criterion_means[c.key] = m
    reasons: list[str] = []
    if mean_total is None:
        reasons.append(N_("Oferta nie ma żadnej oceny członka komisji z prawem głosu."))
    else:
        threshold = _share(min_score_pct, max_total(criteria))
        if mean_total < threshold:
            reasons.append(N_("Średnia ocena jest niższa od minimalnej liczby punktów."))
        for c in criteria:
            if c.min_points is not None and criterion_means.get(c.key, Decimal("0")) < c.min_points:
                reasons.append(N_("Średnia w kryterium jest niższa od minimum kryterium.")
                               + f" ({c.name or c.statutory_point})")
    return OfferScore(mean_total=mean_total, criterion_means=criterion_means,
                      n_scores=len(scores), eligible=not reasons, reasons=reasons)


# ------------------------------------------------------------------ flags for discussion

def spread(totals: Sequence[Decimal]) -> Decimal:
    return max(totals) - min(totals) if totals else Decimal("0")


def disagreement(totals: Sequence[Decimal], maximum_total: Decimal,
                 share_pct: Decimal) -> bool:
    """The members disagree strongly: the spread of totals exceeds the share of the maximum."""
    if len(totals) < 2:
        return False
    return spread(totals) > _share(share_pct, maximum_total)


def member_deviations(totals: Mapping[Hashable, Mapping[Hashable, Decimal]]
                      ) -> dict[Hashable, Decimal]:
    """Per member, the mean over offers of (their total - the mean of the others' totals);
    offers where nobody else scored are left out; members with no such offer are left out.

    `totals` maps offer -> member -> total.
    """
    diffs: dict[Hashable, list[Decimal]] = {}
    for by_member in totals.values():
        if len(by_member) < 2:
            continue
        whole = sum(by_member.values(), Decimal("0"))
        n = len(by_member)
        for member, total in by_member.items():
            others_mean = (whole - total) / Decimal(n - 1)
            diffs.setdefault(member, []).append(total - others_mean)
    return {m: mean(d) for m, d in diffs.items()}


def deviating_members(totals: Mapping[Hashable, Mapping[Hashable, Decimal]],
                      maximum_total: Decimal, share_pct: Decimal) -> dict[Hashable, Decimal]:
    """Members whose mean deviation (signed: above > 0, below < 0) exceeds the share of the
    maximum total in absolute value."""
    limit = _share(share_pct, maximum_total)
    return {m: d for m, d in member_deviations(totals).items() if abs(d) > limit}
