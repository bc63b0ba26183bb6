"""small grants on offers: a small-grant offer's content is an offer of the simplified template

An offer may now be without a competition (`offer.competition_id`, `task_id` nullable) and
then belongs to a procedure of its own (`offer.procedure_id`); its version gains
`description` (the simplified template's scope of the task). Each small_grant_offer gets an
offer (`small_grant_offer.offer_id`) with one version holding what the small-grant row held
(the task's texts and dates, contact, own contribution, totals, declarations, the frozen
content and its SHA-256, who filed it) and its rows: small_grant_result_row ->
offer_result_row, small_grant_cost_item -> offer_cost_item (section I, action 1). Those
columns and the two tables go. The downgrade gives everything back.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 17:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

T = sa.DateTime(timezone=True)
MONEY = sa.Numeric(precision=14, scale=2)
# The content of the simplified template that moves to the offer's version (same names).
VERSION_TEXTS = ("title", "description", "place", "target_group", "contact_name",
                 "contact_email", "contact_phone")
VERSION_MONEY = ("own_financial", "own_personal", "own_in_kind", "total_cost",
                 "grant_requested")
MOVED = (*VERSION_TEXTS, "start_date", "end_date", *VERSION_MONEY, "declarations",
         "filed_by_id", "content", "sha256")
# status of a small grant -> (the offer's status, its version's state)
STATES = {"draft": ("draft", "draft"), "withdrawn": ("withdrawn", "withdrawn")}
FILED = ("filed", "filed")


def _t(name, *columns):
    return sa.table(name, *[sa.column(c) if isinstance(c, str) else c for c in columns])


small_grant_offer = _t("small_grant_offer", "id", "procedure_id", "offer_id",
                       "organisation_id", "number", "status", sa.column("created_at", T),
                       "created_by_id", sa.column("received_at", T),
                       sa.column("withdrawn_at", T), *VERSION_TEXTS, "start_date", "end_date",
                       *[sa.column(c, MONEY) for c in VERSION_MONEY],
                       sa.column("declarations", sa.JSON), "filed_by_id",
                       sa.column("content", sa.JSON), "sha256")
sg_result_row = _t("small_grant_result_row", "id", "offer_id", "position", "name",
                   "target_value", "monitoring")
sg_cost_item = _t("small_grant_cost_item", "id", "offer_id", "position", "name", "unit",
                  sa.column("unit_cost", MONEY), sa.column("units", sa.Numeric(12, 2)),
                  sa.column("value", MONEY), sa.column("grant_part", MONEY))
offer = _t("offer", "id", "competition_id", "task_id", "procedure_id", "organisation_id",
           "number", "status", sa.column("created_at", T), "created_by_id",
           sa.column("filed_at", T), sa.column("withdrawn_at", T))
offer_version = _t("offer_version", "id", "offer_id", "number", "state", *VERSION_TEXTS,
                   "start_date", "end_date", "need", "complementarity", "expected_results",
                   "previous_activity", "resources", *[sa.column(c, MONEY) for c in (
                       *VERSION_MONEY, "beneficiaries_cash", "lead_cost_share")],
                   "paid_activity", "unpaid_activity", "contribution_valuation", "other_info",
                   sa.column("declarations", sa.JSON), sa.column("filed_at", T),
                   "filed_by_id", "signed_by", sa.column("content", sa.JSON), "sha256",
                   sa.column("created_at", T), sa.column("updated_at", T))
offer_result_row = _t("offer_result_row", "id", "version_id", "position", "name",
                      "target_value", "monitoring")
offer_cost_item = _t("offer_cost_item", "id", "version_id", "position", "section", "action_no",
                     "code", "name", "unit", sa.column("unit_cost", MONEY),
                     sa.column("units", sa.Numeric(12, 2)), sa.column("value", MONEY),
                     sa.column("grant_part", MONEY), "year", "partner_position")

ZERO = 0


# ---------------------------------------------------------------- upgrade

def _new_offer(conn, sg) -> int:
    status, state = STATES.get(sg["status"], FILED)
    offer_id = conn.execute(offer.insert().values(
        competition_id=None, task_id=None, procedure_id=sg["procedure_id"],
        organisation_id=sg["organisation_id"], number=sg["number"] or "", status=status,
        created_at=sg["created_at"], created_by_id=sg["created_by_id"],
        filed_at=sg["received_at"], withdrawn_at=sg["withdrawn_at"],
    ).returning(offer.c.id)).scalar_one()
    version_id = conn.execute(offer_version.insert().values(
        offer_id=offer_id, number=1, state=state,
        **{c: sg[c] for c in (*VERSION_TEXTS, "start_date", "end_date", *VERSION_MONEY,
                              "declarations", "filed_by_id", "content", "sha256")},
        need="", complementarity="", expected_results="", previous_activity="",
        resources="", beneficiaries_cash=ZERO, lead_cost_share=ZERO, paid_activity=False,
        unpaid_activity=True, contribution_valuation="", other_info="",
        filed_at=sg["received_at"], signed_by="", created_at=sg["created_at"],
        updated_at=sg["received_at"] or sg["created_at"],
    ).returning(offer_version.c.id)).scalar_one()
    for r in conn.execute(sa.select(sg_result_row).where(sg_result_row.c.offer_id == sg["id"])
                          .order_by(sg_result_row.c.position, sg_result_row.c.id)).mappings():
        conn.execute(offer_result_row.insert().values(
            version_id=version_id, position=r["position"], name=r["name"],
            target_value=r["target_value"], monitoring=r["monitoring"]))
    items = conn.execute(sa.select(sg_cost_item).where(sg_cost_item.c.offer_id == sg["id"])
                         .order_by(sg_cost_item.c.position, sg_cost_item.c.id)).mappings()
    for n, c in enumerate(items, start=1):
        conn.execute(offer_cost_item.insert().values(
            version_id=version_id, position=c["position"], section="I", action_no=1,
            code=f"I.1.{n}", name=c["name"], unit=c["unit"], unit_cost=c["unit_cost"],
            units=c["units"], value=c["value"], grant_part=c["grant_part"], year=None,
            partner_position=None))
    return offer_id


def _move_to_offers(conn) -> None:
    rows = conn.execute(sa.select(small_grant_offer).order_by(small_grant_offer.c.id)).mappings()
    for sg in list(rows):
        conn.execute(small_grant_offer.update().where(small_grant_offer.c.id == sg["id"])
                     .values(offer_id=_new_offer(conn, sg)))


def upgrade():
    with op.batch_alter_table("offer") as batch_op:
        batch_op.alter_column("competition_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("task_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("procedure_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_offer_procedure_id"), ["procedure_id"])
        batch_op.create_foreign_key(op.f("fk_offer_procedure_id_procedure"), "procedure",
                                    ["procedure_id"], ["id"])
        batch_op.create_check_constraint(op.f("ck_offer_task_with_competition"),
                                         "(competition_id IS NULL) = (task_id IS NULL)")
        batch_op.create_check_constraint(op.f("ck_offer_has_procedure"),
                                         "competition_id IS NOT NULL OR procedure_id IS NOT NULL")
    with op.batch_alter_table("offer_version") as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), nullable=False,
                                      server_default=""))
    with op.batch_alter_table("offer_version") as batch_op:
        batch_op.alter_column("description", existing_type=sa.Text(), server_default=None)
    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.add_column(sa.Column("offer_id", sa.Integer(), nullable=True))

    _move_to_offers(op.get_bind())

    op.drop_table("small_grant_result_row")
    op.drop_table("small_grant_cost_item")
    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.drop_constraint(op.f("ck_small_grant_offer_filed_is_frozen"), type_="check")
        batch_op.drop_constraint(op.f("fk_small_grant_offer_filed_by_id_user_account"),
                                 type_="foreignkey")
        for name in MOVED:
            batch_op.drop_column(name)
        batch_op.alter_column("offer_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_small_grant_offer_offer_id"), ["offer_id"])
        batch_op.create_foreign_key(op.f("fk_small_grant_offer_offer_id_offer"), "offer",
                                    ["offer_id"], ["id"])
        batch_op.create_check_constraint(op.f("ck_small_grant_offer_filed_is_received"),
                                         "status = 'draft' OR received_at IS NOT NULL")


# ---------------------------------------------------------------- downgrade

def _restored_types() -> dict:
    """The columns given back that are NOT NULL, with their types."""
    lengths = {"title": 300, "contact_name": 200, "contact_email": 254, "contact_phone": 40}
    types = {name: sa.String(lengths[name]) if name in lengths else sa.Text()
             for name in VERSION_TEXTS}
    types.update({name: MONEY for name in VERSION_MONEY})
    types["declarations"] = sa.JSON()
    return types


def _restore_columns() -> None:
    with op.batch_alter_table("small_grant_offer") as batch_op:
        for name, type_ in _restored_types().items():
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.add_column(sa.Column("start_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("end_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("filed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("content", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("sha256", sa.String(length=64), nullable=True))
    op.create_table(
        "small_grant_cost_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=60), nullable=False),
        sa.Column("unit_cost", MONEY, nullable=False),
        sa.Column("units", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("value", MONEY, nullable=False),
        sa.Column("grant_part", MONEY, nullable=False),
        sa.CheckConstraint("grant_part >= 0 AND value >= 0 AND unit_cost >= 0 AND units >= 0",
                           name=op.f("ck_small_grant_cost_item_amounts_nonneg")),
        sa.ForeignKeyConstraint(["offer_id"], ["small_grant_offer.id"],
                                name=op.f("fk_small_grant_cost_item_offer_id_small_grant_offer"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_small_grant_cost_item")),
    )
    op.create_index(op.f("ix_small_grant_cost_item_offer_id"), "small_grant_cost_item",
                    ["offer_id"])
    op.create_table(
        "small_grant_result_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("target_value", sa.String(length=120), nullable=False),
        sa.Column("monitoring", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["offer_id"], ["small_grant_offer.id"],
                                name=op.f("fk_small_grant_result_row_offer_id_small_grant_offer"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_small_grant_result_row")),
    )
    op.create_index(op.f("ix_small_grant_result_row_offer_id"), "small_grant_result_row",
                    ["offer_id"])


def _copy_back(conn) -> None:
    sgs = conn.execute(sa.select(small_grant_offer.c.id, small_grant_offer.c.offer_id)).all()
    for sg_id, offer_id in sgs:
        v = conn.execute(sa.select(offer_version).where(offer_version.c.offer_id == offer_id)
                         .order_by(offer_version.c.number.desc())).mappings().first()
        conn.execute(small_grant_offer.update().where(small_grant_offer.c.id == sg_id)
                     .values(**{c: v[c] for c in MOVED}))
        for r in conn.execute(sa.select(offer_result_row)
                              .where(offer_result_row.c.version_id == v["id"])
                              .order_by(offer_result_row.c.position)).mappings():
            conn.execute(sg_result_row.insert().values(
                offer_id=sg_id, position=r["position"], name=r["name"],
                target_value=r["target_value"], monitoring=r["monitoring"]))
        for c in conn.execute(sa.select(offer_cost_item)
                              .where(offer_cost_item.c.version_id == v["id"])
                              .order_by(offer_cost_item.c.position)).mappings():
            conn.execute(sg_cost_item.insert().values(
                offer_id=sg_id, position=c["position"], name=c["name"], unit=c["unit"],
                unit_cost=c["unit_cost"], units=c["units"], value=c["value"],
                grant_part=c["grant_part"]))
    offer_ids = [o for _s, o in sgs]
    if offer_ids:
        versions = sa.select(offer_version.c.id).where(offer_version.c.offer_id.in_(offer_ids))
        conn.execute(offer_result_row.delete().where(offer_result_row.c.version_id.in_(versions)))
        conn.execute(offer_cost_item.delete().where(offer_cost_item.c.version_id.in_(versions)))
        conn.execute(offer_version.delete().where(offer_version.c.offer_id.in_(offer_ids)))
    conn.execute(small_grant_offer.update().values(offer_id=None))
    if offer_ids:
        conn.execute(offer.delete().where(offer.c.id.in_(offer_ids)))


def downgrade():
    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.drop_constraint(op.f("ck_small_grant_offer_filed_is_received"), type_="check")
        batch_op.drop_constraint(op.f("fk_small_grant_offer_offer_id_offer"), type_="foreignkey")
        batch_op.drop_constraint(op.f("uq_small_grant_offer_offer_id"), type_="unique")
        batch_op.alter_column("offer_id", existing_type=sa.Integer(), nullable=True)
    _restore_columns()

    _copy_back(op.get_bind())

    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.drop_column("offer_id")
        for name, type_ in _restored_types().items():
            batch_op.alter_column(name, existing_type=type_, nullable=False)
        batch_op.create_foreign_key(op.f("fk_small_grant_offer_filed_by_id_user_account"),
                                    "user_account", ["filed_by_id"], ["id"])
        batch_op.create_check_constraint(
            op.f("ck_small_grant_offer_filed_is_frozen"),
            "status = 'draft' OR (received_at IS NOT NULL AND sha256 IS NOT NULL)")
    with op.batch_alter_table("offer_version") as batch_op:
        batch_op.drop_column("description")
    with op.batch_alter_table("offer") as batch_op:
        batch_op.drop_constraint(op.f("ck_offer_has_procedure"), type_="check")
        batch_op.drop_constraint(op.f("ck_offer_task_with_competition"), type_="check")
        batch_op.drop_constraint(op.f("fk_offer_procedure_id_procedure"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_offer_procedure_id"))
        batch_op.drop_column("procedure_id")
        batch_op.alter_column("competition_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("task_id", existing_type=sa.Integer(), nullable=False)
