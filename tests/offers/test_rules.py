"""The offer rules other than the costs (grants.offers.rules): pure functions, tables of cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from grants.offers import rules
from grants.offers.costs import CostLine
from grants.offers.rules import PartnerLine, ResultLine, ScheduleLine
from grants.procedures.rules import check_task_dates

D = Decimal


@pytest.fixture(autouse=True)
def _isolated():
    """The rules are pure: these tests need no app, no database (overrides conftest's)."""
    yield


def fields(problems) -> list[str]:
    return [p.field for p in problems]


def item(**kw) -> CostLine:
    base = dict(section="I", action_no=1, name="Koordynator", unit="miesiąc",
                unit_cost=D("100.00"), units=D("10"), grant_part=D("500.00"))
    base.update(kw)
    return CostLine(**base)


# ---------------------------------------------------------------- dates

T0, T1 = date(2027, 1, 1), date(2027, 12, 31)


@pytest.mark.parametrize("start, end, expected", [
    (T0, T1, []),                                        # exactly the call's window
    (date(2027, 3, 1), date(2027, 6, 30), []),
    (date(2026, 12, 31), T1, ["start_date"]),            # a day early
    (T0, date(2028, 1, 1), ["end_date"]),                # a day late
    (date(2026, 12, 1), date(2028, 1, 1), ["start_date", "end_date"]),
    (date(2027, 6, 1), date(2027, 5, 31), ["end_date"]),  # end before start
    (None, T1, ["start_date"]),
    (T0, None, ["end_date"]),
    (None, None, ["start_date", "end_date"]),
    (date(2028, 1, 1), date(2028, 2, 1), ["start_date", "end_date"]),
    (T1, T1, []),                                        # one-day task on the last day
])
def test_check_task_dates_within_the_call(start, end, expected):
    """The offer's dates: the procedures' check, inside the call's task window."""
    assert fields(check_task_dates(start, end, within=(T0, T1))) == expected


S, E = date(2027, 2, 1), date(2027, 11, 30)


@pytest.mark.parametrize("rows, expected", [
    ([("Posiłki", S, E)], []),
    ([("Posiłki", S, E), ("Noclegi", date(2027, 3, 1), date(2027, 4, 1))], []),
    ([("Posiłki", date(2027, 1, 31), E)], ["schedule-0-start_date"]),   # a day before
    ([("Posiłki", S, date(2027, 12, 1))], ["schedule-0-end_date"]),      # a day after
    ([("Posiłki", E, S)], ["schedule-0-end_date"]),
    ([("", S, E)], ["schedule-0-action"]),
    ([("Posiłki", None, E)], ["schedule-0-start_date"]),
    ([("Posiłki", S, None)], ["schedule-0-end_date"]),
    ([("A", S, E), ("B", date(2027, 1, 1), date(2027, 12, 31))],
     ["schedule-1-start_date", "schedule-1-end_date"]),
    ([], ["schedule"]),
])
def test_check_schedule(rows, expected):
    lines = [ScheduleLine(action=a, start_date=s, end_date=e) for a, s, e in rows]
    assert fields(rules.check_schedule(lines, S, E)) == expected


def test_schedule_without_offer_dates_checks_rows_only():
    assert rules.check_schedule([ScheduleLine("A", S, E)], None, None) == []


@pytest.mark.parametrize("rows, expected", [
    ([("Posiłki", "800", "listy")], []),
    ([("", "800", "listy")], ["results-0-name"]),
    ([("Posiłki", " ", "listy")], ["results-0-target_value"]),
    ([("Posiłki", "800", "")], ["results-0-monitoring"]),
    ([], ["results"]),
])
def test_check_results(rows, expected):
    assert fields(rules.check_results([ResultLine(*r) for r in rows])) == expected


# ---------------------------------------------------------------- joint offers

@pytest.mark.parametrize("lead, partners, total, expected", [
    ("0", [], "1000.00", []),                                   # not a joint offer
    ("600.00", [(2, "400.00")], "1000.00", []),
    ("600.00", [(2, "300.00"), (3, "100.00")], "1000.00", []),
    ("600.00", [(2, "399.99")], "1000.00", ["lead_cost_share"]),  # 1 grosz short
    ("600.00", [(2, "400.01")], "1000.00", ["lead_cost_share"]),  # 1 grosz over
    ("1000.00", [(1, "0.00")], "1000.00", ["partners-0-lookup"]),  # the lead itself
    ("600.00", [(2, "200.00"), (2, "200.00")], "1000.00", ["partners-1-lookup"]),
    ("600.00", [(None, "400.00")], "1000.00", ["partners-0-lookup"]),
    ("1001.00", [(2, "-1.00")], "1000.00", ["partners-0-cost_share"]),
])
def test_check_joint_split(lead, partners, total, expected):
    lines = [PartnerLine(organisation_id=o, cost_share=D(s)) for o, s in partners]
    assert fields(rules.check_joint_split(1, D(lead), lines, D(total))) == expected


def test_joint_split_message_names_the_difference():
    [p] = rules.check_joint_split(1, D("600.00"), [PartnerLine(2, D("399.99"))], D("1000.00"))
    assert "brakuje 0,01\xa0zł" in p.message


# ---------------------------------------------------------------- VI, VII, attachments

@pytest.mark.parametrize("paid, unpaid, cash, non_fin, valuation, expected", [
    (False, True, "0", "0", "", []),
    (True, False, "100.00", "0", "", []),
    (False, True, "0.01", "0", "", ["beneficiaries_cash"]),
    (False, False, "0", "0", "", ["unpaid_activity"]),
    (False, True, "0", "10.00", "", ["contribution_valuation"]),
    (False, True, "0", "10.00", "30 zł/h", []),
    (True, True, "50.00", "10.00", " ", ["contribution_valuation"]),
])
def test_check_activity(paid, unpaid, cash, non_fin, valuation, expected):
    assert fields(rules.check_activity(paid, unpaid, D(cash), D(non_fin), valuation)) == expected


ALL = {k: True for k in rules.DECLARATION_KEYS}


@pytest.mark.parametrize("declarations, missing", [
    (ALL, []),
    ({}, rules.DECLARATION_KEYS),
    ({**ALL, "no_tax_arrears": False}, ["no_tax_arrears"]),
    ({k: True for k in rules.DECLARATION_KEYS[1:]}, [rules.DECLARATION_KEYS[0]]),
    ({**ALL, "data_protection": None}, ["data_protection"]),
])
def test_check_declarations(declarations, missing):
    assert fields(rules.check_declarations(declarations)) == [f"declarations-{k}"
                                                               for k in missing]


def test_there_are_seven_declarations():
    assert len(rules.DECLARATIONS) == 7


REQ = [rules.RequiredAttachmentTerm(1, "Statut", True),
       rules.RequiredAttachmentTerm(2, "Sprawozdanie finansowe", True),
       rules.RequiredAttachmentTerm(3, "Rekomendacje", False)]


@pytest.mark.parametrize("present, expected", [
    ([1, 2], []),
    ([1, 2, 3], []),
    ([1], ["attachments-2"]),
    ([None, 3], ["attachments-1", "attachments-2"]),
    ([], ["attachments-1", "attachments-2"]),
])
def test_check_attachments(present, expected):
    assert fields(rules.check_attachments(REQ, present)) == expected


TEXTS = {"title": "T", "place": "P", "target_group": "G", "need": "N",
         "expected_results": "R", "contact_name": "C", "contact_email": "c@example.org",
         "previous_activity": "A", "resources": "Z"}


@pytest.mark.parametrize("change, expected", [
    ({}, []),
    ({"title": " "}, ["title"]),
    ({"contact_email": ""}, ["contact_email"]),
    ({"contact_email": "", "contact_phone": "58 555"}, []),
    ({"need": "", "resources": ""}, ["need", "resources"]),
])
def test_check_required_texts(change, expected):
    assert fields(rules.check_required_texts({**TEXTS, **change})) == expected


# ---------------------------------------------------------------- the whole offer

TERMS = rules.CallTerms(mode="wspieranie", max_grant_pct=D("80"), min_own_pct=D("0"),
                        min_grant=D("1000.00"), max_grant=D("50000.00"), task_start=T0,
                        task_end=T1, required_attachments=[])


def good_offer(**kw) -> rules.OfferData:
    data = rules.OfferData(
        texts=dict(TEXTS), start_date=T0, end_date=T1,
        schedule=[ScheduleLine("Posiłki", T0, T1)],
        results=[ResultLine("Posiłki", "800", "listy")],
        cost_items=[item(unit_cost=D("1000.00"), units=D("10"), grant_part=D("8000.00"))],
        own_financial=D("2000.00"), lead_organisation_id=1, declarations=dict(ALL))
    for k, v in kw.items():
        setattr(data, k, v)
    return data


@pytest.mark.parametrize("change, expected", [
    ({}, []),
    ({"own_financial": D("1999.99")}, ["sources"]),
    ({"cost_items": [item(unit_cost=D("1000.00"), units=D("10"), grant_part=D("8000.01"))],
      "own_financial": D("1999.99")}, ["grant"]),
    ({"start_date": date(2026, 12, 31)}, ["start_date", "cost_items-0-year"]),  # spans 2 years
    ({"end_date": date(2027, 12, 30)}, ["schedule-0-end_date"]),
    ({"declarations": {}}, [f"declarations-{k}" for k in rules.DECLARATION_KEYS]),
    ({"cost_items": []}, ["cost_items", "sources", "grant"]),
    ({"partners": [PartnerLine(2, D("10000.00"))]}, []),
])
def test_check_offer_combines_the_rules(change, expected):
    offer = good_offer(**change)
    if "partners" in change:
        offer.lead_cost_share = D("0.00")
    assert fields(rules.check_offer(offer, TERMS)) == expected


def test_check_offer_min_own_and_required_attachments():
    terms = rules.CallTerms(**{**TERMS.__dict__, "min_own_pct": D("25"),
                               "required_attachments": REQ[:1]})
    assert fields(rules.check_offer(good_offer(), terms)) == ["own_financial", "attachments-1"]
    assert fields(rules.check_offer(good_offer(attachment_ids=[1]), terms)) == ["own_financial"]


