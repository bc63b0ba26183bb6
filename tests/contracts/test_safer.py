"""Signing and a transfer need the "Rozumiem" box (the page names the consequence); the same
transfer form sent twice records one transfer."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest

from grants.contracts import services
from grants.contracts.models import Contract, ContractStatus
from grants.core import clock
from grants.extensions import db
from tests.conftest import login
from tests.support.contract_factory import make_contract
from tests.support.contracts import make_award

REFUSED = "zaznacz „Rozumiem”"


@pytest.fixture(autouse=True)
def _today():
    clock.set_now(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))


def test_signing_without_confirmation_is_refused_and_nothing_is_signed(client, world):
    contract = services.generate_contract(make_award(world), actor=world.officer)
    db.session.commit()
    login(client, world.officer)
    url = f"/umowy/{contract.id}/wersje/0/podpisanie"
    page = unescape(client.get(url).text)
    assert "treść umowy zostaje zamrożona" in page
    assert 'aria-describedby="understood-consequence"' in page
    data = {"signed_on": "10.03.2026", "for_authority": "Anna D.",
            "for_organisation": "Anna Kowalska, Jan Nowak"}
    refused = client.post(url, data=data)
    assert refused.status_code == 422 and REFUSED in unescape(refused.text)
    db.session.expire_all()
    assert db.session.get(Contract, contract.id).status == ContractStatus.DRAFT
    assert client.post(url, data={**data, "understood": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Contract, contract.id).status == ContractStatus.SIGNED


def _payments(contract_id: int) -> int:
    db.session.expire_all()
    return len(db.session.get(Contract, contract_id).payments)


def test_transfer_needs_confirmation_and_is_recorded_once(client, world):
    contract = make_contract(world)
    db.session.commit()
    login(client, world.finance)
    page = client.get(f"/umowy/{contract.id}").text
    assert 'name="once"' in page and "nie można go później usunąć" in unescape(page)
    url = f"/umowy/{contract.id}/przelewy"
    form = {"tranche_number": "1", "paid_on": "02.03.2026", "amount": "1 000,00",
            "bank_reference": "REF/1", "note": "", "once": "token-1"}
    refused = client.post(url, data=form)
    assert refused.status_code == 422 and REFUSED in unescape(refused.text)
    assert _payments(contract.id) == 0
    assert client.post(url, data={**form, "understood": "y"}).status_code == 302
    again = client.post(url, data={**form, "understood": "y"})          # a double click
    assert again.status_code == 409
    assert "Ten formularz został już wysłany" in unescape(again.text)
    assert _payments(contract.id) == 1
    # a form without its token (an old page) is refused too, with a message
    stale = client.post(url, data={**form, "understood": "y", "once": ""})
    assert stale.status_code == 409 and "Formularz wygasł" in unescape(stale.text)
    assert _payments(contract.id) == 1
