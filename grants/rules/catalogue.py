"""The keys of the dated rule set, with their meaning and unit.

Each legal basis is checked against the consolidated texts: UDPP (Dz.U. 2024 poz. 1491)
art. 19a ust. 1 (grant, 90 days), ust. 3 (7 working days, 7 days of publication), ust. 4
(comments), ust. 6 (per organisation a year), ust. 7 (the share); UFP (Dz.U. 2024 poz. 1530)
art. 251 ust. 3 (15 days after a use-by date within the year) and art. 252 ust. 1 (15 days
after finding misuse or excess); tests/rules/test_catalogue.py pins them.

The values in force are dated rows (grants.rules.models.RuleValue); migration 0002 seeded
the law's values as first enacted and administrators add later ones."""

from __future__ import annotations

from dataclasses import dataclass

from grants.core.i18n import N_


@dataclass(frozen=True)
class RuleKey:
    key: str
    label: str
    unit: str  # "days", "working_days", "PLN", "percent"
    legal_basis: str
    integer: bool = True


KEYS: list[RuleKey] = [
    RuleKey("offer_min_days", N_("Minimalny termin na składanie ofert od ostatniej publikacji"),
            "days", "UDPP art. 13 ust. 1"),
    RuleKey("report_days", N_("Termin złożenia sprawozdania końcowego od zakończenia zadania"),
            "days", "UDPP art. 18 ust. 1"),
    RuleKey("partial_report_min_days",
            N_("Minimalny termin sprawozdania częściowego od doręczenia wezwania"),
            "days", "UDPP art. 18 ust. 2"),
    RuleKey("report_call_days", N_("Dodatkowy termin po wezwaniu do złożenia sprawozdania"),
            "days", "UDPP art. 18 ust. 3"),
    RuleKey("return_days", N_("Termin zwrotu dotacji"), "days",
            "UFP art. 251 ust. 3, art. 252 ust. 1"),
    RuleKey("small_grant_max", N_("Tryb pozakonkursowy: maksymalna dotacja"), "PLN",
            "UDPP art. 19a ust. 1 pkt 1", integer=False),
    RuleKey("small_grant_max_days", N_("Tryb pozakonkursowy: maksymalny czas realizacji zadania"),
            "days", "UDPP art. 19a ust. 1 pkt 2"),
    RuleKey("small_grant_org_year_max", N_("Tryb pozakonkursowy: limit na organizację w roku"),
            "PLN", "UDPP art. 19a ust. 6", integer=False),
    RuleKey("small_grant_year_share",
            N_("Tryb pozakonkursowy: udział w planowanych dotacjach roku"),
            "percent", "UDPP art. 19a ust. 7", integer=False),
    RuleKey("small_grant_publish_working_days",
            N_("Tryb pozakonkursowy: publikacja oferty w dniach roboczych od wpływu"),
            "working_days", "UDPP art. 19a ust. 3"),
    RuleKey("small_grant_comment_days", N_("Tryb pozakonkursowy: okres uwag do oferty"),
            "days", "UDPP art. 19a ust. 3-4"),
    RuleKey("interest_floor", N_("Próg odsetek, których się nie pobiera"), "PLN",
            "Ordynacja podatkowa art. 54 § 1 pkt 5", integer=False),
]

KEY_INDEX = {k.key: k for k in KEYS}
