"""How an offer's total is made, per kind of procedure: the plug of the committee's scoring.

The committee, its declarations, conflicts, points and closing are the same for every kind
of procedure; what differs is how the members' points become the offer's result. A
competition takes the mean of the voting members' totals (grants.evaluation.
competition_scoring); a procurement procedure will register a price formula.

    register(ScoringKind(ProcedureKind.COMPETITION, offer_result=mean_of_members))
    kind_of(committee.procedure).offer_result(specs, member_points, committee)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from grants.evaluation.rules import CriterionSpec, OfferScore
from grants.procedures.models import Procedure, ProcedureKind

# offer_result(criteria, member_points, committee) -> OfferScore: the result of one offer from
# the voting members' submitted points (one mapping criterion key -> points per member).
OfferResultFn = Callable[[Sequence[CriterionSpec], Sequence[Mapping[Hashable, Decimal]], object],
                         OfferScore]


@dataclass(frozen=True)
class ScoringKind:
    kind: ProcedureKind
    offer_result: OfferResultFn


_KINDS: dict[ProcedureKind, ScoringKind] = {}


def register(scoring: ScoringKind) -> ScoringKind:
    """Register the scoring of a kind of procedure (once per kind)."""
    known = _KINDS.get(scoring.kind)
    if known is not None and known != scoring:
        raise RuntimeError(f"scoring of {scoring.kind} is registered twice")
    _KINDS[scoring.kind] = scoring
    return scoring


def kind_of(procedure: Procedure) -> ScoringKind:
    """The scoring of the procedure's kind."""
    try:
        return _KINDS[procedure.kind]
    except KeyError:
        raise LookupError(f"no scoring is registered for procedures of kind {procedure.kind}"
                          ) from None


def registered() -> list[ProcedureKind]:
    return list(_KINDS)
