from datetime import UTC, date, datetime, time
from decimal import Decimal as D

import pytest

from grants.core import clock
from grants.core.db import UTCDateTime
from grants.core.money import parse_amount, q, share_pct

pytestmark = pytest.mark.pure


@pytest.mark.parametrize(("text", "expected"), [
    ("1234,56", D("1234.56")), ("1 234,56", D("1234.56")), ("1\xa0234,56 zł", D("1234.56")),
    ("1234.5", D("1234.5")), ("0", D("0")), ("12", D("12")), ("-5,00", D("-5.00")),
])
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.234.56", "1,234", "12,345", "", "NaN", "1e3x",
                                  "1e400", "Infinity", "1000000000000", "0,001"])
def test_parse_amount_refuses(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(("value", "expected"), [
    (D("0.005"), D("0.01")), (D("0.004"), D("0.00")), (D("2.675"), D("2.68")),
    (D("-0.005"), D("-0.01")), (7, D("7.00")),
])
def test_q_half_up(value, expected):
    assert q(value) == expected


def test_q_refuses_float():
    with pytest.raises(TypeError):
        q(0.1)


def test_share_pct():
    assert share_pct(D("26000"), D("40000")) == D("65.00")
    assert share_pct(D("1"), D("3")) == D("33.33")
    assert share_pct(D("1"), D("0")) == D("0.00")


def test_local_instant_is_warsaw_time():
    winter = clock.local_instant(date(2026, 12, 24), time(12, 0))
    summer = clock.local_instant(date(2026, 7, 1), time(12, 0))
    assert winter == datetime(2026, 12, 24, 11, 0, tzinfo=UTC)
    assert summer == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert clock.local_instant(date(2026, 12, 24)) == datetime(2026, 12, 24, 22, 59, 59,
                                                                tzinfo=UTC)


def test_frozen_clock():
    t = datetime(2026, 12, 24, 23, 30, tzinfo=UTC)  # already 25 Dec in Warsaw
    with clock.frozen_at(t):
        assert clock.now() == t
        assert clock.today() == date(2026, 12, 25)
    assert clock.now() != t
    with pytest.raises(ValueError):
        clock.set_now(datetime(2026, 1, 1))


def test_naive_datetime_refused_by_column():
    col = UTCDateTime()

    class Dialect:
        name = "postgresql"

    with pytest.raises(ValueError):
        col.process_bind_param(datetime(2026, 1, 1, 12), Dialect())
