"""the accessibility statement, stored and edited by administrators

`accessibility_statement`: the facts of the statement required by the act of 4 April 2019 on
digital accessibility (body, dates of publication and update, status, what is not accessible
and why, how it was assessed, contact). Seeded with MOPS Sopot's values, marked for review
(`needs_review`): an administrator checks and saves them.

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-06 04:20:00
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0021"
branch_labels = None
depends_on = None

INACCESSIBLE = "\n".join([
    "Pliki PDF, DOCX, XLSX i skany dołączane do ofert i sprawozdań przez organizacje "
    "pozarządowe mogą nie mieć struktury, opisów obrazów ani tekstu – to treści wytworzone "
    "przez podmioty zewnętrzne, których ośrodek nie finansuje ani nie kontroluje "
    "(art. 3 ust. 2 ustawy).",
    "Skany podpisanych dokumentów (umowy, protokoły) opublikowane przed wdrożeniem systemu "
    "nie są dostępne cyfrowo – na wniosek udostępniamy je w formie dostępnej.",
])
ADDITIONAL = (
    "Ułatwienia: link pomijający menu na początku każdej strony, obsługa klawiaturą, wersja o wysokim kontraście "
    "i większy tekst (przyciski w nagłówku), wersja polska i angielska. "
    "Dostępność architektoniczna siedziby: do uzupełnienia przez ośrodek."
)


def upgrade():
    table = op.create_table(
        "accessibility_statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_name", sa.String(length=300), nullable=False),
        sa.Column("site_url", sa.String(length=300), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("updated_on", sa.Date(), nullable=False),
        sa.Column("prepared_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("inaccessible", sa.Text(), nullable=False),
        sa.Column("assessment", sa.String(length=20), nullable=False),
        sa.Column("assessed_by", sa.String(length=300), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=200), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("additional", sa.Text(), nullable=False),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("updated_on >= published_on",
                           name=op.f("ck_accessibility_statement_update_after_publication")),
        sa.CheckConstraint("status IN ('full', 'partial', 'none')",
                           name=op.f("ck_accessibility_statement_status_known")),
        sa.CheckConstraint("assessment IN ('self', 'third_party')",
                           name=op.f("ck_accessibility_statement_assessment_known")),
        sa.ForeignKeyConstraint(["changed_by_id"], ["user_account.id"],
                                name=op.f("fk_accessibility_statement_changed_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accessibility_statement")),
    )
    op.bulk_insert(table, [{
        "id": 1,
        "body_name": "Miejski Ośrodek Pomocy Społecznej w Sopocie",
        "site_url": "",
        "published_on": dt.date(2026, 12, 1),
        "updated_on": dt.date(2026, 12, 6),
        "prepared_on": dt.date(2026, 12, 6),
        "status": "partial",
        "inaccessible": INACCESSIBLE,
        "assessment": "self",
        "assessed_by": "",
        "contact_name": "Koordynator do spraw dostępności MOPS w Sopocie",
        "contact_email": "dostepnosc@mops.sopot.pl",
        "contact_phone": "58 551 17 10",
        "additional": ADDITIONAL,
        "needs_review": True,
        "changed_at": None,
        "changed_by_id": None,
    }])


def downgrade():
    op.drop_table("accessibility_statement")
