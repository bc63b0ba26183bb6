"""Periods and deadlines (Civil Code art. 111 § 2 and art. 115, Tax Ordinance art. 12 § 5).

Pure functions of `rules-interface.md`. Polish public holidays come from the
`holidays` package (24 December is a holiday from 2025).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _polish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Poland(years=year).keys())


# The library's Polish names read as in the Act on public holidays where they differ.
_HOLIDAY_NAMES = {
    "Boże Narodzenie (pierwszy dzień)": "Pierwszy dzień Bożego Narodzenia",
    "Boże Narodzenie (drugi dzień)": "Drugi dzień Bożego Narodzenia",
}


@lru_cache(maxsize=64)
def _polish_holiday_names(year: int) -> dict[date, str]:
    names = holidays.Poland(years=year, language="pl")
    return {day: _HOLIDAY_NAMES.get(name, name) for day, name in names.items()}


def day_off_reason(day: date) -> str | None:
    """Why `day` is not a working day, in Polish ("święto (Drugi dzień Bożego Narodzenia)",
    "sobota", "niedziela"), or None for a working day. A holiday is named even when it
    falls on a weekend."""
    if not isinstance(day, date):
        raise ValueError("day must be a date")
    name = _polish_holiday_names(day.year).get(day)
    if name:
        return f"święto ({name})"
    if day.weekday() == 5:
        return "sobota"
    if day.weekday() == 6:
        return "niedziela"
    return None


def is_public_holiday(day: date) -> bool:
    """Sundays count as public holidays (Civil Code art. 115)."""
    return day.weekday() == 6 or day in _polish_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _polish_holidays(day.year)


def _check(start: date, days: int) -> None:
    if not isinstance(start, date):
        raise ValueError("start must be a date")
    if isinstance(days, bool) or not isinstance(days, int):
        raise ValueError("days must be an integer")
    if days < 0:
        raise ValueError(f"days must not be negative (got {days})")


def days_after(start: date, days: int) -> date:
    """The day `days` days after `start`, the start day itself not counted."""
    _check(start, days)
    return start + timedelta(days=days)


def due_date(start: date, days: int) -> date:
    """`days_after`, then moved off a Saturday or public holiday (Sunday included)."""
    day = days_after(start, days)
    while day.weekday() == 5 or is_public_holiday(day):
        day += timedelta(days=1)
    return day


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, otherwise the next working day."""
    if not isinstance(day, date):
        raise ValueError("day must be a date")
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_after(start: date, days: int) -> date:
    """The `days`-th working day after `start` (`start` itself not counted)."""
    _check(start, days)
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
