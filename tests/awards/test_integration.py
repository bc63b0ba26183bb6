"""The awards reading the committee's real work (grants.evaluation) through
grants.awards.inputs: results, the closing of scoring and the protocol's data."""

from __future__ import annotations

from decimal import Decimal

from grants.awards import inputs, queries, services
from grants.evaluation import queries as eval_queries
from grants.evaluation import services as eval_services
from grants.extensions import db
from tests.support.awards import after_deadline, award_of
from tests.support.evaluation import scene, score

D = Decimal


def test_ranking_and_protocol_from_the_committees_work(world):
    s = scene(world)
    # criteria of the world's competition (wspieranie): 20, 20, 30, 10, 10, 20 points
    high, low = [18, 18, 27, 9, 9, 18], [10, 10, 15, 5, 5, 10]
    score(s.chair, s.offer1, high)
    score(s.second, s.offer1, [17, 18, 27, 9, 9, 18])
    score(s.chair, s.offer2, low)
    score(s.second, s.offer2, low)
    score(s.expert, s.offer1, low)  # advisory: never counted
    assert not inputs.scoring_closed(world.competition)
    eval_services.close_scoring(eval_queries.committee_of(world.competition),
                                actor=world.committee)
    db.session.commit()
    assert inputs.scoring_closed(world.competition)
    results = {r.offer.id: r for r in inputs.results_for(world.competition)}
    assert results[s.offer1.id].mean_total == D("98.5")
    assert results[s.offer1.id].eligible and not results[s.offer2.id].eligible

    after_deadline(world.competition)
    ranking = services.build_ranking(world.competition, actor=world.officer)
    db.session.commit()
    first, second = award_of(ranking, s.offer1), award_of(ranking, s.offer2)
    assert (first.rank, first.proposed_grant) == (1, D("38000.00"))
    assert (second.rank, second.proposed_grant) == (None, D("0.00"))

    data = inputs.protocol_data(world.competition)
    assert [m.name for m in data.members] == [s.chair.user.full_name, s.second.user.full_name,
                                              s.expert.user.full_name]
    assert [m.votes for m in data.members] == [True, True, False]
    offer1 = next(o for o in data.offers if o.offer_id == s.offer1.id)
    assert offer1.mean_total == D("98.5") and offer1.n_scores == 2
    expert_row = next(r for r in offer1.rows if r.member == s.expert.user.full_name)
    assert not expert_row.counted and expert_row.total == D("55")
    assert len(data.criteria) == 6 and data.max_total == D("110")
    assert queries.task_blocks(world.competition, ranking)[0].committed == D("38000.00")
