"""The cost rules of an offer (grants.offers.costs): pure functions, tables of cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from grants.core.formatting import pln
from grants.offers import costs
from grants.offers.costs import CostLine, Sources

D = Decimal

pytestmark = pytest.mark.pure


def fields(problems) -> list[str]:
    return [p.field for p in problems]

# ---------------------------------------------------------------- item value and rounding

@pytest.mark.parametrize("unit_cost, units, value", [
    ("0.01", "0.5", "0.01"),          # 0.005 -> half up
    ("0.01", "0.49", "0.00"),         # 0.0049 -> down
    ("0.03", "0.5", "0.02"),          # 0.015 -> half up (not banker's)
    ("0.05", "0.5", "0.03"),          # 0.025 -> 0.03 (banker's would give 0.02)
    ("33.33", "1.5", "50.00"),        # 49.995
    ("333.33", "12", "3999.96"),
    ("12.50", "800", "10000.00"),
    ("0.00", "10", "0.00"),
    ("1234.56", "0", "0.00"),
    ("9.99", "0.33", "3.30"),         # 3.2967
    ("1.11", "1.11", "1.23"),         # 1.2321
    ("99999.99", "100", "9999999.00"),
])
def test_item_value_rounds_half_up_to_the_grosz(unit_cost, units, value):
    assert costs.item_value(D(unit_cost), D(units)) == D(value)
    assert CostLine(unit_cost=D(unit_cost), units=D(units)).value == D(value)


@pytest.mark.parametrize("rows, codes", [
    ([("I", 1)], ["I.1.1"]),
    ([("I", 1), ("I", 1), ("I", 2)], ["I.1.1", "I.1.2", "I.2.1"]),
    ([("I", 2), ("I", 1), ("I", 2)], ["I.2.1", "I.1.1", "I.2.2"]),
    ([("II", 1), ("II", 1)], ["II.1", "II.2"]),
    ([("I", 1), ("II", 1), ("I", 1), ("II", 5)], ["I.1.1", "II.1", "I.1.2", "II.2"]),
    ([], []),
])
def test_item_codes(rows, codes):
    assert costs.item_codes([CostLine(section=s, action_no=a) for s, a in rows]) == codes


def test_totals_per_action_section_and_overall():
    items = [
        CostLine("I", 1, unit_cost=D("3000.00"), units=D("12"), grant_part=D("28000.00")),
        CostLine("I", 2, unit_cost=D("12.50"), units=D("800"), grant_part=D("8000.00")),
        CostLine("I", 1, unit_cost=D("0.01"), units=D("0.5"), grant_part=D("0.01")),
        CostLine("II", 1, unit_cost=D("333.33"), units=D("12"), grant_part=D("2000.00"),
                 year=2027),
    ]
    t = costs.totals(items)
    assert t.actions == {1: D("36000.01"), 2: D("10000.00")}
    assert t.actions_grant == {1: D("28000.01"), 2: D("8000.00")}
    assert t.section_i == D("46000.01") and t.section_i_grant == D("36000.01")
    assert t.section_ii == D("3999.96") and t.section_ii_grant == D("2000.00")
    assert t.total == D("49999.97")
    assert t.grant == D("38000.01")
    assert t.per_year == {2027: D("3999.96")}


# ---------------------------------------------------------------- cost items

def item(**kw) -> CostLine:
    base = dict(section="I", action_no=1, name="Koordynator", unit="miesiąc",
                unit_cost=D("100.00"), units=D("10"), grant_part=D("500.00"))
    base.update(kw)
    return CostLine(**base)


@pytest.mark.parametrize("kw, expected", [
    ({}, []),
    ({"grant_part": D("1000.00")}, []),                                  # exactly the value
    ({"grant_part": D("1000.01")}, ["cost_items-0-grant_part"]),         # 1 grosz over
    ({"grant_part": D("0.00")}, []),
    ({"grant_part": D("-0.01")}, ["cost_items-0-grant_part"]),
    ({"unit_cost": D("-1.00")}, ["cost_items-0-unit_cost"]),
    ({"units": D("-1")}, ["cost_items-0-units"]),
    ({"units": D("0")}, ["cost_items-0-units", "cost_items-0-grant_part"]),
    ({"unit_cost": D("0.01"), "units": D("0.49"), "grant_part": D("0")},
     ["cost_items-0-units"]),                                             # rounds to 0.00
    ({"unit_cost": D("0.01"), "units": D("0.5"), "grant_part": D("0.01")}, []),  # 0.005 -> 0.01
    ({"unit_cost": D("0.01"), "units": D("0.5"), "grant_part": D("0.02")},
     ["cost_items-0-grant_part"]),
    ({"name": " "}, ["cost_items-0-name"]),
    ({"unit": ""}, ["cost_items-0-unit"]),
    ({"section": "III"}, ["cost_items-0-section"]),
    ({"action_no": None}, ["cost_items-0-action_no"]),
    ({"action_no": 0}, ["cost_items-0-action_no"]),
    ({"section": "II", "action_no": None}, []),
])
def test_check_cost_items(kw, expected):
    assert fields(costs.check_cost_items([item(**kw)])) == expected


def test_check_cost_items_requires_a_row_and_names_the_difference():
    assert fields(costs.check_cost_items([])) == ["cost_items"]
    [p] = costs.check_cost_items([item(), item(grant_part=D("1000.01"))])
    assert p.field == "cost_items-1-grant_part"
    assert "I.1.2" in p.message and "0,01\xa0zł" in p.message


@pytest.mark.parametrize("years, start, end, expected", [
    ([None], date(2027, 1, 1), date(2027, 12, 31), []),
    ([2027], date(2027, 1, 1), date(2027, 12, 31), []),
    ([2028], date(2027, 1, 1), date(2027, 12, 31), ["cost_items-0-year"]),
    ([None], date(2027, 6, 1), date(2028, 5, 31), ["cost_items-0-year"]),
    ([2027, 2028], date(2027, 6, 1), date(2028, 5, 31), []),
    ([2026], date(2027, 6, 1), date(2028, 5, 31), ["cost_items-0-year"]),
    ([None], None, None, []),
])
def test_check_cost_years(years, start, end, expected):
    items = [item(year=y) for y in years]
    assert fields(costs.check_cost_years(items, start, end)) == expected


# ---------------------------------------------------------------- V.B sources

@pytest.mark.parametrize("total, parts, expected, fragment", [
    ("1000.00", ("800.00", "200.00", "0", "0", "0"), [], None),
    ("1000.00", ("800.00", "100.00", "50.00", "25.00", "25.00"), [], None),
    ("1000.00", ("800.00", "199.99", "0", "0", "0"), ["sources"], "brakuje 0,01\xa0zł"),
    ("1000.00", ("800.00", "200.01", "0", "0", "0"), ["sources"], "o 0,01\xa0zł za dużo"),
    ("49999.96", ("38000.00", "5000.00", "4000.00", "2999.96", "0"), [], None),
    ("49999.96", ("38000.00", "5000.00", "4000.00", "2999.95", "0"), ["sources"],
     "brakuje 0,01\xa0zł"),
    ("1234567.89", ("1000000.00", "0", "0", "0", "0"), ["sources"], "brakuje 234\xa0567,89\xa0zł"),
    ("0.00", ("0", "0", "0", "0", "0"), [], None),
    ("1000.00", ("800.00", "-1.00", "201.00", "0", "0"), ["own_financial"], "ujemna"),
])
def test_check_sources(total, parts, expected, fragment):
    src = Sources(D(total), *(D(p) for p in parts))
    problems = costs.check_sources(src)
    assert fields(problems) == expected
    if fragment:
        assert fragment in problems[0].message


@pytest.mark.parametrize("total, parts, shares", [
    ("1000.00", ("800.00", "100.00", "50.00", "25.00", "25.00"),
     {"grant": "80.00", "own_financial": "10.00", "own_personal": "5.00",
      "own_in_kind": "2.50", "beneficiaries_cash": "2.50", "own_total": "17.50",
      "total": "100"}),
    ("3.00", ("1.00", "2.00", "0", "0", "0"),
     {"grant": "33.33", "own_financial": "66.67", "own_total": "66.67"}),
    ("0.00", ("0", "0", "0", "0", "0"), {"grant": "0.00", "total": "0.00"}),
])
def test_sources_shares(total, parts, shares):
    got = Sources(D(total), *(D(p) for p in parts)).shares()
    for key, value in shares.items():
        assert got[key] == D(value), key


def test_own_contribution_is_financial_plus_non_financial():
    src = Sources(D("100"), D("50"), D("10"), D("20"), D("5"), D("15"))
    assert src.own_total == D("35")
    assert src.parts_sum == D("100")


# ---------------------------------------------------------------- grant limits

@pytest.mark.parametrize("grant, expected, fragment", [
    ("50000.00", [], None),              # exactly at the maximum
    ("50000.01", ["grant"], "o 0,01\xa0zł"),  # 1 grosz over
    ("1000.00", [], None),               # exactly at the minimum
    ("999.99", ["grant"], "niższa"),
    ("0.00", ["grant"], "większa od zera"),
    ("25000.00", [], None),
])
def test_check_grant_amount(grant, expected, fragment):
    problems = costs.check_grant_amount(D(grant), D("1000.00"), D("50000.00"))
    assert fields(problems) == expected
    if fragment:
        assert fragment in problems[0].message


@pytest.mark.parametrize("grant, total, mode, cap, expected", [
    ("800.00", "1000.00", "wspieranie", "80", []),              # exactly at the cap
    ("800.01", "1000.00", "wspieranie", "80", ["grant"]),       # 1 grosz over
    ("799.99", "1000.00", "wspieranie", "80", []),
    ("39999.96", "49999.95", "wspieranie", "80", []),           # 79.999... %
    ("39999.97", "49999.95", "wspieranie", "80", ["grant"]),    # cap is 39999.96
    ("900.00", "1000.00", "wspieranie", "90", []),
    ("900.01", "1000.00", "wspieranie", "90", ["grant"]),
    ("1000.00", "1000.00", "powierzenie", "100", []),           # powierzenie: 100 % allowed
    ("1000.00", "1000.00", "powierzenie", "80", []),            # even if the call says less
    ("1000.01", "1000.00", "powierzenie", "100", ["grant"]),
    ("1.00", "3.00", "wspieranie", "33.33", ["grant"]),         # 33.333 % > 33.33 %
    ("0.99", "3.00", "wspieranie", "33.33", []),
])
def test_check_grant_share(grant, total, mode, cap, expected):
    assert fields(costs.check_grant_share(D(grant), D(total), mode, D(cap))) == expected


def test_grant_share_message_gives_the_allowed_amount_and_excess():
    [p] = costs.check_grant_share(D("800.01"), D("1000.00"), "wspieranie", D("80"))
    assert "80,00\xa0%" in p.message and "800,00\xa0zł" in p.message and "0,01\xa0zł" in p.message


@pytest.mark.parametrize("own, total, minimum, expected", [
    ("100.00", "1000.00", "10", []),          # exactly at the minimum
    ("99.99", "1000.00", "10", ["own_financial"]),  # 1 grosz short
    ("0.00", "1000.00", "0", []),             # no minimum
    ("0.00", "1000.00", "0.01", ["own_financial"]),
    ("1000.00", "1000.00", "100", []),
    ("33.34", "333.33", "10", []),            # needs 33.333 -> 33.34 suffices
    ("33.33", "333.33", "10", ["own_financial"]),
])
def test_check_own_contribution(own, total, minimum, expected):
    assert fields(costs.check_own_contribution(D(own), D(total), D(minimum))) == expected


def test_own_contribution_message_names_the_missing_amount():
    [p] = costs.check_own_contribution(D("33.33"), D("333.33"), D("10"))
    assert "33,34\xa0zł" in p.message and "brakuje 0,01\xa0zł" in p.message


@pytest.mark.parametrize("amount, text", [
    (D("0"), "0,00\xa0zł"), (D("1234.5"), "1\xa0234,50\xa0zł"), (D("1234567.891"), "1\xa0234\xa0567,89\xa0zł"),
    (D("-0.01"), "-0,01\xa0zł"), (D("999"), "999,00\xa0zł"),
])
def test_messages_write_amounts_with_core_pln(amount, text):
    assert pln(amount) == text
