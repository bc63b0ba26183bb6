"""Formal check helpers: filed offers of the `world` competition, the clock moved past its
offer deadline, and the check taken to a given outcome."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from grants.core import clock
from grants.extensions import db
from grants.formal import services
from grants.formal.models import FormalCheck, FormalOutcome
from tests.support.factories import make_competition
from tests.support.offers import filed_offer


def offer_of_x(world, **kw):
    return filed_offer(world, **kw)


def offer_of_y(world, **kw):
    return filed_offer(world, organisation=world.ngo_y, actor=world.ngo_other, **kw)


def past_deadline(competition, *, hours: int = 1) -> datetime:
    """Freeze the clock `hours` after the competition's offer deadline (the check may start)."""
    instant = competition.offer_deadline + timedelta(hours=hours)
    clock.set_now(instant)
    return instant


def evaluation_at(world, day, *, completion_days: int = 7):
    """A competition of organiser A whose deadline passed the day before `day` (noon), one
    filed offer of X; the clock is frozen on `day` at 10:00 Warsaw time. Returns the offer."""
    deadline = clock.local_instant(day - timedelta(days=1), time(12, 0))
    clock.set_now(deadline - timedelta(days=25))
    competition = make_competition(world.org_a, created_by=world.officer, deadline=deadline)
    competition.completion_days = completion_days
    db.session.commit()
    offer = filed_offer(world, competition=competition)
    clock.set_now(clock.local_instant(day, time(10, 0)))
    return offer


def judge_all(check: FormalCheck, officer, *, passed: bool = True, note: str = "") -> None:
    services.record_items(check, actor=officer,
                          results={i.position: {"passed": passed, "note": note}
                                   for i in check.items})


def fail_first(check: FormalCheck, officer, note: str = "Brak podpisu skarbnika") -> None:
    results = {i.position: {"passed": True, "note": ""} for i in check.items}
    results[1] = {"passed": False, "note": note}
    services.record_items(check, actor=officer, results=results)


def to_complete(offer, officer, *, reasons: str = "Dołącz podpis skarbnika.", due_date=None,
                commit: bool = True) -> FormalCheck:
    check = services.start_check(offer, actor=officer)
    fail_first(check, officer)
    services.decide_check(check, actor=officer, outcome=FormalOutcome.TO_COMPLETE,
                          reasons=reasons, due_date=due_date)
    if commit:
        db.session.commit()
    return check


def accept(offer, officer, *, commit: bool = True) -> FormalCheck:
    check = services.start_check(offer, actor=officer)
    judge_all(check, officer)
    services.decide_check(check, actor=officer, outcome=FormalOutcome.ACCEPTED)
    if commit:
        db.session.commit()
    return check


def reject(offer, officer, *, reasons: str = "Oferta niepodpisana.",
           commit: bool = True) -> FormalCheck:
    check = services.start_check(offer, actor=officer)
    fail_first(check, officer)
    services.decide_check(check, actor=officer, outcome=FormalOutcome.REJECTED,
                          reasons=reasons)
    if commit:
        db.session.commit()
    return check
