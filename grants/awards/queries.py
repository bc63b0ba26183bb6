"""Read helpers of the awards: the ranking per task with its sums, the decision, the
annulment proposal, the offer update's deadline, the public results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from grants.auth.models import User
from grants.awards import inputs, rules
from grants.awards.models import (
    ACTIVE_STATES,
    Annulment,
    Award,
    AwardDecision,
    AwardState,
    Objection,
    Ranking,
)
from grants.calls import hooks as call_hooks
from grants.calls.models import CallStatus, CallTask, Competition
from grants.core import clock
from grants.extensions import db
from grants.formal.queries import CheckStatus, check_rows
from grants.offers.models import Offer, OfferStatus

ZERO = Decimal("0.00")


def ranking_of(competition: Competition) -> Ranking | None:
    return db.session.scalar(
        select(Ranking).where(Ranking.competition_id == competition.id)
        .options(selectinload(Ranking.awards).selectinload(Award.offer)
                 .selectinload(Offer.organisation),
                 selectinload(Ranking.awards).selectinload(Award.offer)
                 .selectinload(Offer.versions),
                 selectinload(Ranking.awards).selectinload(Award.task)))


def decision_of(competition: Competition) -> AwardDecision | None:
    return db.session.scalar(
        select(AwardDecision).where(AwardDecision.competition_id == competition.id))


def annulment_of(competition: Competition) -> Annulment | None:
    return db.session.scalar(select(Annulment).where(Annulment.competition_id == competition.id))


def objections_of(competition: Competition) -> list[Objection]:
    return list(db.session.scalars(
        select(Objection).where(Objection.competition_id == competition.id)
        .options(selectinload(Objection.offer))
        .order_by(Objection.received_on, Objection.id)))


def award_of_offer(offer: Offer) -> Award | None:
    return db.session.scalar(
        select(Award).where(Award.offer_id == offer.id)
        .options(selectinload(Award.ranking)))


def committed_sum(task_id: int) -> Decimal:
    """The grants a task holds now (proposed or confirmed; declined and withdrawn awards free
    their funds), summed by the database."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(func.coalesce(Award.final_grant, Award.proposed_grant)),
                             0))
        .where(Award.task_id == task_id, Award.state.in_(ACTIVE_STATES)))
    return Decimal(total or 0).quantize(Decimal("0.01"))


def filed_offers(competition: Competition) -> list[Offer]:
    """Offers filed and not withdrawn, in the order of their numbers."""
    return list(db.session.scalars(
        select(Offer).where(Offer.competition_id == competition.id,
                            Offer.status == OfferStatus.FILED)
        .options(selectinload(Offer.organisation), selectinload(Offer.task),
                 selectinload(Offer.versions))
        .order_by(Offer.task_id, Offer.number, Offer.id)))


# ---------------------------------------------------------------- the ranking per task

@dataclass
class TaskBlock:
    task: CallTask
    awards: list[Award]
    committed: Decimal          # proposed or confirmed grants
    freed: Decimal              # final grants given up (declined, withdrawn or lapsed)

    @property
    def remaining(self) -> Decimal:
        return self.task.funds - self.committed


def _award_order(a: Award):
    return (a.rank is None, a.rank or 0, -(a.score or Decimal("-1")), a.offer_id)


def task_blocks(competition: Competition, ranking: Ranking | None) -> list[TaskBlock]:
    """The ranking per task (in the competition's task order) with committed and freed
    amounts (awards whose update lapsed count as freed even before it is recorded)."""
    awards = list(ranking.awards) if ranking is not None else []
    blocks = []
    for task in competition.tasks:
        mine = sorted([a for a in awards if a.task_id == task.id], key=_award_order)
        committed = sum((a.grant for a in mine
                         if a.is_active and not update_lapsed(a)), ZERO)
        freed = sum(((a.final_grant or ZERO) for a in mine
                     if not a.is_active or update_lapsed(a)), ZERO)
        blocks.append(TaskBlock(task, mine, committed, freed))
    return blocks


# ---------------------------------------------------------------- the offer update

def update_deadline(award: Award) -> dt.datetime | None:
    """23:59:59 Warsaw time on the update's due date (aware UTC); None when no update."""
    if award.update_due is None:
        return None
    return clock.local_instant(award.update_due)


def update_open(award: Award) -> bool:
    """The offeror may still prepare and file the update."""
    deadline = update_deadline(award)
    return (award.needs_update and award.update_filed_at is None and deadline is not None
            and award.ranking.competition.status == CallStatus.DECIDED
            and clock.now().replace(microsecond=0) <= deadline)


