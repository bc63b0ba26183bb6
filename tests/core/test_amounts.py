"""Amounts typed by people: parse_amount / format_amount of rules-interface.md, as tables of
cases in both interface languages (pure: no database, no Flask)."""

from __future__ import annotations

import random
from decimal import Decimal as D

import pytest

from grants.core.money import AmountError, format_amount, parse_amount

pytestmark = pytest.mark.pure

NBSP = "\xa0"


@pytest.mark.parametrize(("text", "expected"), [
    ("1234,56", D("1234.56")),
    ("1 234,56", D("1234.56")),
    (f"1{NBSP}234,56", D("1234.56")),
    ("1\u202f234,56", D("1234.56")),            # narrow no-break space (some spreadsheets)
    ("1.234,56", D("1234.56")),
    ("1.000", D("1000")),                       # the defect: saved as 1,00 zł
    ("1.000.000", D("1000000")),
    ("12 345 678,9", D("12345678.9")),
    ("1234.56", D("1234.56")),                  # pasted from another system
    ("1234.5", D("1234.5")),
    ("1 234.56", D("1234.56")),
    ("0,5", D("0.5")),
    ("0", D("0")),
    ("12", D("12")),
    ("  7,25  ", D("7.25")),
    ("1 234,56 zł", D("1234.56")),
    (f"1{NBSP}234,56{NBSP}zł", D("1234.56")),
    ("1234zł", D("1234")),
    ("PLN 1 234,56", D("1234.56")),
    ("1 234,56 PLN", D("1234.56")),
    ("-5,00", D("-5.00")),
    ("-1 234,56 zł", D("-1234.56")),
    ("9 999 999 999,99", D("9999999999.99")),
])
def test_parse_amount_pl(text, expected):
    assert parse_amount(text, "pl") == expected
    assert parse_amount(text) == expected        # Polish is the default


@pytest.mark.parametrize(("text", "expected"), [
    ("1234.56", D("1234.56")),
    ("1,234.56", D("1234.56")),
    ("1,000", D("1000")),                       # the defect: saved as 1.00
    ("1,000,000", D("1000000")),
    ("1 234.56", D("1234.56")),
    (f"1{NBSP}234.56", D("1234.56")),
    ("0.5", D("0.5")),
    ("12", D("12")),
    ("PLN 1,234.56", D("1234.56")),
    (f"PLN{NBSP}1,234.56", D("1234.56")),
    ("1,234.56 zł", D("1234.56")),
    ("-1,234.56", D("-1234.56")),
])
def test_parse_amount_en(text, expected):
    assert parse_amount(text, "en") == expected


@pytest.mark.parametrize(("text", "locale", "kind"), [
    # could mean two different amounts
    ("1,000", "pl", "decimals"),                # 1 in Polish with three decimals, 1000 in English
    ("1.000", "en", "decimals"),
    ("1,5", "en", "ambiguous"),                 # Polish 1,50 or a mistyped English 15
    ("1234,56", "en", "ambiguous"),
    ("1.234,56", "en", "ambiguous"),
    ("1,234.56", "pl", "ambiguous"),
    # more than two decimal places
    ("0,001", "pl", "decimals"),
    ("12,345", "pl", "decimals"),
    ("0.001", "en", "decimals"),
    ("1 234,567", "pl", "decimals"),
    # groups not of three, separators mixed, nothing a number
    ("1.23.456", "pl", "invalid"),
    ("12.34.56", "pl", "invalid"),
    ("1 23", "pl", "invalid"),
    ("1234 567", "pl", "invalid"),
    ("1.234 567", "pl", "invalid"),
    ("1,2,3", "pl", "invalid"),
    ("1,,5", "pl", "invalid"),
    ("1.2345", "pl", "invalid"),
    ("1,23,456", "en", "invalid"),
    ("1.2.3", "en", "invalid"),
    ("12,", "pl", "invalid"),
    (",5", "pl", "invalid"),
    ("abc", "pl", "invalid"),
    ("", "pl", "empty"),
    ("   ", "en", "empty"),
    ("zł", "pl", "invalid"),
    ("PLN 5 zł", "pl", "invalid"),
    ("+5", "pl", "invalid"),
    ("--5", "pl", "invalid"),
    ("5-", "pl", "invalid"),
    # exponents, NaN, infinities
    ("1e3", "pl", "invalid"),
    ("1E3", "en", "invalid"),
    ("1e400", "pl", "invalid"),
    ("NaN", "pl", "invalid"),
    ("nan", "en", "invalid"),
    ("sNaN", "pl", "invalid"),
    ("Infinity", "pl", "invalid"),
    ("-inf", "en", "invalid"),
    ("١٢٣", "pl", "invalid"),                  # digits of another script
    ("1000000000000", "pl", "too_big"),
    ("1 000 000 000 000,00", "pl", "too_big"),
])
def test_parse_amount_refuses(text, locale, kind):
    with pytest.raises(AmountError) as caught:
        parse_amount(text, locale)
    assert caught.value.kind == kind
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("text", "locale", "form"), [
    ("1,000", "pl", f"1{NBSP}234,56"),
    ("1.000", "en", "1,234.56"),
    ("1,5", "en", "1,234.56"),
    ("abc", "pl", f"1{NBSP}234,56"),
    ("0,001", "pl", f"1{NBSP}234,56"),
])
def test_the_message_shows_the_expected_form(text, locale, form):
    with pytest.raises(ValueError) as caught:
        parse_amount(text, locale)
    assert form in str(caught.value)
    assert caught.value.values["example"] == form


def test_parse_amount_refuses_none_and_unknown_locale():
    with pytest.raises(ValueError):
        parse_amount(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        parse_amount("1", "de")


@pytest.mark.parametrize(("value", "pl", "en"), [
    (D("0"), "0,00", "0.00"),
    (D("5"), "5,00", "5.00"),
    (D("1000"), f"1{NBSP}000,00", "1,000.00"),
    (D("1234.5"), f"1{NBSP}234,50", "1,234.50"),
    (D("-1234567.89"), f"-1{NBSP}234{NBSP}567,89", "-1,234,567.89"),
    (D("9999999999.99"), f"9{NBSP}999{NBSP}999{NBSP}999,99", "9,999,999,999.99"),
])
def test_format_amount(value, pl, en):
    assert format_amount(value, "pl") == pl
    assert format_amount(value, "en") == en


def _amounts():
    """Fixed edge cases and 3 000 random amounts of every size, to the grosz."""
    rng = random.Random(20261206)
    fixed = [D("0"), D("0.01"), D("0.1"), D("1"), D("999.99"), D("1000"), D("1000.5"),
             D("100000"), D("999999.99"), D("1000000"), D("9999999999.99"), D("-0.01"),
             D("-1000"), D("-1234567.89")]
    randoms = []
    for _ in range(3000):
        digits = rng.randint(0, 12)
        grosze = rng.randint(0, 10 ** digits)
        sign = -1 if rng.random() < 0.1 else 1
        randoms.append(D(sign * grosze) / 100)
    return fixed + randoms


@pytest.mark.parametrize("locale", ["pl", "en"])
def test_round_trip(locale):
    for x in _amounts():
        text = format_amount(x, locale)
        assert parse_amount(text, locale) == x, (x, text)
        assert parse_amount(f"{text} zł", locale) == x
        assert parse_amount(f"PLN {text}", locale) == x


def test_round_trip_of_plain_decimal_text():
    """What another system exports ("1234.56", "-5") is read the same in both languages."""
    for x in _amounts():
        assert parse_amount(f"{x:.2f}", "pl") == x
        assert parse_amount(f"{x:.2f}", "en") == x
