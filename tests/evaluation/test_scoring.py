"""The plug of scoring: one way of making an offer's total per kind of procedure."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from grants.evaluation import competition_scoring, scoring
from grants.evaluation.rules import CriterionSpec
from grants.procedures.models import ProcedureKind

pytestmark = pytest.mark.pure

CRITERIA = [CriterionSpec(key=1, statutory_point=1, max_points=Decimal("10")),
            CriterionSpec(key=2, statutory_point=2, max_points=Decimal("10"))]


def test_a_competition_scores_by_the_mean_of_the_members_totals():
    kind = scoring.kind_of(SimpleNamespace(kind=ProcedureKind.COMPETITION))
    assert kind is competition_scoring.COMPETITION
    committee = SimpleNamespace(competition=SimpleNamespace(min_score_pct=Decimal("50")))
    result = kind.offer_result(CRITERIA, [{1: Decimal("10"), 2: Decimal("5")},
                                          {1: Decimal("4"), 2: Decimal("4")}], committee)
    assert result.mean_total == Decimal("11.5")
    assert result.eligible


def test_a_kind_without_scoring_is_refused_and_a_kind_is_registered_once():
    with pytest.raises(LookupError):
        scoring.kind_of(SimpleNamespace(kind=ProcedureKind.PROCUREMENT))
    other = scoring.ScoringKind(ProcedureKind.COMPETITION, offer_result=lambda *a: None)
    with pytest.raises(RuntimeError):
        scoring.register(other)
    assert scoring.register(competition_scoring.COMPETITION) is competition_scoring.COMPETITION
