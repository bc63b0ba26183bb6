"""The rules of a small-grant offer (UDPP art. 19a; simplified template Dz.U. 2018 poz. 2055).
Pure: no database, no Flask; amounts are Decimal, dates are datetime.date.

The statutory numbers (maximum grant, maximum duration, the organisation's yearly limit, the
mode's share of the year's planned grants, the publication and comment periods) are never
literals here: they come from the dated rule set in force on the filing date, passed in as
`Limits`. Every check_* function returns a list of `Problem` (form field key + Polish
message); an empty list means the rule is satisfied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from grants.core import clock
from grants.core.deadlines import days_after, working_days_after
from grants.core.errors import Problem
from grants.core.formatting import pct
from grants.core.i18n import N_, msg
from grants.core.money import q
from grants.offers import costs
from grants.offers import rules as offer_rules
from grants.offers.costs import CostLine, Sources
from grants.offers.rules import ResultLine
from grants.offers.templates import SIMPLIFIED
from grants.procedures.rules import check_task_dates

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
GROSZ = Decimal("0.01")

DECLARATIONS = SIMPLIFIED.declarations  # the simplified template's, all required
DECLARATION_KEYS = [k for k, _ in DECLARATIONS]


# ---------------------------------------------------------------- the limits (art. 19a)

@dataclass(frozen=True)
class Limits:
    """The small-grant numbers of the rule set in force on the filing date."""

    max_grant: Decimal          # small_grant_max
    max_days: int               # small_grant_max_days
    org_year_max: Decimal       # small_grant_org_year_max
    year_share_pct: Decimal     # small_grant_year_share
    publish_working_days: int = 7   # small_grant_publish_working_days
    comment_days: int = 7           # small_grant_comment_days


@dataclass(frozen=True)
class YearTotals:
    """What already counts in the year of the award at the executive body (every organiser
    acting for it), this offer not included."""

    year: int
    org_other: Decimal = ZERO            # the organisation's other counted small grants
    mode_other: Decimal = ZERO           # every counted small grant of the body
    planned_total: Decimal | None = None  # the body's plan; None: not entered


def task_days(start: dt.date, end: dt.date) -> int:
    """Duration of the task in days, both ends included."""
    if end < start:
        raise ValueError("the end is before the start")
    return (end - start).days + 1


def check_grant_limit(grant: Decimal, max_grant: Decimal) -> list[Problem]:
    grant = Decimal(grant)
    if grant > Decimal(max_grant):
        return [Problem("grant", msg(
            "Wnioskowana dotacja %(grant)s przekracza kwotę dopuszczalną w trybie "
            "pozakonkursowym (%(limit)s) o %(over)s.", grant=grant, limit=Decimal(max_grant),
            over=grant - Decimal(max_grant)))]
    return []


def check_duration(start: dt.date | None, end: dt.date | None, max_days: int) -> list[Problem]:
    if start is None or end is None or end < start:
        return []  # the dates' own problems are reported by check_task_dates
    days = task_days(start, end)
    if days > max_days:
        return [Problem("end_date", msg(
            "Zadanie trwa %(days)s dni (%(start)s – %(end)s); w trybie pozakonkursowym może "
            "trwać najwyżej %(max_days)s dni (najpóźniej do %(last)s).", days=days, start=start,
            end=end, max_days=max_days, last=start + dt.timedelta(days=max_days - 1)))]
    return []


def check_org_year_total(grant: Decimal, org_other: Decimal, limit: Decimal,
                         year: int) -> list[Problem]:
    """The organisation's small grants of the calendar year from one executive body (any of
    its organisers), this one included, within the limit (art. 19a ust. 4)."""
    grant, org_other, limit = Decimal(grant), Decimal(org_other), Decimal(limit)
    total = org_other + grant
    if total <= limit:
        return []
    left = max(limit - org_other, ZERO)
    return [Problem("grant", msg(
        "Suma dotacji organizacji w trybie pozakonkursowym w %(year)s r. od tego samego organu "
        "(u wszystkich organizatorów działających w jego imieniu) wyniosłaby %(total)s "
        "(dotychczas %(other)s + ta oferta %(grant)s), a limit na organizację to %(limit)s; w "
        "tym roku można jeszcze wnioskować o najwyżej %(left)s.", year=year, total=total,
        other=org_other, grant=grant, limit=limit, left=left))]


def year_share_cap(planned_total: Decimal, share_pct: Decimal) -> Decimal:
    """The most the mode may give in the year: share_pct of the planned total (grosz, down)."""
    return (Decimal(planned_total) * Decimal(share_pct) / HUNDRED).quantize(
        GROSZ, rounding=ROUND_FLOOR)


def check_year_share(grant: Decimal, mode_other: Decimal, planned_total: Decimal | None,
                     share_pct: Decimal, year: int) -> list[Problem]:
    """Every small grant of the year from the executive body (any of its organisers), this
    one included, within share_pct of the grants it planned for NGO tasks that year
    (art. 19a ust. 5)."""
    if planned_total is None:
        return [Problem("grant", msg(
            "Nie wprowadzono planowanej kwoty dotacji na zadania organizacji pozarządowych w "
            "%(year)s r., więc nie można sprawdzić limitu %(share)s dla trybu "
            "pozakonkursowego. Oferty nie można złożyć, dopóki administrator nie wprowadzi "
            "planu na %(year)s r.", year=year, share=pct(share_pct)))]
    grant, mode_other = Decimal(grant), Decimal(mode_other)
    cap = year_share_cap(planned_total, share_pct)
    total = mode_other + grant
    if total <= cap:
        return []
    left = max(cap - mode_other, ZERO)
    return [Problem("grant", msg(
        "Dotacje w trybie pozakonkursowym w %(year)s r. wyniosłyby %(total)s, a mogą stanowić "
        "najwyżej %(share)s planowanych dotacji na zadania organizacji pozarządowych "
        "(%(planned)s), czyli %(cap)s; pozostało %(left)s.", year=year, total=total,
        share=pct(share_pct), planned=Decimal(planned_total), cap=cap, left=left))]


def check_limits(grant: Decimal, start: dt.date | None, end: dt.date | None, limits: Limits,
                 totals: YearTotals) -> list[Problem]:
    """Every limit of art. 19a checked at filing."""
    problems: list[Problem] = []
    problems += check_grant_limit(grant, limits.max_grant)
    problems += check_duration(start, end, limits.max_days)
    problems += check_org_year_total(grant, totals.org_other, limits.org_year_max, totals.year)
    problems += check_year_share(grant, totals.mode_other, totals.planned_total,
                                 limits.year_share_pct, totals.year)
    return problems


# ---------------------------------------------------------------- publication and comments

def publication_deadline(received_on: dt.date, working_days: int) -> dt.date:
    """The last day the offer may be published: the `working_days`-th working day after the
    day of receipt (art. 19a ust. 3)."""
    return working_days_after(received_on, working_days)


# The three channels of publication (art. 19a ust. 3): every one is required.
CHANNELS = (
    ("bip_on", N_("Podaj datę publikacji w Biuletynie Informacji Publicznej.")),
    ("board_on", N_("Podaj datę wywieszenia na tablicy ogłoszeń.")),
    ("website_on", N_("Podaj datę publikacji na stronie internetowej organu.")),
)


def check_channel_dates(dates: Mapping[str, dt.date | None], received_on: dt.date,
                        today: dt.date) -> list[Problem]:
    """The dates of publication in BIP, on the notice board and on the website: each given,
    not before the day of receipt, not in the future."""
    problems = []
    for key, missing in CHANNELS:
        value = dates.get(key)
        if value is None:
            problems.append(Problem(key, missing))
        elif value < received_on:
            problems.append(Problem(key, msg(
                "Data %(day)s jest wcześniejsza niż dzień wpływu oferty (%(received)s).",
                day=value, received=received_on)))
        elif value > today:
            problems.append(Problem(key, msg(
                "Data %(day)s jest w przyszłości - zapisz publikację, gdy oferta jest już "
                "opublikowana.", day=value)))
    return problems


def publication_day(dates: Mapping[str, dt.date | None]) -> dt.date:
    """The day the publication is complete: the latest of the three channels' dates (the
    comment period runs from it)."""
    return max(dates[key] for key, _ in CHANNELS)


def publication_delay(published_on: dt.date, publish_by: dt.date) -> int:
    """Days the publication came after the last allowed day (0 in time). The working-day
    limit binds the authority: a late publication is still made, its delay recorded."""
    return max((published_on - publish_by).days, 0)


def award_year(received_on: dt.date, start: dt.date | None) -> int:
    """The calendar year the grant is awarded in, where the yearly limits of art. 19a
    ust. 4 and 5 count it: the contract is concluded for the task, neither before the year
    of filing nor before the year the task starts (an offer filed on 21.12 for a task of
    the next year counts in the next year)."""
    return max(received_on.year, start.year if start is not None else received_on.year)


def comment_period_end(published_on: dt.date, days: int) -> dt.date:
    """The last day of the comment period: `days` days after the publication day."""
    return days_after(published_on, days)


def comment_window(published_on: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[opens, closes): from 00:00 Warsaw time of the publication day to the end of `end`."""
    opens = clock.local_instant(published_on, dt.time(0, 0))
    closes = clock.local_instant(end + dt.timedelta(days=1), dt.time(0, 0))
    return opens, closes


