"""grants.core.interest: the three examples of settlement.md and more cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from grants.core.interest import Rate, arrears_interest

pytestmark = pytest.mark.pure

# the illustrative rates of settlement.md
RATES = [Rate(date(2026, 1, 1), D("12.0")), Rate(date(2026, 7, 1), D("11.0"))]


@pytest.mark.parametrize(("case", "amount", "first", "last", "expected"), [
    ("settlement.md: misused, 121 d at 12 % + 181 d at 11 %",
     "5000.00", date(2026, 3, 2), date(2026, 12, 28), "472"),
    ("settlement.md: 2 000 unused, 65 d at 11 %",
     "2000.00", date(2026, 11, 17), date(2027, 1, 20), "39"),
    ("settlement.md: 200 unused, 3.92 under the floor",
     "200.00", date(2026, 11, 17), date(2027, 1, 20), "0"),
    ("rate change inside the period: 32.88 + 30.14",
     "100000.00", date(2026, 6, 30), date(2026, 7, 1), "63"),
    ("only the first rate: 30 d at 12 %", "100000.00", date(2026, 6, 1), date(2026, 6, 30),
     "986"),          # 986.30
    ("only the second rate: 31 d at 11 %", "100000.00", date(2026, 7, 1), date(2026, 7, 31),
     "934"),          # 934.25
    ("one day", "36500.00", date(2026, 1, 1), date(2026, 1, 1), "12"),
    ("leap year: 29 February counted, still /365 (3 d x 11.00)",
     "36500.00", date(2028, 2, 28), date(2028, 3, 1), "33"),
    ("a whole leap year: 366 d / 365", "36500.00", date(2028, 1, 1), date(2028, 12, 31),
     "4026"),         # 36500 x 0.11 x 366 / 365 = 4026.00
    ("half up: 9.49997 -> 9", "28895.83", date(2026, 1, 1), date(2026, 1, 1), "9"),
    ("floor: exactly 8.70 rounds to 9, charged", "26462.50", date(2026, 2, 2),
     date(2026, 2, 2), "9"),
    ("floor: 8.49 rounds to 8, not charged", "25823.75", date(2026, 2, 2), date(2026, 2, 2),
     "0"),
    ("floor: 8.50 rounds to 9, charged", "25854.17", date(2026, 2, 2), date(2026, 2, 2), "9"),
    ("nothing owed", "0.00", date(2026, 3, 1), date(2026, 3, 31), "0"),
])
def test_interest(case, amount, first, last, expected):
    assert arrears_interest(D(amount), first, last, RATES) == D(expected), case


def test_half_up_boundary():
    # 28 895.84 x 12 % / 365 = 9.50000... -> 10 ; one grosz less 9.49997 -> 9
    assert arrears_interest(D("28895.84"), date(2026, 1, 1), date(2026, 1, 1), RATES) == D("10")
    assert arrears_interest(D("28895.82"), date(2026, 1, 1), date(2026, 1, 1), RATES) == D("9")


@pytest.mark.parametrize(("floor", "expected"), [
    (D("8.70"), D("9")),   # 9 > 8.70: charged
    (D("9"), D("0")),      # 9 does not exceed 9: not charged
    (D("8.99"), D("9")),
    (D("0"), D("9")),
])
def test_floor_is_a_setting(floor, expected):
    amount = D("27375.00")  # 9.00 a day at 12 %
    assert arrears_interest(amount, date(2026, 2, 2), date(2026, 2, 2), RATES,
                            floor=floor) == expected


def test_floor_zero_keeps_small_amounts():
    assert arrears_interest(D("200.00"), date(2026, 11, 17), date(2027, 1, 20), RATES,
                            floor=D("0")) == D("4")   # 3.92 -> 4


def test_unsorted_rates():
    assert arrears_interest(D("5000.00"), date(2026, 3, 2), date(2026, 12, 28),
                            list(reversed(RATES))) == D("472")


@pytest.mark.parametrize(("amount", "first", "last", "rates", "message"), [
    (D("-0.01"), date(2026, 1, 2), date(2026, 1, 3), RATES, "negative"),
    (D("100"), date(2026, 1, 3), date(2026, 1, 2), RATES, "before"),
    (D("100"), date(2025, 12, 31), date(2026, 1, 2), RATES, "no interest rate"),
    (D("100"), date(2026, 1, 2), date(2026, 1, 3), [], "no interest rate"),
])
def test_invalid(amount, first, last, rates, message):
    with pytest.raises(ValueError, match=message):
        arrears_interest(amount, first, last, rates)
