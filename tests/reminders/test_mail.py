"""What every e-mail carries: Date and Message-ID, the configured sender named after the
organiser (replies to the organiser), absolute links at the public address whatever Host the
request came with, the formal "Państwo" and the organiser's signature, and the recipient's
language. The organisation hears of a tranche transfer and of the contract's closing."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

import pytest

from grants.contracts import services as contract_services
from grants.contracts.models import ContractStatus
from grants.core import clock
from grants.extensions import db
from grants.reminders.services import send_reminders
from grants.settlements import services as settlement_services
from tests.support.contract_factory import make_contract
from tests.support.settlements import AS_PLANNED, accept_report

D = Decimal
EMAILS = Path(__file__).resolve().parents[2] / "templates" / "emails"
POLISH = sorted(p.stem for p in EMAILS.glob("*.txt"))
PUBLIC = "https://granty.mops.example.pl"
INFORMAL = re.compile(r"\(-a|\(-aś\)|\(-ęła\)|\bCię\b|\bTwoj|\bmożesz\b|\bznajdziesz\b|"
                      r"\bzignoruj\b|\bzaktualizuj\b|\bpodpisz\b|\bzgłoś\b|\bpopraw\b|\bzłóż\b"
                      r"|\bRozpocznij\b|\bDzień dobry\b", re.IGNORECASE)


@pytest.fixture
def public_address(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", PUBLIC)
    return PUBLIC


def _pay_tranche(contract, world):
    return contract_services.record_payment(
        contract, actor=world.finance, tranche_number=1, paid_on=dt.date(2026, 3, 2),
        amount=D("13000.00"), bank_reference="PRZELEW/1", note="")


# ---------------------------------------------------------------- headers and sender

def test_headers_sender_signature_and_link(world, mailbox, app, public_address, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "granty@mops.example.pl")
    world.org_a.email, world.org_a.address = "mops@example.gov.pl", "ul. Morska 1, Sopot"
    clock.set_now(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))
    contract = make_contract(world)
    _pay_tranche(contract, world)
    db.session.commit()
    assert mailbox, "the transfer of a tranche is told to the organisation"
    mail = mailbox[-1]
    assert parsedate_to_datetime(mail["Date"]) == clock.now()
    assert re.fullmatch(r"<[^@>]+@mops\.example\.pl>", mail["Message-ID"])
    name, address = parseaddr(mail["From"])
    assert address == "granty@mops.example.pl" and name == world.org_a.name
    assert mail["Reply-To"] == "mops@example.gov.pl"
    body = mail.get_content()
    assert body.startswith("Szanowni Państwo,")
    assert f"Z poważaniem\n{world.org_a.name}\nul. Morska 1, Sopot" in body.replace("\r", "")
    assert f"{PUBLIC}/umowy/{contract.id}" in body
    assert "13\xa0000,00\xa0zł" in body and contract.number in mail["Subject"]


def test_each_message_has_its_own_message_id(world, mailbox):
    clock.set_now(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))
    _pay_tranche(make_contract(world), world)
    _pay_tranche(make_contract(world), world)
    db.session.commit()
    ids = [m["Message-ID"] for m in mailbox]
    assert len(ids) >= 2 and len(set(ids)) == len(ids)


def test_links_use_the_public_address_not_the_host_of_the_request(client, world, mailbox, app,
                                                                   public_address, monkeypatch):
    # such a request is refused (tests/auth/test_host_header.py); with the check switched off
    # the links still come from the public address
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", None)
    client.post("/password/forgot", data={"email": world.ngo_admin.email},
                headers={"Host": "evil.example"})
    assert len(mailbox) == 1
    body = mailbox[0].get_content()
    assert f"{PUBLIC}/password/reset/" in body and "evil.example" not in body


def test_reminders_from_the_command_line_link_to_the_public_address(world, mailbox,
                                                                    public_address):
    make_contract(world)                              # final report due 2026-11-30
    db.session.commit()
    send_reminders(dt.date(2026, 11, 23))
    db.session.commit()
    assert mailbox
    for mail in mailbox:
        assert f"{PUBLIC}/sprawozdania/" in mail.get_content()
        assert world.org_a.name in mail.get_content()   # the organiser's signature


# ---------------------------------------------------------------- language

def test_each_recipient_gets_the_e_mail_in_the_language_of_the_account(world, mailbox):
    world.ngo_admin.locale = "en"
    clock.set_now(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))
    contract = make_contract(world)
    db.session.commit()
    _pay_tranche(contract, world)
    db.session.commit()
    by_address = {m["To"]: m for m in mailbox}
    english = by_address[world.ngo_admin.email]
    polish = by_address[world.ngo_x.email]            # the organisation's address: Polish
    assert english["Subject"].startswith("Tranche no. 1 transferred")
    assert english.get_content().startswith("Dear Sir or Madam,")
    assert "PLN\xa013,000.00" in english.get_content()
    assert "Kind regards" in english.get_content()
    assert polish["Subject"].startswith("Przekazanie transzy nr 1")
    assert "13\xa0000,00\xa0zł" in polish.get_content()


# ---------------------------------------------------------------- transfer and closing

def test_the_organisation_is_told_of_the_contracts_closing(world, mailbox):
    contract = make_contract(world, paid=True)
    report = accept_report(contract, world, actuals=AS_PLANNED)
    db.session.commit()
    mailbox.clear()
    clock.set_now(dt.datetime(2026, 12, 10, 10, tzinfo=dt.UTC))
    settlement_services.settle_report(report, actor=world.officer,
                                      finding_date=dt.date(2026, 12, 10))
    db.session.commit()
    assert contract.status == ContractStatus.CLOSED    # nothing to return: closed at once
    closing = [m for m in mailbox if "Zamknięcie umowy" in m["Subject"]]
    assert closing and contract.number in closing[0]["Subject"]
    assert closing[0]["To"] == f"{world.ngo_x.email}, {world.ngo_admin.email}"  # one language
    assert "10.12.2026" in closing[0].get_content()
    assert f"/umowy/{contract.id}" in closing[0].get_content()


# ---------------------------------------------------------------- the templates

@pytest.mark.pure
@pytest.mark.parametrize("name", POLISH)
def test_every_e_mail_is_formal_linked_and_in_english_too(name):
    polish = (EMAILS / f"{name}.txt").read_text()
    english = EMAILS / "en" / f"{name}.txt"
    assert english.exists(), f"emails/en/{name}.txt is missing"
    assert not INFORMAL.search(polish), INFORMAL.search(polish).group(0)
    if name.startswith("_"):
        return
    assert "{% set subject" in polish and "{% set subject" in english.read_text()
    assert "Szanowni Państwo," in polish
    assert re.search(r"link_to\(|\{\{ (link|url|update_url|public_url|r\.link) \}\}", polish)
