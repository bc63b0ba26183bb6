"""The rules a competition's data must meet: while it is a draft (`check_data`, per field)
and to be published (`validate_for_publication`: every element of UDPP art. 13 ust. 2 and the
minimum offer period of art. 13 ust. 1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from grants.calls import queries, snapshots
from grants.calls.catalogue import STATUTORY_CRITERIA, WSPIERANIE_ONLY_POINT
from grants.calls.models import Competition, Mode
from grants.core import clock
from grants.core.deadlines import day_off_reason, days_after
from grants.core.i18n import N_, msg
from grants.core.money import q
from grants.organisations.areas import AREA_NAMES
from grants.rules.services import RuleSet, rules_in_force

TEXT_LIMITS = {"title": 300, "reference": 60, "budget_division": 10, "budget_chapter": 10,
               "budget_paragraph": 10}
Err = Callable[[str, str], None]


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_int(value) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check_data(d: dict[str, Any], *, now: datetime) -> dict[str, list[str]]:
    """Per-field problems of draft data (what a draft may not hold even before publication)."""
    errors: dict[str, list[str]] = defaultdict(list)

    def err(key: str, message: str) -> None:
        errors[key].append(message)

    mode = _check_scalars(d, err)
    _check_deadline(d, err, now)
    _check_tie_break(d, err)
    for i, row in enumerate(d.get("tasks") or []):
        _check_task(row, f"tasks.{i}.", err)
    for i, row in enumerate(d.get("criteria") or []):
        _check_criterion(row, f"criteria.{i}.", err, mode)
    _check_lists(d, err)
    return dict(errors)


def _check_scalars(d: dict[str, Any], err: Err) -> Mode | None:
    mode = _check_texts_and_mode(d, err)
    _check_shares(d, err, mode)
    for name in ("completion_days", "update_days"):
        days = as_int(d.get(name))
        if days is None or not 1 <= days <= 365:
            err(name, N_("Podaj liczbę dni od 1 do 365."))
    return mode


def _check_texts_and_mode(d: dict[str, Any], err: Err) -> Mode | None:
    if is_blank(d.get("title")):
        err("title", N_("Podaj tytuł konkursu."))
    for name, limit in TEXT_LIMITS.items():
        if len(str(d.get(name) or "").strip()) > limit:
            err(name, msg("Najwyżej %(limit)s znaków.", limit=limit))
    if d.get("area") not in AREA_NAMES:
        err("area", N_("Wybierz rodzaj zadania (sferę pożytku publicznego)."))
    try:
        mode = Mode(d.get("mode"))
    except ValueError:
        mode = None
        err("mode", N_("Wybierz formę realizacji zadania: powierzenie albo wspieranie."))
    return mode


def _check_shares(d: dict[str, Any], err: Err, mode: Mode | None) -> None:
    share = d.get("max_grant_pct")
    if mode == Mode.WSPIERANIE:
        if share is None:
            err("max_grant_pct", N_("Podaj maksymalny udział dotacji w kosztach zadania."))
        elif not Decimal("0") < share <= Decimal("100"):
            err("max_grant_pct", N_("Maksymalny udział dotacji musi być większy od 0 % i nie "
                                    "większy niż 100 %."))
    own = d.get("min_own_pct")
    if own is not None and not Decimal("0") <= own < Decimal("100"):
        err("min_own_pct", N_("Minimalny wkład własny musi wynosić od 0 % do mniej niż 100 %."))
    score = d.get("min_score_pct")
    if score is None:
        err("min_score_pct", N_("Podaj minimalną liczbę punktów (w % maksymalnej)."))
    elif not Decimal("0") <= score <= Decimal("100"):
        err("min_score_pct", N_("Minimalna liczba punktów musi wynosić od 0 % do 100 %."))


def _check_deadline(d: dict[str, Any], err: Err, now: datetime) -> None:
    deadline = d.get("offer_deadline")
    if deadline is None:
        err("offer_deadline", N_("Podaj termin składania ofert (datę i godzinę)."))
    elif deadline <= now:
        err("offer_deadline", N_("Termin składania ofert musi przypadać w przyszłości."))
    elif not (d.get("confirm_day_off") or d.get("deadline_day_off_confirmed")
              == clock.to_local(deadline).date()):
        message = day_off_message(clock.to_local(deadline).date())
        if message:
            err("offer_deadline", message)
    decision = d.get("decision_date")
    if decision is not None and deadline is not None and decision < clock.to_local(deadline).date():
        err("decision_date", N_("Termin dokonania wyboru ofert nie może być wcześniejszy niż "
                                "termin składania ofert."))


def day_off_message(day: date) -> str | None:
    """The refusal of an offer deadline on a Saturday, Sunday or public holiday that the
    officer has not confirmed (None on a working day)."""
    reason = day_off_reason(day)
    if reason is None:
        return None
    return msg("%(day)s to %(reason)s - potwierdź, że termin ma tak przypadać.", day=day,
               reason=reason)


def _check_tie_break(d: dict[str, Any], err: Err) -> None:
    point = d.get("tie_break_point")
    if point is not None and as_int(point) not in STATUTORY_CRITERIA:
        err("tie_break_point", N_("Wybierz punkt art. 15 ust. 1 (1–6) albo rozstrzyganie "
                                  "tylko według kolejności złożenia ofert."))


def _check_task(row: dict[str, Any], key: str, err: Err) -> None:
    if is_blank(row.get("title")):
        err(key + "title", N_("Podaj nazwę zadania."))
    elif len(row["title"].strip()) > 300:
        err(key + "title", N_("Najwyżej 300 znaków."))
    _check_task_amounts(row, key, err)
    _check_task_dates(row, key, err)


def _check_task_amounts(row: dict[str, Any], key: str, err: Err) -> None:
    funds, low, high = row.get("funds"), row.get("min_grant"), row.get("max_grant")
    if funds is None:
        err(key + "funds", N_("Podaj wysokość środków przeznaczonych na zadanie."))
    elif funds < 0:
        err(key + "funds", N_("Kwota nie może być ujemna."))
    if high is None:
        err(key + "max_grant", N_("Podaj maksymalną kwotę dotacji."))
    elif high < 0:
        err(key + "max_grant", N_("Kwota nie może być ujemna."))
    if low is not None and low < 0:
        err(key + "min_grant", N_("Kwota nie może być ujemna."))
    elif low is not None and high is not None and low > high:
        err(key + "min_grant", N_("Minimalna dotacja nie może być większa niż maksymalna."))


def _check_task_dates(row: dict[str, Any], key: str, err: Err) -> None:
    start, end = row.get("start_date"), row.get("end_date")
    if start is None:
        err(key + "start_date", N_("Podaj datę rozpoczęcia realizacji zadania."))
    if end is None:
        err(key + "end_date", N_("Podaj datę zakończenia realizacji zadania."))
    if start is not None and end is not None and end < start:
        err(key + "end_date", N_("Zadanie nie może się kończyć przed dniem rozpoczęcia."))


def _check_criterion(row: dict[str, Any], key: str, err: Err, mode: Mode | None) -> None:
    point = as_int(row.get("statutory_point"))
    if point not in STATUTORY_CRITERIA:
        err(key + "statutory_point", N_("Wybierz punkt art. 15 ust. 1 (1–6)."))
    elif point == WSPIERANIE_ONLY_POINT and mode == Mode.POWIERZENIE:
        err(key + "statutory_point", N_("Kryterium z art. 15 ust. 1 pkt 4 (udział środków "
                                        "własnych lub z innych źródeł) można stosować tylko "
                                        "w trybie wspierania."))
    if is_blank(row.get("name")):
        err(key + "name", N_("Podaj nazwę kryterium."))
    elif len(row["name"].strip()) > 300:
        err(key + "name", N_("Najwyżej 300 znaków."))
    top, bottom = row.get("max_points"), row.get("min_points")
    if top is None or top <= 0:
        err(key + "max_points", N_("Maksymalna liczba punktów musi być większa od 0."))
    elif top >= Decimal("10000"):
        err(key + "max_points", N_("Maksymalna liczba punktów musi być mniejsza niż 10 000."))
    if bottom is not None and (bottom < 0 or (top is not None and bottom > top)):
        err(key + "min_points", N_("Minimalna liczba punktów musi mieścić się między 0 a "
                                   "maksymalną liczbą punktów."))


def _check_lists(d: dict[str, Any], err: Err) -> None:
    _check_named_rows(d, err)
    for i, row in enumerate(d.get("same_kind_tasks") or []):
        _check_same_kind_task(row, f"same_kind_tasks.{i}.", err)


def _check_named_rows(d: dict[str, Any], err: Err) -> None:
    """The formal checklist and the required attachments: a text, not too long."""
    for i, row in enumerate(d.get("checklist") or []):
        if is_blank(row.get("text")):
            err(f"checklist.{i}.text", N_("Podaj treść wymogu formalnego."))
        elif len(row["text"].strip()) > 500:
            err(f"checklist.{i}.text", N_("Najwyżej 500 znaków."))
    for i, row in enumerate(d.get("required_attachments") or []):
        if is_blank(row.get("name")):
            err(f"required_attachments.{i}.name", N_("Podaj nazwę załącznika."))
        elif len(row["name"].strip()) > 300:
            err(f"required_attachments.{i}.name", N_("Najwyżej 300 znaków."))


def _check_same_kind_task(row: dict[str, Any], key: str, err: Err) -> None:
    year = as_int(row.get("year"))
    if year is None or not 1990 <= year <= 2100:
        err(key + "year", N_("Podaj rok (np. 2026)."))
    if is_blank(row.get("name")):
        err(key + "name", N_("Podaj nazwę zadania."))
    cost, grant = row.get("total_cost"), row.get("grant")
    if cost is None or cost < 0:
        err(key + "total_cost", N_("Podaj koszt zadania (kwota nieujemna)."))
    if grant is None or grant < 0:
        err(key + "grant", N_("Podaj kwotę dotacji (kwota nieujemna)."))
    elif cost is not None and grant > cost:
        err(key + "grant", N_("Dotacja nie może być większa niż koszt zadania."))


def _money_text(amount: Decimal) -> str:
    return snapshots.display("money", str(q(amount)))


def validate_for_publication(competition: Competition, *, announced_on: date | None = None,
                             rules: RuleSet | None = None) -> list[str]:
    """Every reason the announcement cannot be published as it stands (empty: it can).

    With `announced_on` (the day the last notice appears) the offer deadline is checked
    against the minimum period of the rules in force that day (UDPP art. 13 ust. 1).
    """
    return (_general_problems(competition) + _task_problems(competition)
            + _criteria_problems(competition)
            + _deadline_problems(competition, announced_on, rules)
            + _same_kind_problems(competition, announced_on))


def _same_kind_problems(c: Competition, announced_on: date | None) -> list[str]:
    """An empty table of same-kind tasks reads "none carried out": refused while the
    organiser's history holds grants awarded in the area this year or the year before."""
    if c.same_kind_tasks or c.organiser_id is None:
        return []
    year = announced_on.year if announced_on else queries.announcement_year(c)
    history = queries.same_kind_history(c.organiser_id, c.area, year, exclude_id=c.id)
    if not history:
        return []
    total = sum((r["grant"] for r in history), Decimal("0.00"))
    return [msg("Tabela zadań tego samego rodzaju (art. 13 ust. 2 pkt 7) jest pusta, a w "
                "latach %(first)s–%(last)s organizator przyznał na zadania tego rodzaju dotacje "
                "(%(total)s) - uzupełnij tabelę z historii.", first=year - 1, last=year,
                total=_money_text(total))]


