"""Areas of public benefit (UDPP art. 4 ust. 1), the task types of a call."""

from __future__ import annotations

from grants.core.i18n import N_

# (code, Polish name) - the points of art. 4 ust. 1 most used by a welfare centre first.
# Names are msgids: forms and templates translate them where shown.
AREAS: list[tuple[str, str]] = [
    ("pomoc_spoleczna", N_("pomoc społeczna, w tym pomoc rodzinom i osobom w trudnej "
                           "sytuacji życiowej oraz wyrównywanie szans tych rodzin i osób (pkt 1)")),
    ("wspieranie_rodziny", N_("wspieranie rodziny i systemu pieczy zastępczej (pkt 1a)")),
    ("integracja_spoleczna", N_("działalność na rzecz integracji i reintegracji zawodowej "
                                "i społecznej osób zagrożonych wykluczeniem społecznym (pkt 2)")),
    ("dzialalnosc_charytatywna", N_("działalność charytatywna (pkt 3)")),
    ("osoby_niepelnosprawne", N_("działalność na rzecz osób niepełnosprawnych (pkt 7)")),
    ("seniorzy", N_("działalność na rzecz osób w wieku emerytalnym (pkt 10)")),
    ("ochrona_zdrowia", N_("ochrona i promocja zdrowia, w tym działalność lecznicza (pkt 6)")),
    ("przeciwdzialanie_uzaleznieniom", N_("przeciwdziałanie uzależnieniom i patologiom "
                                          "społecznym (pkt 32)")),
    ("dzieci_mlodziez", N_("działalność na rzecz dzieci i młodzieży, w tym wypoczynku dzieci i młodzieży (pkt 15)")),
    ("nauka_edukacja", N_("nauka, szkolnictwo wyższe, edukacja, oświata i wychowanie (pkt 14)")),
    ("kultura", N_("kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego (pkt 16)")),
    ("sport", N_("wspieranie i upowszechnianie kultury fizycznej (pkt 17)")),
    ("przeciwdzialanie_przemocy", N_("przeciwdziałanie przemocy domowej")),
    ("wolontariat", N_("promocja i organizacja wolontariatu")),
]

AREA_NAMES = dict(AREAS)


def area_name(code: str) -> str:
    return AREA_NAMES.get(code, code)
