"""addresses of accounts are confirmed by a mailed link

`user_account.email_verified_at`: when the owner proved the address (the link mailed at
registration, or a password reset link); an account without it cannot act or receive a role.
`email_verification_token`: the links (single-use, expiring, only the SHA-256 stored).

Existing accounts are marked as verified (at their creation time): before this revision they
were created by an administrator, by the command line or the demo, or registered and already
used - refusing them now would lock real staff and organisations out.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 03:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True),
                                      nullable=True))
    op.execute("UPDATE user_account SET email_verified_at = created_at")
    op.create_table(
        "email_verification_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_email_verification_token_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_verification_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_email_verification_token_token_hash")),
    )
    with op.batch_alter_table("email_verification_token") as batch_op:
        batch_op.create_index(batch_op.f("ix_email_verification_token_user_id"), ["user_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("email_verification_token") as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_verification_token_user_id"))
    op.drop_table("email_verification_token")
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("email_verified_at")
