"""Competitions: drafting, publication, corrections, documents.

Plain functions `verb_noun(obj, *, actor, **data)`; they flush, never commit, audit every
change and refuse with DomainError subclasses carrying Polish messages (per-field messages
in `field_errors`, keyed by the data key: "title", "offer_deadline", "tasks.0.max_grant").
The caller rolls back on a DomainError.

Data of a draft (every key optional in `update_draft` and `correct`):
scalars - see snapshots.FIELDS (offer_deadline is an aware datetime, amounts Decimal);
rows - tasks, criteria, checklist, required_attachments, same_kind_tasks: lists of dicts
with the columns of ROW_COLUMNS and an optional "id" of an existing row (kept and updated,
so that offers and scores referring to it stay attached).
"""

from __future__ import annotations

import mimetypes
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from grants.calls import queries, snapshots
from grants.calls.catalogue import (
    DEFAULT_ATTACHMENTS,
    DEFAULT_CHECKLIST,
    DEFAULT_POINTS,
    DEFAULT_SELECTION_PROCEDURE,
    DEFAULT_TIE_BREAK,
    STATUTORY_CRITERIA,
    WSPIERANIE_ONLY_POINT,
)
from grants.calls.models import (
    CallDocument,
    CallStatus,
    CallTask,
    CallVersion,
    ChecklistItem,
    Competition,
    Criterion,
    Mode,
    RequiredAttachment,
    SameKindTask,
)
from grants.core import audit, clock
from grants.core.deadlines import days_after
from grants.core.errors import DeadlinePassed, InvalidTransition, ValidationFailed
from grants.core.i18n import N_
from grants.core.money import q
from grants.documents.models import StoredFile
from grants.extensions import db
from grants.organisations.areas import AREA_NAMES
from grants.rules.services import RuleSet, rules_in_force

SCALARS: list[str] = [name for name, _label, _kind in snapshots.FIELDS]
_KINDS = {name: kind for name, _label, kind in snapshots.FIELDS}
TEXT_LIMITS = {"title": 300, "reference": 60, "budget_division": 10, "budget_chapter": 10,
               "budget_paragraph": 10}

ROW_MODELS = {
    "tasks": CallTask,
    "criteria": Criterion,
    "checklist": ChecklistItem,
    "required_attachments": RequiredAttachment,
    "same_kind_tasks": SameKindTask,
}
ROW_COLUMNS: dict[str, tuple[str, ...]] = {
    "tasks": ("title", "description", "funds", "min_grant", "max_grant", "start_date",
              "end_date"),
    "criteria": ("statutory_point", "name", "max_points", "min_points"),
    "checklist": ("text",),
    "required_attachments": ("name", "mandatory"),
    "same_kind_tasks": ("year", "name", "total_cost", "grant", "source_competition_id"),
}
_MONEY_COLUMNS = {"funds", "min_grant", "max_grant", "total_cost", "grant", "max_points",
                  "min_points"}

# Values of a new draft for every key the caller leaves out.
BLANK_DRAFT: dict[str, Any] = {
    "title": "", "reference": "", "area": "", "mode": Mode.WSPIERANIE,
    "max_grant_pct": Decimal("100"), "min_own_pct": Decimal("0"), "description": "",
    "grant_rules": "", "task_conditions": "", "offer_deadline": None,
    "selection_procedure": "", "tie_break_rule": "", "min_score_pct": Decimal("60"),
    "decision_date": None, "completion_days": 7, "update_days": 14, "budget_division": "",
    "budget_chapter": "", "budget_paragraph": "", "based_on_draft_budget": False,
    "tasks": [], "criteria": [], "checklist": [], "required_attachments": [],
    "same_kind_tasks": [],
}

