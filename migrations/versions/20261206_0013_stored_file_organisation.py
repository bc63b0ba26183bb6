"""stored files know the organisation whose upload they are (its quota counts them)

`stored_file.organisation_id` (indexed): set for an organisation's uploads (offer
attachments), NULL for PDFs the system makes and for staff uploads. Existing attachments get
the organisation of their offer. A content type a client gave that is not one of the known
document types (text/html, image/svg+xml ...) is replaced by application/octet-stream, so that
no stored file is served as something a browser runs.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 03:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

KNOWN = (
    "application/pdf",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/msword",
    "application/vnd.ms-excel",
    "image/jpeg",
    "image/png",
)


def upgrade():
    with op.batch_alter_table("stored_file") as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_stored_file_organisation_id_organisation"), "organisation",
            ["organisation_id"], ["id"])
        batch_op.create_index(op.f("ix_stored_file_organisation_id"), ["organisation_id"])
    op.execute(
        "UPDATE stored_file SET organisation_id = ("
        " SELECT offer.organisation_id FROM offer_attachment"
        " JOIN offer_version ON offer_version.id = offer_attachment.version_id"
        " JOIN offer ON offer.id = offer_version.offer_id"
        " WHERE offer_attachment.stored_file_id = stored_file.id"
        " ORDER BY offer_attachment.id LIMIT 1)"
        " WHERE organisation_id IS NULL")
    stored = sa.table("stored_file", sa.column("content_type", sa.String))
    op.execute(stored.update().where(stored.c.content_type.not_in(KNOWN))
               .values(content_type="application/octet-stream"))


def downgrade():
    with op.batch_alter_table("stored_file") as batch_op:
        batch_op.drop_index(op.f("ix_stored_file_organisation_id"))
        batch_op.drop_constraint(op.f("fk_stored_file_organisation_id_organisation"),
                                 type_="foreignkey")
        batch_op.drop_column("organisation_id")
