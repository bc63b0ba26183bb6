"""Criterion 6 of the evaluation: the offeror's earlier contracts, late final reports and
returns (grants.evaluation.queries.offeror_contract_history and the committee's offer page)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from grants.core import clock
from grants.evaluation import queries as evaluation_queries
from grants.extensions import db
from grants.settlements import services
from tests.conftest import login
from tests.support.contract_factory import make_contract
from tests.support.settlements import accept_report


def _history_contract(world):
    """A settled contract of X: final report filed late (due 30.11.2026, filed 05.12.2026),
    800.00 to return of which the 200.00 unused has been paid."""
    today = clock.today()
    contract = make_contract(world, paid=True)
    report = accept_report(contract, world, accepted_on=today,
                           filed_at=dt.datetime(2026, 12, 5, 10, tzinfo=dt.UTC))
    settlement = services.settle_report(report, actor=world.officer, finding_date=today)
    services.record_return_payment(settlement.parts[0], actor=world.finance, paid_on=today,
                                   amount=D("200.00"), bank_reference="ZWROT/U")
    db.session.commit()
    return contract


def test_history_lists_contracts_late_reports_and_returns(world):
    contract = _history_contract(world)
    unsigned = make_contract(world, signed=False)
    other_org = make_contract(world, organisation=world.ngo_y)
    rows = evaluation_queries.offeror_contract_history(world.ngo_x, world.competition)
    assert [r.contract.id for r in rows] == [contract.id]
    assert unsigned.id not in [r.contract.id for r in rows]
    row = rows[0]
    assert (row.number, row.grant, row.status) == (contract.number, D("26000.00"), "signed")
    assert [(r.year, r.due_on, r.filed_on) for r in row.late_reports] == [
        (2026, dt.date(2026, 11, 30), dt.date(2026, 12, 5))]
    assert [(x.kind, x.principal, x.paid) for x in row.returns] == [
        ("unused", D("200.00"), True), ("excess_items", D("200.00"), False),
        ("excess_share", D("400.00"), False)]
    assert evaluation_queries.offeror_contract_history(world.ngo_y, world.competition)[0] \
        .contract.id == other_org.id


def test_contract_of_the_same_competition_is_not_history(world):
    make_contract(world, paid=True, competition=world.competition)
    assert evaluation_queries.offeror_contract_history(world.ngo_x, world.competition) == []


def test_committee_page_shows_the_contract_history(client, world):
    from tests.support.evaluation import accepted_offer, seat

    contract = _history_contract(world)
    offer = accepted_offer(world)
    seat(world, world.committee)
    login(client, world.committee)
    r = client.get(f"/committee/competitions/{world.competition.id}/offers/{offer.id}")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert contract.number in html and "26\xa0000,00" in html
    assert "złożone 05.12.2026" in html
    assert "zwrócono" in html and "niezwrócono (pozostało 200,00" in html
