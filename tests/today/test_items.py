"""The pure rules of the start page: days left, overdue, a group's first items and count."""

from __future__ import annotations

import datetime as dt

import pytest

from grants.today.items import Item, days_left, group, is_overdue

pytestmark = pytest.mark.pure
A = dt.date


@pytest.mark.parametrize("due, today, left, overdue", [
    (A(2026, 12, 21), A(2026, 12, 10), 11, False),
    (A(2026, 12, 10), A(2026, 12, 10), 0, False),    # due today: not overdue yet
    (A(2026, 12, 9), A(2026, 12, 10), -1, True),     # one day late
    (None, A(2026, 12, 10), None, False),            # no deadline
])
def test_days_left_and_overdue(due, today, left, overdue):
    assert days_left(due, today) == left
    assert is_overdue(due, today) is overdue
    assert Item(title="x", url="/", due_on=due).overdue(today) is overdue


def test_the_source_decides_overdue_when_it_says():
    item = Item(title="x", url="/", due_on=A(2026, 1, 1), overdue_flag=False)
    assert not item.overdue(A(2026, 12, 10))


@pytest.mark.parametrize("n, shown, more", [(0, 0, False), (3, 3, False), (5, 5, False),
                                            (6, 5, True), (40, 5, True)])
def test_a_group_shows_the_first_items_and_counts_all(n, shown, more):
    made = []

    def make(r):
        made.append(r)
        return Item(title=str(r), url=f"/{r}")

    g = group("k", "Tytuł", "Otwórz", list(range(n)), make, "/all")
    assert (len(g.items), g.count, g.more) == (shown, n, more)
    assert made == list(range(shown))   # only the shown rows become items (links built)
