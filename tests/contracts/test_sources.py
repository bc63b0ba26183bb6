"""Where a contract comes from (grants.contracts.sources): each source area registers its kind;
the contract names the procedure of its source, whatever its kind."""

from __future__ import annotations

import datetime as dt

import pytest

from grants.awards.models import Award
from grants.contracts import services, sources
from grants.core import clock
from grants.core.errors import ValidationFailed
from grants.procedures.models import ProcedureKind
from grants.smallgrants.models import SmallGrantOffer
from tests.support.contracts import make_award, make_small_grant


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 2, 20, 10, tzinfo=dt.UTC))


def test_the_source_areas_register_their_kinds():
    assert sources.kind_named("award").model is Award
    assert sources.kind_named("small_grant").model is SmallGrantOffer
    assert sources.kind_named("procurement") is None


def test_a_kind_is_registered_once():
    award = sources.kind_named("award")
    assert sources.register(award) is award
    with pytest.raises(RuntimeError):
        sources.register(sources.SourceKind(name="award", model=object, link="award_id",
                                            load=lambda _id: None,
                                            organiser_id=lambda _s: 0, read=lambda _s: None))


def test_an_unknown_source_is_refused(world):
    with pytest.raises(ValidationFailed):
        services.generate_contract(world.competition, actor=world.officer)


@pytest.mark.parametrize("make, kind", [(make_award, ProcedureKind.COMPETITION),
                                        (make_small_grant, ProcedureKind.SMALL_GRANT)])
def test_the_contract_names_the_procedure_of_its_source(world, make, kind):
    source = make(world)
    contract = services.generate_contract(source, actor=world.officer)
    assert contract.procedure.kind == kind
    expected = (source.offer.competition.procedure_id if isinstance(source, Award)
                else source.procedure_id)
    assert contract.procedure_id == expected
