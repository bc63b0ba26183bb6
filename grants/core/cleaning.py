"""Cleaning of typed input for services that take plain dicts (forms with row tables, the API,
imports): each function returns the clean value and appends a Polish message to
`errors[key]` when the input is bad, so that a service can report every bad field at once and
the form can show what was typed. Rows of a table are synchronised onto an ORM collection by
position with `sync_rows`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import String

from grants.core.i18n import N_
from grants.core.money import q

MAX_MONEY = Decimal("9999999999.99")   # fits Numeric(14, 2) with room for totals
MAX_UNITS = Decimal("9999999999.99")   # Numeric(12, 2)
ZERO = Decimal("0.00")


def add_error(errors: dict, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def max_length(model: type, column: str) -> int | None:
    """The length of a String column of `model` (None for Text and other types)."""
    col = model.__table__.columns[column]
    return col.type.length if isinstance(col.type, String) else None


def clean_text(value: Any, errors: dict, key: str, *, limit: int | None) -> str:
    text = "" if value is None else str(value).strip()
    if limit is not None and len(text) > limit:
        add_error(errors, key, f"Najwyżej {limit} znaków (wpisano {len(text)}).")
    return text


def clean_amount(value: Any, errors: dict, key: str, *, limit: Decimal = MAX_MONEY) -> Decimal:
    """A non-negative amount with at most two decimal places; empty is 0.00."""
    if value is None or value == "":
        return ZERO
    try:
        amount = Decimal(value)
        if not amount.is_finite():
            raise ValueError(value)
    except (ArithmeticError, ValueError, TypeError):
        add_error(errors, key, N_("Nieprawidłowa liczba."))
        return ZERO
    if amount < 0:
        add_error(errors, key, N_("Kwota nie może być ujemna."))
    elif amount > limit:
        add_error(errors, key, N_("Liczba jest za duża."))
    elif amount != q(amount):
        add_error(errors, key, N_("Najwyżej dwa miejsca po przecinku."))
    return q(amount)


def clean_int(value: Any, errors: dict, key: str, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        add_error(errors, key, N_("Podaj liczbę całkowitą."))
        return None
    if not low <= number <= high:
        add_error(errors, key, f"Podaj liczbę od {low} do {high}.")
        return None
    return number


def clean_date(value: Any, errors: dict, key: str) -> dt.date | None:
    """A date object (forms parse the text) within 2000-2100; empty is None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        add_error(errors, key, N_("Nieprawidłowa data."))
        return None
    if not 2000 <= value.year <= 2100:
        add_error(errors, key, N_("Data spoza dopuszczalnego zakresu (2000-2100)."))
        return None
    return value


def sync_rows(collection: list, model: type, rows: Sequence[Mapping[str, Any]],
              on_change: Callable[[Any, str], None] | None = None) -> None:
    """Make `collection` hold one `model` object per row, in order (position 1, 2 ...): reuse
    existing objects by position, set only changed values, drop the surplus."""
    for i, data in enumerate(rows):
        if i < len(collection):
            obj = collection[i]
        else:
            obj = model()
            collection.append(obj)
        obj.position = i + 1
        for name, value in data.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                if on_change is not None:
                    on_change(obj, name)
    del collection[len(rows):]


def check_item_values(rows: Sequence[Mapping[str, Any]], errors: dict,
                      value_of: Callable[[Decimal, Decimal], Decimal], *,
                      kind: str = "cost_items", limit: Decimal = MAX_MONEY) -> None:
    """Each cost row's computed value (unit cost x units) and their sum fit the money
    columns; a message on the row's units or on the table otherwise."""
    total = ZERO
    for i, row in enumerate(rows):
        value = value_of(row["unit_cost"], row["units"])
        total += value
        if value > limit:
            add_error(errors, f"{kind}-{i}-units", N_("Wartość pozycji jest za duża."))
    if total > limit:
        add_error(errors, kind, N_("Suma kosztów jest za duża."))
