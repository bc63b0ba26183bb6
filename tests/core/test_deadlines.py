"""grants.core.deadlines: the examples of settlement.md and more cases."""

from datetime import date

import pytest

from grants.core.deadlines import days_after, due_date, next_working_day, working_days_after

pytestmark = pytest.mark.pure


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2026, 12, 3), 21, date(2026, 12, 24)),   # settlement.md: earliest offer deadline
    (date(2026, 10, 31), 30, date(2026, 11, 30)),
    (date(2026, 1, 31), 1, date(2026, 2, 1)),
    (date(2024, 2, 28), 1, date(2024, 2, 29)),      # leap year
    (date(2026, 12, 31), 31, date(2027, 1, 31)),
    (date(2026, 5, 5), 0, date(2026, 5, 5)),
])
def test_days_after(start, days, expected):
    assert days_after(start, days) == expected


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2026, 10, 31), 30, date(2026, 11, 30)),   # settlement.md: Monday, no move
    (date(2026, 11, 24), 30, date(2026, 12, 28)),   # 24, 25, 26 Dec holidays, 27 Sunday
    (date(2026, 10, 31), 15, date(2026, 11, 16)),   # Sunday 15 Nov -> Monday
    (date(2026, 12, 10), 15, date(2026, 12, 28)),   # 25 Dec -> 28 Dec
    (date(2026, 10, 27), 15, date(2026, 11, 12)),   # 11 Nov Independence Day -> 12 Nov
    (date(2026, 12, 17), 15, date(2027, 1, 4)),     # 1 Jan holiday, 2 Sat, 3 Sun -> 4 Jan
    (date(2026, 4, 20), 12, date(2026, 5, 4)),      # 2 May Sat, 3 May Sun+holiday -> 4 May
    (date(2026, 8, 1), 14, date(2026, 8, 17)),      # 15 Aug Saturday & holiday, 16 Sun
    (date(2026, 12, 1), 18, date(2026, 12, 21)),    # 19 Dec Saturday, 20 Sunday
    (date(2026, 3, 1), 2, date(2026, 3, 3)),        # Tuesday: no move
])
def test_due_date(start, days, expected):
    assert due_date(start, days) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 11, 30), date(2026, 11, 30)),       # Monday
    (date(2026, 11, 28), date(2026, 11, 30)),       # Saturday
    (date(2026, 12, 24), date(2026, 12, 28)),       # Wigilia (holiday from 2025)
    (date(2026, 4, 6), date(2026, 4, 7)),           # Easter Monday 2026
    (date(2026, 1, 6), date(2026, 1, 7)),           # Epiphany
])
def test_next_working_day(day, expected):
    assert next_working_day(day) == expected


@pytest.mark.parametrize(("start", "days", "expected"), [
    (date(2026, 11, 26), 7, date(2026, 12, 7)),     # Thu -> 7 working days
    (date(2026, 12, 18), 7, date(2026, 12, 31)),     # 24-27 Dec skipped
    (date(2026, 12, 18), 8, date(2027, 1, 4)),      # then 1 Jan, the weekend
    (date(2026, 11, 6), 3, date(2026, 11, 12)),     # 11 Nov skipped
    (date(2026, 11, 27), 1, date(2026, 11, 30)),
    (date(2026, 11, 27), 0, date(2026, 11, 27)),
])
def test_working_days_after(start, days, expected):
    assert working_days_after(start, days) == expected


@pytest.mark.parametrize("func", [days_after, due_date, working_days_after])
@pytest.mark.parametrize(("start", "days"), [
    (date(2026, 1, 1), -1), ("2026-01-01", 3), (date(2026, 1, 1), 1.5), (date(2026, 1, 1), True),
])
def test_invalid_input_is_value_error(func, start, days):
    with pytest.raises(ValueError):
        func(start, days)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 12, 26), "święto (Drugi dzień Bożego Narodzenia)"),  # also a Saturday
    (date(2026, 12, 25), "święto (Pierwszy dzień Bożego Narodzenia)"),
    (date(2026, 12, 24), "święto (Wigilia Bożego Narodzenia)"),
    (date(2027, 1, 6), "święto (Święto Trzech Króli)"),
    (date(2026, 12, 19), "sobota"),
    (date(2026, 12, 20), "niedziela"),
    (date(2026, 12, 28), None),
])
def test_day_off_reason(day, expected):
    from grants.core.deadlines import day_off_reason
    assert day_off_reason(day) == expected