def _general_problems(c: Competition) -> list[str]:
    problems: list[str] = []
    if is_blank(c.title):
        problems.append(N_("Brak tytułu konkursu."))
    if c.area not in AREA_NAMES:
        problems.append(N_("Nie wybrano rodzaju zadania (sfery pożytku publicznego)."))
    for name, text in (
        ("description", N_("Brak opisu zadania.")),
        ("grant_rules", N_("Brak zasad przyznawania dotacji.")),
        ("task_conditions", N_("Brak warunków realizacji zadania.")),
        ("selection_procedure", N_("Brak opisu trybu i kryteriów wyboru ofert.")),
    ):
        if is_blank(getattr(c, name)):
            problems.append(text)
    if c.mode == Mode.POWIERZENIE and c.max_grant_pct != Decimal("100"):
        problems.append(N_("W trybie powierzenia maksymalny udział dotacji wynosi 100 %."))
    if c.mode == Mode.WSPIERANIE and not (c.max_grant_pct and 0 < c.max_grant_pct <= 100):
        problems.append(N_("Maksymalny udział dotacji musi być większy od 0 % i nie większy "
                           "niż 100 %."))
    if c.min_score_pct is None:
        problems.append(N_("Brak minimalnej liczby punktów."))
    if not c.checklist:
        problems.append(N_("Lista wymogów formalnych (karta oceny formalnej) jest pusta."))
    return problems


