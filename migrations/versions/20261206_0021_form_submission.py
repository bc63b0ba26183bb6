"""one-time form tokens

`form_submission`: the token of each form rendering whose action created a record (a transfer,
a return payment), so that the same form sent twice (a double click, a reload) records
nothing twice. A new, empty table: nothing existing changes.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 04:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "form_submission",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_submission")),
    )


def downgrade():
    op.drop_table("form_submission")