CHANNEL_LABELS = {
    "bip_on": "w Biuletynie Informacji Publicznej",
    "board_on": "na tablicy ogłoszeń",
    "website_on": "na stronie internetowej",
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


class PublicationRefused(ValidationFailed):
    """The announcement cannot be published (or corrected): every problem is listed."""

    def __init__(self, problems: list[str], *, intro: str = N_("Nie można opublikować ogłoszenia."),
                 field_errors: dict[str, list[str]] | None = None):
        super().__init__(intro + " " + " ".join(problems), field_errors=field_errors)
        self.intro = intro
        self.problems = problems


# --- defaults -------------------------------------------------------------------------------

def criteria_defaults(mode: Mode) -> list[dict]:
    return [{"statutory_point": p, "name": STATUTORY_CRITERIA[p], "max_points": pts,
             "min_points": None} for p, pts in DEFAULT_POINTS[Mode(mode)]]


def draft_defaults(mode: Mode = Mode.WSPIERANIE) -> dict[str, Any]:
    """What a new draft's form shows: the statutory criteria, a typical checklist, 80 %."""
    mode = Mode(mode)
    deadline_day = clock.today() + timedelta(days=30)
    next_year = clock.today().year + 1
    return {
        **BLANK_DRAFT,
        "mode": mode,
        "max_grant_pct": Decimal("80") if mode == Mode.WSPIERANIE else Decimal("100"),
        "selection_procedure": DEFAULT_SELECTION_PROCEDURE,
        "tie_break_rule": DEFAULT_TIE_BREAK,
        "offer_deadline": clock.local_instant(deadline_day, time(12, 0)),
        "tasks": [{"title": "", "description": "", "funds": None, "min_grant": None,
                   "max_grant": None, "start_date": date(next_year, 1, 1),
                   "end_date": date(next_year, 12, 31)}],
        "criteria": criteria_defaults(mode),
        "checklist": [{"text": t} for t in DEFAULT_CHECKLIST],
        "required_attachments": [{"name": n, "mandatory": m} for n, m in DEFAULT_ATTACHMENTS],
    }


# --- validation of typed data -----------------------------------------------------------------

def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_int(value) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_data(d: dict[str, Any], *, now: datetime) -> dict[str, list[str]]:
    """Per-field problems of draft data (what a draft may not hold even before publication)."""
    errors: dict[str, list[str]] = defaultdict(list)

    def err(key: str, message: str) -> None:
        errors[key].append(message)

    if _is_blank(d.get("title")):
        err("title", N_("Podaj tytuł konkursu."))
    for name, limit in TEXT_LIMITS.items():
        if len(str(d.get(name) or "").strip()) > limit:
            err(name, f"Najwyżej {limit} znaków.")
    if d.get("area") not in AREA_NAMES:
        err("area", N_("Wybierz rodzaj zadania (sferę pożytku publicznego)."))
    try:
        mode = Mode(d.get("mode"))
    except ValueError:
        mode = None
        err("mode", N_("Wybierz formę realizacji zadania: powierzenie albo wspieranie."))

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
    for name in ("completion_days", "update_days"):
        days = _as_int(d.get(name))
        if days is None or not 1 <= days <= 365:
            err(name, N_("Podaj liczbę dni od 1 do 365."))

    deadline = d.get("offer_deadline")
    if deadline is None:
        err("offer_deadline", N_("Podaj termin składania ofert (datę i godzinę)."))
    elif deadline <= now:
        err("offer_deadline", N_("Termin składania ofert musi przypadać w przyszłości."))
    decision = d.get("decision_date")
    if decision is not None and deadline is not None and decision < clock.to_local(deadline).date():
        err("decision_date", N_("Termin dokonania wyboru ofert nie może być wcześniejszy niż "
                                "termin składania ofert."))

    for i, row in enumerate(d.get("tasks") or []):
        key = f"tasks.{i}."
        if _is_blank(row.get("title")):
            err(key + "title", N_("Podaj nazwę zadania."))
        elif len(row["title"].strip()) > 300:
            err(key + "title", N_("Najwyżej 300 znaków."))
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
        start, end = row.get("start_date"), row.get("end_date")
        if start is None:
            err(key + "start_date", N_("Podaj datę rozpoczęcia realizacji zadania."))
        if end is None:
            err(key + "end_date", N_("Podaj datę zakończenia realizacji zadania."))
        if start is not None and end is not None and end < start:
            err(key + "end_date", N_("Zadanie nie może się kończyć przed dniem rozpoczęcia."))

    for i, row in enumerate(d.get("criteria") or []):
        key = f"criteria.{i}."
        point = _as_int(row.get("statutory_point"))
        if point not in STATUTORY_CRITERIA:
            err(key + "statutory_point", N_("Wybierz punkt art. 15 ust. 1 (1–6)."))
        elif point == WSPIERANIE_ONLY_POINT and mode == Mode.POWIERZENIE:
            err(key + "statutory_point", N_("Kryterium z art. 15 ust. 1 pkt 4 (udział środków "
                                            "własnych lub z innych źródeł) można stosować tylko "
                                            "w trybie wspierania."))
        if _is_blank(row.get("name")):
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

    for i, row in enumerate(d.get("checklist") or []):
        if _is_blank(row.get("text")):
            err(f"checklist.{i}.text", N_("Podaj treść wymogu formalnego."))
        elif len(row["text"].strip()) > 500:
            err(f"checklist.{i}.text", N_("Najwyżej 500 znaków."))
    for i, row in enumerate(d.get("required_attachments") or []):
        if _is_blank(row.get("name")):
            err(f"required_attachments.{i}.name", N_("Podaj nazwę załącznika."))
        elif len(row["name"].strip()) > 300:
            err(f"required_attachments.{i}.name", N_("Najwyżej 300 znaków."))
    for i, row in enumerate(d.get("same_kind_tasks") or []):
        key = f"same_kind_tasks.{i}."
        year = _as_int(row.get("year"))
        if year is None or not 1990 <= year <= 2100:
            err(key + "year", N_("Podaj rok (np. 2026)."))
        if _is_blank(row.get("name")):
            err(key + "name", N_("Podaj nazwę zadania."))
        cost, grant = row.get("total_cost"), row.get("grant")
        if cost is None or cost < 0:
            err(key + "total_cost", N_("Podaj koszt zadania (kwota nieujemna)."))
        if grant is None or grant < 0:
            err(key + "grant", N_("Podaj kwotę dotacji (kwota nieujemna)."))
        elif cost is not None and grant > cost:
            err(key + "grant", N_("Dotacja nie może być większa niż koszt zadania."))
    return dict(errors)


def _rows_of(competition: Competition, key: str) -> list[dict]:
    return [{"id": r.id, **{c: getattr(r, c) for c in ROW_COLUMNS[key]}}
            for r in getattr(competition, key)]


def _merged(competition: Competition, data: dict[str, Any]) -> dict[str, Any]:
    merged = {name: data.get(name, getattr(competition, name)) for name in SCALARS}
    for key in ROW_MODELS:
        merged[key] = data[key] if key in data else _rows_of(competition, key)
    return merged


def _refuse_unknown(data: dict[str, Any]) -> None:
    unknown = set(data) - set(SCALARS) - set(ROW_MODELS)
    if unknown:
        raise ValidationFailed(f"Nieznane pola ogłoszenia: {', '.join(sorted(unknown))}.")


# --- writing ----------------------------------------------------------------------------------

def _clean(name: str, value: Any) -> Any:
    kind = _KINDS.get(name, "text")
    if kind == "text":
        return (value or "").strip()
    if kind == "percent":
        return q(value) if value is not None else None
    if kind == "mode":
        return Mode(value)
    if kind == "int":
        return int(value)
    if kind == "bool":
        return bool(value)
    return value


def _sync_rows(competition: Competition, key: str, rows: Iterable[dict]) -> None:
    """Replace the group's rows, keeping (and updating) the existing rows named by id."""
    model = ROW_MODELS[key]
    existing = {r.id: r for r in getattr(competition, key) if r.id is not None}
    result = []
    for position, row in enumerate(rows, 1):
        obj = existing.pop(_as_int(row.get("id")), None) if row.get("id") else None
        if obj is None:
            obj = model()
        for col in ROW_COLUMNS[key]:
            value = row.get(col)
            if col in _MONEY_COLUMNS and value is not None:
                value = q(value)
            elif isinstance(value, str):
                value = value.strip()
            setattr(obj, col, value)
        if key == "tasks" and obj.min_grant is None:
            obj.min_grant = Decimal("0.00")
        if key == "required_attachments":
            obj.mandatory = bool(obj.mandatory)
        obj.position = position
        result.append(obj)
    setattr(competition, key, result)


def _assign(competition: Competition, data: dict[str, Any]) -> None:
    for name in SCALARS:
        if name in data:
            setattr(competition, name, _clean(name, data[name]))
    if competition.mode == Mode.POWIERZENIE:
        competition.max_grant_pct = Decimal("100.00")  # entrusting finances up to 100 %
    if competition.min_own_pct is None:
        competition.min_own_pct = Decimal("0.00")
    if "same_kind_tasks" in data:
        sources = {_as_int(r.get("source_competition_id")) for r in data["same_kind_tasks"]}
        known = queries.existing_competition_ids({s for s in sources if s},
                                                 competition.organiser_id)
        data = {**data, "same_kind_tasks": [
            {**r, "source_competition_id": _as_int(r.get("source_competition_id"))
             if _as_int(r.get("source_competition_id")) in known else None}
            for r in data["same_kind_tasks"]]}
    for key in ROW_MODELS:
        if key in data:
            _sync_rows(competition, key, data[key])


def create_draft(organiser, *, actor, **data) -> Competition:
    """A new draft of `organiser`'s competition."""
    _refuse_unknown(data)
    values = {**BLANK_DRAFT, **data}
    errors = _check_data(values, now=clock.now())
    if errors:
        raise ValidationFailed(N_("Popraw błędy w ogłoszeniu."), field_errors=errors)
    competition = Competition(organiser_id=organiser.id, status=CallStatus.DRAFT, version=0,
                              created_by_id=getattr(actor, "id", None), created_at=clock.now())
    _assign(competition, values)
    db.session.add(competition)
    db.session.flush()
    audit.record(actor, "call.create", competition, after=snapshots.snapshot(competition))
    return competition


def update_draft(competition: Competition, *, actor, **data) -> Competition:
    """Change a draft (only drafts; a published announcement changes by `correct`)."""
    if competition.status != CallStatus.DRAFT:
        raise InvalidTransition(N_("Opublikowane ogłoszenie można zmienić tylko sprostowaniem."))
    _refuse_unknown(data)
    errors = _check_data(_merged(competition, data), now=clock.now())
    if errors:
        raise ValidationFailed(N_("Popraw błędy w ogłoszeniu."), field_errors=errors)
    before = snapshots.snapshot(competition)
    _assign(competition, data)
    db.session.flush()
    audit.record(actor, "call.update", competition, before=before,
                 after=snapshots.snapshot(competition))
    return competition


def fill_same_kind_tasks(competition: Competition, *, actor) -> list[SameKindTask]:
    """Fill the table of same-kind tasks (art. 13 ust. 2 pkt 7) from the system's history."""
    if competition.status != CallStatus.DRAFT:
        raise InvalidTransition(N_("Tabelę zadań tego samego rodzaju uzupełnia się w szkicu; "
                                   "w opublikowanym ogłoszeniu zmień ją sprostowaniem."))
    rows = queries.same_kind_history(competition.organiser_id, competition.area,
                                     queries.announcement_year(competition),
                                     exclude_id=competition.id)
    before = _rows_of(competition, "same_kind_tasks")
    _sync_rows(competition, "same_kind_tasks", rows)
    db.session.flush()
    audit.record(actor, "call.fill_same_kind", competition, before={"rows": before},
                 after={"rows": _rows_of(competition, "same_kind_tasks")})
    return list(competition.same_kind_tasks)


# --- publication ------------------------------------------------------------------------------

def _money_text(amount: Decimal) -> str:
    return snapshots.display("money", str(q(amount)))


def validate_for_publication(competition: Competition, *, announced_on: date | None = None,
                             rules: RuleSet | None = None) -> list[str]:
    """Every reason the announcement cannot be published as it stands (empty: it can).

    With `announced_on` (the day the last notice appears) the offer deadline is checked
    against the minimum period of the rules in force that day (UDPP art. 13 ust. 1).
    """
    problems: list[str] = []
    c = competition
    if _is_blank(c.title):
        problems.append(N_("Brak tytułu konkursu."))
    if c.area not in AREA_NAMES:
        problems.append(N_("Nie wybrano rodzaju zadania (sfery pożytku publicznego)."))
    for name, text in (
        ("description", N_("Brak opisu zadania.")),
        ("grant_rules", N_("Brak zasad przyznawania dotacji.")),
        ("task_conditions", N_("Brak warunków realizacji zadania.")),
        ("selection_procedure", N_("Brak opisu trybu i kryteriów wyboru ofert.")),
        ("tie_break_rule", N_("Brak zasady rozstrzygania przy równej liczbie punktów.")),
    ):
        if _is_blank(getattr(c, name)):
            problems.append(text)
    if c.mode == Mode.POWIERZENIE and c.max_grant_pct != Decimal("100"):
        problems.append(N_("W trybie powierzenia maksymalny udział dotacji wynosi 100 %."))
    if c.mode == Mode.WSPIERANIE and not (c.max_grant_pct and 0 < c.max_grant_pct <= 100):
        problems.append(N_("Maksymalny udział dotacji musi być większy od 0 % i nie większy "
                           "niż 100 %."))

    if not c.tasks:
        problems.append(N_("Ogłoszenie nie zawiera żadnego zadania."))
    for i, t in enumerate(c.tasks, 1):
        label = f"Zadanie {i}" + (f" („{t.title}”)" if t.title else "")
        if _is_blank(t.title):
            problems.append(f"{label}: brak nazwy zadania.")
        if t.funds is None or t.funds <= 0:
            problems.append(f"{label}: wysokość środków przeznaczonych na zadanie musi być "
                            "większa od zera.")
        if t.max_grant is None or t.max_grant <= 0:
            problems.append(f"{label}: maksymalna kwota dotacji musi być większa od zera.")
        elif t.funds is not None and t.max_grant > t.funds:
            problems.append(f"{label}: maksymalna dotacja ({_money_text(t.max_grant)}) "
                            f"przekracza środki przeznaczone na zadanie "
                            f"({_money_text(t.funds)}).")
        if t.min_grant is not None and t.max_grant is not None and t.min_grant > t.max_grant:
            problems.append(f"{label}: minimalna dotacja jest większa niż maksymalna.")
        if t.start_date and t.end_date and t.end_date < t.start_date:
            problems.append(f"{label}: koniec realizacji jest wcześniejszy niż jej początek.")

    if not c.criteria:
        problems.append(N_("Ogłoszenie nie zawiera kryteriów oceny ofert."))
    for i, cr in enumerate(c.criteria, 1):
        label = f"Kryterium {i} („{cr.name}”)"
        if cr.statutory_point == WSPIERANIE_ONLY_POINT and c.mode == Mode.POWIERZENIE:
            problems.append(f"{label}: punkt 4 art. 15 ust. 1 (udział środków własnych lub z "
                            "innych źródeł) można stosować tylko w trybie wspierania.")
        if cr.max_points is None or cr.max_points <= 0:
            problems.append(f"{label}: maksymalna liczba punktów musi być większa od 0.")
        elif cr.min_points is not None and cr.min_points > cr.max_points:
            problems.append(f"{label}: minimalna liczba punktów przekracza maksymalną.")
    if c.min_score_pct is None:
        problems.append(N_("Brak minimalnej liczby punktów."))
    if not c.checklist:
        problems.append(N_("Lista wymogów formalnych (karta oceny formalnej) jest pusta."))

    deadline = c.offer_deadline
    if deadline is None:
        problems.append(N_("Brak terminu składania ofert."))
    else:
        deadline_day = clock.to_local(deadline).date()
        if deadline <= clock.now():
            problems.append(N_("Termin składania ofert już minął."))
        if c.decision_date is None:
            problems.append(N_("Brak terminu dokonania wyboru ofert."))
        elif c.decision_date < deadline_day:
            problems.append(f"Termin dokonania wyboru ofert ({c.decision_date:%d.%m.%Y}) jest "
                            f"wcześniejszy niż termin składania ofert ({deadline_day:%d.%m.%Y}).")
        if announced_on is not None:
            if rules is None:
                rules = rules_in_force(announced_on)
            earliest = days_after(announced_on, rules.offer_min_days)
            if deadline_day < earliest:
                problems.append(
                    f"Termin składania ofert ({deadline_day:%d.%m.%Y}) musi przypadać co "
                    f"najmniej {rules.offer_min_days} dni po dniu ostatniej publikacji "
                    f"ogłoszenia ({announced_on:%d.%m.%Y}), czyli nie wcześniej niż "
                    f"{earliest:%d.%m.%Y}.")
    return problems


def publish(competition: Competition, *, actor, bip_on: date | None, board_on: date | None,
            website_on: date | None) -> CallVersion:
    """Publish a draft in the three channels (art. 13 ust. 3): version 1 of the announcement.

    The announcement date is the last of the three; the rule set in force that day gives
    the minimum offer period (art. 13 ust. 1) and is kept for the whole procedure.
    """
    if competition.status != CallStatus.DRAFT:
        raise InvalidTransition(N_("To ogłoszenie zostało już opublikowane."))
    channels = {"bip_on": bip_on, "board_on": board_on, "website_on": website_on}
    problems: list[str] = []
    field_errors: dict[str, list[str]] = {}
    for key, day in channels.items():
        if day is None:
            message = f"Podaj datę publikacji ogłoszenia {CHANNEL_LABELS[key]}."
            problems.append(message)
            field_errors[key] = [message]
    announced_on = rules = None
    if not field_errors:
        announced_on = max(channels.values())
        try:
            rules = rules_in_force(announced_on)
        except ValidationFailed as exc:
            problems.append(exc.message)
            announced_on = None
    problems += validate_for_publication(competition, announced_on=announced_on, rules=rules)
    if problems:
        raise PublicationRefused(problems, field_errors=field_errors)

    before = audit.snapshot(competition)
    competition.published_bip_on = bip_on
    competition.published_board_on = board_on
    competition.published_website_on = website_on
    competition.rules_date = announced_on
    competition.published_at = clock.now()
    competition.status = CallStatus.PUBLISHED
    competition.version = 1
    db.session.flush()
    version = CallVersion(number=1, published_at=competition.published_at,
                          published_by_id=getattr(actor, "id", None), reason="",
                          snapshot=snapshots.snapshot(competition), changes=[])
    competition.versions.append(version)
    db.session.flush()
    audit.record(actor, "call.publish", competition, before=before,
                 after=audit.snapshot(competition))
    return version


def correct(competition: Competition, *, actor, reason: str, **changes) -> CallVersion:
    """A correction of a published announcement before the offer deadline: a new version
    with the list of what changed (published in "Sprostowania")."""
    if competition.status == CallStatus.DRAFT:
        raise InvalidTransition(N_("Szkic zmienia się przez edycję, nie sprostowanie."))
    if competition.status != CallStatus.PUBLISHED:
        raise InvalidTransition(N_("Ogłoszenia rozstrzygniętego lub unieważnionego konkursu nie "
                                   "można sprostować."))
    if clock.now() >= competition.offer_deadline:
        raise DeadlinePassed(N_("Termin składania ofert minął – ogłoszenia nie można już "
                                "sprostować."))
    _refuse_unknown(changes)
    errors = _check_data(_merged(competition, changes), now=clock.now())
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [N_("Podaj powód sprostowania.")]
    if "tasks" in changes:
        kept = {_as_int(r.get("id")) for r in changes["tasks"] if r.get("id")}
        removed = [t.id for t in competition.tasks if t.id not in kept]
        for task_id in queries.tasks_with_offers(removed):
            title = next(t.title for t in competition.tasks if t.id == task_id)
            errors.setdefault("tasks", []).append(
                f"Nie można usunąć zadania „{title}”: złożono już do niego oferty.")
    if errors:
        raise ValidationFailed(N_("Popraw błędy w sprostowaniu."), field_errors=errors)

    previous = (competition.versions[-1].snapshot if competition.versions
                else snapshots.snapshot(competition))
    before = audit.snapshot(competition)
    _assign(competition, changes)
    db.session.flush()
    announced_on = competition.last_publication_on or competition.rules_date
    problems = validate_for_publication(
        competition, announced_on=announced_on,
        rules=rules_in_force(competition.rules_date or announced_on))
    if problems:
        raise PublicationRefused(problems, intro=N_("Nie można opublikować sprostowania."))
    current = snapshots.snapshot(competition)
    diff = snapshots.diff(previous, current)
    if not diff:
        raise ValidationFailed(N_("Sprostowanie nie zmienia treści ogłoszenia – wprowadź zmiany."))
    number = max([competition.version or 0] + [v.number for v in competition.versions]) + 1
    version = CallVersion(number=number, published_at=clock.now(),
                          published_by_id=getattr(actor, "id", None), reason=reason,
                          snapshot=current, changes=diff)
    competition.versions.append(version)
    competition.version = number
    db.session.flush()
    audit.record(actor, "call.correct", competition, before=before,
                 after={**audit.snapshot(competition), "reason": reason, "changes": diff})
    return version


# --- documents --------------------------------------------------------------------------------

def _clean_filename(filename: str) -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r'[\x00-\x1f\x7f"<>:|?*]', "", name).strip().strip(".")
    if len(name) > 200:
        stem, _dot, ext = name.rpartition(".")
        name = stem[: 200 - len(ext) - 1] + "." + ext if stem else name[:200]
    return name


