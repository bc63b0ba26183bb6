"""What the awards read from the committee's work - every read of scores goes through here.

`results_for` and `scoring_closed` are the contract with grants.evaluation; `protocol_data`
gathers what the committee's protocol shows. Tests of the awards replace these functions
with fixed data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from grants.evaluation import queries as evaluation_queries
from grants.evaluation.labels import CELL_LABELS, FUNCTION_LABELS, KIND_LABELS
from grants.evaluation.models import Committee, ScoringClosure
from grants.extensions import db


def results_for(competition) -> list:
    """Per offer admitted to scoring: an OfferResult (offer, task, mean_total at full
    precision or None, eligible, criterion_means {criterion id: Decimal}, n_scores)."""
    return evaluation_queries.offer_results(competition)


def scoring_closed(competition) -> bool:
    """The chair has closed scoring (a ScoringClosure row exists for the committee of the
    competition's procedure)."""
    return db.session.scalar(
        select(ScoringClosure.id).join(Committee, Committee.id == ScoringClosure.committee_id)
        .where(Committee.procedure_id == competition.procedure_id)
    ) is not None


# ---------------------------------------------------------------- the committee's protocol

@dataclass
class ProtocolMember:
    name: str
    kind: str                       # translated label
    function: str                   # translated label
    naming_organisation: str
    votes: bool
    disqualified: bool
    declaration_signed_at: dt.datetime | None


@dataclass
class ProtocolExclusion:
    member: str
    scope: str                      # "oferta X" / "wszystkie oferty oferenta Y"
    reason: str
    declared_at: dt.datetime | None


@dataclass
class ProtocolCriterion:
    id: int
    position: int
    name: str
    max_points: Decimal


@dataclass
class ProtocolScoreRow:
    member: str
    counted: bool                   # a voting member's submitted score
    state: str                      # translated label of the cell
    points: dict[int, Decimal | None] = field(default_factory=dict)
    total: Decimal | None = None


@dataclass
class ProtocolOffer:
    offer_id: int
    number: str
    title: str
    offeror: str
    task: str
    rows: list[ProtocolScoreRow]
    criterion_means: dict[int, Decimal]
    mean_total: Decimal | None
    eligible: bool
    n_scores: int


@dataclass
class ProtocolData:
    members: list[ProtocolMember]
    exclusions: list[ProtocolExclusion]
    criteria: list[ProtocolCriterion]
    max_total: Decimal
    offers: list[ProtocolOffer]
    closed_at: dt.datetime | None
    complete: bool
    closure_reason: str
    extra: dict[str, Any] = field(default_factory=dict)


def protocol_data(competition) -> ProtocolData | None:
    """The committee's composition, declarations, exclusions and every member's points per
    criterion per offer, with the means (None when the competition has no committee)."""
    committee = evaluation_queries.committee_of(competition)
    if committee is None:
        return None
    sheet = evaluation_queries.build_sheet(committee)
    members = [ProtocolMember(
        name=m.user.full_name, kind=_(KIND_LABELS[m.kind]),
        function=_(FUNCTION_LABELS["chair" if m.is_chair else "secretary" if m.is_secretary
                                   else "none"]),
        naming_organisation=m.naming_organisation.name if m.naming_organisation else "",
        votes=sheet.voting(m), disqualified=m.id in sheet.disqualified,
        declaration_signed_at=m.declaration.signed_at if m.declaration else None)
        for m in sheet.members]
    exclusions = [ProtocolExclusion(
        member=e.member.user.full_name,
        scope=(_("oferta %(number)s", number=e.offer.number) if e.offer is not None
               else _("wszystkie oferty oferenta %(name)s", name=e.organisation.name)),
        reason=e.reason, declared_at=e.declared_at) for e in evaluation_queries.exclusions(committee)]
    criteria = [ProtocolCriterion(c.id, c.position, c.name, c.max_points)
                for c in sheet.criteria]
    offers = []
    for offer in sheet.offers:
        result = sheet.results[offer.id]
        rows = []
        for m in sheet.members:
            cell = sheet.cell(m, offer)
            rows.append(ProtocolScoreRow(
                member=m.user.full_name, counted=sheet.voting(m) and cell.state == "submitted",
                state=_(CELL_LABELS[cell.state]), points=dict(cell.points), total=cell.total))
        offers.append(ProtocolOffer(
            offer_id=offer.id, number=offer.number, title=evaluation_queries.offer_title(offer),
            offeror=offer.organisation.name, task=offer.task.title, rows=rows,
            criterion_means=dict(result.criterion_means), mean_total=result.mean_total,
            eligible=result.eligible, n_scores=result.n_scores))
    closure = committee.closure
    return ProtocolData(
        members=members, exclusions=exclusions, criteria=criteria, max_total=sheet.max_total,
        offers=offers, closed_at=closure.closed_at if closure else None,
        complete=bool(closure.complete) if closure else False,
        closure_reason=closure.reason if closure else "")
