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

from collections.abc import Iterable
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from grants.calls import queries, snapshots
from grants.calls.catalogue import (
    DEFAULT_ATTACHMENTS,
    DEFAULT_CHECKLIST,
    DEFAULT_POINTS,
    DEFAULT_SELECTION_PROCEDURE,
    DEFAULT_TIE_BREAK_POINT,
    STATUTORY_CRITERIA,
    tie_break_text,
)
from grants.calls.models import (
    CallStatus,
    CallTask,
    ChecklistItem,
    Competition,
    Criterion,
    Mode,
    RequiredAttachment,
    SameKindTask,
)
from grants.calls.validation import as_int, check_data
from grants.core import audit, clock
from grants.core.deadlines import day_off_reason
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_, msg
from grants.core.money import q
from grants.extensions import db

# The tie rule's text is not typed: it states the rule the ranking applies (tie_break_point).
GENERATED = {"tie_break_rule"}
SCALARS: list[str] = [name for name, _label, _kind in snapshots.FIELDS if name not in GENERATED]
# The officer's confirmation of an offer deadline on a Saturday, Sunday or public holiday.
CONFIRM_DAY_OFF = "confirm_day_off"
_KINDS = {name: kind for name, _label, kind in snapshots.FIELDS}

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
    "selection_procedure": "", "tie_break_point": None, "min_score_pct": Decimal("60"),
    "decision_date": None, "completion_days": 7, "update_days": 14, "budget_division": "",
    "budget_chapter": "", "budget_paragraph": "", "based_on_draft_budget": False,
    "tasks": [], "criteria": [], "checklist": [], "required_attachments": [],
    "same_kind_tasks": [],
}

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
        "tie_break_point": DEFAULT_TIE_BREAK_POINT,
        "offer_deadline": clock.local_instant(deadline_day, time(12, 0)),
        "tasks": [{"title": "", "description": "", "funds": None, "min_grant": None,
                   "max_grant": None, "start_date": date(next_year, 1, 1),
                   "end_date": date(next_year, 12, 31)}],
        "criteria": criteria_defaults(mode),
        "checklist": [{"text": t} for t in DEFAULT_CHECKLIST],
        "required_attachments": [{"name": n, "mandatory": m} for n, m in DEFAULT_ATTACHMENTS],
    }


def _rows_of(competition: Competition, key: str) -> list[dict]:
    return [{"id": r.id, **{c: getattr(r, c) for c in ROW_COLUMNS[key]}}
            for r in getattr(competition, key)]


def merged(competition: Competition, data: dict[str, Any]) -> dict[str, Any]:
    merged = {name: data.get(name, getattr(competition, name)) for name in SCALARS}
    for key in ROW_MODELS:
        merged[key] = data[key] if key in data else _rows_of(competition, key)
    merged[CONFIRM_DAY_OFF] = bool(data.get(CONFIRM_DAY_OFF))
    merged["deadline_day_off_confirmed"] = competition.deadline_day_off_confirmed
    return merged


def refuse_unknown(data: dict[str, Any]) -> None:
    unknown = set(data) - set(SCALARS) - set(ROW_MODELS) - {CONFIRM_DAY_OFF}
    if unknown:
        raise ValidationFailed(msg("Nieznane pola ogłoszenia: %(fields)s.",
                                   fields=", ".join(sorted(unknown))))


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
        return int(value) if value is not None else None
    if kind == "bool":
        return bool(value)
    return value


def _sync_rows(competition: Competition, key: str, rows: Iterable[dict]) -> None:
    """Replace the group's rows, keeping (and updating) the existing rows named by id."""
    model = ROW_MODELS[key]
    existing = {r.id: r for r in getattr(competition, key) if r.id is not None}
    result = []
    for position, row in enumerate(rows, 1):
        obj = existing.pop(as_int(row.get("id")), None) if row.get("id") else None
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


def assign(competition: Competition, data: dict[str, Any]) -> None:
    for name in SCALARS:
        if name in data:
            setattr(competition, name, _clean(name, data[name]))
    if competition.mode == Mode.POWIERZENIE:
        competition.max_grant_pct = Decimal("100.00")  # entrusting finances up to 100 %
    if competition.min_own_pct is None:
        competition.min_own_pct = Decimal("0.00")
    competition.tie_break_rule = tie_break_text(competition.tie_break_point)
    _confirm_day_off(competition, bool(data.get(CONFIRM_DAY_OFF)))
    if "same_kind_tasks" in data:
        sources = {as_int(r.get("source_competition_id")) for r in data["same_kind_tasks"]}
        known = queries.existing_competition_ids({s for s in sources if s},
                                                 competition.organiser_id)
        data = {**data, "same_kind_tasks": [
            {**r, "source_competition_id": as_int(r.get("source_competition_id"))
             if as_int(r.get("source_competition_id")) in known else None}
            for r in data["same_kind_tasks"]]}
    for key in ROW_MODELS:
        if key in data:
            _sync_rows(competition, key, data[key])


def _confirm_day_off(competition: Competition, confirmed: bool) -> None:
    """Keep the day off the officer confirmed as the deadline's day (None on a working day;
    an earlier confirmation stays while the deadline keeps its day)."""
    if competition.offer_deadline is None:
        competition.deadline_day_off_confirmed = None
        return
    day = clock.to_local(competition.offer_deadline).date()
    if day_off_reason(day) is None:
        competition.deadline_day_off_confirmed = None
    elif confirmed:
        competition.deadline_day_off_confirmed = day
    elif competition.deadline_day_off_confirmed != day:
        competition.deadline_day_off_confirmed = None


def create_draft(organiser, *, actor, **data) -> Competition:
    """A new draft of `organiser`'s competition."""
    refuse_unknown(data)
    values = {**BLANK_DRAFT, **data}
    errors = check_data(values, now=clock.now())
    if errors:
        raise ValidationFailed(N_("Popraw błędy w ogłoszeniu."), field_errors=errors)
    competition = Competition(organiser_id=organiser.id, status=CallStatus.DRAFT, version=0,
                              created_by_id=getattr(actor, "id", None), created_at=clock.now())
    assign(competition, values)
    db.session.add(competition)
    db.session.flush()
    audit.record(actor, "call.create", competition, after=snapshots.snapshot(competition))
    return competition


def update_draft(competition: Competition, *, actor, **data) -> Competition:
    """Change a draft (only drafts; a published announcement changes by `correct`)."""
    if competition.status != CallStatus.DRAFT:
        raise InvalidTransition(N_("Opublikowane ogłoszenie można zmienić tylko sprostowaniem."))
    refuse_unknown(data)
    errors = check_data(merged(competition, data), now=clock.now())
    if errors:
        raise ValidationFailed(N_("Popraw błędy w ogłoszeniu."), field_errors=errors)
    before = snapshots.snapshot(competition)
    assign(competition, data)
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
