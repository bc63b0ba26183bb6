"""Fixed texts of a call: the statutory criteria (UDPP art. 15 ust. 1), default checklist,
labels of modes and phases. Plain data; the UI wraps labels in lazy_gettext."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l

from grants.calls.models import Mode, Phase

# UDPP art. 15 ust. 1 pkt 1-6 (the Polish text of the law; stored in criteria names).
STATUTORY_CRITERIA: dict[int, str] = {
    1: "Możliwość realizacji zadania publicznego przez oferenta",
    2: "Kalkulacja kosztów realizacji zadania, w tym w odniesieniu do zakresu rzeczowego zadania",
    3: "Proponowana jakość wykonania zadania i kwalifikacje osób realizujących zadanie",
    4: "Planowany udział środków finansowych własnych lub środków pochodzących z innych źródeł",
    5: "Planowany wkład rzeczowy i osobowy, w tym świadczenia wolontariuszy i praca społeczna "
       "członków",
    6: "Analiza i ocena realizacji zadań publicznych zleconych w latach poprzednich "
       "(rzetelność, terminowość, sposób rozliczenia)",
}

# Point 4 (own and third-party funds) applies only when the task is supported (wspieranie).
WSPIERANIE_ONLY_POINT = 4

# Default maximum points of a new draft: 100 in wspieranie, 100 in powierzenie.
DEFAULT_POINTS: dict[Mode, list[tuple[int, Decimal]]] = {
    Mode.WSPIERANIE: [(1, Decimal("20")), (2, Decimal("20")), (3, Decimal("30")),
                      (4, Decimal("10")), (5, Decimal("10")), (6, Decimal("10"))],
    Mode.POWIERZENIE: [(1, Decimal("20")), (2, Decimal("20")), (3, Decimal("30")),
                       (5, Decimal("10")), (6, Decimal("20"))],
}

# competitions.md, step 4: the typical items of the formal check.
DEFAULT_CHECKLIST: list[str] = [
    "Oferta została złożona w terminie",
    "Oferta została złożona na właściwym formularzu",
    "Oferent jest podmiotem uprawnionym, a jego działalność statutowa obejmuje zadanie",
    "Oferta jest podpisana przez osoby upoważnione do reprezentacji oferenta",
    "Oświadczenia zawarte w ofercie są kompletne",
    "Terminy realizacji zadania mieszczą się w terminach określonych w ogłoszeniu",
    "Wnioskowana kwota dotacji nie przekracza kwoty maksymalnej",
    "Udział dotacji w kosztach zadania nie przekracza limitu określonego dla trybu",
    "Dołączono wymagane załączniki",
]

DEFAULT_ATTACHMENTS: list[tuple[str, bool]] = [
    ("Odpis z rejestru lub ewidencji (gdy oferent nie figuruje w KRS)", False),
    ("Pełnomocnictwo (gdy ofertę podpisuje pełnomocnik)", False),
]

DEFAULT_SELECTION_PROCEDURE = (
    "Oferty ocenia pod względem formalnym pracownik organizatora, a pod względem "
    "merytorycznym komisja konkursowa powołana przez organizatora, według kryteriów "
    "określonych w ogłoszeniu. Wyboru ofert dokonuje organ po zapoznaniu się z opinią komisji."
)
# The tie rule of a new draft: the criterion of art. 15 ust. 1 pkt 3 (quality) first.
DEFAULT_TIE_BREAK_POINT = 3


def tie_break_text(point: int | None) -> str:
    """The announcement's tie rule, as the ranking applies it (grants.awards.rules): first
    the higher mean in the criteria of `point` of art. 15 ust. 1 (when chosen), then the
    earlier filing."""
    if point is None:
        return ("Przy równej liczbie punktów o kolejności decyduje wcześniejsze złożenie "
                "oferty (data i godzina złożenia w systemie).")
    return (f"Przy równej liczbie punktów o kolejności decyduje wyższa średnia ocena w "
            f"kryterium z art. 15 ust. 1 pkt {point} ustawy („{STATUTORY_CRITERIA[point]}”), "
            "a przy jej równości – wcześniejsze złożenie oferty (data i godzina złożenia "
            "w systemie).")

MODE_LABELS = {
    Mode.WSPIERANIE: _l("wspieranie (współfinansowanie zadania)"),
    Mode.POWIERZENIE: _l("powierzenie (do 100 % kosztów zadania)"),
}

PHASE_LABELS = {
    Phase.DRAFT: _l("szkic"),
    Phase.OPEN: _l("przyjmowanie ofert"),
    Phase.EVALUATION: _l("ocena ofert"),
    Phase.DECIDED: _l("rozstrzygnięty"),
    Phase.ANNULLED: _l("unieważniony"),
}

# Phases the public may filter by (drafts are never public).
PUBLIC_PHASES = [Phase.OPEN, Phase.EVALUATION, Phase.DECIDED, Phase.ANNULLED]