def update_lapsed(award: Award) -> bool:
    """The update was due and its deadline passed without it: the award counts as declined."""
    deadline = update_deadline(award)
    return (award.state == AwardState.CONFIRMED and award.needs_update
            and award.update_filed_at is None and deadline is not None
            and clock.now().replace(microsecond=0) > deadline)


# ---------------------------------------------------------------- awarded grants (history)

@call_hooks.awarded_by_task.provide
def awarded_by_task(task_ids) -> dict[int, tuple[Decimal, Decimal]]:
    """{task id: (cost, grant)}: the final grants confirmed and not given up (nor lapsed),
    and the total cost of the offers they fund (the updated version where one was filed)."""
    ids = [t for t in task_ids if t is not None]
    if not ids:
        return {}
    awards = db.session.scalars(
        select(Award).where(Award.task_id.in_(ids), Award.state == AwardState.CONFIRMED,
                            Award.final_grant > 0)
        .options(selectinload(Award.ranking), selectinload(Award.update_version),
                 selectinload(Award.offer).selectinload(Offer.versions)))
    out: dict[int, tuple[Decimal, Decimal]] = {}
    for a in awards:
        if update_lapsed(a):
            continue
        version = a.update_version or a.offer.filed_version
        cost = version.total_cost if version is not None else ZERO
        before_cost, before_grant = out.get(a.task_id, (ZERO, ZERO))
        out[a.task_id] = (before_cost + cost, before_grant + a.final_grant)
    return out


# ---------------------------------------------------------------- annulment (art. 18a)

def annulment_ground(competition: Competition) -> str | None:
    """The ground on which the system proposes annulling the competition (None: it does
    not), once the offer deadline has passed."""
    if competition.status != CallStatus.PUBLISHED or clock.now() < competition.offer_deadline:
        return None
    rows = [r for r in check_rows(competition) if r.status != CheckStatus.WITHDRAWN]
    rejected = sum(1 for r in rows if r.status == CheckStatus.REJECTED)
    scored = eligible = None
    if inputs.scoring_closed(competition):
        results = inputs.results_for(competition)
        scored = len(results)
        eligible = sum(1 for r in results if r.eligible and r.mean_total is not None)
    return rules.annulment_ground(filed=len(rows), formally_rejected=rejected, scored=scored,
                                  eligible=eligible)


# ---------------------------------------------------------------- the public results

@dataclass
class PublicRow:
    offeror: str
    offer_number: str
    title: str
    score: Decimal | None
    grant: Decimal
    funded: bool
    note: str = ""


@dataclass
class PublicTask:
    task: CallTask
    rows: list[PublicRow] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((r.grant for r in self.rows if r.funded), ZERO)


def public_results(competition: Competition) -> list[PublicTask] | None:
    """Offeror, task and grant of every offer (funded and not funded), once the results are
    published; None before."""
    if competition.status != CallStatus.DECIDED:
        return None
    decision = decision_of(competition)
    if decision is None or not decision.published_at:
        return None
    ranking = ranking_of(competition)
    awards = {a.offer_id: a for a in (ranking.awards if ranking else [])}
    blocks = {t.id: PublicTask(t) for t in competition.tasks}
    for offer in filed_offers(competition):
        award = awards.get(offer.id)
        version = offer.filed_version
        title = version.title if version is not None else ""
        if award is None:
            row = PublicRow(offer.organisation.name, offer.number, title, None, ZERO, False,
                            "not_scored")
        else:
            grant = award.final_grant if award.final_grant is not None else ZERO
            note = ("given_up" if award.state in (AwardState.DECLINED, AwardState.WITHDRAWN)
                    else "" if grant > 0 else "not_eligible" if not award.eligible
                    else "no_funds")
            row = PublicRow(offer.organisation.name, offer.number, title,
                            rules.display(award.score), grant, grant > 0, note)
        if offer.task_id in blocks:
            blocks[offer.task_id].rows.append(row)
    for block in blocks.values():
        block.rows.sort(key=lambda r: (not r.funded, -(r.score or Decimal("-1")),
                                       r.offer_number))
    return list(blocks.values())


def offeror_addresses(offer: Offer) -> list[str]:
    """The offeror's e-mail and that of the person who filed the offer."""
    out = [offer.organisation.email]
    version = offer.filed_version
    filer = getattr(version, "filed_by_id", None)
    if filer:
        user = db.session.get(User, filer)
        if user is not None and user.email not in out:
            out.append(user.email)
    return [a for a in out if a]
