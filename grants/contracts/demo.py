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
from grants.extensions import db
from grants.organisations.models import Organisation
from grants.organisers.models import Organiser
from grants.smallgrants import rules as sg_rules
from grants.smallgrants import services as smallgrants
from grants.smallgrants.models import SmallGrantYearPlan
from grants.taskreports import services as reports
from grants.taskreports.models import ReportKind, TaskReport

D = Decimal


def _at(day: dt.date, hour: int = 10):
    return clock.frozen_at(dt.datetime.combine(day, dt.time(hour), tzinfo=clock.WARSAW))


def _plan(organiser: Organiser, year: int, admin: User | None) -> None:
    exists = db.session.scalar(select(SmallGrantYearPlan).filter_by(
        organiser_id=organiser.id, year=year))
    if exists is None:
        smallgrants.set_year_plan(organiser, year, D("2500000.00"), actor=admin,
                                  note="Plan dotacji na zadania NGO (dane demonstracyjne).")


def _contracted_small_grant(organiser: Organiser, organisation: Organisation, *, ngo_user,
                            officer, filed_on: dt.date, data: dict):
    """File, assess, publish, consider the comments and move to contracting."""
    with _at(filed_on):
        offer = smallgrants.start_small_grant(organisation, organiser, actor=ngo_user)
        smallgrants.save_draft(offer, actor=ngo_user, data=data)
        smallgrants.file_small_grant(offer, actor=ngo_user)
    published_on = filed_on + dt.timedelta(days=1)
    with _at(published_on):
        smallgrants.assess_small_grant(offer, actor=officer, purposeful=True)
        smallgrants.publish_small_grant(offer, actor=officer, published_on=published_on,
                                        bip_on=published_on, board_on=published_on,
                                        website_on=published_on)
    with _at(offer.comment_end + dt.timedelta(days=1)):
        smallgrants.record_consideration(offer, actor=officer,
                                         note="W okresie publikacji nie zgłoszono uwag.")
        smallgrants.start_contracting(offer, actor=officer)
    return offer


def _offer_data(title: str, area: str, start: dt.date, end: dt.date, items, *,
                own: Decimal, results, contact: str) -> dict:
    return {
        "title": title, "area": area, "start_date": start, "end_date": end,
        "description": title + " – zadanie realizowane w Sopocie we współpracy z MOPS.",
        "place": "Sopot", "target_group": "Osoby i rodziny wspierane przez MOPS Sopot",
        "contact_name": "Koordynator zadania", "contact_email": contact, "contact_phone": "",
        "own_financial": own, "own_personal": D("0.00"), "own_in_kind": D("0.00"),
        "declarations": {k: True for k in sg_rules.DECLARATION_KEYS},
        "results": [{"name": n, "target_value": v, "monitoring": m} for n, v, m in results],
        "cost_items": [{"name": n, "unit": u, "unit_cost": c, "units": k, "grant_part": g}
                       for n, u, c, k, g in items],
    }


def _sign_and_pay(offer, *, officer, finance, signed_on: dt.date, tranches, payments):
    with _at(signed_on - dt.timedelta(days=2)):
        contract = contracts.generate_contract(offer, actor=officer, tranches=tranches)
    with _at(signed_on):
        signing.sign_version(contract.current_version, actor=officer, signed_on=signed_on,
                             for_authority="Anna Dyrektorska – Dyrektor MOPS Sopot",
                             for_organisation="Anna Kowalska – Prezes Zarządu")
    for number, paid_on, amount in payments:
        with _at(paid_on, 12):
            contracts.record_payment(contract, actor=finance, tranche_number=number,
                                     paid_on=paid_on, amount=amount,
                                     bank_reference=f"ELIXIR/{paid_on:%Y%m%d}/{contract.id:04d}")
    return contract


