"""contract parties: the joint offerors; the contract's form from the call or the offer

A contract from a joint offer names every joint offeror as a party with its representatives
(`contract_version.joint_parties`, JSON, empty for other contracts). The form of a contract
(powierzenie / wspieranie) comes from the competition's mode, or for a small grant from the
mode its offer declares (`small_grant_offer.mode`), no longer from the amounts: the drafts (not
yet signed) of contracts from a competition take their competition's mode; a signed contract
keeps the form it was signed in. An existing small-grant offer declares the form of its
contract when it has one; otherwise, having declared none, the form the system used to infer
(powierzenie when the grant is the whole cost), which its offeror can no longer change.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 00:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

contract = sa.table("contract", sa.column("id"), sa.column("award_id"), sa.column("status"),
                    sa.column("mode"))
award = sa.table("award", sa.column("id"), sa.column("offer_id"))
offer = sa.table("offer", sa.column("id"), sa.column("competition_id"))
competition = sa.table("competition", sa.column("id"), sa.column("mode"))
small_grant_offer = sa.table("small_grant_offer", sa.column("id"), sa.column("offer_id"),
                             sa.column("mode"))
offer_version = sa.table("offer_version", sa.column("offer_id"), sa.column("number"),
                         sa.column("total_cost"), sa.column("grant_requested"))
contract_sg = sa.table("contract", sa.column("small_grant_offer_id"), sa.column("mode"))


def _draft_modes_from_competitions(conn) -> None:
    rows = conn.execute(
        sa.select(contract.c.id, competition.c.mode)
        .select_from(contract.join(award, award.c.id == contract.c.award_id)
                     .join(offer, offer.c.id == award.c.offer_id)
                     .join(competition, competition.c.id == offer.c.competition_id))
        .where(contract.c.status == "draft")).all()
    for contract_id, mode in rows:
        conn.execute(contract.update().where(contract.c.id == contract_id).values(mode=mode))


def _small_grant_modes(conn) -> None:
    for sg_id, offer_id in conn.execute(sa.select(small_grant_offer.c.id,
                                                  small_grant_offer.c.offer_id)).all():
        mode = conn.scalar(sa.select(contract_sg.c.mode)
                           .where(contract_sg.c.small_grant_offer_id == sg_id))
        if mode is None:
            amounts = conn.execute(
                sa.select(offer_version.c.total_cost, offer_version.c.grant_requested)
                .where(offer_version.c.offer_id == offer_id)
                .order_by(offer_version.c.number.desc()).limit(1)).first()
            whole = amounts is not None and amounts[1] and amounts[0] == amounts[1]
            mode = "powierzenie" if whole else "wspieranie"
        conn.execute(small_grant_offer.update().where(small_grant_offer.c.id == sg_id)
                     .values(mode=mode))


def upgrade():
    with op.batch_alter_table("contract_version") as batch_op:
        batch_op.add_column(sa.Column("joint_parties", sa.JSON(), nullable=False,
                                      server_default="[]"))
    with op.batch_alter_table("contract_version") as batch_op:
        batch_op.alter_column("joint_parties", existing_type=sa.JSON(), server_default=None)
    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.add_column(sa.Column("mode", sa.String(length=20), nullable=False,
                                      server_default="wspieranie"))
    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.alter_column("mode", existing_type=sa.String(length=20), server_default=None)
    conn = op.get_bind()
    _draft_modes_from_competitions(conn)
    _small_grant_modes(conn)


def downgrade():
    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.drop_column("mode")
    with op.batch_alter_table("contract_version") as batch_op:
        batch_op.drop_column("joint_parties")
