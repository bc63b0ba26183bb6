"""organisations: NIP and KRS unique among verified organisations only; a name or legal form
asked for waits for verification

A rejected or pending registration no longer blocks another with the same NIP or KRS: the
unique constraints `uq_organisation_nip` / `uq_organisation_krs` become partial unique indexes
over the verified organisations (`WHERE status = 'verified'`, PostgreSQL and SQLite), with
plain indexes for lookups. Existing data already satisfies them (the numbers were unique).

`organisation.pending_name` / `pending_legal_form`: the name and legal form a verified
organisation asked for, applied when an officer verifies them; existing rows have none.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 03:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

VERIFIED = sa.text("status = 'verified'")


def upgrade():
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.add_column(sa.Column("pending_name", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("pending_legal_form", sa.String(length=30), nullable=True))
        batch_op.drop_constraint(op.f("uq_organisation_nip"), type_="unique")
        batch_op.drop_constraint(op.f("uq_organisation_krs"), type_="unique")
        batch_op.create_index(op.f("ix_organisation_nip"), ["nip"], unique=False)
        batch_op.create_index(op.f("ix_organisation_krs"), ["krs"], unique=False)
    op.create_index("uq_organisation_verified_nip", "organisation", ["nip"], unique=True,
                    sqlite_where=VERIFIED, postgresql_where=VERIFIED)
    op.create_index("uq_organisation_verified_krs", "organisation", ["krs"], unique=True,
                    sqlite_where=VERIFIED, postgresql_where=VERIFIED)


def downgrade():
    """Gives the unique constraints back: fails, as it should, while two registrations share
    a NIP or KRS (resolve them first)."""
    op.drop_index("uq_organisation_verified_krs", table_name="organisation")
    op.drop_index("uq_organisation_verified_nip", table_name="organisation")
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.drop_index(op.f("ix_organisation_krs"))
        batch_op.drop_index(op.f("ix_organisation_nip"))
        batch_op.create_unique_constraint(op.f("uq_organisation_nip"), ["nip"])
        batch_op.create_unique_constraint(op.f("uq_organisation_krs"), ["krs"])
        batch_op.drop_column("pending_legal_form")
        batch_op.drop_column("pending_name")
