"""The legal basis of every key of the dated rule set, checked against the consolidated texts:
UDPP (Dz.U. 2024 poz. 1491) art. 13, 18, 19a and UFP (Dz.U. 2024 poz. 1530) art. 251-252.

Art. 19a: ust. 1 pkt 1-2 the grant and the task's length; ust. 2 repealed; ust. 3 the 7
working days and the 7 days of publication; ust. 4 anyone's comments within those 7 days;
ust. 5 the contract; ust. 6 the yearly sum per organisation; ust. 7 the 20 % share.
UFP art. 251: ust. 1 the return by 31 January; ust. 3 within 15 days after a use-by date
shorter than the budget year; ust. 5 interest. Art. 252 ust. 1: misused or excessive grants
returned within 15 days of the finding."""

from __future__ import annotations

import pytest

from grants.rules.catalogue import KEY_INDEX, KEYS

pytestmark = pytest.mark.pure

EXPECTED = {
    "offer_min_days": "UDPP art. 13 ust. 1",
    "report_days": "UDPP art. 18 ust. 1",
    "partial_report_min_days": "UDPP art. 18 ust. 2",
    "report_call_days": "UDPP art. 18 ust. 3",
    "return_days": "UFP art. 251 ust. 3, art. 252 ust. 1",
    "small_grant_max": "UDPP art. 19a ust. 1 pkt 1",
    "small_grant_max_days": "UDPP art. 19a ust. 1 pkt 2",
    "small_grant_org_year_max": "UDPP art. 19a ust. 6",
    "small_grant_year_share": "UDPP art. 19a ust. 7",
    "small_grant_publish_working_days": "UDPP art. 19a ust. 3",
    "small_grant_comment_days": "UDPP art. 19a ust. 3-4",
    "interest_floor": "Ordynacja podatkowa art. 54 § 1 pkt 5",
}


@pytest.mark.parametrize(("key", "citation"), sorted(EXPECTED.items()))
def test_legal_basis_as_in_the_consolidated_text(key, citation):
    assert KEY_INDEX[key].legal_basis == citation


def test_every_key_is_pinned():
    assert {k.key for k in KEYS} == set(EXPECTED)


def test_the_small_grants_plan_page_cites_the_share_paragraph():
    """The share of small grants is art. 19a ust. 7 (ust. 5 is the contract)."""
    from pathlib import Path
    page = (Path(__file__).resolve().parents[2] / "templates" / "smallgrants"
            / "admin_plans.html").read_text(encoding="utf-8")
    assert "art. 19a ust. 7" in page and "art. 19a ust. 5" not in page
