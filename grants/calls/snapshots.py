"""The announcement as JSON (a published version) and the difference between two versions.

Pure functions: no database, no Flask. A snapshot keeps raw values (amounts as strings
to the grosz, dates ISO, the deadline as a UTC ISO instant); a difference is a list of
{field, label, before, after} whose labels and values are the Polish text shown in the
public list of corrections ("Sprostowania").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from babel.numbers import format_currency, format_decimal

from grants.core.clock import WARSAW
from grants.core.money import q
from grants.organisations.areas import area_name

# (attribute, Polish label, kind) of the announcement's single values, in the order of the form.
FIELDS: list[tuple[str, str, str]] = [
    ("title", "Tytuł konkursu", "text"),
    ("reference", "Znak sprawy", "text"),
    ("area", "Rodzaj zadania (sfera pożytku publicznego)", "area"),
    ("mode", "Forma realizacji zadania", "mode"),
    ("max_grant_pct", "Maksymalny udział dotacji w kosztach zadania", "percent"),
    ("min_own_pct", "Minimalny wkład własny", "percent"),
    ("description", "Opis zadania", "text"),
    ("grant_rules", "Zasady przyznawania dotacji", "text"),
    ("task_conditions", "Warunki realizacji zadania", "text"),
    ("offer_deadline", "Termin składania ofert", "datetime"),
    ("selection_procedure", "Tryb i kryteria stosowane przy wyborze ofert", "text"),
    ("tie_break_point", "Kryterium rozstrzygające przy równej liczbie punktów "
                        "(art. 15 ust. 1 pkt)", "int"),
    ("tie_break_rule", "Sposób rozstrzygania przy równej liczbie punktów", "text"),
    ("min_score_pct", "Minimalna liczba punktów (% maksymalnej)", "percent"),
    ("decision_date", "Termin dokonania wyboru ofert", "date"),
    ("completion_days", "Termin na uzupełnienie braków formalnych (dni)", "int"),
    ("update_days", "Termin na aktualizację oferty (dni)", "int"),
    ("budget_division", "Klasyfikacja budżetowa – dział", "text"),
    ("budget_chapter", "Klasyfikacja budżetowa – rozdział", "text"),
    ("budget_paragraph", "Klasyfikacja budżetowa – paragraf", "text"),
    ("based_on_draft_budget", "Ogłoszenie na podstawie projektu uchwały budżetowej", "bool"),
]

# Repeating groups: key -> (row label, [(column, Polish label, kind)]).
ROWS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "tasks": ("Zadanie", [
        ("title", "nazwa", "text"),
        ("description", "opis", "text"),
        ("funds", "wysokość środków", "money"),
        ("min_grant", "minimalna dotacja", "money"),
        ("max_grant", "maksymalna dotacja", "money"),
        ("start_date", "początek realizacji", "date"),
        ("end_date", "koniec realizacji", "date"),
    ]),
    "criteria": ("Kryterium", [
        ("statutory_point", "punkt art. 15 ust. 1", "int"),
        ("name", "nazwa", "text"),
        ("max_points", "maksymalna liczba punktów", "number"),
        ("min_points", "minimalna liczba punktów", "number"),
    ]),
    "checklist": ("Wymóg formalny", [("text", "treść", "text")]),
    "required_attachments": ("Wymagany załącznik", [
        ("name", "nazwa", "text"),
        ("mandatory", "obowiązkowy", "bool"),
    ]),
    "same_kind_tasks": ("Zadanie tego samego rodzaju", [
        ("year", "rok", "int"),
        ("name", "nazwa", "text"),
        ("total_cost", "koszt", "money"),
        ("grant", "dotacja", "money"),
    ]),
}

_MODE_TEXT = {"wspieranie": "wspieranie", "powierzenie": "powierzenie"}
_DECIMAL_KINDS = {"money", "percent", "number"}


def _raw(kind: str, value: Any) -> Any:
    """A JSON value that compares equal however the model value was assigned."""
    if value is None:
        return None
    if kind in _DECIMAL_KINDS:
        return str(q(Decimal(value)))
    if kind == "date":
        return value.isoformat()
    if kind == "datetime":
        return value.astimezone(dt.UTC).isoformat()
    if kind == "int":
        return int(value)
    if kind == "bool":
        return bool(value)
    if kind == "mode":
        return str(getattr(value, "value", value))
    return str(value)


def snapshot(competition) -> dict:
    """The announcement as published: single values and every repeating group with row ids."""
    data: dict[str, Any] = {
        "organiser": getattr(competition.organiser, "name", None),
        "fields": {name: _raw(kind, getattr(competition, name)) for name, _l, kind in FIELDS},
    }
    for key, (_label, columns) in ROWS.items():
        data[key] = [
            {"id": row.id, **{col: _raw(kind, getattr(row, col)) for col, _cl, kind in columns}}
            for row in getattr(competition, key)
        ]
    return data


def display(kind: str, raw: Any) -> str:
    """Polish text of a snapshot value (what the public reads)."""
    if raw is None or raw == "":
        return ""
    if kind == "money":
        return format_currency(Decimal(raw), "PLN", locale="pl_PL")
    if kind == "percent":
        return format_decimal(Decimal(raw), format="#,##0.##", locale="pl_PL") + "\xa0%"
    if kind == "number":
        return format_decimal(Decimal(raw), format="#,##0.##", locale="pl_PL")
    if kind == "date":
        return dt.date.fromisoformat(raw).strftime("%d.%m.%Y")
    if kind == "datetime":
        return dt.datetime.fromisoformat(raw).astimezone(WARSAW).strftime("%d.%m.%Y %H:%M")
    if kind == "bool":
        return "tak" if raw else "nie"
    if kind == "area":
        return area_name(raw)
    if kind == "mode":
        return _MODE_TEXT.get(raw, raw)
    return str(raw)


def _row_summary(row: dict, columns: list[tuple[str, str, str]]) -> str:
    parts = [display(kind, row.get(col)) for col, _label, kind in columns]
    return " · ".join(p for p in parts if p)


def diff(before: dict, after: dict) -> list[dict]:
    """Changed fields between two snapshots: [{field, label, before, after}] in form order.

    Rows of a repeating group are matched by their id: a changed row gives one entry per
    changed column, a new row one entry with an empty `before`, a removed row one entry
    with an empty `after`.
    """
    changes: list[dict] = []
    old_fields, new_fields = before.get("fields", {}), after.get("fields", {})
    for name, label, kind in FIELDS:
        if old_fields.get(name) != new_fields.get(name):
            changes.append({"field": name, "label": label,
                            "before": display(kind, old_fields.get(name)),
                            "after": display(kind, new_fields.get(name))})
    for key, (row_label, columns) in ROWS.items():
        old_rows = {r.get("id"): (i, r) for i, r in enumerate(before.get(key, []), 1)}
        seen: set = set()
        for pos, row in enumerate(after.get(key, []), 1):
            match = old_rows.get(row.get("id")) if row.get("id") is not None else None
            if match is None:
                changes.append({"field": f"{key}.{pos}", "label": f"{row_label} {pos}",
                                "before": "", "after": _row_summary(row, columns)})
                continue
            seen.add(row.get("id"))
            old = match[1]
            for col, col_label, kind in columns:
                if old.get(col) != row.get(col):
                    changes.append({"field": f"{key}.{pos}.{col}",
                                    "label": f"{row_label} {pos}: {col_label}",
                                    "before": display(kind, old.get(col)),
                                    "after": display(kind, row.get(col))})
        for row_id, (pos, old) in old_rows.items():
            if row_id not in seen:
                changes.append({"field": f"{key}.{pos}", "label": f"{row_label} {pos} (usunięty)",
                                "before": _row_summary(old, columns), "after": ""})
    return changes
