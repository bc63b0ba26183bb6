"""The offer template: which texts, amounts and row tables an offer has.

FULL is the 2018 template of an open competition (sections I-VII).
"""

from __future__ import annotations

from grants.offers.models import CostItem, JointPartner, ResultRow, ScheduleRow

TEXT_FIELDS = ("title", "place", "target_group", "need", "complementarity", "expected_results",
               "contact_name", "contact_email", "contact_phone", "previous_activity",
               "resources", "contribution_valuation", "other_info")
MONEY_FIELDS = ("own_financial", "own_personal", "own_in_kind", "beneficiaries_cash",
                "lead_cost_share")
ROW_SPECS: dict[str, tuple[type, tuple[str, ...]]] = {
    "schedule": (ScheduleRow, ("action", "description", "target_group", "start_date",
                               "end_date", "non_party")),
    "results": (ResultRow, ("name", "target_value", "monitoring")),
    "cost_items": (CostItem, ("section", "action_no", "name", "unit", "unit_cost", "units",
                              "grant_part", "year")),
    "partners": (JointPartner, ("organisation_id", "actions", "cost_share")),
}
ROW_COPY_FIELDS = {
    "schedule": ROW_SPECS["schedule"][1],
    "results": ROW_SPECS["results"][1],
    "cost_items": ROW_SPECS["cost_items"][1] + ("code", "value", "partner_position"),
    "partners": ROW_SPECS["partners"][1],
}
VERSION_COPY_FIELDS = (TEXT_FIELDS + MONEY_FIELDS + (
    "start_date", "end_date", "paid_activity", "unpaid_activity", "declarations",
    "total_cost", "grant_requested"))
