"""The committee's arithmetic, as tables of cases (grants/evaluation/rules.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grants.evaluation import queries, rules
from grants.evaluation.rules import CriterionSpec, ItemInput

D = Decimal

# a wspieranie competition: points 1-6, maximum total 100
CRITERIA = [
    CriterionSpec("c1", 1, D("20")),
    CriterionSpec("c2", 2, D("20")),
    CriterionSpec("c3", 3, D("30"), min_points=D("10")),
    CriterionSpec("c4", 4, D("10")),
    CriterionSpec("c5", 5, D("10")),
    CriterionSpec("c6", 6, D("10")),
]


def pts(*values) -> dict:
    return {c.key: D(str(v)) for c, v in zip(CRITERIA, values, strict=True)}


@pytest.mark.parametrize("text, expected", [
    ("12", D("12")),
    ("12,5", D("12.5")),
    (" 7.25 ", D("7.25")),
    ("0", D("0")),
    ("1 000", D("1000")),
    ("", None),
    ("   ", None),
    (None, None),
    ("-1", D("-1")),  # parsed; points_problem refuses it
])
def test_parse_points_accepts(text, expected):
    assert rules.parse_points(text) == expected


@pytest.mark.parametrize("text, message", [
    ("abc", "Podaj liczbę punktów"),
    ("12,5,1", "Podaj liczbę punktów"),
    ("1e400", "Podaj liczbę punktów"),  # no exponents (core.money.parse_amount)
    ("NaN", "Podaj liczbę punktów"),
    ("Infinity", "Podaj liczbę punktów"),
    ("12.345", "przekracza"),  # 12 345 points: a dot groups thousands in Polish
    ("1,234", "dwa miejsca"),
    ("100000", "przekracza"),
])
def test_parse_points_refuses(text, message):
    with pytest.raises(ValueError) as caught:
        rules.parse_points(text)
    assert message in str(caught.value)


@pytest.mark.parametrize("text, expected", [
    ("12.5", D("12.5")), ("1,000", D("1000")), ("7", D("7")), ("", None)])
def test_parse_points_in_english(text, expected):
    """Points are read as amounts are, in the interface's language."""
    assert rules.parse_points(text, "en") == expected


@pytest.mark.parametrize("text, message", [
    ("12,5", "Podaj liczbę punktów"),   # a Polish decimal comma: could be 125 in English
    ("12.345", "dwa miejsca"),
    ("1e3", "Podaj liczbę punktów"),
])
def test_parse_points_refuses_in_english(text, message):
    with pytest.raises(ValueError) as caught:
        rules.parse_points(text, "en")
    assert message in str(caught.value)


@pytest.mark.parametrize("points, maximum, problem", [
    (None, D("20"), None),
    (D("0"), D("20"), None),
    (D("20"), D("20"), None),
    (D("19.99"), D("20"), None),
    (D("20.01"), D("20"), "przekracza"),
    (D("-0.01"), D("20"), "ujemna"),
    (D("1.005"), D("20"), "dwa miejsca"),
])
def test_points_within_zero_and_the_maximum(points, maximum, problem):
    found = rules.points_problem(points, maximum)
    assert (found is None) if problem is None else (problem in found)


def test_points_are_never_floats():
    with pytest.raises(TypeError):
        rules.points_problem(12.5, D("20"))


@pytest.mark.parametrize("points, maximum, below_pct, required", [
    (D("9.99"), D("20"), D("50"), True),
    (D("10"), D("20"), D("50"), False),    # exactly the share: no justification needed
    (D("0"), D("20"), D("0"), False),      # threshold 0 %: never required
    (D("19.99"), D("20"), D("100"), True),  # threshold 100 %: below the maximum
    (D("20"), D("20"), D("100"), False),
    (D("4.49"), D("15"), D("30"), True),   # 30 % of 15 = 4.5
    (D("4.5"), D("15"), D("30"), False),
    (None, D("20"), D("50"), False),       # nothing typed yet
])
def test_justification_required_below_the_share(points, maximum, below_pct, required):
    assert rules.justification_required(points, maximum, below_pct) is required


@pytest.mark.parametrize("items, final, expected", [
    # a draft may be empty
    ({}, False, {}),
    # a submission needs every criterion
    ({"c1": ItemInput(D("15"))}, True,
     {k: {"points": "Podaj liczbę punktów."} for k in ("c2", "c3", "c4", "c5", "c6")}),
    # points over the maximum are refused even in a draft
    ({"c1": ItemInput(D("21"))}, False, {"c1": {"points": "przekracza"}}),
    # a low score without a justification: fine in a draft, refused at submission
    ({"c1": ItemInput(D("5"))}, False, {}),
    ({c.key: ItemInput(D("5") if c.key == "c1" else c.max_points) for c in CRITERIA}, True,
     {"c1": {"justification": "Uzasadnij"}}),
    # with the justification it goes
    ({c.key: ItemInput(D("5") if c.key == "c1" else c.max_points, "Słaby potencjał")
      for c in CRITERIA}, True, {}),
    # a blank justification is no justification
    ({c.key: ItemInput(D("5") if c.key == "c1" else c.max_points, "   ") for c in CRITERIA},
     True, {"c1": {"justification": "Uzasadnij"}}),
])
def test_item_problems(items, final, expected):
    found = rules.item_problems(CRITERIA, items, below_pct=D("50"), final=final)
    assert set(found) == set(expected)
    for key, parts in expected.items():
        assert set(found[key]) == set(parts)
        for part, text in parts.items():
            assert text in found[key][part]