def _task_problems(c: Competition) -> list[str]:
    problems: list[str] = []
    if not c.tasks:
        problems.append(N_("Ogłoszenie nie zawiera żadnego zadania."))
    for i, t in enumerate(c.tasks, 1):
        label = (msg("Zadanie %(n)s („%(title)s”)", n=i, title=t.title) if t.title
                 else msg("Zadanie %(n)s", n=i))
        if is_blank(t.title):
            problems.append(msg("%(label)s: brak nazwy zadania.", label=label))
        if t.funds is None or t.funds <= 0:
            problems.append(msg("%(label)s: wysokość środków przeznaczonych na zadanie musi "
                                "być większa od zera.", label=label))
        if t.max_grant is None or t.max_grant <= 0:
            problems.append(msg("%(label)s: maksymalna kwota dotacji musi być większa od zera.",
                                label=label))
        elif t.funds is not None and t.max_grant > t.funds:
            problems.append(msg("%(label)s: maksymalna dotacja (%(max)s) przekracza środki "
                                "przeznaczone na zadanie (%(funds)s).", label=label,
                                max=_money_text(t.max_grant), funds=_money_text(t.funds)))
        if t.min_grant is not None and t.max_grant is not None and t.min_grant > t.max_grant:
            problems.append(msg("%(label)s: minimalna dotacja jest większa niż maksymalna.",
                                label=label))
        if t.start_date and t.end_date and t.end_date < t.start_date:
            problems.append(msg("%(label)s: koniec realizacji jest wcześniejszy niż jej "
                                "początek.", label=label))
    return problems


