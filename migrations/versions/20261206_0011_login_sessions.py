"""sessions known to the server; no account lock-out

`login_session`: one row per signed-in browser (the SHA-256 of its token, when it expires);
the session cookie names a row, so logout, a new password or a deactivation end it on the
server. Sessions of the app before this revision kept only the user's id in the cookie: they
name no row, so everybody signs in again once.

`user_account.failed_logins` and `locked_until` go: failed logins no longer lock an account
(anybody could lock anybody out); they slow down per account and client address in the rate
limiter's storage (grants/auth/throttle.py). A lock-out in force when upgrading is lifted.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 03:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_login_session_user_id_user_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_session")),
    )
    op.create_index(op.f("ix_login_session_user_id"), "login_session", ["user_id"])
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")


def downgrade():
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True),
                                      nullable=True))
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.alter_column("failed_logins", server_default=None)
    op.drop_index(op.f("ix_login_session_user_id"), table_name="login_session")
    op.drop_table("login_session")
