"""Settling and recording a return payment need the "Rozumiem" box (the page names the
consequence); the preview does not; a second settlement or the same payment form sent twice
records nothing twice."""

from __future__ import annotations

from html import unescape

from grants.extensions import db
from grants.settlements.models import ReturnPayment, Settlement
from tests.conftest import login
from tests.settlements.test_views import _ready, _record, _settled

REFUSED = "zaznacz „Rozumiem”"


def test_settling_needs_confirmation_the_preview_does_not(client, world, mailbox):
    _contract, report = _ready(world)
    login(client, world.officer)
    preview = _record(client, report, action="preview", understood="")
    assert preview.status_code == 200 and REFUSED not in unescape(preview.text)
    assert "organizacja otrzyma wiadomość e-mail" in unescape(preview.text)
    refused = _record(client, report, understood="")
    assert refused.status_code == 422 and REFUSED in unescape(refused.text)
    assert db.session.query(Settlement).count() == 0 and not mailbox
    assert _record(client, report).status_code == 302
    again = _record(client, report)                                   # a double click
    assert again.status_code == 302
    assert "zostało już rozliczone" in unescape(client.get(again.headers["Location"]).text)
    assert db.session.query(Settlement).count() == 1 and len(mailbox) == 1


def test_return_payment_needs_confirmation_and_is_recorded_once(client, world):
    settlement = _settled(client, world)
    login(client, world.finance)
    url = f"/rozliczenia/{settlement.id}/zwroty"
    data = {"part_id": str(settlement.parts[0].id), "paid_on": "10.12.2026",
            "amount": "150,00", "bank_reference": "ZWROT/1", "once": "t-9"}
    refused = client.post(url, data=data)
    assert refused.status_code == 422 and REFUSED in unescape(refused.text)
    assert db.session.query(ReturnPayment).count() == 0
    assert client.post(url, data={**data, "understood": "y"}).status_code == 302
    again = client.post(url, data={**data, "understood": "y"})
    assert again.status_code == 409 and "Ten formularz został już wysłany" in unescape(again.text)
    assert db.session.query(ReturnPayment).count() == 1
