"""the audit log is read by time

`audit_entry.at` indexed: the administrators' log (/admin/audit) lists entries newest first and
filters them by a range of dates; without the index each page sorts the whole trail.

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-06 04:00:00
"""
from alembic import op

revision = "0020"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"])


def downgrade():
    op.drop_index("ix_audit_entry_at", table_name="audit_entry")
