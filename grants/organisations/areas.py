"""Areas of public benefit (UDPP art. 4 ust. 1), the task types of a call."""

from __future__ import annotations

# (code, Polish name) - the points of art. 4 ust. 1 most used by a welfare centre first.
AREAS: list[tuple[str, str]] = [
    ("pomoc_spoleczna", "pomoc społeczna, w tym pomoc rodzinom i osobom w trudnej sytuacji "
     "życiowej oraz wyrównywanie szans tych rodzin i osób (pkt 1)"),
    ("wspieranie_rodziny", "wspieranie rodziny i systemu pieczy zastępczej (pkt 1a)"),
    ("integracja_spoleczna", "działalność na rzecz integracji i reintegracji zawodowej i "
     "społecznej osób zagrożonych wykluczeniem społecznym (pkt 2)"),
    ("dzialalnosc_charytatywna", "działalność charytatywna (pkt 3)"),
    ("osoby_niepelnosprawne", "działalność na rzecz osób niepełnosprawnych (pkt 7)"),
    ("seniorzy", "działalność na rzecz osób w wieku emerytalnym (pkt 6)"),
    ("ochrona_zdrowia", "ochrona i promocja zdrowia, w tym działalność lecznicza (pkt 6)"),
    ("przeciwdzialanie_uzaleznieniom", "przeciwdziałanie uzależnieniom i patologiom "
     "społecznym (pkt 32)"),
    ("dzieci_mlodziez", "wypoczynek dzieci i młodzieży (pkt 16)"),
    ("nauka_edukacja", "nauka, szkolnictwo wyższe, edukacja, oświata i wychowanie (pkt 14)"),
    ("kultura", "kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego (pkt 16)"),
    ("sport", "wspieranie i upowszechnianie kultury fizycznej (pkt 17)"),
    ("przeciwdzialanie_przemocy", "przeciwdziałanie przemocy domowej (pkt 1)"),
    ("wolontariat", "promocja i organizacja wolontariatu (pkt 30)"),
]

AREA_NAMES = dict(AREAS)


def area_name(code: str) -> str:
    return AREA_NAMES.get(code, code)
