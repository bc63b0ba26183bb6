from datetime import date
from decimal import Decimal as D

import pytest

from grants.core.interest import Rate, arrears_interest

pytestmark = pytest.mark.pure

RATES = [Rate(date(2026, 1, 1), D("12.0")), Rate(date(2026, 7, 1), D("11.0"))]


@pytest.mark.parametrize(("amount", "first", "last", "expected"), [
    (D("5000.00"), date(2026, 3, 2), date(2026, 12, 28), D("472")),   # settlement.md
    (D("2000.00"), date(2026, 11, 17), date(2027, 1, 20), D("39")),    # settlement.md
    (D("200.00"), date(2026, 11, 17), date(2027, 1, 20), D("0")),      # under the floor
    (D("0.00"), date(2026, 3, 1), date(2026, 3, 31), D("0")),
    (D("10000.00"), date(2026, 6, 30), date(2026, 7, 1), D("0")),      # 6.30 -> 0
    (D("100000.00"), date(2026, 6, 30), date(2026, 7, 1), D("63")),   # 32.88 + 30.14
    (D("36500.00"), date(2026, 1, 1), date(2026, 1, 1), D("12")),      # one day, 12.00
])
def test_arrears_interest(amount, first, last, expected):
    assert arrears_interest(amount, first, last, RATES) == expected


def test_floor_is_exclusive_and_configurable():
    # 9 zł exactly above the default floor, charged; with a floor of 9 it is not.
    amount = D("27375.00")  # 27375 * 12% / 365 = 9.00 per day
    assert arrears_interest(amount, date(2026, 2, 2), date(2026, 2, 2), RATES) == D("9")
    assert arrears_interest(amount, date(2026, 2, 2), date(2026, 2, 2), RATES,
                            floor=D("9")) == D("0")


@pytest.mark.parametrize(("amount", "first", "last"), [
    (D("-1"), date(2026, 1, 2), date(2026, 1, 3)),
    (D("100"), date(2026, 1, 3), date(2026, 1, 2)),
    (D("100"), date(2025, 12, 31), date(2026, 1, 2)),  # before the first rate
])
def test_invalid(amount, first, last):
    with pytest.raises(ValueError):
        arrears_interest(amount, first, last, RATES)