def load_contract_demo(mops: Organiser, *, officer: User, finance: User, admin: User | None,
                       orgs: dict[str, Organisation], users: dict[str, User]) -> None:
    today = clock.today()
    for year in {today.year, (today - dt.timedelta(days=200)).year}:
        _plan(mops, year, admin)
    done = set(db.session.scalars(select(Contract.organisation_id).where(
        Contract.organiser_id == mops.id)))

    # 1. finished: the final report accepted, waiting for the officer's settlement
    found = orgs["found"]
    if found.id not in done:
        start, end = today - dt.timedelta(days=130), today - dt.timedelta(days=70)
        data = _offer_data(
            "Wakacje z pomocą – półkolonie dla dzieci z rodzin wspieranych przez MOPS",
            "dzieci_mlodziez", start, end,
            [("Opiekunowie półkolonii", "godzina", D("60.00"), D("100"), D("6000.00")),
             ("Wyżywienie uczestników", "posiłek", D("25.00"), D("140"), D("3500.00")),
             ("Bilety i wstępy", "komplet", D("1500.00"), D("1"), D("0.00"))],
            own=D("1500.00"), contact=found.email,
            results=[("Liczba dzieci uczestniczących", "20", "Listy obecności"),
                     ("Liczba dni zajęć", "10", "Dziennik zajęć")])
        offer = _contracted_small_grant(mops, found, ngo_user=users["found"], officer=officer,
                                        filed_on=start - dt.timedelta(days=40), data=data)
        signed_on = start - dt.timedelta(days=10)
        contract = _sign_and_pay(
            offer, officer=officer, finance=finance, signed_on=signed_on,
            tranches=[TrancheRow(None, signed_on + dt.timedelta(days=5), D("9500.00"))],
            payments=[(1, signed_on + dt.timedelta(days=5), D("9500.00"))])
        report = db.session.scalar(select(TaskReport).filter_by(
            contract_id=contract.id, kind=ReportKind.FINAL))
        filed_on = end + dt.timedelta(days=20)
        with _at(filed_on):
            reports.start_report_version(report, actor=users["found"])
            version = report.draft_version
            reports.save_report_draft(report, actor=users["found"], data={
                "description": "Zorganizowano 10 dni półkolonii dla 19 dzieci.",
                "deviations": "Jedno dziecko zrezygnowało przed rozpoczęciem zajęć.",
                "results": [{"achieved_value": "19", "comment": "Jedna rezygnacja."},
                            {"achieved_value": "10", "comment": ""}],
                "costs": [{"actual_grant": D("6000.00"), "actual_own": D("0.00")},
                          {"actual_grant": D("3300.00"), "actual_own": D("0.00")},
                          {"actual_grant": D("0.00"), "actual_own": D("1500.00")}][
                              :len(version.costs)],
                "documents": [
                    {"number": "RACH/7/2026", "issued_on": end - dt.timedelta(days=1),
                     "issuer": "Jan Opiekun – umowa zlecenie", "amount": D("6000.00"),
                     "item_code": version.costs[0].item_code, "grant_part": D("6000.00"),
                     "paid_on": end},
                    {"number": "FV/2026/311", "issued_on": end - dt.timedelta(days=2),
                     "issuer": "Bar Mleczny Sopot sp. z o.o.", "amount": D("3300.00"),
                     "item_code": version.costs[1].item_code, "grant_part": D("3300.00"),
                     "paid_on": end},
                    {"number": "FV/2026/88", "issued_on": end - dt.timedelta(days=5),
                     "issuer": "Aquapark Sopot", "amount": D("1500.00"),
                     "item_code": version.costs[2].item_code, "grant_part": D("0.00"),
                     "paid_on": end - dt.timedelta(days=5)}],
            })
            reports.file_report(report, actor=users["found"])
        with _at(filed_on + dt.timedelta(days=7)):
            reports.review_report(report, actor=officer, decision="accepted",
                                  note="Sprawozdanie kompletne.")

    # 2. under way: the second tranche due in a few days
    assoc = orgs["assoc"]
    if assoc.id not in done:
        start, end = today - dt.timedelta(days=30), today + dt.timedelta(days=45)
        data = _offer_data(
            "Ciepły posiłek zimą – wydawanie posiłków osobom w kryzysie bezdomności",
            "pomoc_spoleczna", start, end,
            [("Posiłki", "posiłek", D("12.50"), D("640"), D("8000.00")),
             ("Koordynacja wydawania", "miesiąc", D("1000.00"), D("2"), D("2000.00")),
             ("Transport żywności", "kurs", D("100.00"), D("10"), D("0.00"))],
            own=D("1000.00"), contact=assoc.email,
            results=[("Liczba wydanych posiłków", "640", "Rejestr wydań")])
        offer = _contracted_small_grant(mops, assoc, ngo_user=users["assoc"], officer=officer,
                                        filed_on=start - dt.timedelta(days=35), data=data)
        signed_on = start - dt.timedelta(days=3)
        _sign_and_pay(
            offer, officer=officer, finance=finance, signed_on=signed_on,
            tranches=[TrancheRow(None, start, D("6000.00")),
                      TrancheRow(None, today + dt.timedelta(days=4), D("4000.00"))],
            payments=[(1, start, D("6000.00"))])
