"""The names of the parts to return (ReturnKind), as the pages, the PDF and the e-mails show
them."""

from __future__ import annotations

from grants.core.i18n import N_
from grants.settlements.models import ReturnKind

KIND_LABELS = {
    ReturnKind.UNUSED: N_("dotacja niewykorzystana"),
    ReturnKind.REVENUES: N_("przychody uzyskane przy realizacji zadania"),
    ReturnKind.BANK_INTEREST: N_("odsetki bankowe od dotacji"),
    ReturnKind.EXCESS_ITEMS: N_("dotacja pobrana w nadmiernej wysokości (przekroczenie "
                                "tolerancji pozycji)"),
    ReturnKind.EXCESS_SHARE: N_("dotacja pobrana w nadmiernej wysokości (przekroczenie udziału "
                                "dotacji)"),
    ReturnKind.MISUSED: N_("dotacja wykorzystana niezgodnie z przeznaczeniem"),
}
