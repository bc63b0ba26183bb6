"""a filed report version keeps its PDF

`task_report_version.pdf_file_id`: the PDF rendered at filing from the frozen content (like an
offer version's). Versions filed before this revision keep none; their PDF is rendered from
the frozen content when downloaded (nothing of a frozen row changes).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 01:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("task_report_version") as batch_op:
        batch_op.add_column(sa.Column("pdf_file_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_task_report_version_pdf_file_id_stored_file"), "stored_file",
            ["pdf_file_id"], ["id"])


def downgrade():
    with op.batch_alter_table("task_report_version") as batch_op:
        batch_op.drop_constraint(op.f("fk_task_report_version_pdf_file_id_stored_file"),
                                 type_="foreignkey")
        batch_op.drop_column("pdf_file_id")
