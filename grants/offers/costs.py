"""The costs of an offer (2018 template, V.A and V.B): the cost rows with their codes, values and
totals, the sources of financing, and the rules on them - each row complete, the sources summing
to the total cost, the grant within the task's amounts and the call's share, the own
contribution. Pure: no database, no Flask; amounts are Decimal.

Every check_* function returns a list of `Problem` (field key + Polish message) like the rest of
the offer's rules (grants.offers.rules, whose `check_offer` runs them all).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from grants.core.errors import Problem
from grants.core.formatting import pct
from grants.core.i18n import N_, msg
from grants.core.money import q

GROSZ = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")

POWIERZENIE = "powierzenie"
WSPIERANIE = "wspieranie"

SECTION_ACTIONS = "I"
SECTION_ADMIN = "II"


def share(part: Decimal, total: Decimal) -> Decimal:
    """Percentage of part in total to 2 decimals (half up); 0 when the total is 0."""
    if not total:
        return ZERO
    return (Decimal(part) * HUNDRED / Decimal(total)).quantize(GROSZ, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- V.A cost calculation

@dataclass
class CostLine:
    section: str = SECTION_ACTIONS
    action_no: int | None = 1
    name: str = ""
    unit: str = ""
    unit_cost: Decimal = ZERO
    units: Decimal = ZERO
    grant_part: Decimal = ZERO
    year: int | None = None

    @property
    def value(self) -> Decimal:
        return item_value(self.unit_cost, self.units)


def item_value(unit_cost: Decimal, units: Decimal) -> Decimal:
    """Value of a cost item: unit cost x number of units, to the grosz (half up)."""
    return q(Decimal(unit_cost) * Decimal(units))


def item_codes(items: Sequence[CostLine]) -> list[str]:
    """I.<action>.<n> for costs of actions (n counted within the action), II.<n> for
    administrative costs, in the order of the rows."""
    per_action: dict[int, int] = {}
    admin = 0
    codes = []
    for item in items:
        if item.section == SECTION_ADMIN:
            admin += 1
            codes.append(f"II.{admin}")
        else:
            action = item.action_no or 0
            per_action[action] = per_action.get(action, 0) + 1
            codes.append(f"I.{action}.{per_action[action]}")
    return codes


@dataclass
class Totals:
    actions: dict[int, Decimal]        # section I per action number
    actions_grant: dict[int, Decimal]
    section_i: Decimal
    section_i_grant: Decimal
    section_ii: Decimal
    section_ii_grant: Decimal
    total: Decimal
    grant: Decimal
    per_year: dict[int, Decimal]


def totals(items: Iterable[CostLine]) -> Totals:
    """Totals per action, per section and overall; the grant is the sum of the grant parts."""
    actions: dict[int, Decimal] = {}
    actions_grant: dict[int, Decimal] = {}
    per_year: dict[int, Decimal] = {}
    s1 = s1g = s2 = s2g = ZERO
    for item in items:
        value = item.value
        grant = q(item.grant_part)
        if item.section == SECTION_ADMIN:
            s2 += value
            s2g += grant
        else:
            a = item.action_no or 0
            actions[a] = actions.get(a, ZERO) + value
            actions_grant[a] = actions_grant.get(a, ZERO) + grant
            s1 += value
            s1g += grant
        if item.year is not None:
            per_year[item.year] = per_year.get(item.year, ZERO) + value
    return Totals(actions=dict(sorted(actions.items())),
                  actions_grant=dict(sorted(actions_grant.items())),
                  section_i=s1, section_i_grant=s1g, section_ii=s2, section_ii_grant=s2g,
                  total=s1 + s2, grant=s1g + s2g, per_year=dict(sorted(per_year.items())))


def check_cost_items(items: Sequence[CostLine]) -> list[Problem]:
    """At least one item; each with a section, an action number (section I), a name, a
    unit, non-negative amounts, a positive value, and a grant part between 0 and the value."""
    problems: list[Problem] = []
    if not items:
        problems.append(Problem("cost_items", N_("Kalkulacja kosztów (V.A) musi mieć co najmniej "
                                                 "jedną pozycję.")))
    for i, (item, code) in enumerate(zip(items, item_codes(items), strict=True)):
        problems += _item_problems(item, f"cost_items-{i}", msg("Pozycja %(code)s", code=code))
    return problems


def _item_problems(item: CostLine, key: str, label: str) -> list[Problem]:
    """The problems of one cost row (`key`: its form prefix, `label`: "Pozycja I.1.2")."""
    return _item_description_problems(item, key, label) + amount_problems(item, key, label)


def amount_problems(item: CostLine, key: str, label: str) -> list[Problem]:
    """The amounts of one cost row (of an offer or a small grant): none negative, a positive
    value, a grant part within the value."""
    problems: list[Problem] = []
    negative = [Problem(f"{key}-{attr}", msg(text, label=label))
                for attr, text in (
                    ("unit_cost", N_("%(label)s: koszt jednostkowy nie może być ujemny.")),
                    ("units", N_("%(label)s: liczba jednostek nie może być ujemna.")),
                    ("grant_part", N_("%(label)s: część z dotacji nie może być ujemna.")))
                if Decimal(getattr(item, attr)) < 0]
    if negative:
        return negative
    value = item.value
    if value <= 0:
        problems.append(Problem(f"{key}-units", msg("%(label)s: wartość pozycji (koszt "
                                                    "jednostkowy × liczba jednostek) musi być "
                                                    "większa od zera.", label=label)))
    if q(item.grant_part) > value:
        problems.append(Problem(
            f"{key}-grant_part",
            msg("%(label)s: część z dotacji (%(part)s) przekracza wartość pozycji (%(value)s) "
                "o %(over)s.", label=label, part=q(item.grant_part), value=q(value),
                over=q(item.grant_part) - q(value))))
    return problems


def _item_description_problems(item: CostLine, key: str, label: str) -> list[Problem]:
    """The section, the action number (section I), the kind of cost and the unit."""
    problems = []
    if item.section not in (SECTION_ACTIONS, SECTION_ADMIN):
        problems.append(Problem(f"{key}-section", msg("%(label)s: wybierz część I (koszty "
                                                      "realizacji działań) albo II (koszty "
                                                      "administracyjne).", label=label)))
    if item.section == SECTION_ACTIONS and (item.action_no is None or item.action_no < 1):
        problems.append(Problem(f"{key}-action_no", msg("%(label)s: podaj numer działania "
                                                        "(1, 2, 3 ...).", label=label)))
    if not item.name.strip():
        problems.append(Problem(f"{key}-name", msg("%(label)s: podaj rodzaj kosztu.",
                                                   label=label)))
    if not item.unit.strip():
        problems.append(Problem(f"{key}-unit", msg("%(label)s: podaj rodzaj miary.",
                                                   label=label)))
    return problems


def check_cost_years(items: Sequence[CostLine], start: dt.date | None,
                     end: dt.date | None) -> list[Problem]:
    """When the task spans several calendar years each item states its year, within the task."""
    if start is None or end is None or end < start:
        return []
    years = range(start.year, end.year + 1)
    problems = []
    for i, (item, code) in enumerate(zip(items, item_codes(items), strict=True)):
        if item.year is None:
            if len(years) > 1:
                problems.append(Problem(f"cost_items-{i}-year",
                                        msg("Pozycja %(code)s: zadanie trwa dłużej niż rok - "
                                            "podaj rok, którego dotyczy koszt.", code=code)))
        elif item.year not in years:
            problems.append(Problem(f"cost_items-{i}-year",
                                    msg("Pozycja %(code)s: rok %(year)s jest poza okresem "
                                        "realizacji zadania (%(first)s-%(last)s).", code=code,
                                        year=item.year, first=start.year, last=end.year)))
    return problems


# ---------------------------------------------------------------- V.B sources of financing

@dataclass
class Sources:
    total: Decimal
    grant: Decimal
    own_financial: Decimal = ZERO
    own_personal: Decimal = ZERO
    own_in_kind: Decimal = ZERO
    beneficiaries_cash: Decimal = ZERO

    PARTS = ("grant", "own_financial", "own_personal", "own_in_kind", "beneficiaries_cash")

    @property
    def own_total(self) -> Decimal:
        """Own contribution (template V.B pkt 3): financial + non-financial (personal,
        in-kind). Beneficiaries' cash (pkt 4) is a separate source."""
        return self.own_financial + self.own_personal + self.own_in_kind

    @property
    def parts_sum(self) -> Decimal:
        return sum((Decimal(getattr(self, p)) for p in self.PARTS), ZERO)

    @property
    def difference(self) -> Decimal:
        """Total minus the sum of the parts (positive: parts missing)."""
        return Decimal(self.total) - self.parts_sum

    def shares(self) -> dict[str, Decimal]:
        out = {p: share(getattr(self, p), self.total) for p in self.PARTS}
        out["own_total"] = share(self.own_total, self.total)
        out["total"] = HUNDRED if self.total else ZERO
        return out


