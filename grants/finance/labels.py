"""Names of report kinds, return parts and money measures (Polish msgids: translate where
shown; the reminders' e-mails use them as written, in Polish)."""

from __future__ import annotations

from grants.core.i18n import N_
from grants.settlements.models import ReturnKind
from grants.taskreports.models import ReportKind

RETURN_LABELS = {
    ReturnKind.UNUSED: N_("niewykorzystana dotacja"),
    ReturnKind.REVENUES: N_("przychody"),
    ReturnKind.BANK_INTEREST: N_("odsetki bankowe"),
    ReturnKind.EXCESS_ITEMS: N_("pobrana w nadmiernej wysokości (pozycje)"),
    ReturnKind.EXCESS_SHARE: N_("pobrana w nadmiernej wysokości (udział dotacji)"),
    ReturnKind.MISUSED: N_("wykorzystana niezgodnie z przeznaczeniem"),
}
REPORT_LABELS = {
    ReportKind.FINAL: N_("końcowe"),
    ReportKind.PARTIAL: N_("częściowe"),
}
MEASURE_LABELS = {
    "paid": N_("Wypłacono"),
    "settled": N_("Rozliczono"),
    "returned": N_("Zwrócono"),
}
