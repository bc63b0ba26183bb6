"""single-use comment tokens; the draft contract PDF rendered once per content

`small_grant_comment_token`: the SHA-256 of the nonce of each public comment form's token that
was used (unique: a replay is refused on every app server), kept until the token expires.
`contract_draft_pdf`: the PDF of an unsigned contract version with the key of the content it
was rendered from, served until that content changes. Both tables start empty: existing data
is untouched.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 03:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "small_grant_comment_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["offer_id"], ["small_grant_offer.id"],
                                name=op.f("fk_small_grant_comment_token_offer_id_small_grant_offer"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_small_grant_comment_token")),
        sa.UniqueConstraint("digest", name=op.f("uq_small_grant_comment_token_digest")),
    )
    op.create_index(op.f("ix_small_grant_comment_token_offer_id"), "small_grant_comment_token",
                    ["offer_id"])
    op.create_index(op.f("ix_small_grant_comment_token_expires_at"),
                    "small_grant_comment_token", ["expires_at"])
    op.create_table(
        "contract_draft_pdf",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("content_key", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("rendered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["contract_version.id"],
                                name=op.f("fk_contract_draft_pdf_version_id_contract_version"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_draft_pdf")),
        sa.UniqueConstraint("version_id", name=op.f("uq_contract_draft_pdf_version_id")),
    )


def downgrade():
    op.drop_table("contract_draft_pdf")
    op.drop_index(op.f("ix_small_grant_comment_token_expires_at"),
                  table_name="small_grant_comment_token")
    op.drop_index(op.f("ix_small_grant_comment_token_offer_id"),
                  table_name="small_grant_comment_token")
    op.drop_table("small_grant_comment_token")
