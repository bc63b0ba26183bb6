"""The demo's steps happen on their own days: the clock is moved to each step's day."""

from __future__ import annotations

import datetime as dt

from grants.core import clock


def at(day: dt.date, hour: int = 10):
    return clock.frozen_at(dt.datetime.combine(day, dt.time(hour), tzinfo=clock.WARSAW))
