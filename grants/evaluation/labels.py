"""Labels of the committee's states (Polish msgids, translated where shown)."""

from __future__ import annotations

from grants.core.i18n import N_
from grants.evaluation.models import MemberKind

KIND_LABELS = {
    MemberKind.AUTHORITY: N_("przedstawiciel organu"),
    MemberKind.NGO: N_("osoba wskazana przez organizację pozarządową"),
    MemberKind.EXPERT: N_("ekspert z głosem doradczym"),
}
FUNCTION_LABELS = {
    "none": N_("członek komisji"),
    "chair": N_("przewodniczący(-a) komisji"),
    "secretary": N_("sekretarz komisji"),
}
CELL_LABELS = {
    "excluded": N_("wyłączony(-a)"),
    "missing": N_("brak oceny"),
    "draft": N_("ocena robocza (nieprzekazana)"),
    "submitted": N_("ocena przekazana"),
}
