"""The officer's start page: every kind of work appears when due (with its deadline, overdue
marked in words) and leaves the list once done; only the officer's organisers."""

from __future__ import annotations

import datetime as dt

from grants.awards.models import AwardDecision
from grants.calls.models import Competition
from grants.contracts.models import Contract, ContractStatus
from grants.core import clock
from grants.evaluation.models import Committee, ScoringClosure
from grants.extensions import db
from grants.formal.models import FormalCheck, FormalOutcome
from grants.offers.models import OfferStatus
from grants.procedures.models import Publication, Subject
from grants.settlements.models import ReturnPart
from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus
from grants.taskreports.models import ReportStatus, TaskReport
from grants.today import officer_calls, officer_contracts
from tests.conftest import login
from tests.support.contract_factory import make_contract
from tests.support.contracts import make_small_grant
from tests.support.finance import pay_return, set_today, settle_example
from tests.support.today import TODAY, offer, past_competition, seed
from tests.today.support import counts, group_html

EXPECTED = {"offers_to_check": 1, "corrections_due": 1, "committees_open": 2,
            "decisions_to_take": 1, "results_to_publish": 2, "updates_due": 1,
            "contracts_to_prepare": 1, "contracts_to_sign": 1, "reports_overdue": 3,
            "reports_due": 1, "reports_to_review": 1, "calls_to_send": 3,
            "settlements_to_make": 1, "returns_overdue": 1, "small_grants_to_publish": 1,
            "comments_ended": 1}


def _officer(client, world) -> dict[str, int]:
    login(client, world.officer)
    return counts(client.get("/start").text).get("officer", {})


def _competitions_done(world) -> None:
    ids, now = {world.org_a.id}, clock.now()
    for r in officer_calls.offers_to_check(ids, now):
        db.session.add(FormalCheck(offer_id=r[0], outcome=FormalOutcome.ACCEPTED))
    for r in officer_calls.corrections_due(ids, now):
        db.session.get(FormalCheck, db.session.query(FormalCheck.id).filter_by(
            offer_id=r[0]).scalar()).outcome = FormalOutcome.REJECTED
    for r in officer_calls.committees_open(ids, now):
        committee = db.session.query(Committee).filter_by(
            procedure_id=db.session.get(Competition, r[0]).procedure_id).one()
        db.session.add(ScoringClosure(committee_id=committee.id, closed_by_id=world.officer.id,
                                      complete=True))
    db.session.flush()
    for r in officer_calls.decisions_to_take(ids, now):
        db.session.add(AwardDecision(competition_id=r[0], number="ZA.1", decided_on=TODAY,
                                     signer="Prezydent", changes=[]))
    db.session.flush()
    for r in officer_calls.results_to_publish(ids):
        db.session.add(Publication(procedure_id=db.session.get(Competition, r[0]).procedure_id,
                                   subject=Subject.RESULTS, number=1, published_on=TODAY,
                                   changes=[]))
    for r in officer_calls.updates_due(ids):
        db.session.execute(db.text("UPDATE award SET update_filed_at = :now WHERE offer_id = :o"),
                           {"now": now, "o": r[0]})
    db.session.flush()


def _contracts_done(world) -> None:
    ids = {world.org_a.id}
    for kind, source_id, _title in officer_calls.contracts_to_prepare(ids):
        contract = make_contract(world, signed=False)
        if kind == "award":
            contract.award_id = source_id
    db.session.flush()
    for r in officer_contracts.contracts_to_sign(ids):
        contract = db.session.get(Contract, r[0])
        contract.status, contract.signed_on = ContractStatus.SIGNED, TODAY
    db.session.flush()
    for report in db.session.query(TaskReport).filter(
            TaskReport.status.in_([ReportStatus.DUE, ReportStatus.CORRECTIONS])):
        report.status = ReportStatus.FILED                      # filed by the organisation
    db.session.flush()
    for report in db.session.query(TaskReport).filter_by(status=ReportStatus.FILED):
        report.status, report.accepted_on = ReportStatus.ACCEPTED, TODAY   # reviewed
    db.session.flush()
    for r in officer_contracts.settlements_to_make(ids):
        settle_example(db.session.get(TaskReport, r[0]).contract)
    for part in db.session.query(ReturnPart).filter(ReturnPart.settled_at.is_(None)):
        pay_return(part, part.principal, TODAY)
    for small in db.session.query(SmallGrantOffer):
        if small.status == SmallGrantStatus.PURPOSEFUL:
            small.status, small.published_on = SmallGrantStatus.PUBLISHED, TODAY
            small.comment_end = TODAY + dt.timedelta(days=7)
        elif small.status == SmallGrantStatus.PUBLISHED and small.comment_end < TODAY:
            small.status = SmallGrantStatus.CONSULTATION_CLOSED
    db.session.flush()


def test_each_kind_appears_when_due_and_leaves_when_done(client, world):
    seed(world, 1)
    assert _officer(client, world) == EXPECTED
    _competitions_done(world)
    db.session.commit()
    shown = _officer(client, world)
    assert not {"offers_to_check", "corrections_due", "committees_open", "decisions_to_take",
                "results_to_publish", "updates_due"} & set(shown)
    _contracts_done(world)
    db.session.commit()
    assert _officer(client, world) == {}


def test_deadlines_days_left_and_overdue_in_words(client, world):
    seed(world, 1)
    login(client, world.officer)
    html = client.get("/start").text
    overdue = group_html(html, "officer", "corrections_due")
    assert "09.12.2026" in overdue and "po terminie" in overdue and "text-danger" in overdue
    assert "dni po terminie: 1" in overdue
    soon = group_html(html, "officer", "small_grants_to_publish")
    assert "12.12.2026" in soon and "pozostało dni: 2" in soon
    assert "po terminie" not in soon and "text-danger" not in soon
    ended = group_html(html, "officer", "comments_ended")
    assert "po terminie" not in ended       # a comment period ended is work, not a lateness
    assert 'href="/officer/offers/' in group_html(html, "officer", "offers_to_check")


def test_an_officer_sees_only_the_organisers_they_serve(client, world):
    seed(world, 1)
    login(client, world.officer_b)
    assert counts(client.get("/start").text) == {"officer": {}}


def test_a_group_shows_five_items_and_links_to_the_full_list(client, world):
    seed(world, 3)
    login(client, world.officer)
    html = client.get("/start").text
    overdue = group_html(html, "officer", "reports_overdue")
    assert overdue.count("data-item") == 5
    assert "Pokazano 5 z 9." in overdue and 'href="/umowy"' in overdue


def test_nothing_is_listed_before_its_time(client, world):
    """An offer filed in a competition still open is not yet to check; a draft of a
    competition past its deadline is no longer the organisation's work; a small grant whose
    comment period runs is not yet to consider."""
    set_today(TODAY)
    open_competition = world.competition
    offer(world, open_competition)
    offer(world, past_competition(world), status=OfferStatus.DRAFT)
    running = make_small_grant(world, status=SmallGrantStatus.PUBLISHED)
    db.session.execute(db.update(SmallGrantOffer).where(SmallGrantOffer.id == running.id)
                       .values(comment_end=TODAY))
    db.session.commit()
    assert _officer(client, world) == {}
    login(client, world.ngo_admin)
    assert counts(client.get("/start").text) == {"ngo": {}}
