"""The shape of the start page: a section per role, in it a group per kind of work, in a group
the first items (each with its deadline and the link to act) and the count of all.

Pure: no database, no request. The days left and the overdue mark are computed here from the
Warsaw day (grants.core.clock.today) the caller passes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

LIMIT = 5   # items shown per group; the count and the link to the full list give the rest


@dataclass(frozen=True)
class Detail:
    label: str                   # a Polish msgid
    value: Any                   # str, Decimal (money) or date
    kind: str = "text"           # text | money | date | iban


@dataclass(frozen=True)
class Item:
    title: str                   # what it is (numbers and names: data, not translated)
    url: str                     # the one link to act
    due_on: dt.date | None = None
    details: tuple[Detail, ...] = ()
    overdue_flag: bool | None = None   # set when the source decided (e.g. a report's date)

    def days_left(self, today: dt.date) -> int | None:
        return days_left(self.due_on, today)

    def overdue(self, today: dt.date) -> bool:
        if self.overdue_flag is not None:
            return self.overdue_flag
        return is_overdue(self.due_on, today)


@dataclass(frozen=True)
class Group:
    key: str                     # stable id (anchors, tests)
    title: str                   # a Polish msgid
    action: str                  # a Polish msgid: the text of each item's link
    items: tuple[Item, ...]      # the first LIMIT items
    count: int                   # all items
    more_url: str                # the full list

    @property
    def more(self) -> bool:
        return self.count > len(self.items)


@dataclass
class Section:
    key: str                     # officer | ngo | committee | finance
    title: str                   # a Polish msgid
    groups: list[Group] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)


def days_left(due_on: dt.date | None, today: dt.date) -> int | None:
    """Whole days from today to the due day (0: due today, negative: overdue)."""
    return None if due_on is None else (due_on - today).days


def is_overdue(due_on: dt.date | None, today: dt.date) -> bool:
    """The due day has passed (a thing due today is not overdue yet)."""
    return due_on is not None and due_on < today


def group(key: str, title: str, action: str, rows: Sequence, make: Callable[[Any], Item],
          more_url: str, *, limit: int = LIMIT) -> Group:
    """A group of the first `limit` rows made into items, with the count of all rows."""
    return Group(key=key, title=title, action=action,
                 items=tuple(make(r) for r in rows[:limit]), count=len(rows), more_url=more_url)


def money(label: str, value: Decimal) -> Detail:
    return Detail(label, value, "money")
