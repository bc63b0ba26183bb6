"""Control (art. 17): visits and misuse findings - services and pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from grants.contracts.models import Payment
from grants.controls import services
from grants.controls.models import ControlVisit, MisuseFinding
from grants.core import clock
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.extensions import db
from tests.conftest import login
from tests.support.contract_factory import make_contract

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 9, 15, 12, tzinfo=WARSAW))


def _visit(contract, world, **kw):
    data = dict(visited_on=dt.date(2026, 9, 10), controllers="Urszula Urzędniczka",
                scope="Dokumentacja finansowa, listy wydań posiłków.",
                documents_requested="Faktury za I półrocze.", findings="Brak uwag.",
                recommendations="", recommendations_due=None)
    data.update(kw)
    return services.record_visit(contract, actor=world.officer, **data)


def test_record_visit(world):
    contract = make_contract(world, paid=True)
    visit = _visit(contract, world, recommendations="Uzupełnić listy.",
                   recommendations_due=dt.date(2026, 10, 1))
    assert visit.id and visit.recorded_by_id == world.officer.id
    assert visit.recommendations_due == dt.date(2026, 10, 1)


@pytest.mark.parametrize(("changes", "field"), [
    ({"visited_on": None}, "visited_on"),
    ({"visited_on": dt.date(2026, 9, 16)}, "visited_on"),          # future
    ({"visited_on": dt.date(2026, 1, 1)}, "visited_on"),           # before signing
    ({"scope": "  "}, "scope"),
    ({"controllers": ""}, "controllers"),
    ({"findings": "x" * 10001}, "findings"),
    ({"recommendations_due": dt.date(2026, 10, 1)}, "recommendations_due"),  # no recs
    ({"recommendations": "Uzupełnić.", "recommendations_due": dt.date(2026, 9, 1)},
     "recommendations_due"),
])
def test_visit_refusals(world, changes, field):
    contract = make_contract(world, paid=True)
    with pytest.raises(ValidationFailed) as info:
        _visit(contract, world, **changes)
    assert field in info.value.field_errors


def test_visit_needs_the_officer_and_a_signed_contract(world):
    contract = make_contract(world, paid=True)
    with pytest.raises(NotAllowed):
        services.record_visit(contract, actor=world.finance, visited_on=dt.date(2026, 9, 10),
                              controllers="X", scope="Y")
    with pytest.raises(NotAllowed):
        services.record_visit(contract, actor=world.officer_b, visited_on=dt.date(2026, 9, 10),
                              controllers="X", scope="Y")
    draft = make_contract(world, signed=False)
    with pytest.raises(InvalidTransition):
        _visit(draft, world)


def _misuse(contract, world, **kw):
    data = dict(visit=None, item_code="I.1.2", tranche_number=1, amount=D("500.00"),
                description="Posiłki dla osób spoza grupy docelowej.",
                found_on=dt.date(2026, 9, 12))
    data.update(kw)
    return services.record_misuse(contract, actor=world.officer, **data)


def test_record_misuse(world):
    contract = make_contract(world, paid=True)
    visit = _visit(contract, world)
    finding = _misuse(contract, world, visit=visit)
    assert (finding.visit_id, finding.item_code, finding.tranche_number, finding.amount) == (
        visit.id, "I.1.2", 1, D("500.00"))
    assert visit.misuses == [finding]


@pytest.mark.parametrize(("changes", "field"), [
    ({"item_code": "IX.9"}, "item_code"),
    ({"item_code": ""}, "item_code"),
    ({"tranche_number": 3}, "tranche_number"),         # not in the schedule
    ({"tranche_number": None}, "tranche_number"),
    ({"amount": D("0")}, "amount"),
    ({"amount": None}, "amount"),
    ({"amount": D("13000.01")}, "amount"),             # above what tranche 1 paid
    ({"description": ""}, "description"),
    ({"found_on": None}, "found_on"),
    ({"found_on": dt.date(2026, 9, 16)}, "found_on"),
])
def test_misuse_refusals(world, changes, field):
    contract = make_contract(world, paid=True)
    with pytest.raises(ValidationFailed) as info:
        _misuse(contract, world, **changes)
    assert field in info.value.field_errors
    assert db.session.query(MisuseFinding).count() == 0


def test_misuse_on_an_unpaid_tranche_and_cumulative_limit(world):
    contract = make_contract(world, paid=False)
    db.session.add(Payment(contract_id=contract.id, tranche_number=1,
                           paid_on=dt.date(2026, 3, 2), amount=D("13000.00"),
                           bank_reference="P/1"))
    db.session.flush()
    with pytest.raises(ValidationFailed) as info:
        _misuse(contract, world, tranche_number=2)
    assert "tranche_number" in info.value.field_errors
    _misuse(contract, world, amount=D("12000.00"))
    with pytest.raises(ValidationFailed) as info:
        _misuse(contract, world, amount=D("1000.01"))
    assert "(wcześniejsze ustalenia: 12\xa0000,00\xa0zł)" in info.value.field_errors["amount"][0]
    _misuse(contract, world, amount=D("1000.00"))


def test_misuse_of_a_visit_of_another_contract(world):
    contract = make_contract(world, paid=True)
    other = make_contract(world, paid=True)
    visit = _visit(other, world)
    with pytest.raises(ValidationFailed):
        _misuse(contract, world, visit=visit)


# ---------------------------------------------------------------- pages

def test_pages_visibility(client, world):
    contract = make_contract(world, paid=True)
    _visit(contract, world, findings="Listy wydań niekompletne.")
    _misuse(contract, world)
    db.session.commit()
    for user, forms_shown in ((world.officer, True), (world.ngo_member, False),
                              (world.finance, False)):
        login(client, user)
        r = client.get(f"/umowy/{contract.id}/kontrole")
        assert r.status_code == 200
        html = r.get_data(as_text=True)
        assert "Listy wydań niekompletne." in html and "500,00" in html
        assert ("Zapisz kontrolę" in html) == forms_shown
    for user in (world.ngo_other, world.officer_b, world.committee):
        login(client, user)
        assert client.get(f"/umowy/{contract.id}/kontrole").status_code == 404


def test_officer_records_through_the_forms(client, world):
    contract = make_contract(world, paid=True)
    db.session.commit()
    login(client, world.officer)
    r = client.post(f"/umowy/{contract.id}/kontrole/wizyty", data={
        "visited_on": "10.09.2026", "controllers": "U. Urzędniczka", "scope": "Faktury",
        "findings": "Brak uwag", "recommendations": "", "recommendations_due": ""})
    assert r.status_code == 302
    visit = db.session.query(ControlVisit).one()
    r = client.post(f"/umowy/{contract.id}/kontrole/nieprawidlowosci", data={
        "visit_id": str(visit.id), "item_code": "II.1", "tranche_number": "2",
        "amount": "1 234,56", "description": "Wydatek spoza zadania.",
        "found_on": "12.09.2026"})
    assert r.status_code == 302
    finding = db.session.query(MisuseFinding).one()
    assert (finding.amount, finding.tranche_number, finding.visit_id) == (
        D("1234.56"), 2, visit.id)


def test_bad_form_input_never_500(client, world):
    contract = make_contract(world, paid=True)
    db.session.commit()
    login(client, world.officer)
    visit_cases = [{}, {"visited_on": "zła", "scope": "S", "controllers": "C"},
                   {"visited_on": "10.09.2026", "scope": "", "controllers": "C"},
                   {"visited_on": "10.09.2026", "scope": "S", "controllers": "C",
                    "recommendations_due": "01.01.2026"}]
    for data in visit_cases:
        r = client.post(f"/umowy/{contract.id}/kontrole/wizyty", data=data)
        assert r.status_code in (400, 409, 422), data
    misuse_cases = [{}, {"item_code": "II.1", "tranche_number": "x", "amount": "10",
                         "description": "D", "found_on": "12.09.2026"},
                    {"item_code": "II.1", "tranche_number": "99999999999", "amount": "10",
                     "description": "D", "found_on": "12.09.2026"},
                    {"item_code": "II.1", "tranche_number": "1", "amount": "abc",
                     "description": "D", "found_on": "12.09.2026"},
                    {"visit_id": "77", "item_code": "II.1", "tranche_number": "1",
                     "amount": "10", "description": "D", "found_on": "12.09.2026"},
                    {"item_code": "<script>", "tranche_number": "1", "amount": "10",
                     "description": "Opis zachowany", "found_on": "12.09.2026"}]
    for data in misuse_cases:
        r = client.post(f"/umowy/{contract.id}/kontrole/nieprawidlowosci", data=data)
        assert r.status_code in (400, 409, 422), data
        if data.get("description"):
            assert data["description"] in r.get_data(as_text=True)
    assert db.session.query(ControlVisit).count() == 0
    assert db.session.query(MisuseFinding).count() == 0


def test_finance_and_ngo_cannot_post(client, world):
    contract = make_contract(world, paid=True)
    db.session.commit()
    for user in (world.finance, world.ngo_admin):
        login(client, user)
        assert client.post(f"/umowy/{contract.id}/kontrole/wizyty",
                           data={}).status_code == 403
        assert client.post(f"/umowy/{contract.id}/kontrole/nieprawidlowosci",
                           data={}).status_code == 403
