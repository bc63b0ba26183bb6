"""Data for the start page (grants.today): `seed(world, n)` makes n items of every kind the
page lists, for organiser A and organisation X, on 10.12.2026 (the clock is frozen at noon).
Built on the models and the other areas' test factories, fast enough for n = 10."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

from sqlalchemy import update

from grants.contracts.models import Payment
from grants.core import clock
from grants.evaluation.models import (
    Committee,
    CommitteeMember,
    Declaration,
    MemberKind,
    ScoringClosure,
)
from grants.extensions import db
from grants.formal.models import FormalCheck, FormalOutcome
from grants.offers.models import Offer, OfferStatus
from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus
from grants.taskreports.models import ReportStatus
from tests.support.contract_factory import make_contract
from tests.support.contracts import make_award, make_small_grant
from tests.support.factories import make_competition
from tests.support.finance import final_report, partial_report, set_today, settle_example

TODAY = dt.date(2026, 12, 10)
D = Decimal
_seq = count(1)


def past_competition(world, organiser=None):
    """A competition of organiser A whose offer deadline passed a week ago."""
    deadline = clock.local_instant(TODAY - dt.timedelta(days=7), dt.time(12, 0))
    return make_competition(organiser or world.org_a, created_by=world.officer, deadline=deadline,
                            title=f"Konkurs minionego terminu {next(_seq)}")


def offer(world, competition, *, status=OfferStatus.FILED, organisation=None) -> Offer:
    n = next(_seq)
    row = Offer(competition_id=competition.id, task_id=competition.tasks[0].id,
                organisation_id=(organisation or world.ngo_x).id, number=f"OF/{n}",
                status=status, filed_at=clock.now() if status == OfferStatus.FILED else None)
    db.session.add(row)
    db.session.flush()
    return row


def committee(world, competition, *, closed=False, declared=False, user=None) -> CommitteeMember:
    c = Committee(procedure_id=competition.procedure_id, created_by_id=world.officer.id)
    member = CommitteeMember(user_id=(user or world.committee).id, kind=MemberKind.AUTHORITY,
                             is_chair=True)
    c.members.append(member)
    db.session.add(c)
    db.session.flush()
    if declared:
        db.session.add(Declaration(member_id=member.id, text="Oświadczam bezstronność."))
    if closed:
        db.session.add(ScoringClosure(committee_id=c.id, closed_by_id=member.user_id,
                                      complete=True))
    db.session.flush()
    return member


def publish_by(small_grant: SmallGrantOffer, day: dt.date) -> None:
    """Set the publish-by date of a filed small grant (a frozen row: as the filing would)."""
    db.session.execute(update(SmallGrantOffer).where(SmallGrantOffer.id == small_grant.id)
                       .values(publish_by=day))
    db.session.expire(small_grant)


def _competition_work(world, n: int) -> None:
    evaluated = past_competition(world)
    for _ in range(n):
        offer(world, evaluated)                                       # to check
        db.session.add(FormalCheck(offer_id=offer(world, evaluated).id,  # correction due
                                   outcome=FormalOutcome.TO_COMPLETE, reasons="Podpis.",
                                   due_date=TODAY - dt.timedelta(days=1)))
        committee(world, past_competition(world))                     # open, to declare
        scoring = past_competition(world)                             # declared, to score
        committee(world, scoring, user=world.committee, declared=True)
        db.session.add(FormalCheck(offer_id=offer(world, scoring).id,
                                   outcome=FormalOutcome.ACCEPTED))
        committee(world, past_competition(world), closed=True)        # decision to take
        offer(world, world.competition, status=OfferStatus.DRAFT)     # NGO's draft
        make_award(world)                                             # results, contract
        make_award(world, final_grant=D("10000.00")).update_due = TODAY + dt.timedelta(5)
    db.session.flush()


def _contract_work(world, n: int) -> None:
    for _ in range(n):
        make_contract(world)                                          # report overdue, call
        make_contract(world, signed=False)                            # to sign
        settle_example(make_contract(world, paid=True))               # return overdue
        report = final_report(make_contract(world, paid=True))        # to settle
        report.status, report.accepted_on = ReportStatus.ACCEPTED, TODAY
        final_report(make_contract(world, paid=True)).status = ReportStatus.FILED  # review
        partial_report(make_contract(world, paid=True), due_on=TODAY - dt.timedelta(10),
                       status=ReportStatus.CORRECTIONS,
                       correction_due=TODAY + dt.timedelta(3))        # correction asked
        contract = make_contract(world)                               # paid today
        db.session.add(Payment(contract_id=contract.id, tranche_number=1, paid_on=TODAY,
                               amount=D("13000.00"), bank_reference="P/1",
                               recorded_by_id=world.finance.id))
        publish_by(make_small_grant(world, status=SmallGrantStatus.PURPOSEFUL),
                   TODAY + dt.timedelta(2))
        make_small_grant(world, status=SmallGrantStatus.PUBLISHED)  # comments ended
    db.session.flush()


def seed(world, n: int) -> None:
    """n items of every kind the start page lists (the clock frozen on TODAY)."""
    set_today(TODAY)
    _competition_work(world, n)
    _contract_work(world, n)
    db.session.commit()
