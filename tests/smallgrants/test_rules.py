"""The pure rules of small grants (art. 19a): each limit, the publication deadline in
working days (Polish holidays), the comment period's boundaries and the offer's content."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from grants.offers.costs import CostLine
from grants.offers.rules import ResultLine, check_required_texts
from grants.procedures.rules import check_task_dates
from grants.smallgrants import rules
from tests.support.smallgrants import warsaw

D = Decimal

LAW = rules.Limits(max_grant=D("10000.00"), max_days=90, org_year_max=D("20000.00"),
                   year_share_pct=D("20"))
AMENDED = rules.Limits(max_grant=D("20000.00"), max_days=999999, org_year_max=D("40000.00"),
                       year_share_pct=D("30"))


def fields(problems) -> list[str]:
    return [p.field for p in problems]


@pytest.mark.parametrize("grant, limit, ok", [
    (D("10000.00"), D("10000.00"), True),
    (D("10000.01"), D("10000.00"), False),
    (D("0.01"), D("10000.00"), True),
    (D("15000.00"), D("20000.00"), True),
])
def test_grant_limit(grant, limit, ok):
    problems = rules.check_grant_limit(grant, limit)
    assert (problems == []) is ok
    if not ok:
        assert "przekracza" in problems[0].message and "o 0,01\xa0zł" in problems[0].message


@pytest.mark.parametrize("start, end, days", [
    (date(2026, 1, 1), date(2026, 1, 1), 1),
    (date(2026, 1, 1), date(2026, 3, 31), 90),
    (date(2026, 1, 1), date(2026, 4, 1), 91),
    (date(2028, 2, 1), date(2028, 3, 1), 30),   # leap year
])
def test_task_days_counts_both_ends(start, end, days):
    assert rules.task_days(start, end) == days


def test_task_days_refuses_an_end_before_the_start():
    with pytest.raises(ValueError):
        rules.task_days(date(2026, 2, 1), date(2026, 1, 31))


@pytest.mark.parametrize("start, end, max_days, ok", [
    (date(2026, 1, 1), date(2026, 3, 31), 90, True),
    (date(2026, 1, 1), date(2026, 4, 1), 90, False),
    (date(2026, 1, 1), date(2026, 12, 31), 999999, True),   # 2026 amendment: no limit
    (None, date(2026, 4, 1), 90, True),                    # missing dates: check_task_dates' job
    (date(2026, 5, 1), date(2026, 4, 1), 90, True),        # reversed: check_task_dates' job
])
def test_duration(start, end, max_days, ok):
    problems = rules.check_duration(start, end, max_days)
    assert (problems == []) is ok
    if not ok:
        assert problems[0].field == "end_date"
        assert "91 dni" in problems[0].message and "31.03.2026" in problems[0].message


@pytest.mark.parametrize("grant, other, limit, ok, left", [
    (D("10000.00"), D("10000.00"), D("20000.00"), True, None),
    (D("10000.00"), D("10000.01"), D("20000.00"), False, "9\xa0999,99\xa0zł"),
    (D("5000.00"), D("25000.00"), D("20000.00"), False, "0,00\xa0zł"),
    (D("20000.00"), D("20000.00"), D("40000.00"), True, None),
])
def test_organisation_yearly_total(grant, other, limit, ok, left):
    problems = rules.check_org_year_total(grant, other, limit, 2026)
    assert (problems == []) is ok
    if not ok:
        assert "2026" in problems[0].message and left in problems[0].message


@pytest.mark.parametrize("planned, share, cap", [
    (D("100000.00"), D("20"), D("20000.00")),
    (D("33333.33"), D("20"), D("6666.66")),      # rounded down to the grosz
    (D("100000.00"), D("30"), D("30000.00")),
    (D("0.00"), D("20"), D("0.00")),
])
def test_year_share_cap(planned, share, cap):
    assert rules.year_share_cap(planned, share) == cap


@pytest.mark.parametrize("grant, other, planned, share, ok, text", [
    (D("5000.00"), D("15000.00"), D("100000.00"), D("20"), True, None),
    (D("5000.01"), D("15000.00"), D("100000.00"), D("20"), False, "20\xa0000,00\xa0zł"),
    (D("5000.00"), D("0.00"), None, D("20"), False, "Nie wprowadzono planowanej kwoty"),
    (D("10000.00"), D("15000.00"), D("100000.00"), D("30"), True, None),
    (D("1.00"), D("0.00"), D("0.00"), D("20"), False, "pozostało 0,00\xa0zł"),
])
def test_year_share(grant, other, planned, share, ok, text):
    problems = rules.check_year_share(grant, other, planned, share, 2026)
    assert (problems == []) is ok
    if not ok:
        assert text in problems[0].message


def test_no_plan_message_names_the_year():
    problems = rules.check_year_share(D("1.00"), D("0"), None, D("20"), 2027)
    assert "2027" in problems[0].message and "administrator" in problems[0].message


@pytest.mark.parametrize("limits, grant, start, end, expected", [
    (LAW, D("10000.00"), date(2026, 7, 1), date(2026, 9, 28), []),
    (LAW, D("15000.00"), date(2026, 7, 1), date(2026, 9, 28), ["grant"]),
    (LAW, D("10000.00"), date(2026, 7, 1), date(2026, 10, 28), ["end_date"]),
    (LAW, D("15000.00"), date(2026, 7, 1), date(2026, 10, 28), ["grant", "end_date"]),
    # the 2026 amendment: the same offer passes
    (AMENDED, D("15000.00"), date(2026, 7, 1), date(2026, 10, 28), []),
    (AMENDED, D("20000.01"), date(2026, 7, 1), date(2026, 10, 28), ["grant"]),
])
def test_check_limits_with_the_law_and_the_amendment(limits, grant, start, end, expected):
    totals = rules.YearTotals(year=2026, planned_total=D("1000000.00"))
    assert fields(rules.check_limits(grant, start, end, limits, totals)) == expected


def test_check_limits_counts_the_organisation_and_the_mode():
    totals = rules.YearTotals(year=2026, org_other=D("15000.00"), mode_other=D("19000.00"),
                              planned_total=D("100000.00"))
    problems = rules.check_limits(D("6000.00"), date(2026, 7, 1), date(2026, 7, 31), LAW,
                                  totals)
    assert len(problems) == 2
    assert "limit na organizację" in problems[0].message
    assert "20,00\xa0%" in problems[1].message


# ---------------------------------------------------------------- publication deadline

@pytest.mark.parametrize("received, working_days, last", [
    (date(2026, 3, 2), 7, date(2026, 3, 11)),     # Monday: plain weeks
    (date(2026, 3, 6), 7, date(2026, 3, 17)),     # Friday
    (date(2026, 3, 7), 7, date(2026, 3, 17)),     # received on a Saturday
    (date(2026, 4, 30), 7, date(2026, 5, 12)),    # 1 and 3 May (Sunday) holidays
    (date(2026, 4, 2), 7, date(2026, 4, 14)),     # Easter Monday 6 April
    (date(2026, 12, 22), 7, date(2027, 1, 5)),    # 24-26 Dec (24 Dec since 2025), 1 Jan
    (date(2026, 12, 30), 7, date(2027, 1, 12)),   # New Year and Epiphany (6 Jan)
    (date(2026, 3, 2), 10, date(2026, 3, 16)),    # another number of working days
])
def test_publication_deadline(received, working_days, last):
    assert rules.publication_deadline(received, working_days) == last


RECEIVED, TODAY = date(2026, 4, 30), date(2026, 5, 8)
ALL = {"bip_on": date(2026, 5, 4), "board_on": date(2026, 5, 5), "website_on": date(2026, 5, 6)}


@pytest.mark.parametrize("changes, field, text", [
    ({}, None, None),
    ({"bip_on": None}, "bip_on", "Biuletynie Informacji Publicznej"),
    ({"board_on": None}, "board_on", "tablicy ogłoszeń"),
    ({"website_on": None}, "website_on", "stronie internetowej"),
    ({"board_on": date(2026, 4, 29)}, "board_on", "wcześniejsza niż dzień wpływu"),
    ({"website_on": date(2026, 5, 9)}, "website_on", "w przyszłości"),
    ({"bip_on": date(2026, 5, 20)}, "bip_on", "w przyszłości"),
])
def test_all_three_channels_are_required(changes, field, text):
    problems = rules.check_channel_dates({**ALL, **changes}, RECEIVED, TODAY)
    assert [p.field for p in problems] == ([field] if field else [])
    if text:
        assert text in problems[0].message


def test_the_publication_is_complete_on_the_latest_channel():
    assert rules.publication_day(ALL) == date(2026, 5, 6)
    assert rules.comment_period_end(rules.publication_day(ALL), 7) == date(2026, 5, 13)


@pytest.mark.parametrize("published, delay", [
    (date(2026, 5, 4), 0), (date(2026, 5, 12), 0), (date(2026, 5, 13), 1),
    (date(2026, 5, 18), 6)])
def test_a_late_publication_is_allowed_with_its_delay(published, delay):
    assert rules.publication_delay(published, date(2026, 5, 12)) == delay


@pytest.mark.parametrize("received, start, year", [
    (date(2026, 12, 21), date(2027, 1, 11), 2027),   # filed in December for next year's task
    (date(2026, 3, 2), date(2026, 6, 1), 2026),
    (date(2026, 3, 2), date(2026, 1, 15), 2026),     # a task already started
    (date(2026, 3, 2), None, 2026),
])
def test_the_award_year(received, start, year):
    assert rules.award_year(received, start) == year


# ---------------------------------------------------------------- the comment period

def test_comment_period_end_is_days_after_the_publication():
    assert rules.comment_period_end(date(2026, 5, 12), 7) == date(2026, 5, 19)
    assert rules.comment_period_end(date(2026, 12, 28), 7) == date(2027, 1, 4)


@pytest.mark.parametrize("now, is_open", [
    (warsaw(2026, 5, 11, 23, 59, 59), False),
    (warsaw(2026, 5, 12, 0, 0, 0), True),
    (warsaw(2026, 5, 15, 12, 0, 0), True),
    (warsaw(2026, 5, 19, 23, 59, 59), True),
    (warsaw(2026, 5, 20, 0, 0, 0), False),
    (datetime(2026, 5, 19, 21, 59, 59, tzinfo=UTC), True),   # 23:59:59 CEST
    (datetime(2026, 5, 19, 22, 0, 0, tzinfo=UTC), False),    # midnight CEST
])
def test_comment_period_boundaries(now, is_open):
    assert rules.is_comment_period_open(date(2026, 5, 12), date(2026, 5, 19), now) is is_open


def test_comment_period_across_the_change_to_winter_time():
    # 25 October 2026: clocks go back; the period ends at midnight Warsaw time (UTC+1)
    end = date(2026, 10, 27)
    assert rules.is_comment_period_open(date(2026, 10, 20), end,
                                        datetime(2026, 10, 27, 22, 59, 59, tzinfo=UTC))
    assert not rules.is_comment_period_open(date(2026, 10, 20), end,
                                            datetime(2026, 10, 27, 23, 0, 0, tzinfo=UTC))
    assert rules.has_comment_period_ended(end, datetime(2026, 10, 27, 23, 0, tzinfo=UTC))


@pytest.mark.parametrize("published, end", [(None, date(2026, 5, 19)),
                                            (date(2026, 5, 12), None)])
def test_no_period_without_dates(published, end):
    assert not rules.is_comment_period_open(published, end, warsaw(2026, 5, 15))


def test_period_not_ended_before_its_last_midnight():
    assert not rules.has_comment_period_ended(date(2026, 5, 19), warsaw(2026, 5, 19, 23, 59))
    assert not rules.has_comment_period_ended(None, warsaw(2026, 5, 30))
    assert rules.has_comment_period_ended(date(2026, 5, 19), warsaw(2026, 5, 20, 0, 0)
                                          + timedelta(seconds=0))


# ---------------------------------------------------------------- the content

def line(name, unit, unit_cost, units, grant_part) -> CostLine:
    """A small grant's cost row: the offer's row without a part, action or year."""
    return CostLine(name=name, unit=unit, unit_cost=unit_cost, units=units,
                    grant_part=grant_part)


def _data(**overrides) -> rules.OfferData:
    data = rules.OfferData(
        texts={"title": "Warsztaty", "area": "seniorzy", "description": "Opis",
               "place": "Sopot", "target_group": "Seniorzy", "contact_name": "Natalia",
               "contact_email": "n@example.org", "contact_phone": ""},
        start_date=date(2027, 3, 1), end_date=date(2027, 3, 31),
        results=[ResultLine("Uczestnicy", "30", "Listy obecności")],
        cost_items=[line("Prowadzenie", "godz.", D("100.00"), D("50"),
                                   D("4000.00"))],
        own_financial=D("1000.00"),
        declarations={k: True for k in rules.DECLARATION_KEYS})
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_a_complete_offer_has_no_problems():
    assert rules.check_content(_data()) == []


@pytest.mark.parametrize("overrides, field", [
    ({"texts": {"title": ""}}, "title"),
    ({"start_date": None}, "start_date"),
    ({"end_date": date(2027, 2, 1)}, "end_date"),
    ({"results": []}, "results"),
    ({"results": [ResultLine("Uczestnicy", "", "Listy")]}, "results-0-target_value"),
    ({"cost_items": []}, "cost_items"),
    ({"cost_items": [line("", "godz.", D("100"), D("50"), D("4000"))]},
     "cost_items-0-name"),
    ({"cost_items": [line("X", "godz.", D("0"), D("50"), D("0"))]},
     "cost_items-0-units"),
    ({"cost_items": [line("X", "godz.", D("100"), D("50"), D("5000.01"))]},
     "cost_items-0-grant_part"),
    ({"own_financial": D("999.99")}, "sources"),
    ({"own_financial": D("1000.01")}, "sources"),
    ({"declarations": {}}, "declarations-statutory_scope"),
])
def test_content_problems(overrides, field):
    if "texts" in overrides:
        base = _data()
        overrides = {"texts": {**base.texts, **overrides["texts"]}}
    assert field in fields(rules.check_content(_data(**overrides)))


def test_sources_message_says_what_is_missing():
    problems = rules.check_sources(rules.totals(
        [line("X", "", D("100.00"), D("10"), D("800.00"))], D("150.00")))
    assert problems[0].field == "sources" and "brakuje 50,00\xa0zł" in problems[0].message


def test_grant_must_be_positive():
    problems = rules.check_sources(rules.totals(
        [line("X", "", D("100.00"), D("1"), D("0"))], D("100.00")))
    assert fields(problems) == ["grant"]


def test_contact_needs_an_email_or_a_phone():
    texts = dict(_data().texts, contact_email="", contact_phone="")
    assert "contact_email" in fields(check_required_texts(texts, rules.REQUIRED_TEXTS))
    texts["contact_phone"] = "58 555 00 00"
    assert check_required_texts(texts, rules.REQUIRED_TEXTS) == []


@pytest.mark.parametrize("unit_cost, units, value", [
    (D("12.50"), D("3"), D("37.50")), (D("0.33"), D("0.5"), D("0.17")),
    (D("333.33"), D("3"), D("999.99"))])
def test_totals(unit_cost, units, value):
    t = rules.totals([line("X", "", unit_cost, units, D("0.01"))], D("1"), D("2"),
                     D("3"))
    assert t.total == value and t.grant == D("0.01") and t.own_total == D("6.00")


@pytest.mark.parametrize(("start", "end", "within", "fields"), [
    (None, None, None, ["start_date", "end_date"]),
    (date(2026, 5, 2), date(2026, 5, 1), None, ["end_date"]),            # reversed
    (date(2026, 5, 1), date(2026, 5, 1), None, []),                      # one day
    (date(2026, 5, 1), date(2026, 6, 30), (date(2026, 5, 1), date(2026, 6, 30)), []),
    (date(2026, 4, 30), date(2026, 7, 1), (date(2026, 5, 1), date(2026, 6, 30)),
     ["start_date", "end_date"]),                                         # outside the call's
])
def test_the_task_dates_of_any_procedure(start, end, within, fields):
    assert [p.field for p in check_task_dates(start, end, within=within)] == fields