def check_sources(src: Sources, what: str = msg("Źródła finansowania (V.B)")) -> list[Problem]:
    """The sources must sum to the total cost to the grosz; none may be negative. `what`
    names the sources in the message (a small grant's names its grant and own contribution)."""
    problems = []
    for p in Sources.PARTS:
        if Decimal(getattr(src, p)) < 0:
            problems.append(Problem(p, N_("Kwota źródła finansowania nie może być ujemna.")))
    if problems:
        return problems
    diff = src.difference
    if diff != 0:
        text = (N_("%(what)s sumują się do %(sum)s, a całkowity koszt zadania wynosi "
                   "%(total)s: brakuje %(diff)s. Suma musi się zgadzać co do grosza.")
                if diff > 0 else
                N_("%(what)s sumują się do %(sum)s, a całkowity koszt zadania wynosi "
                   "%(total)s: jest o %(diff)s za dużo. Suma musi się zgadzać co do grosza."))
        problems.append(Problem("sources", msg(text, what=what, sum=q(src.parts_sum),
                                               total=q(src.total), diff=abs(q(diff)))))
    return problems


def check_grant_amount(grant: Decimal, min_grant: Decimal, max_grant: Decimal) -> list[Problem]:
    """The requested grant is positive and within the task's minimum and maximum."""
    grant = Decimal(grant)
    if grant <= 0:
        return [Problem("grant", N_("Wnioskowana dotacja musi być większa od zera - wskaż w "
                                    "kalkulacji kosztów części pozycji finansowane z dotacji."))]
    if grant > max_grant:
        return [Problem("grant", msg("Wnioskowana dotacja %(grant)s przekracza maksymalną "
                                     "kwotę dotacji dla zadania (%(max)s) o %(over)s.",
                                     grant=q(grant), max=q(max_grant),
                                     over=q(grant - max_grant)))]
    if grant < min_grant:
        return [Problem("grant", msg("Wnioskowana dotacja %(grant)s jest niższa niż minimalna "
                                     "kwota dotacji dla zadania (%(min)s).", grant=q(grant),
                                     min=q(Decimal(min_grant))))]
    return []


