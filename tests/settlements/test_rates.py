"""The shipped tax-arrears rate table (revision 0006): every rate in force from 2024 to the
last decision checked, each 200 % of the NBP lombard rate + 2 pp and at least 8 %; later
rates are added by administrators on /admin/rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from grants.core.interest import Rate, arrears_interest
from grants.rules.services import rates
from tests.conftest import login

# (in force from, NBP lombard rate): the dates the Monetary Policy Council's resolutions
# entered into force (see the docstring of migrations/versions/*_0006_*.py)
LOMBARD = [
    (dt.date(2023, 10, 5), D("6.25")),
    (dt.date(2025, 5, 8), D("5.75")),
    (dt.date(2025, 7, 3), D("5.50")),
    (dt.date(2025, 9, 4), D("5.25")),
    (dt.date(2025, 10, 9), D("5.00")),
    (dt.date(2025, 11, 6), D("4.75")),
    (dt.date(2025, 12, 4), D("4.50")),
    (dt.date(2026, 3, 5), D("4.25")),
]


def test_every_rate_from_2024_is_shipped(world):
    shipped = {r.effective_from: r.percent for r in rates()}
    for day, lombard in LOMBARD:
        assert shipped[day] == max(D("8"), 2 * lombard + 2), day
    table = [Rate(d, p) for d, p in shipped.items()]
    # a debt due on 1 January 2024 can be charged: a rate is in force on every day since
    assert arrears_interest(D("10000.00"), dt.date(2024, 1, 1), dt.date(2026, 12, 31),
                            table, floor=D("0")) > 0
    assert shipped[dt.date(2023, 10, 5)] == D("14.5")


@pytest.mark.parametrize(("first", "last", "expected"), [
    # 10 000.00 for the whole of 2024 at 14.5 %: 366 days / 365 (Tax Ordinance)
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), D("1454")),
    # 5 000.00 across the May 2025 cut: 7 days at 14.5 % + 7 days at 13.5 %
    (dt.date(2025, 5, 1), dt.date(2025, 5, 14), D("27")),
])
def test_interest_over_the_shipped_rates(world, first, last, expected):
    amount = D("10000.00") if first.year == 2024 else D("5000.00")
    assert arrears_interest(amount, first, last, rates(), floor=D("0")) == expected


def test_rates_page_shows_the_shipped_table(client, world):
    """Administrators add later rates there (tests/admin: test_rates_table_and_a_new_rate)."""
    login(client, world.admin)
    page = client.get("/admin/rates")
    assert page.status_code == 200 and "10,5" in page.get_data(as_text=True)
