"""Where a contract's parties and terms come from, per kind of source: an award of a
competition, a small-grant offer in contracting, and next an award of any other procedure.

The contracts area never imports its sources (they come after it). Each source area
registers a `SourceKind` (grants/awards/contract_source.py,
grants/smallgrants/contract_source.py): how to load a source by id, whose organiser it is,
and `read()` - the content the contract copies, or a refusal while it cannot be contracted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from grants.contracts.rules import MODES, ItemRow
from grants.core.errors import ValidationFailed
from grants.core.i18n import N_, msg

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class JointOfferor:
    """A further offeror of a joint offer (art. 14 ust. 2 UDPP): a party to the contract."""

    organisation: Any
    actions: str = ""
    cost_share: Decimal = ZERO


@dataclass
class Source:
    """What a contract copies from its source. `mode` is the form of the task's commissioning
    (powierzenie / wspieranie) the call or the offer states; `partners` the joint offerors.
    `links` are the contract's columns naming the source (award_id, small_grant_offer_id,
    offer_version_id)."""

    organiser: Any
    organisation: Any
    procedure_id: int
    title: str
    purpose: str
    start: dt.date
    end: dt.date
    grant: Decimal
    items: list[ItemRow]
    results: list[tuple[str, str, str]]
    links: Mapping[str, int | None]
    mode: str
    item_years: Mapping[str, int | None] = field(default_factory=dict)
    partners: list[JointOfferor] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((i.planned_total for i in self.items), ZERO)


@dataclass(frozen=True)
class SourceKind:
    name: str                              # "award", "small_grant" (the URL's kind)
    model: type                            # the source's class
    link: str                              # the contract's column naming it
    load: Callable[[int], Any]             # the source by id, or None
    organiser_id: Callable[[Any], int]     # whose staff prepare its contract
    read: Callable[[Any], Source]          # its content; refuses an uncontractable source


_KINDS: dict[str, SourceKind] = {}


def register(kind: SourceKind) -> SourceKind:
    if _KINDS.get(kind.name, kind) is not kind:
        raise RuntimeError(f"contract source {kind.name!r} registered twice")
    _KINDS[kind.name] = kind
    return kind


def kind_named(name: str) -> SourceKind | None:
    return _KINDS.get(name)


def kind_of(source) -> SourceKind:
    for kind in _KINDS.values():
        if isinstance(source, kind.model):
            return kind
    raise ValidationFailed(N_("Umowę można przygotować tylko z przyznanej dotacji lub oferty "
                              "w trybie pozakonkursowym."))


def source_of(source) -> Source:
    """The content the contract copies; refuses a source that cannot be contracted (yet)."""
    src = kind_of(source).read(source)
    if src.mode not in MODES:
        raise ValidationFailed(N_("Nie wiadomo, czy zadanie ma być powierzone, czy wsparte - "
                                  "forma realizacji zadania musi wynikać z ogłoszenia lub "
                                  "oferty."))
    check_item_sum(src.items, src.grant)
    return src


def check_item_sum(items: list[ItemRow], grant: Decimal) -> None:
    parts = sum((i.planned_grant for i in items), ZERO)
    if not items:
        raise ValidationFailed(N_("Oferta nie ma pozycji kosztorysu - nie można przygotować "
                                  "umowy."))
    if parts != grant:
        raise ValidationFailed(
            msg("Części kosztów finansowane z dotacji w kosztorysie oferty sumują się do "
                "%(parts)s, a dotacja wynosi %(grant)s (różnica %(diff)s). Kosztorys musi "
                "odpowiadać dotacji co do grosza - potrzebna jest aktualizacja oferty.",
                parts=Decimal(parts), grant=Decimal(grant), diff=Decimal(grant - parts)))
