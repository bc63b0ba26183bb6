"""Read helpers for competitions: the public list, the officer's list, the history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.sql.elements import ColumnElement

from grants.calls import hooks
from grants.calls.models import CallStatus, Competition, Phase
from grants.core import clock
from grants.extensions import db
from grants.organisers.models import Organiser
from grants.procedures.models import Procedure, ProcedureDocument

PUBLIC_STATUSES = (CallStatus.PUBLISHED, CallStatus.DECIDED, CallStatus.ANNULLED)


def phase_condition(phase: Phase) -> ColumnElement[bool]:
    """SQL for a derived phase: the same rule as Competition.phase, against clock.now()."""
    now = clock.now()
    if phase == Phase.OPEN:
        return and_(Competition.status == CallStatus.PUBLISHED, Competition.offer_deadline > now)
    if phase == Phase.EVALUATION:
        return and_(Competition.status == CallStatus.PUBLISHED,
                    Competition.offer_deadline <= now)
    return Competition.status == CallStatus(phase.value)


def public_competitions(*, organiser_id: int | None = None, area: str | None = None,
                        phase: Phase | None = None, page: int = 1, per_page: int = 20):
    """A page (Flask-SQLAlchemy Pagination) of competitions the public may see, newest first."""
    stmt = (
        select(Competition)
        .where(Competition.status.in_(PUBLIC_STATUSES))
        .options(joinedload(Competition.organiser), selectinload(Competition.tasks))
        .order_by(Competition.published_at.desc(), Competition.id.desc())
    )
    if organiser_id:
        stmt = stmt.where(Competition.organiser_id == organiser_id)
    if area:
        stmt = stmt.where(Competition.area == area)
    if phase:
        stmt = stmt.where(phase_condition(phase))
    return db.paginate(stmt, page=max(page, 1), per_page=per_page, error_out=False)


def public_organisers() -> list[Organiser]:
    """Organisers with at least one public competition (the choices of the filter)."""
    has_public = select(Competition.id).where(
        Competition.organiser_id == Organiser.id, Competition.status.in_(PUBLIC_STATUSES)
    ).exists()
    return list(db.session.scalars(select(Organiser).where(has_public).order_by(Organiser.name)))


def organisers_by_ids(ids: set[int]) -> list[Organiser]:
    if not ids:
        return []
    return list(db.session.scalars(
        select(Organiser).where(Organiser.id.in_(ids)).order_by(Organiser.name)))


def officer_competitions(organiser_ids: set[int]) -> list[Competition]:
    """Every competition (drafts included) of the given organisers, newest first."""
    if not organiser_ids:
        return []
    return list(db.session.scalars(
        select(Competition)
        .where(Competition.organiser_id.in_(organiser_ids))
        .options(joinedload(Competition.organiser), selectinload(Competition.tasks))
        .order_by(Competition.created_at.desc(), Competition.id.desc())
    ))


def competition_full(competition_id: int) -> Competition | None:
    """One competition with everything its page shows, loaded in a fixed number of queries."""
    return db.session.scalar(
        select(Competition)
        .where(Competition.id == competition_id)
        .options(
            joinedload(Competition.organiser),
            selectinload(Competition.tasks),
            selectinload(Competition.criteria),
            selectinload(Competition.checklist),
            selectinload(Competition.required_attachments),
            selectinload(Competition.same_kind_tasks),
            joinedload(Competition.procedure).selectinload(Procedure.documents)
            .joinedload(ProcedureDocument.stored_file),
            joinedload(Competition.procedure).selectinload(Procedure.publications),
        )
    )


def call_document(competition: Competition, document_id: int) -> ProcedureDocument | None:
    """A document published with the competition."""
    return db.session.scalar(
        select(ProcedureDocument)
        .where(ProcedureDocument.id == document_id,
               ProcedureDocument.procedure_id == competition.procedure_id)
        .options(joinedload(ProcedureDocument.stored_file))
    )


def announcement_year(competition: Competition) -> int:
    """The year the call was (or, for a draft, will be) announced."""
    if competition.rules_date:
        return competition.rules_date.year
    if competition.published_at:
        return clock.to_local(competition.published_at).year
    return clock.today().year


def same_kind_history(organiser_id: int, area: str, year: int,
                      exclude_id: int | None = None) -> list[dict]:
    """Art. 13 ust. 2 pkt 7 from the system's own history: the organiser's decided
    competitions in the same area announced in `year` or the year before, one row per task
    that received grants: the grants really awarded (the decision's, less those given up)
    and the total cost of the offers they fund (grants.calls.hooks.awarded_by_task); then
    the small grants (art. 19a) awarded in the area by contracts signed in those years
    (grants.calls.hooks.small_grants_by_area), in the order of the years."""
    stmt = (
        select(Competition)
        .where(
            Competition.organiser_id == organiser_id,
            Competition.area == area,
            Competition.status == CallStatus.DECIDED,
            Competition.rules_date >= date(year - 1, 1, 1),
            Competition.rules_date <= date(year, 12, 31),
        )
        .options(selectinload(Competition.tasks))
        .order_by(Competition.rules_date, Competition.id)
    )
    if exclude_id is not None:
        stmt = stmt.where(Competition.id != exclude_id)
    competitions = list(db.session.scalars(stmt))
    awarded = hooks.awarded_by_task([t.id for c in competitions for t in c.tasks])
    rows: list[dict] = []
    for comp in competitions:
        for task in comp.tasks:
            cost, grant = awarded.get(task.id, (Decimal("0.00"), Decimal("0.00")))
            if grant <= 0:
                continue  # no grant given: not a task carried out with a grant
            name = comp.title if task.title == comp.title else f"{comp.title} – {task.title}"
            rows.append({"year": comp.rules_date.year, "name": name[:300],
                         "total_cost": cost, "grant": grant,
                         "source_competition_id": comp.id})
    small = [{**r, "name": r["name"][:300], "source_competition_id": None}
             for r in hooks.small_grants_by_area(organiser_id, area, year - 1, year)]
    return sorted(rows + small, key=lambda r: r["year"])


def existing_competition_ids(ids: set[int], organiser_id: int) -> set[int]:
    if not ids:
        return set()
    return set(db.session.scalars(select(Competition.id).where(
        Competition.id.in_(ids), Competition.organiser_id == organiser_id)))