def required_points(mode: Mode | None) -> list[int]:
    """The points of art. 15 ust. 1 an announcement must use: 1-3, 5 and 6; 4 in wspieranie."""
    return [p for p in STATUTORY_CRITERIA
            if p != WSPIERANIE_ONLY_POINT or mode == Mode.WSPIERANIE]


def _criteria_problems(c: Competition) -> list[str]:
    problems: list[str] = []
    if not c.criteria:
        problems.append(N_("Ogłoszenie nie zawiera kryteriów oceny ofert."))
    present = {cr.statutory_point for cr in c.criteria}
    for point in required_points(c.mode):
        if point not in present:
            problems.append(msg("Brak kryterium z art. 15 ust. 1 pkt %(point)s: „%(name)s”.",
                                point=point, name=STATUTORY_CRITERIA[point]))
    point = c.tie_break_point
    if point is not None and point not in present:
        problems.append(msg("Remis ma rozstrzygać kryterium z art. 15 ust. 1 pkt %(point)s, a "
                            "ogłoszenie nie zawiera kryterium z tego punktu.", point=point))
    for i, cr in enumerate(c.criteria, 1):
        label = msg("Kryterium %(n)s („%(name)s”)", n=i, name=cr.name)
        if cr.statutory_point == WSPIERANIE_ONLY_POINT and c.mode == Mode.POWIERZENIE:
            problems.append(msg("%(label)s: punkt 4 art. 15 ust. 1 (udział środków własnych "
                                "lub z innych źródeł) można stosować tylko w trybie "
                                "wspierania.", label=label))
        if cr.max_points is None or cr.max_points <= 0:
            problems.append(msg("%(label)s: maksymalna liczba punktów musi być większa od 0.",
                                label=label))
        elif cr.min_points is not None and cr.min_points > cr.max_points:
            problems.append(msg("%(label)s: minimalna liczba punktów przekracza maksymalną.",
                                label=label))
    return problems


def _deadline_problems(c: Competition, announced_on: date | None,
                       rules: RuleSet | None) -> list[str]:
    deadline = c.offer_deadline
    if deadline is None:
        return [N_("Brak terminu składania ofert.")]
    problems: list[str] = []
    deadline_day = clock.to_local(deadline).date()
    if deadline <= clock.now():
        problems.append(N_("Termin składania ofert już minął."))
    if c.deadline_day_off_confirmed != deadline_day and day_off_message(deadline_day):
        problems.append(day_off_message(deadline_day))
    if c.decision_date is None:
        problems.append(N_("Brak terminu dokonania wyboru ofert."))
    elif c.decision_date < deadline_day:
        problems.append(msg("Termin dokonania wyboru ofert (%(decision)s) jest wcześniejszy "
                            "niż termin składania ofert (%(deadline)s).",
                            decision=c.decision_date, deadline=deadline_day))
    if announced_on is not None:
        rules = rules or rules_in_force(announced_on)
        earliest = days_after(announced_on, rules.offer_min_days)
        if deadline_day < earliest:
            problems.append(msg(
                "Termin składania ofert (%(deadline)s) musi przypadać co najmniej %(days)s dni "
                "po dniu ostatniej publikacji ogłoszenia (%(announced)s), czyli nie wcześniej "
                "niż %(earliest)s.", deadline=deadline_day, days=rules.offer_min_days,
                announced=announced_on, earliest=earliest))
    return problems