def max_grant_for_share(total: Decimal, max_pct: Decimal) -> Decimal:
    """The largest grant (to the grosz, rounded down) within `max_pct` of the total."""
    return (Decimal(total) * Decimal(max_pct) / HUNDRED).quantize(GROSZ, rounding=ROUND_FLOOR)


def check_grant_share(grant: Decimal, total: Decimal, mode: str,
                      max_grant_pct: Decimal) -> list[Problem]:
    """Wspieranie: the grant's share of the total cost may not exceed the call's maximum.
    Powierzenie: the grant may finance up to 100 % of the costs."""
    grant, total = Decimal(grant), Decimal(total)
    cap = HUNDRED if mode == POWIERZENIE else Decimal(max_grant_pct)
    if grant * HUNDRED <= cap * total:
        return []
    allowed = max_grant_for_share(total, cap)
    if mode == POWIERZENIE:
        text = msg("Dotacja (%(grant)s) nie może przekraczać całkowitego kosztu zadania "
                   "(%(total)s).", grant=q(grant), total=q(total))
    else:
        text = msg("Dotacja stanowi %(share)s całkowitego kosztu zadania; w trybie wspierania "
                   "konkurs dopuszcza najwyżej %(cap)s (najwyżej %(allowed)s, czyli o %(less)s "
                   "mniej).", share=pct(share(grant, total)), cap=pct(cap), allowed=allowed,
                   less=q(grant) - allowed)
    return [Problem("grant", text)]


def check_own_contribution(own: Decimal, total: Decimal, min_own_pct: Decimal) -> list[Problem]:
    """The own contribution (financial + personal + in-kind) reaches the call's minimum share."""
    own, total, min_own_pct = Decimal(own), Decimal(total), Decimal(min_own_pct)
    if min_own_pct <= 0 or own * HUNDRED >= min_own_pct * total:
        return []
    needed = (total * min_own_pct / HUNDRED).quantize(GROSZ, rounding=ROUND_CEILING)
    return [Problem("own_financial",
                    msg("Wkład własny (%(own)s, %(share)s) jest niższy niż wymagane w "
                        "konkursie %(min)s kosztów zadania (co najmniej %(needed)s; brakuje "
                        "%(missing)s).", own=q(own), share=pct(share(own, total)),
                        min=pct(min_own_pct), needed=needed, missing=q(needed - own)))]
