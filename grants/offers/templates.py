"""The offer templates (Dz.U. 2018 poz. 2057 and 2055): which texts, amounts, flags, row
tables and declarations an offer has, and the limits of its texts. The draft machinery
(grants.offers.drafts) stores any template; what differs is this configuration.

FULL is the 2018 template of an open competition (sections I-VII); SIMPLIFIED is the
simplified template of a small grant (UDPP art. 19a), checked by grants.smallgrants.rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from grants.offers.models import CostItem, JointPartner, ResultRow, ScheduleRow


@dataclass(frozen=True)
class OfferTemplate:
    name: str
    text_fields: tuple[str, ...]
    money_fields: tuple[str, ...]
    row_specs: Mapping[str, tuple[type, tuple[str, ...]]]
    declarations: tuple[tuple[str, str], ...] | None = None  # None: the keys of offers.rules
    flag_fields: tuple[str, ...] = ()
    text_limits: Mapping[str, int] = field(default_factory=dict)  # for Text columns
    check_email: bool = False  # the contact e-mail must look like one

    @property
    def declaration_keys(self) -> tuple[str, ...] | None:
        return None if self.declarations is None else tuple(k for k, _ in self.declarations)


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

FULL = OfferTemplate(name="full", text_fields=TEXT_FIELDS, money_fields=MONEY_FIELDS,
                     row_specs=ROW_SPECS, flag_fields=("paid_activity", "unpaid_activity"))

# Declarations of the simplified template, all required.
SIMPLIFIED_DECLARATIONS: tuple[tuple[str, str], ...] = (
    ("statutory_scope", "Proponowane zadanie publiczne będzie realizowane wyłącznie w zakresie "
                        "działalności pożytku publicznego oferenta."),
    ("fees_paid_activity", "Pobieranie świadczeń pieniężnych będzie się odbywać wyłącznie w "
                           "ramach prowadzonej odpłatnej działalności pożytku publicznego."),
    ("no_tax_arrears", "Oferent nie zalega z opłacaniem należności z tytułu zobowiązań "
                       "podatkowych."),
    ("no_social_insurance_arrears", "Oferent nie zalega z opłacaniem należności z tytułu "
                                    "składek na ubezpieczenia społeczne."),
    ("register_data_true", "Dane oferenta są zgodne z Krajowym Rejestrem Sądowym lub inną "
                           "właściwą ewidencją."),
    ("information_true", "Wszystkie informacje podane w ofercie oraz załącznikach są zgodne z "
                         "aktualnym stanem prawnym i faktycznym."),
    ("data_protection", "W zakresie związanym ze składaniem oferty, w tym z gromadzeniem, "
                        "przetwarzaniem i przekazywaniem danych osobowych, osoby, których dotyczą "
                        "te dane, złożyły stosowne oświadczenia zgodnie z przepisami o ochronie "
                        "danych osobowych."),
)

SIMPLIFIED = OfferTemplate(
    name="simplified",
    text_fields=("title", "description", "place", "target_group", "contact_name",
                 "contact_email", "contact_phone"),
    money_fields=("own_financial", "own_personal", "own_in_kind"),
    row_specs={"results": ROW_SPECS["results"],
               "cost_items": (CostItem, ("name", "unit", "unit_cost", "units", "grant_part"))},
    declarations=SIMPLIFIED_DECLARATIONS,
    text_limits={"description": 10000, "place": 2000, "target_group": 5000,
                 "monitoring": 10000},
    check_email=True,
)