def is_comment_period_open(published_on: dt.date | None, end: dt.date | None,
                           now: dt.datetime) -> bool:
    if published_on is None or end is None:
        return False
    opens, closes = comment_window(published_on, end)
    return opens <= now < closes


def has_comment_period_ended(end: dt.date | None, now: dt.datetime) -> bool:
    if end is None:
        return False
    return now >= comment_window(end, end)[1]


# ---------------------------------------------------------------- the content
# The rows, sources and checks are the offer's (grants.offers.costs and grants.offers.rules);
# a small grant's cost row has no part, action or year, its sources no beneficiaries' cash.

REQUIRED_TEXTS = [
    ("title", N_("Podaj tytuł zadania publicznego.")),
    ("area", N_("Wybierz sferę zadania publicznego.")),
    ("description", N_("Opisz zadanie publiczne.")),
    ("place", N_("Podaj miejsce realizacji zadania.")),
    ("target_group", N_("Opisz grupę docelową.")),
    ("contact_name", N_("Podaj osobę upoważnioną do składania wyjaśnień dotyczących oferty.")),
]
RESULTS_MISSING = N_("Podaj co najmniej jeden zakładany rezultat.")
COST_ITEMS_MISSING = N_("Kalkulacja kosztów musi mieć co najmniej jedną pozycję.")


