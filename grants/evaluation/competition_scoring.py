"""A competition's scoring (UDPP art. 15 ust. 1): the offer's score is the mean of the voting
members' totals, eligible at the competition's minimum share of the maximum total
(grants.evaluation.rules.offer_score)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from decimal import Decimal

from grants.evaluation import rules
from grants.evaluation.scoring import ScoringKind, register
from grants.procedures.models import ProcedureKind


def mean_of_members(criteria: Sequence[rules.CriterionSpec],
                    member_points: Sequence[Mapping[Hashable, Decimal]],
                    committee) -> rules.OfferScore:
    return rules.offer_score(criteria, member_points, committee.competition.min_score_pct)


COMPETITION = register(ScoringKind(ProcedureKind.COMPETITION, offer_result=mean_of_members))
