"""grants.settlements.rules: the worked example of settlement.md and many more cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from grants.settlements.rules import (
    Item,
    SettlementInput,
    Tranche,
    compute,
    finding_due_date,
    settle,
    split_payment,
    unused_due_date,
)

EXAMPLE_ITEMS = [
    Item("I.1.1", D("10000.00"), D("8000.00"), D("10000.00"), D("6400.00")),
    Item("I.1.2", D("20000.00"), D("16000.00"), D("19000.00"), D("17000.00")),
    Item("I.2.1", D("6000.00"), D("0.00"), D("3000.00"), D("0.00")),
    Item("II.1", D("4000.00"), D("2000.00"), D("4000.00"), D("2400.00")),
]
EXAMPLE_TRANCHES = [Tranche(date(2026, 3, 2), D("13000.00")),
                    Tranche(date(2026, 6, 1), D("13000.00"))]


def example(items=None, tranches=None, **kw) -> SettlementInput:
    data = dict(items=list(EXAMPLE_ITEMS if items is None else items),
                tranches=list(EXAMPLE_TRANCHES if tranches is None else tranches),
                item_tolerance_pct=D("10"), share_tolerance_pp=D("5"),
                use_by=date(2026, 10, 31), finding_date=date(2026, 12, 10))
    data.update(kw)
    return SettlementInput(**data)


def with_item(code, **changes):
    return [replace(it, **changes) if it.code == code else it for it in EXAMPLE_ITEMS]


def test_worked_example():
    r = settle(example())
    assert (r.unused, r.excess_items, r.misused, r.excess_share) == (
        D("200.00"), D("200.00"), D("0.00"), D("400.00"))
    assert (r.revenues, r.bank_interest, r.total) == (D("0.00"), D("0.00"), D("800.00"))
    assert r.unused_due == date(2026, 11, 16)
    assert r.excess_due == date(2026, 12, 28)
    assert r.misused_due == date(2026, 12, 28)


def test_worked_example_breakdown():
    b = compute(example())
    lines = {ln.code: ln for ln in b.lines}
    assert lines["I.1.2"].allowed == D("17600.00") and lines["I.1.2"].excess == D("0.00")
    assert lines["II.1"].allowed == D("2200.00") and lines["II.1"].excess == D("200.00")
    assert lines["II.1"].eligible == D("2200.00")
    assert b.eligible == D("25600.00")
    assert b.share == D("0.65")
    assert b.share_limit_rate == D("0.70")
    assert b.share_limit == D("25200.00")
    assert (b.paid, b.total_actual, b.grant_spent) == (D("26000.00"), D("36000.00"),
                                                       D("25800.00"))


ONE_ITEM_100 = [Item("1", D("10000.00"), D("10000.00"), D("9000.00"), D("9000.00"))]
HALF = [Item("1", D("5000.00"), D("2500.00"), D("5000.00"), D("2750.00")),
        Item("2", D("5000.00"), D("2500.00"), D("5000.00"), D("2750.00"))]


@pytest.mark.parametrize(("case", "data", "expected"), [
    # (U, E, M, S, R, B, total)
    ("worked example", example(),
     ("200.00", "200.00", "0.00", "400.00", "0.00", "0.00", "800.00")),
    ("zero spend: U = P", example(items=[replace(it, actual_total=D("0"), actual_grant=D("0"))
                                         for it in EXAMPLE_ITEMS]),
     ("26000.00", "0.00", "0.00", "0.00", "0.00", "0.00", "26000.00")),
    ("full spend as planned", example(items=[replace(it, actual_total=it.planned_total,
                                                     actual_grant=it.planned_grant)
                                             for it in EXAMPLE_ITEMS]),
     ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00")),
    ("powierzenie 100 %: S never bites", example(
        items=ONE_ITEM_100, tranches=[Tranche(date(2026, 3, 2), D("10000.00"))]),
     ("1000.00", "0.00", "0.00", "0.00", "0.00", "0.00", "1000.00")),
    ("powierzenie 100 % with t = 0", example(
        items=ONE_ITEM_100, tranches=[Tranche(date(2026, 3, 2), D("10000.00"))],
        share_tolerance_pp=D("0")),
     ("1000.00", "0.00", "0.00", "0.00", "0.00", "0.00", "1000.00")),
    ("powierzenie 100 %, all of it spent, x = 0",
     example(items=[replace(ONE_ITEM_100[0], actual_total=D("10000.00"),
                            actual_grant=D("10000.00"))],
             tranches=[Tranche(date(2026, 3, 2), D("10000.00"))], item_tolerance_pct=D("0"),
             share_tolerance_pp=D("0")),
     ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00")),
    ("misused within the item (S absorbed)", example(items=with_item("I.1.1",
                                                                     misused=D("1000.00"))),
     ("200.00", "200.00", "1000.00", "0.00", "0.00", "0.00", "1400.00")),
    ("misused on an item above its tolerance: counted once",
     example(items=with_item("II.1", misused=D("2400.00"))),
     ("200.00", "0.00", "2400.00", "0.00", "0.00", "0.00", "2600.00")),
    ("revenues and bank interest", example(revenues=D("150.55"), bank_interest=D("12.34")),
     ("200.00", "200.00", "0.00", "400.00", "150.55", "12.34", "962.89")),
    ("item exactly at its tolerance", example(items=[
        replace(EXAMPLE_ITEMS[0], actual_grant=D("6000.00")),
        replace(EXAMPLE_ITEMS[1], actual_total=D("19600.00"), actual_grant=D("17600.00")),
        EXAMPLE_ITEMS[2], EXAMPLE_ITEMS[3]]),
     ("0.00", "200.00", "0.00", "180.00", "0.00", "0.00", "380.00")),
    ("one grosz above the item tolerance", example(items=[
        replace(EXAMPLE_ITEMS[0], actual_grant=D("5999.99")),
        replace(EXAMPLE_ITEMS[1], actual_total=D("19600.00"), actual_grant=D("17600.01")),
        EXAMPLE_ITEMS[2], EXAMPLE_ITEMS[3]]),
     ("0.00", "200.01", "0.00", "179.99", "0.00", "0.00", "380.00")),
    ("share exactly at the limit", example(items=HALF,
                                           tranches=[Tranche(date(2026, 3, 2), D("5500.00"))]),
     ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00")),
    ("share 0.0055 above the limit -> 0.01",
     example(items=[HALF[0], replace(HALF[1], actual_total=D("4999.99"))],
             tranches=[Tranche(date(2026, 3, 2), D("5500.00"))]),
     ("0.00", "0.00", "0.00", "0.01", "0.00", "0.00", "0.01")),
    ("rounding half up: S = 0.005 -> 0.01 (half even would give 0.00)",
     example(items=[replace(HALF[0], actual_grant=D("2500.00")),
                    replace(HALF[1], actual_grant=D("2500.00"), actual_total=D("4999.99"))],
             tranches=[Tranche(date(2026, 3, 2), D("5000.00"))], share_tolerance_pp=D("0")),
     ("0.00", "0.00", "0.00", "0.01", "0.00", "0.00", "0.01")),
    ("allowed rounded half up: 0.04 x 1.125 = 0.045 -> 0.05",
     example(items=[Item("1", D("1.00"), D("0.04"), D("1.00"), D("0.05"))],
             tranches=[Tranche(date(2026, 3, 2), D("0.05"))], item_tolerance_pct=D("12.5"),
             share_tolerance_pp=D("100")),
     ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00")),
    ("no tranche paid, nothing spent", example(
        items=[replace(it, actual_total=D("0"), actual_grant=D("0")) for it in EXAMPLE_ITEMS],
        tranches=[]),
     ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00")),
    ("paid more than the grant (three tranches)", example(
        tranches=EXAMPLE_TRANCHES + [Tranche(date(2026, 7, 1), D("1000.00"))]),
     ("1200.00", "200.00", "0.00", "400.00", "0.00", "0.00", "1800.00")),
    ("item tolerance 20 %, share tolerance 10 pp", example(item_tolerance_pct=D("20"),
                                                           share_tolerance_pp=D("10")),
     ("200.00", "0.00", "0.00", "0.00", "0.00", "0.00", "200.00")),
    ("integers accepted as amounts", example(items=[Item("1", 100, 50, 100, 50)],
                                             tranches=[Tranche(date(2026, 3, 2), 60)]),
     ("10.00", "0.00", "0.00", "0.00", "0.00", "0.00", "10.00")),
])
def test_amounts(case, data, expected):
    r = settle(data)
    got = (r.unused, r.excess_items, r.misused, r.excess_share, r.revenues, r.bank_interest,
           r.total)
    assert got == tuple(D(v) for v in expected), case
    assert r.total == (r.unused + r.excess_items + r.misused + r.excess_share + r.revenues
                       + r.bank_interest)
    assert all(v == v.quantize(D("0.01")) for v in got)


def test_every_grosz_of_an_item_counted_once():
    b = compute(example(items=with_item("II.1", misused=D("2300.00"))))
    admin = next(ln for ln in b.lines if ln.code == "II.1")
    assert (admin.excess, admin.misused, admin.eligible) == (D("100.00"), D("2300.00"), D("0"))
    assert admin.excess + admin.misused + admin.eligible == admin.actual_grant


@pytest.mark.parametrize(("use_by", "expected"), [
    (date(2026, 10, 31), date(2026, 11, 16)),   # settlement.md: 15 Nov is a Sunday
    (date(2026, 12, 31), date(2027, 2, 1)),     # 31 January 2027 is a Sunday
    (date(2025, 12, 31), date(2026, 2, 2)),     # 31 January 2026 is a Saturday
    (date(2032, 12, 31), date(2033, 1, 31)),    # 31 January 2033 is a Monday
    (date(2027, 12, 31), date(2028, 1, 31)),    # a Monday: no move
    (date(2026, 12, 30), date(2027, 1, 14)),    # not 31 December: the ordinary 15 days
    (date(2026, 12, 9), date(2026, 12, 28)),    # 24-26 Dec holidays, 27 Sunday
    (date(2026, 12, 17), date(2027, 1, 4)),     # 1 Jan holiday, 2 Sat, 3 Sun
    (date(2026, 12, 22), date(2027, 1, 7)),     # 6 Jan Epiphany
    (date(2027, 3, 14), date(2027, 3, 30)),     # Easter Monday 2027
    (date(2026, 6, 30), date(2026, 7, 15)),     # a Wednesday: no move
])
def test_unused_due(use_by, expected):
    assert unused_due_date(use_by) == expected
    r = settle(example(use_by=use_by))
    assert r.unused_due == expected


@pytest.mark.parametrize(("finding", "expected"), [
    (date(2026, 12, 10), date(2026, 12, 28)),   # settlement.md: 25 Dec -> 28 Dec
    (date(2026, 3, 21), date(2026, 4, 7)),      # Easter Sunday 5 Apr, Easter Monday 6 Apr
    (date(2026, 4, 18), date(2026, 5, 4)),      # 3 May Sunday and holiday
    (date(2026, 10, 17), date(2026, 11, 2)),    # 1 Nov All Saints' Day, a Sunday
    (date(2026, 12, 22), date(2027, 1, 7)),     # 6 Jan Epiphany
    (date(2026, 12, 16), date(2026, 12, 31)),   # Thursday 31 Dec: no move
])
def test_finding_due(finding, expected):
    r = settle(example(finding_date=finding, items=with_item("I.1.1", misused=D("10.00"))))
    assert r.excess_due == r.misused_due == expected
    assert finding_due_date(finding) == expected


def test_return_days_from_the_rules_in_force():
    r = settle(example(), return_days=30)
    assert r.unused_due == date(2026, 11, 30)
    assert r.excess_due == date(2027, 1, 11)    # 9 Jan Saturday, 10 Sunday
    assert settle(example(use_by=date(2026, 12, 31)), return_days=30).unused_due == date(
        2027, 2, 1)


@pytest.mark.parametrize(("case", "data", "message"), [
    ("spent more than paid", example(tranches=[Tranche(date(2026, 3, 2), D("25799.99"))]),
     "more than the grant paid"),
    ("misused above the actual grant", example(items=with_item("II.1", misused=D("2400.01"))),
     "misused"),
    ("negative actual grant", example(items=with_item("I.1.1", actual_grant=D("-1"))),
     "negative"),
    ("negative planned total", example(items=with_item("I.2.1", planned_total=D("-1"))),
     "negative"),
    ("negative misused", example(items=with_item("I.1.1", misused=D("-0.01"))), "negative"),
    ("negative tranche", example(tranches=[Tranche(date(2026, 3, 2), D("-1"))]), "negative"),
    ("negative revenues", example(revenues=D("-0.01")), "negative"),
    ("negative bank interest", example(bank_interest=D("-5")), "negative"),
    ("negative item tolerance", example(item_tolerance_pct=D("-1")), "tolerance"),
    ("negative share tolerance", example(share_tolerance_pp=D("-0.5")), "tolerance"),
    ("no items", example(items=[], tranches=[]), "no budget items"),
    ("duplicate codes", example(items=EXAMPLE_ITEMS + [EXAMPLE_ITEMS[0]]), "duplicate"),
    ("a float", example(revenues=1.5), "Decimal"),
    ("actual grant above actual total",
     example(items=with_item("I.1.1", actual_total=D("6399.99"))), "above actual total"),
    ("planned grant above planned total",
     example(items=with_item("I.1.1", planned_grant=D("10000.01"))), "above planned total"),
    ("planned total zero", example(items=[Item("1", D("0"), D("0"), D("0"), D("0"))]),
     "planned total"),
])
def test_invalid_input(case, data, message):
    with pytest.raises(ValueError, match=message):
        settle(data)


# ---------------------------------------------------------------- art. 55 § 2

@pytest.mark.parametrize(("amount", "principal", "interest", "expected"), [
    ("100.00", "1000.00", "50.00", ("95.24", "4.76")),     # 4.7619 -> 4.76
    ("1050.00", "1000.00", "50.00", ("1000.00", "50.00")),  # everything owed
    ("300.00", "1000.00", "0", ("300.00", "0.00")),         # no interest
    ("30.00", "0.00", "50.00", ("0.00", "30.00")),          # only interest left
    ("5472.00", "5000.00", "472", ("5000.00", "472.00")),   # settlement.md example, in full
    ("1000.00", "5000.00", "472", ("913.74", "86.26")),     # 86.2573 -> 86.26
    ("0.03", "1.00", "1.00", ("0.01", "0.02")),             # 0.015 -> 0.02 (half up)
    ("0.01", "1.00", "1.00", ("0.00", "0.01")),             # 0.005 -> 0.01 (half up)
    ("0.01", "1000.00", "1.00", ("0.01", "0.00")),
    ("100.00", "0.01", "100", ("0.01", "99.99")),
])
def test_split_payment(amount, principal, interest, expected):
    p, i = split_payment(D(amount), D(principal), D(interest))
    assert (p, i) == (D(expected[0]), D(expected[1]))
    assert p + i == D(amount)
    assert p <= D(principal) and i <= D(interest)


@pytest.mark.parametrize(("amount", "principal", "interest", "message"), [
    ("1050.01", "1000.00", "50.00", "more than is owed"),
    ("0", "1000.00", "50.00", "more than zero"),
    ("-1", "1000.00", "50.00", "negative"),
    ("1", "-1000.00", "50.00", "negative"),
    ("1", "1000.00", "-1", "negative"),
    ("1", "0", "0", "nothing is owed"),
])
def test_split_payment_invalid(amount, principal, interest, message):
    with pytest.raises(ValueError, match=message):
        split_payment(D(amount), D(principal), D(interest))


def test_split_payment_refuses_floats():
    with pytest.raises(ValueError):
        split_payment(1.0, D("1"), D("1"))
