"""competitions: the tie rule the announcement states; a deadline on a day off confirmed;
the offer update's deadline from the results' publication

- `competition.tie_break_point` (1-6 or empty): the point of UDPP art. 15 ust. 1 whose
  criteria decide a tie first (then the earlier filing); the ranking applies it, and the
  announcement's `tie_break_rule` is its text. Filled for existing competitions from their
  text ("pkt 3", or "kryterium 3" = the third criterion), else from the criterion the ranking
  used; published texts stay as published.
- `competition.deadline_day_off_confirmed`: the Saturday, Sunday or public holiday the
  officer confirmed as the offer deadline's day. Filled for competitions already published
  (they were published with that day).
- `award.update_due` of an award still waiting for its update is counted from the day the
  results were published (the last of the three channels), when that gives a later day than
  the one counted from the decision.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 00:40:00
"""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from grants.core.deadlines import day_off_reason, due_date

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WARSAW = ZoneInfo("Europe/Warsaw")

competition = sa.table(
    "competition", sa.column("id"), sa.column("status"), sa.column("tie_break_rule"),
    sa.column("tie_break_point"), sa.column("offer_deadline", sa.DateTime(timezone=True)),
    sa.column("deadline_day_off_confirmed", sa.Date()), sa.column("update_days"),
    sa.column("procedure_id"))
criterion = sa.table("criterion", sa.column("id"), sa.column("competition_id"),
                     sa.column("position"), sa.column("statutory_point"))
ranking = sa.table("award_ranking", sa.column("id"), sa.column("competition_id"),
                   sa.column("tie_break_criterion_id"))
award = sa.table("award", sa.column("id"), sa.column("ranking_id"), sa.column("state"),
                 sa.column("requested"), sa.column("final_grant"),
                 sa.column("update_due", sa.Date()), sa.column("update_filed_at"))
publication = sa.table("publication", sa.column("procedure_id"), sa.column("subject"),
                       sa.column("number"), sa.column("published_on", sa.Date()))

POINT = re.compile(r"pkt\.?\s*([1-6])\b")
POSITION = re.compile(r"kryterium\s+(?:nr\s+)?([1-9]\d*)\b", re.IGNORECASE)


def _as_date(value):
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _local_day(value) -> dt.date:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(WARSAW).date()


def _point_of(conn, row) -> int | None:
    points = {r.position: r.statutory_point for r in conn.execute(
        sa.select(criterion.c.position, criterion.c.statutory_point)
        .where(criterion.c.competition_id == row.id))}
    text = row.tie_break_rule or ""
    found = POINT.search(text)
    if found:
        return int(found.group(1))
    found = POSITION.search(text)
    if found and int(found.group(1)) in points:
        return points[int(found.group(1))]
    chosen = conn.scalar(
        sa.select(criterion.c.statutory_point).select_from(
            ranking.join(criterion, criterion.c.id == ranking.c.tie_break_criterion_id))
        .where(ranking.c.competition_id == row.id))
    return chosen


def _fill_competitions(conn) -> None:
    rows = conn.execute(sa.select(competition.c.id, competition.c.status,
                                  competition.c.tie_break_rule,
                                  competition.c.offer_deadline)).all()
    for row in rows:
        values = {"tie_break_point": _point_of(conn, row)}
        if row.offer_deadline is not None and row.status != "draft":
            day = _local_day(row.offer_deadline)
            if day_off_reason(day):
                values["deadline_day_off_confirmed"] = day
        conn.execute(competition.update().where(competition.c.id == row.id).values(**values))


def _extend_update_deadlines(conn) -> None:
    rows = conn.execute(
        sa.select(award.c.id, award.c.update_due, competition.c.update_days,
                  sa.func.max(publication.c.published_on).label("results_on"))
        .select_from(award.join(ranking, ranking.c.id == award.c.ranking_id)
                     .join(competition, competition.c.id == ranking.c.competition_id)
                     .join(publication, sa.and_(
                         publication.c.procedure_id == competition.c.procedure_id,
                         publication.c.subject == "results")))
        .where(award.c.update_due.is_not(None), award.c.update_filed_at.is_(None),
               award.c.state == "confirmed")
        .group_by(award.c.id, award.c.update_due, competition.c.update_days)).all()
    for row in rows:
        results_on = _as_date(row.results_on)
        if results_on is None:
            continue
        due = due_date(results_on, int(row.update_days))
        if due > _as_date(row.update_due):
            conn.execute(award.update().where(award.c.id == row.id).values(update_due=due))


def upgrade():
    with op.batch_alter_table("competition") as batch_op:
        batch_op.add_column(sa.Column("tie_break_point", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("deadline_day_off_confirmed", sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_competition_tie_break_point_range"),
            "tie_break_point IS NULL OR tie_break_point BETWEEN 1 AND 6")
    conn = op.get_bind()
    _fill_competitions(conn)
    _extend_update_deadlines(conn)


def downgrade():
    with op.batch_alter_table("competition") as batch_op:
        batch_op.drop_constraint(op.f("ck_competition_tie_break_point_range"), type_="check")
        batch_op.drop_column("deadline_day_off_confirmed")
        batch_op.drop_column("tie_break_point")
