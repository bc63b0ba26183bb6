"""The names of the parts to return (ReturnKind), as the pages, the PDF and the e-mails show
them."""

from __future__ import annotations

from grants.core.i18n import N_
from grants.settlements.models import ReturnKind, SettlementBasis

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

BASIS_LABELS = {
    SettlementBasis.REPORT: N_("na podstawie przyjętego sprawozdania końcowego"),
    SettlementBasis.TERMINATED: N_("bez przyjętego sprawozdania końcowego - umowa rozwiązana; "
                                   "na podstawie przekazanych transz, przyjętych sprawozdań "
                                   "częściowych i ustaleń kontroli"),
    SettlementBasis.NO_REPORT: N_("bez sprawozdania końcowego - niezłożonego mimo wezwania "
                                  "(art. 18 ust. 3 ustawy); na podstawie przekazanych transz, "
                                  "przyjętych sprawozdań częściowych i ustaleń kontroli"),
}
