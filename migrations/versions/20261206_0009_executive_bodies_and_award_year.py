"""executive bodies; small grants counted per body in the year of the award; late publication

The yearly limits of art. 19a (an organisation's total, the mode's share of the planned
grants) bind the executive body, e.g. the Mayor of Sopot, for whom both MOPS Sopot and the
city office act. A new table `executive_body`; every organiser acts for one
(`organiser.executive_body_id`): existing organisers get the body their `authority` names
(organisers naming the same authority share it). The yearly plan of grants belongs to the
body (`small_grant_year_plan.executive_body_id` replaces `organiser_id`; where organisers of
one body had plans for the same year, the one updated last is kept).

A small-grant offer counts in the year its grant is awarded (`award_year`): for offers filed
before this revision the later of the filing year and the year the task starts, or the year
of its signed contract when later. `publication_delay_days`: the days a publication came
after the working-day limit (0 in time).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 00:20:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

executive_body = sa.table("executive_body", sa.column("id", sa.Integer),
                          sa.column("name", sa.String))
organiser = sa.table("organiser", sa.column("id", sa.Integer), sa.column("authority", sa.String),
                     sa.column("executive_body_id", sa.Integer))
plan = sa.table("small_grant_year_plan", sa.column("id", sa.Integer),
                sa.column("organiser_id", sa.Integer), sa.column("executive_body_id", sa.Integer),
                sa.column("year", sa.Integer), sa.column("updated_at", sa.DateTime(timezone=True)))
sg = sa.table("small_grant_offer", sa.column("id", sa.Integer), sa.column("offer_id", sa.Integer),
              sa.column("filing_year", sa.Integer), sa.column("award_year", sa.Integer),
              sa.column("publish_by", sa.Date), sa.column("published_on", sa.Date),
              sa.column("publication_delay_days", sa.Integer))
offer_version = sa.table("offer_version", sa.column("offer_id", sa.Integer),
                         sa.column("start_date", sa.Date))
contract = sa.table("contract", sa.column("small_grant_offer_id", sa.Integer),
                    sa.column("signed_on", sa.Date))


def _bodies(conn) -> None:
    ids: dict[str, int] = {}
    for row in conn.execute(sa.select(organiser.c.id, organiser.c.authority)
                            .order_by(organiser.c.id)).all():
        name = (row.authority or "").strip()[:200]
        if name not in ids:
            conn.execute(executive_body.insert().values(name=name))
            ids[name] = conn.scalar(sa.select(executive_body.c.id)
                                    .where(executive_body.c.name == name))
        conn.execute(organiser.update().where(organiser.c.id == row.id)
                     .values(executive_body_id=ids[name]))


def _plans(conn) -> None:
    body_of = dict(conn.execute(sa.select(organiser.c.id, organiser.c.executive_body_id)).all())
    kept: set[tuple[int, int]] = set()
    rows = conn.execute(sa.select(plan.c.id, plan.c.organiser_id, plan.c.year).order_by(
        plan.c.updated_at.desc(), plan.c.id.desc())).all()
    for row in rows:
        key = (body_of[row.organiser_id], row.year)
        if key in kept:
            conn.execute(plan.delete().where(plan.c.id == row.id))
            continue
        kept.add(key)
        conn.execute(plan.update().where(plan.c.id == row.id)
                     .values(executive_body_id=key[0]))


def _offers(conn) -> None:
    rows = conn.execute(sa.select(sg.c.id, sg.c.offer_id, sg.c.filing_year, sg.c.publish_by,
                                  sg.c.published_on)).all()
    for row in rows:
        values = {}
        if row.filing_year is not None:
            years = [row.filing_year]
            years += [d.year for d in conn.scalars(sa.select(offer_version.c.start_date).where(
                offer_version.c.offer_id == row.offer_id)) if d is not None]
            years += [d.year for d in conn.scalars(sa.select(contract.c.signed_on).where(
                contract.c.small_grant_offer_id == row.id)) if d is not None]
            values["award_year"] = max(years)
        if row.published_on is not None and row.publish_by is not None:
            values["publication_delay_days"] = max((row.published_on - row.publish_by).days, 0)
        if values:
            conn.execute(sg.update().where(sg.c.id == row.id).values(**values))


def upgrade():
    op.create_table(
        "executive_body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_executive_body")),
        sa.UniqueConstraint("name", name=op.f("uq_executive_body_name")),
    )
    with op.batch_alter_table("organiser") as batch_op:
        batch_op.add_column(sa.Column("executive_body_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("small_grant_year_plan") as batch_op:
        batch_op.add_column(sa.Column("executive_body_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.add_column(sa.Column("award_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("publication_delay_days", sa.Integer(), nullable=True))
    conn = op.get_bind()
    _bodies(conn)
    _plans(conn)
    _offers(conn)
    with op.batch_alter_table("organiser") as batch_op:
        batch_op.alter_column("executive_body_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f("fk_organiser_executive_body_id_executive_body"),
                                    "executive_body", ["executive_body_id"], ["id"])
        batch_op.create_index(op.f("ix_organiser_executive_body_id"), ["executive_body_id"])
    with op.batch_alter_table("small_grant_year_plan") as batch_op:
        batch_op.drop_constraint(op.f("uq_small_grant_year_plan_organiser_id_year"),
                                 type_="unique")
        batch_op.drop_index(op.f("ix_small_grant_year_plan_organiser_id"))
        batch_op.drop_constraint(op.f("fk_small_grant_year_plan_organiser_id_organiser"),
                                 type_="foreignkey")
        batch_op.drop_column("organiser_id")
        batch_op.alter_column("executive_body_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            op.f("fk_small_grant_year_plan_executive_body_id_executive_body"),
            "executive_body", ["executive_body_id"], ["id"])
        batch_op.create_index(op.f("ix_small_grant_year_plan_executive_body_id"),
                              ["executive_body_id"])
        batch_op.create_unique_constraint(
            op.f("uq_small_grant_year_plan_executive_body_id_year"),
            ["executive_body_id", "year"])
    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.create_index("ix_small_grant_offer_award_year", ["award_year"])


def downgrade():
    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.drop_index("ix_small_grant_offer_award_year")
        batch_op.drop_column("publication_delay_days")
        batch_op.drop_column("award_year")
    with op.batch_alter_table("small_grant_year_plan") as batch_op:
        batch_op.add_column(sa.Column("organiser_id", sa.Integer(), nullable=True))
    conn = op.get_bind()
    first = dict(conn.execute(sa.select(organiser.c.executive_body_id, sa.func.min(organiser.c.id))
                              .group_by(organiser.c.executive_body_id)).all())
    for row in conn.execute(sa.select(plan.c.id, plan.c.executive_body_id)).all():
        conn.execute(plan.update().where(plan.c.id == row.id)
                     .values(organiser_id=first[row.executive_body_id]))
    with op.batch_alter_table("small_grant_year_plan") as batch_op:
        batch_op.drop_constraint(op.f("uq_small_grant_year_plan_executive_body_id_year"),
                                 type_="unique")
        batch_op.drop_index(op.f("ix_small_grant_year_plan_executive_body_id"))
        batch_op.drop_constraint(
            op.f("fk_small_grant_year_plan_executive_body_id_executive_body"),
            type_="foreignkey")
        batch_op.drop_column("executive_body_id")
        batch_op.alter_column("organiser_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f("fk_small_grant_year_plan_organiser_id_organiser"),
                                    "organiser", ["organiser_id"], ["id"])
        batch_op.create_index(op.f("ix_small_grant_year_plan_organiser_id"), ["organiser_id"])
        batch_op.create_unique_constraint(op.f("uq_small_grant_year_plan_organiser_id_year"),
                                          ["organiser_id", "year"])
    with op.batch_alter_table("organiser") as batch_op:
        batch_op.drop_index(op.f("ix_organiser_executive_body_id"))
        batch_op.drop_constraint(op.f("fk_organiser_executive_body_id_executive_body"),
                                 type_="foreignkey")
        batch_op.drop_column("executive_body_id")
    op.drop_table("executive_body")