@pytest.mark.parametrize("mode, points", [
    ("wspieranie", [1, 2, 3, 4, 5, 6]),
    ("powierzenie", [1, 2, 3, 5, 6]),  # own funds (point 4) do not apply
])
def test_criteria_not_applying_to_the_mode_are_left_out(mode, points):
    assert [c.statutory_point for c in rules.applicable(CRITERIA, mode)] == points


@pytest.mark.parametrize("scores, mean, eligible", [
    # the mean of the totals at full precision
    ([pts(20, 20, 30, 10, 10, 10), pts(10, 10, 15, 5, 5, 5)], D("75"), True),
    ([pts(10, 10, 15, 5, 5, 5), pts(10, 10, 15, 5, 5, 5), pts(10, 10, 15, 5, 5, 6)],
     D("151") / D("3"), False),
    # exactly 60 % of the maximum total is enough
    ([pts(12, 12, 18, 6, 6, 6)], D("60"), True),
    ([pts(12, 12, 17.99, 6, 6, 6)], D("59.99"), False),
    # a high total with criterion 3 below its minimum of 10 points is not eligible
    ([pts(20, 20, 9, 10, 10, 10), pts(20, 20, 10, 10, 10, 10)], D("79.5"), False),
    # the criterion minimum is met by the mean
    ([pts(20, 20, 9, 10, 10, 10), pts(20, 20, 11, 10, 10, 10)], D("80"), True),
    # nobody voted
    ([], None, False),
])
def test_offer_score(scores, mean, eligible):
    result = rules.offer_score(CRITERIA, scores, D("60"))
    assert result.mean_total == mean
    assert result.eligible is eligible
    assert result.n_scores == len(scores)
    assert bool(result.reasons) is not eligible


def test_mean_is_full_precision_and_display_rounds_half_up():
    result = rules.offer_score(CRITERIA, [pts(10, 10, 15, 5, 5, 5), pts(10, 10, 15, 5, 5, 6),
                                          pts(10, 10, 15, 5, 5, 6)], D("60"))
    assert result.mean_total == D("152") / D("3")        # 50.666... kept for ranking
    assert result.mean_total != D("50.67")
    assert rules.display(result.mean_total) == D("50.67")
    assert rules.display(D("10.005")) == D("10.01")      # half up
    assert rules.display(None) is None
    assert result.criterion_means["c6"] == D("17") / D("3")


@pytest.mark.parametrize("totals, maximum, share, flagged", [
    ([D("50"), D("80.01")], D("100"), D("30"), True),
    ([D("50"), D("80")], D("100"), D("30"), False),  # the spread must exceed the share
    ([D("50")], D("100"), D("30"), False),            # one score: nothing to compare
    ([], D("100"), D("30"), False),
    ([D("10"), D("90"), D("50")], D("110"), D("30"), True),
])
def test_disagreement(totals, maximum, share, flagged):
    assert rules.disagreement(totals, maximum, share) is flagged


def test_member_deviation_is_the_mean_over_offers_of_the_difference_to_the_others():
    totals = {
        "o1": {"a": D("90"), "b": D("60"), "c": D("60")},
        "o2": {"a": D("80"), "b": D("70"), "c": D("50")},
        "o3": {"a": D("70")},  # nobody else scored: left out
    }
    deviations = rules.member_deviations(totals)
    assert deviations["a"] == D("25")    # (90 - 60 + 80 - 60) / 2
    assert deviations["b"] == D("-5")    # (60 - 75 + 70 - 65) / 2
    assert deviations["c"] == D("-20")   # (60 - 75 + 50 - 75) / 2
    # 20 % of 100 = 20: a (25) is flagged; c (exactly -20) is not
    assert rules.deviating_members(totals, D("100"), D("20")) == {"a": D("25")}
    assert rules.deviating_members(totals, D("100"), D("15")) == {"a": D("25"),
                                                                  "c": D("-20")}
    assert rules.deviating_members(totals, D("100"), D("4")) == {
        "a": D("25"), "b": D("-5"), "c": D("-20")}


@pytest.mark.parametrize("share", [D("-1"), D("100.01")])
def test_shares_outside_0_100_are_refused(share):
    with pytest.raises(ValueError):
        rules.justification_required(D("1"), D("20"), share)


@pytest.mark.parametrize("a, b, same", [
    ("Anna Kowalska", "anna kowalska", True),
    ("Anna Kowalska", "Kowalska Anna", True),
    ("Łukasz Żółć-Ślęzak", "lukasz zolc slezak", True),
    ("  Anna   KOWALSKA ", "Anna Kowalska", True),
    ("Anna Kowalska", "Anna Kowalski", False),
    ("Anna Kowalska", "Anna Maria Kowalska", False),
])
def test_names_match_case_and_diacritics_insensitive(a, b, same):
    assert (queries.normalise_name(a) == queries.normalise_name(b)) is same