def add_document(competition: Competition, *, actor, filename: str, data: bytes,
                 title: str = "", allowed_extensions: Iterable[str] | None = None
                 ) -> CallDocument:
    """Attach a document (rules, templates) to a draft or a published announcement."""
    if competition.status not in (CallStatus.DRAFT, CallStatus.PUBLISHED):
        raise InvalidTransition(N_("Dokumenty można dodawać tylko do szkicu lub ogłoszenia "
                                   "w toku."))
    if allowed_extensions is None:
        from flask import current_app

        allowed_extensions = current_app.config["UPLOAD_ALLOWED_EXTENSIONS"]
    allowed = {e.lower().lstrip(".") for e in allowed_extensions}
    name = _clean_filename(filename)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not name:
        raise ValidationFailed(N_("Wybierz plik."), field_errors={"file": [N_("Wybierz plik.")]})
    if ext not in allowed:
        message = (f"Niedozwolony typ pliku „{name}”. Dozwolone: "
                   f"{', '.join(sorted(allowed))}.")
        raise ValidationFailed(message, field_errors={"file": [message]})
    if not data:
        raise ValidationFailed(N_("Plik jest pusty."),
                               field_errors={"file": [N_("Plik jest pusty.")]})
    title = (title or "").strip() or name.rsplit(".", 1)[0]
    if len(title) > 300:
        raise ValidationFailed(N_("Tytuł dokumentu może mieć najwyżej 300 znaków."),
                               field_errors={"title": [N_("Najwyżej 300 znaków.")]})
    content_type = CONTENT_TYPES.get(ext) or mimetypes.guess_type(name)[0] or \
        "application/octet-stream"
    stored = StoredFile.from_bytes(name, content_type, data, created_by=actor)
    document = CallDocument(title=title, stored_file=stored)
    competition.documents.append(document)
    db.session.flush()
    audit.record(actor, "call.document_add", document,
                 after={"competition_id": competition.id, "title": title, "filename": name,
                        "size": stored.size, "sha256": stored.sha256})
    return document


def remove_document(document: CallDocument, *, actor) -> None:
    """Remove a document of a draft (published documents stay: they were announced)."""
    competition = document.competition
    if competition.status != CallStatus.DRAFT:
        raise InvalidTransition(N_("Dokumentów opublikowanego ogłoszenia nie można usuwać."))
    stored = document.stored_file
    audit.record(actor, "call.document_remove", document,
                 before={"competition_id": competition.id, "title": document.title,
                         "filename": stored.filename, "sha256": stored.sha256})
    competition.documents.remove(document)
    db.session.delete(document)
    db.session.flush()
    db.session.delete(stored)
    db.session.flush()
