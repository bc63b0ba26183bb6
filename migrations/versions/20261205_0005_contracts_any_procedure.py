"""contracts from any procedure; signed contract versions filed

A contract names the procedure it comes from (`contract.procedure_id`, any kind) instead of a
competition (`contract.competition_id`, empty for small grants): the competition's procedure
for a contract from an award, the offer's own procedure for a small grant. The CHECK that a
contract comes from exactly an award or a small-grant offer goes (a procurement award will
be a third source); both links stay, nullable. A signed contract version records the SHA-256
of its content as canonical JSON (`contract_version.content_sha256`; empty for versions
signed before this revision).

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-05 17:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

contract = sa.table("contract", sa.column("id"), sa.column("award_id"),
                    sa.column("small_grant_offer_id"), sa.column("competition_id"),
                    sa.column("procedure_id"))
competition = sa.table("competition", sa.column("id"), sa.column("procedure_id"))
small_grant_offer = sa.table("small_grant_offer", sa.column("id"), sa.column("procedure_id"))
award = sa.table("award", sa.column("id"), sa.column("offer_id"))
offer = sa.table("offer", sa.column("id"), sa.column("competition_id"))


def _procedure_of(conn, row) -> int:
    competition_id = row.competition_id
    if competition_id is None and row.award_id is not None:
        competition_id = conn.scalar(
            sa.select(offer.c.competition_id).select_from(
                award.join(offer, offer.c.id == award.c.offer_id))
            .where(award.c.id == row.award_id))
    if competition_id is not None:
        return conn.scalar(sa.select(competition.c.procedure_id)
                           .where(competition.c.id == competition_id))
    return conn.scalar(sa.select(small_grant_offer.c.procedure_id)
                       .where(small_grant_offer.c.id == row.small_grant_offer_id))


def upgrade():
    with op.batch_alter_table("contract") as batch_op:
        batch_op.add_column(sa.Column("procedure_id", sa.Integer(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.select(contract.c.id, contract.c.award_id,
                                  contract.c.small_grant_offer_id,
                                  contract.c.competition_id)).all()
    for row in rows:
        conn.execute(contract.update().where(contract.c.id == row.id)
                     .values(procedure_id=_procedure_of(conn, row)))
    with op.batch_alter_table("contract") as batch_op:
        batch_op.drop_constraint(op.f("ck_contract_one_source"), type_="check")
        batch_op.drop_index(op.f("ix_contract_competition_id"))
        batch_op.drop_constraint(op.f("fk_contract_competition_id_competition"),
                                 type_="foreignkey")
        batch_op.drop_column("competition_id")
        batch_op.alter_column("procedure_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f("fk_contract_procedure_id_procedure"), "procedure",
                                    ["procedure_id"], ["id"])
        batch_op.create_index(op.f("ix_contract_procedure_id"), ["procedure_id"])
    with op.batch_alter_table("contract_version") as batch_op:
        batch_op.add_column(sa.Column("content_sha256", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("contract_version") as batch_op:
        batch_op.drop_column("content_sha256")
    with op.batch_alter_table("contract") as batch_op:
        batch_op.add_column(sa.Column("competition_id", sa.Integer(), nullable=True))
    conn = op.get_bind()
    conn.execute(contract.update().values(competition_id=(
        sa.select(competition.c.id).where(competition.c.procedure_id == contract.c.procedure_id)
        .scalar_subquery())))
    with op.batch_alter_table("contract") as batch_op:
        batch_op.drop_index(op.f("ix_contract_procedure_id"))
        batch_op.drop_constraint(op.f("fk_contract_procedure_id_procedure"), type_="foreignkey")
        batch_op.drop_column("procedure_id")
        batch_op.create_foreign_key(op.f("fk_contract_competition_id_competition"),
                                    "competition", ["competition_id"], ["id"])
        batch_op.create_index(op.f("ix_contract_competition_id"), ["competition_id"])
        batch_op.create_check_constraint(
            op.f("ck_contract_one_source"), "(award_id IS NULL) != (small_grant_offer_id IS NULL)")
