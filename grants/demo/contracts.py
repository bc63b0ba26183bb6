"""Demo contracts, built through the services with the clock moved to each step's day, so a
newcomer can click through the whole life of a grant:

- Fundacja Przystań: a small grant for summer day camps, finished two months ago: contract
  signed, the tranche paid, the final report filed and accepted - the officer settles it
  (some of the grant was not used, so a return is due), finance records the return.
- Stowarzyszenie Pomoc Bliźniemu: a small grant for winter meals, under way: the first tranche
  paid, the second due in a few days (on the finance dashboard), the final report to write
  after the task ends.

Idempotent: nothing is built when the organisation already has a contract with the organiser.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from grants.auth.models import User
from grants.contracts import services as contracts
from grants.contracts import signing
from grants.contracts.models import Contract
from grants.contracts.rules import TrancheRow
from grants.core import clock
from grants.demo.days import at
from grants.demo.smallgrants import contracted_small_grant, offer_data, year_plan
from grants.demo.taskreports import final_report_accepted
from grants.extensions import db
from grants.organisations.models import Organisation
from grants.organisers.models import Organiser

D = Decimal


def _sign_and_pay(offer, *, officer, finance, signed_on: dt.date, tranches, payments):
    with at(signed_on - dt.timedelta(days=2)):
        contract = contracts.generate_contract(offer, actor=officer, tranches=tranches)
    with at(signed_on):
        signing.sign_version(contract.current_version, actor=officer, signed_on=signed_on,
                             for_authority="Anna Dyrektorska – Dyrektor MOPS Sopot",
                             for_organisation="Anna Kowalska – Prezes Zarządu; "
                                              "Jan Nowak – Członek Zarządu")
    for number, paid_on, amount in payments:
        with at(paid_on, 12):
            contracts.record_payment(contract, actor=finance, tranche_number=number,
                                     paid_on=paid_on, amount=amount,
                                     bank_reference=f"ELIXIR/{paid_on:%Y%m%d}/{contract.id:04d}")
    return contract


def _finished(mops: Organiser, found: Organisation, *, ngo_user: User, officer: User,
              finance: User, today: dt.date) -> None:
    """Finished: the final report accepted, waiting for the officer's settlement."""
    start, end = today - dt.timedelta(days=130), today - dt.timedelta(days=70)
    data = offer_data(
        "Wakacje z pomocą – półkolonie dla dzieci z rodzin wspieranych przez MOPS",
        "dzieci_mlodziez", start, end,
        [("Opiekunowie półkolonii", "godzina", D("60.00"), D("100"), D("6000.00")),
         ("Wyżywienie uczestników", "posiłek", D("25.00"), D("140"), D("3500.00")),
         ("Bilety i wstępy", "komplet", D("1500.00"), D("1"), D("0.00"))],
        own=D("1500.00"), contact=found.email,
        results=[("Liczba dzieci uczestniczących", "20", "Listy obecności"),
                 ("Liczba dni zajęć", "10", "Dziennik zajęć")])
    offer = contracted_small_grant(mops, found, ngo_user=ngo_user, officer=officer,
                                    filed_on=start - dt.timedelta(days=40), data=data)
    signed_on = start - dt.timedelta(days=10)
    contract = _sign_and_pay(
        offer, officer=officer, finance=finance, signed_on=signed_on,
        tranches=[TrancheRow(None, signed_on + dt.timedelta(days=5), D("9500.00"))],
        payments=[(1, signed_on + dt.timedelta(days=5), D("9500.00"))])
    final_report_accepted(contract, ngo_user=ngo_user, officer=officer, end=end)


def _under_way(mops: Organiser, assoc: Organisation, *, ngo_user: User, officer: User,
               finance: User, today: dt.date) -> None:
    """Under way: the first tranche paid, the second due in a few days."""
    start, end = today - dt.timedelta(days=30), today + dt.timedelta(days=45)
    data = offer_data(
        "Ciepły posiłek zimą – wydawanie posiłków osobom w kryzysie bezdomności",
        "pomoc_spoleczna", start, end,
        [("Posiłki", "posiłek", D("12.50"), D("640"), D("8000.00")),
         ("Koordynacja wydawania", "miesiąc", D("1000.00"), D("2"), D("2000.00")),
         ("Transport żywności", "kurs", D("100.00"), D("10"), D("0.00"))],
        own=D("1000.00"), contact=assoc.email,
        results=[("Liczba wydanych posiłków", "640", "Rejestr wydań")])
    offer = contracted_small_grant(mops, assoc, ngo_user=ngo_user, officer=officer,
                                    filed_on=start - dt.timedelta(days=35), data=data)
    signed_on = start - dt.timedelta(days=3)
    _sign_and_pay(
        offer, officer=officer, finance=finance, signed_on=signed_on,
        tranches=[TrancheRow(None, start, D("6000.00")),
                  TrancheRow(None, today + dt.timedelta(days=4), D("4000.00"))],
        payments=[(1, start, D("6000.00"))])


def load_contracts(mops: Organiser, *, officer: User, finance: User, admin: User | None,
                   orgs: dict[str, Organisation], users: dict[str, User]) -> None:
    today = clock.today()
    for year in {today.year, (today - dt.timedelta(days=200)).year}:
        year_plan(mops, year, admin)
    done = set(db.session.scalars(select(Contract.organisation_id).where(
        Contract.organiser_id == mops.id)))
    if orgs["found"].id not in done:
        _finished(mops, orgs["found"], ngo_user=users["found"], officer=officer,
                  finance=finance, today=today)
    if orgs["assoc"].id not in done:
        _under_way(mops, orgs["assoc"], ngo_user=users["assoc"], officer=officer,
                   finance=finance, today=today)
