"""The keys of the dated rule set, with their meaning, unit and the law's initial value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from grants.core.i18n import N_


@dataclass(frozen=True)
class RuleKey:
    key: str
    label: str
    unit: str  # "days", "working_days", "PLN", "percent"
    initial: Decimal
    legal_basis: str
    integer: bool = True


KEYS: list[RuleKey] = [
    RuleKey("offer_min_days", N_("Minimalny termin na składanie ofert od ostatniej publikacji"),
            "days", Decimal("21"), "UDPP art. 13 ust. 1"),
    RuleKey("report_days", N_("Termin złożenia sprawozdania końcowego od zakończenia zadania"),
            "days", Decimal("30"), "UDPP art. 18 ust. 1"),
    RuleKey("partial_report_min_days",
            N_("Minimalny termin sprawozdania częściowego od doręczenia wezwania"),
            "days", Decimal("30"), "UDPP art. 18 ust. 2"),
    RuleKey("report_call_days", N_("Dodatkowy termin po wezwaniu do złożenia sprawozdania"),
            "days", Decimal("7"), "UDPP art. 18 ust. 3"),
    RuleKey("return_days", N_("Termin zwrotu dotacji"), "days", Decimal("15"),
            "UFP art. 251 ust. 1, art. 252 ust. 1"),
    RuleKey("small_grant_max", N_("Tryb pozakonkursowy: maksymalna dotacja"), "PLN",
            Decimal("10000.00"), "UDPP art. 19a ust. 1 pkt 1", integer=False),
    RuleKey("small_grant_max_days", N_("Tryb pozakonkursowy: maksymalny czas realizacji zadania"),
            "days", Decimal("90"), "UDPP art. 19a ust. 1 pkt 2"),
    RuleKey("small_grant_org_year_max", N_("Tryb pozakonkursowy: limit na organizację w roku"),
            "PLN", Decimal("20000.00"), "UDPP art. 19a ust. 4", integer=False),
    RuleKey("small_grant_year_share",
            N_("Tryb pozakonkursowy: udział w planowanych dotacjach roku"),
            "percent", Decimal("20"), "UDPP art. 19a ust. 5", integer=False),
    RuleKey("small_grant_publish_working_days",
            N_("Tryb pozakonkursowy: publikacja oferty w dniach roboczych od wpływu"),
            "working_days", Decimal("7"), "UDPP art. 19a ust. 3"),
    RuleKey("small_grant_comment_days", N_("Tryb pozakonkursowy: okres uwag do oferty"),
            "days", Decimal("7"), "UDPP art. 19a ust. 3"),
    RuleKey("interest_floor", N_("Próg odsetek, których się nie pobiera"), "PLN", Decimal("8.70"),
            "Ordynacja podatkowa art. 54 § 1 pkt 5", integer=False),
]

KEY_INDEX = {k.key: k for k in KEYS}

# The law as first loaded: in force from the Act's consolidated text.
INITIAL_EFFECTIVE_FROM = date(2024, 1, 1)

# Illustrative tax-arrears rates (an administrator keeps the official table).
INITIAL_RATES: list[tuple[date, Decimal]] = [
    (date(2023, 10, 5), Decimal("14.50")),
    (date(2025, 5, 8), Decimal("13.50")),
    (date(2025, 7, 3), Decimal("13.00")),
    (date(2025, 9, 4), Decimal("12.50")),
    (date(2025, 10, 9), Decimal("12.00")),
]
