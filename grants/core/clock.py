"""The server clock. Instants are aware UTC; reasoning is in Europe/Warsaw.

Tests may move the clock with `frozen_at()`; nothing else reads the system time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WARSAW = ZoneInfo("Europe/Warsaw")

_offset = timedelta(0)
_frozen: datetime | None = None


def now() -> datetime:
    """The current instant, aware, in UTC."""
    if _frozen is not None:
        return _frozen
    return datetime.now(UTC) + _offset


def now_local() -> datetime:
    return now().astimezone(WARSAW)


def today() -> date:
    """Today's date in Warsaw."""
    return now_local().date()


def local_instant(day: date, at: time = time(23, 59, 59)) -> datetime:
    """The instant `at` o'clock Warsaw time on `day`, as aware UTC.

    A deadline "by day D" with no hour is 23:59:59 on D (settlement.md).
    """
    return datetime.combine(day, at, tzinfo=WARSAW).astimezone(UTC)


def to_local(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("naive datetime refused")
    return instant.astimezone(WARSAW)


def set_now(instant: datetime | None) -> None:
    """Freeze the clock at `instant` (aware) or unfreeze it with None. For tests and demos."""
    global _frozen
    if instant is not None and instant.tzinfo is None:
        raise ValueError("naive datetime refused")
    _frozen = instant.astimezone(UTC) if instant else None


@contextmanager
def frozen_at(instant: datetime) -> Iterator[None]:
    previous = _frozen
    set_now(instant)
    try:
        yield
    finally:
        set_now(previous)
