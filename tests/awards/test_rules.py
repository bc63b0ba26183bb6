"""The ranking, the proposal top-down within the funds, the grant checks and the annulment
proposal: tables of cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from grants.awards import rules
from grants.core import formatting

D = Decimal
T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def cand(key, mean, *, eligible=True, requested="10000", minutes=0, crit=None):
    return rules.Candidate(key=key, label=f"OF/{key}", mean_total=None if mean is None
                           else D(str(mean)), eligible=eligible, requested=D(requested),
                           filed_at=T0 + timedelta(minutes=minutes),
                           criterion_means={"c3": D(str(crit))} if crit is not None else {})


# ---------------------------------------------------------------- ranking

RANK_CASES = [
    pytest.param([cand(1, 70), cand(2, 80), cand(3, 75)], None, [2, 3, 1], id="by-score"),
    pytest.param([cand(1, "73.333333333333333"), cand(2, "73.333333333333334")], None, [2, 1],
                 id="full-precision-not-rounded"),
    pytest.param([cand(1, 80, minutes=5), cand(2, 80, minutes=1)], None, [2, 1],
                 id="tie-earlier-filing"),
    pytest.param([cand(1, 80, crit=20), cand(2, 80, crit=25, minutes=9)], "c3", [2, 1],
                 id="tie-higher-criterion-mean"),
    pytest.param([cand(1, 80, crit=25, minutes=3), cand(2, 80, crit=25, minutes=1)], "c3",
                 [2, 1], id="tie-criterion-equal-then-filing"),
    pytest.param([cand(2, 80), cand(1, 80)], None, [1, 2], id="same-second-lower-id"),
    pytest.param([cand(1, 90, eligible=False), cand(2, 60), cand(3, None, eligible=False)],
                 None, [2, 1, 3], id="ineligible-after-eligible-unranked"),
]


@pytest.mark.parametrize(("candidates", "criterion", "order"), RANK_CASES)
def test_rank_task_order(candidates, criterion, order):
    placed = rules.rank_task(candidates, criterion=criterion, criterion_label="3. Jakość")
    assert [p.key for p in placed] == order
    ranks = [p.rank for p in placed if p.eligible]
    assert ranks == list(range(1, len(ranks) + 1))
    assert all(p.rank is None for p in placed if not p.eligible)


TIE_CASES = [
    pytest.param([cand(1, 80, minutes=5), cand(2, 80, minutes=1)], None,
                 {1: rules.BY_FILING, 2: rules.BY_FILING}, "wcześniejsze złożenie", id="filing"),
    pytest.param([cand(1, 80, crit=20), cand(2, 80, crit=25)], "c3",
                 {1: rules.BY_CRITERION, 2: rules.BY_CRITERION}, "„3. Jakość”", id="criterion"),
    pytest.param([cand(1, 80, crit=25), cand(2, 80, crit=25, minutes=1), cand(3, 80, crit=10)],
                 "c3", {1: rules.BY_FILING, 2: rules.BY_FILING, 3: rules.BY_CRITERION},
                 {1: "również równa", 2: "również równa", 3: "„3. Jakość”"},
                 id="three-way-mixed"),
    pytest.param([cand(1, "70.001"), cand(2, "70.004")], None,
                 {1: rules.BY_PRECISION, 2: rules.BY_PRECISION}, "pełną dokładnością",
                 id="equal-after-rounding"),
    pytest.param([cand(1, 70), cand(2, 80)], None, {1: "", 2: ""}, "", id="no-tie"),
]


@pytest.mark.parametrize(("candidates", "criterion", "broken_by", "phrase"), TIE_CASES)
def test_ties_are_recorded_with_the_rule_that_broke_them(candidates, criterion, broken_by,
                                                        phrase):
    placed = {p.key: p for p in rules.rank_task(candidates, criterion=criterion,
                                                criterion_label="3. Jakość")}
    assert {k: p.tie_broken_by for k, p in placed.items()} == broken_by
    for p in placed.values():
        if p.tie_broken_by:
            assert (phrase[p.key] if isinstance(phrase, dict) else phrase) in p.tie_note
            assert "OF/" in p.tie_note  # names the offers it tied with
        else:
            assert p.tie_note == ""


# ---------------------------------------------------------------- proposal

PROPOSE_CASES = [
    pytest.param([("a", "40000.00"), ("b", "50000.00")], "100000.00",
                 {"a": "40000.00", "b": "50000.00"}, id="everyone-fits"),
    pytest.param([("a", "60000.00"), ("b", "40000.00")], "100000.00",
                 {"a": "60000.00", "b": "40000.00"}, id="exact-fit"),
    pytest.param([("a", "60000.01"), ("b", "39999.99")], "100000.00",
                 {"a": "60000.01", "b": "39999.99"}, id="exact-fit-to-the-grosz"),
    pytest.param([("a", "60000.00"), ("b", "60000.00"), ("c", "30000.00")], "100000.00",
                 {"a": "60000.00", "b": "40000.00", "c": "0.00"}, id="exhausted-mid-list"),
    pytest.param([("a", "60000.00"), ("b", "40000.01"), ("c", "5.00")], "100000.00",
                 {"a": "60000.00", "b": "40000.00", "c": "0.00"}, id="short-by-one-grosz"),
    pytest.param([("a", "10.00")], "0.00", {"a": "0.00"}, id="no-funds"),
    pytest.param([], "500.00", {}, id="no-offers"),
]


@pytest.mark.parametrize(("order", "funds", "expected"), PROPOSE_CASES)
def test_propose_top_down_within_funds(order, funds, expected):
    got = rules.propose([(k, D(v)) for k, v in order], D(funds))
    assert got == {k: D(v) for k, v in expected.items()}
    assert sum(got.values(), D("0")) <= D(funds)


@pytest.mark.parametrize(("order", "funds"), [([("a", "-1.00")], "10.00"), ([], "-1.00")])
def test_propose_refuses_negative_amounts(order, funds):
    with pytest.raises(ValueError):
        rules.propose([(k, D(v)) for k, v in order], D(funds))


# ---------------------------------------------------------------- the officer's amounts

def row(key, grant, requested="10000.00", eligible=True):
    return rules.GrantRow(key, f"OF/{key}", D(requested), eligible, D(grant))


GRANT_CASES = [
    pytest.param([row(1, "10000.00"), row(2, "5000.00")], "15000.00", [], id="ok-exact"),
    pytest.param([row(1, "9000.00")], "15000.00", [], id="lower-than-requested"),
    pytest.param([row(1, "-1.00")], "15000.00", ["grant-1"], id="negative"),
    pytest.param([row(1, "1.005")], "15000.00", ["grant-1"], id="fraction-of-grosz"),
    pytest.param([row(1, "10000.01")], "15000.00", ["grant-1"], id="above-requested"),
    pytest.param([row(1, "100.00", eligible=False)], "15000.00", ["grant-1"],
                 id="ineligible-funded"),
    pytest.param([row(1, "0.00", eligible=False)], "15000.00", [], id="ineligible-zero"),
    pytest.param([row(1, "10000.00"), row(2, "5000.01")], "15000.00", ["funds"],
                 id="over-funds-by-a-grosz"),
]


@pytest.mark.parametrize(("rows", "funds", "fields"), GRANT_CASES)
def test_check_grants(rows, funds, fields):
    problems = rules.check_grants(rows, D(funds), task_label="Schronienie")
    assert [p.field for p in problems] == fields
    for p in problems:
        assert p.message  # a Polish sentence for the officer


def test_check_grants_message_names_the_excess():
    problems = rules.check_grants([row(1, "10000.00"), row(2, "5000.01")], D("15000.00"),
                                  task_label="Schronienie")
    assert "0,01\xa0zł" in problems[0].message and "Schronienie" in problems[0].message


# ---------------------------------------------------------------- annulment

ANNUL_CASES = [
    pytest.param(0, 0, None, None, rules.NO_OFFERS, id="no-offer-filed"),
    pytest.param(2, 2, None, None, rules.NONE_MET_CONDITIONS, id="all-formally-rejected"),
    pytest.param(2, 1, None, None, None, id="one-still-in-play"),
    pytest.param(3, 1, 2, 0, rules.NONE_MET_CONDITIONS, id="scored-none-eligible"),
    pytest.param(3, 1, 2, 1, None, id="one-eligible"),
    pytest.param(3, 0, 2, 0, None, id="an-offer-not-yet-judged"),
]


@pytest.mark.parametrize(("filed", "rejected", "scored", "eligible", "ground"), ANNUL_CASES)
def test_annulment_ground(filed, rejected, scored, eligible, ground):
    assert rules.annulment_ground(filed=filed, formally_rejected=rejected, scored=scored,
                                  eligible=eligible) == ground


def test_display_is_half_up_to_two_decimals():
    assert rules.display(D("73.335")) == D("73.34")
    assert rules.pts(D("73.333333")) == "73,33"
    assert formatting.pln(D("1234567.5")) == "1\xa0234\xa0567,50\xa0zł"  # the one pln
