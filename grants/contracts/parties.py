"""The organisation's side of the contract: who represents each party (the lead offeror and,
for a joint offer, every joint offeror - art. 14 ust. 2, art. 16 ust. 4 UDPP) and whether the
persons named in the contract or as its signatories are as many as the organisation's recorded
signing rule needs.

Pure: no database, no Flask. The organisation's representation is read from its record
(grants.organisations): the representatives (who may sign alone) and the signing rule as
text ("dwóch członków zarządu łącznie", "prezes samodzielnie"). A person counts as named when
their full name as recorded appears in the text; a person who signs alone is enough; otherwise
the rule's number of persons is needed - the number written in the rule, or two when the
rule names none and more than one person is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_NUMBER_WORDS = {
    "dwóch": 2, "dwoch": 2, "dwaj": 2, "dwie": 2, "dwu": 2, "dwoje": 2, "dwa": 2,
    "trzech": 3, "trzej": 3, "trzy": 3, "troje": 3,
    "czterech": 4, "czterej": 4, "cztery": 4,
    "pięciu": 5, "pieciu": 5,
}
_ALONE_WORDS = ("samodzieln", "jednoosobow", "jednego", "jeden ", "jedna ")


@dataclass(frozen=True)
class Person:
    full_name: str
    function: str = ""
    signs_alone: bool = False


def people_of(organisation) -> list[Person]:
    """The organisation's recorded representatives."""
    return [Person(r.full_name, r.function, bool(r.signs_alone))
            for r in organisation.representatives]


def representation_text(people: Iterable[Person]) -> str:
    """The representatives as the contract names them: one person a line, "name – function"."""
    return "\n".join(f"{p.full_name} – {p.function}" if p.function else p.full_name
                     for p in people)


def _fold(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def persons_needed(rule: str, people: Sequence[Person]) -> int:
    """How many persons the signing rule needs when none of them signs alone."""
    words = re.findall(r"\w+", _fold(rule))
    numbers = [_NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS]
    numbers += [int(w) for w in words if w.isdigit() and 1 <= int(w) <= 9]
    if numbers:
        return min(numbers)
    folded = _fold(rule) + " "
    if any(word in folded for word in _ALONE_WORDS):
        return 1
    return 2 if len(people) > 1 else 1


def proposed(people: Sequence[Person], rule: str) -> list[Person]:
    """Whom a new contract proposes to name for the organisation: a person who signs alone,
    otherwise the first recorded persons, as many as the signing rule needs (all of them when
    the rule needs more than are recorded). The officer may change the proposal."""
    alone = [p for p in people if p.signs_alone]
    if alone:
        return alone[:1]
    return list(people[:persons_needed(rule, people)]) or list(people)


def named(text: str, people: Sequence[Person]) -> list[Person]:
    """The recorded persons whose full name appears in the text."""
    folded = _fold(text)
    return [p for p in people if _fold(p.full_name) and _fold(p.full_name) in folded]


def representation_problem(text: str, people: Sequence[Person], rule: str,
                           party: str) -> str | None:
    """Why the persons named in `text` cannot represent the party (a Polish message), or None.
    Nothing is checked when the organisation records no representatives."""
    if not people:
        return None
    found = named(text, people)
    if any(p.signs_alone for p in found):
        return None
    need = persons_needed(rule, people)
    if len(found) >= need:
        return None
    recorded = ", ".join(p.full_name for p in people)
    if need > len(people):
        return (f"Sposób reprezentacji organizacji {party} („{rule}”) wymaga {need} osób, a w jej "
                f"danych zapisano mniej osób upoważnionych ({recorded}) - organizacja musi "
                "uzupełnić swoje dane.")
    return (f"Sposób reprezentacji organizacji {party} („{rule or 'zgodnie z KRS'}”) wymaga "
            f"{need} osób (albo osoby reprezentującej samodzielnie); wskazano {len(found)}. "
            f"Wpisz osoby spośród: {recorded}.")