def totals(items: Sequence[CostLine], own_financial: Decimal = ZERO,
           own_personal: Decimal = ZERO, own_in_kind: Decimal = ZERO) -> Sources:
    """The totals as the offer's sources: total cost = sum of the values; the grant requested
    = sum of the grant parts; the own contribution as given."""
    t = costs.totals(items)
    return Sources(total=t.total, grant=t.grant, own_financial=q(own_financial),
                   own_personal=q(own_personal), own_in_kind=q(own_in_kind))


def check_cost_items(items: Sequence[CostLine]) -> list[Problem]:
    """At least one row; each with a name and the offer's rules on its amounts (rows are
    numbered 1, 2, 3 ...: the simplified template has no parts and actions)."""
    problems = [] if items else [Problem("cost_items", COST_ITEMS_MISSING)]
    for i, item in enumerate(items):
        key, label = f"cost_items-{i}", msg("Pozycja %(n)s", n=i + 1)
        if not item.name.strip():
            problems.append(Problem(f"{key}-name", msg("%(label)s: podaj rodzaj kosztu.",
                                                       label=label)))
        problems += costs.amount_problems(item, key, label)
    return problems


def check_sources(src: Sources) -> list[Problem]:
    """A positive grant; the sources summing to the total cost."""
    problems = []
    if src.grant <= 0:
        problems.append(Problem("grant", N_("Wnioskowana dotacja musi być większa od zera - "
                                            "wskaż w kalkulacji kosztów części pozycji "
                                            "finansowane z dotacji.")))
    return problems + costs.check_sources(
        src, msg("Źródła finansowania (dotacja %(grant)s + wkład własny %(own)s)",
                 grant=src.grant, own=src.own_total))


@dataclass
class OfferData:
    texts: dict[str, str] = field(default_factory=dict)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    results: list[ResultLine] = field(default_factory=list)
    cost_items: list[CostLine] = field(default_factory=list)
    own_financial: Decimal = ZERO
    own_personal: Decimal = ZERO
    own_in_kind: Decimal = ZERO
    declarations: dict[str, bool] = field(default_factory=dict)

    def totals(self) -> Sources:
        return totals(self.cost_items, self.own_financial, self.own_personal, self.own_in_kind)


def check_content(offer: OfferData) -> list[Problem]:
    """The completeness of the simplified offer (the limits are checked by check_limits)."""
    problems: list[Problem] = []
    problems += offer_rules.check_required_texts(offer.texts, REQUIRED_TEXTS)
    problems += check_task_dates(offer.start_date, offer.end_date)
    problems += offer_rules.check_results(offer.results, RESULTS_MISSING, "sposób monitorowania")
    problems += check_cost_items(offer.cost_items)
    problems += check_sources(offer.totals())
    problems += offer_rules.check_declarations(offer.declarations, DECLARATIONS)
    return problems
