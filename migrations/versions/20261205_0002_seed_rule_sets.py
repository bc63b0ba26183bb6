"""seed the statutory rule set and the tax-arrears rate table

Data migration: `flask db upgrade` alone gives a working system. Every key of the dated rule
set gets its value as first enacted (in force from 2024-01-01) and the rate table its first
rows, unless the database already holds a row for that key or date (a database where
`flask rules load` was run at revision 0001 keeps what it has).

The values are written here, not imported from the application: a migration must give the
same result whatever the code looks like later. Administrators add later values on
/admin/rules and /admin/rates.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 09:30:00
"""
import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

EFFECTIVE_FROM = dt.date(2024, 1, 1)

RULES = [
    ("offer_min_days", "21", "UDPP art. 13 ust. 1"),
    ("report_days", "30", "UDPP art. 18 ust. 1"),
    ("partial_report_min_days", "30", "UDPP art. 18 ust. 2"),
    ("report_call_days", "7", "UDPP art. 18 ust. 3"),
    ("return_days", "15", "UFP art. 251 ust. 1, art. 252 ust. 1"),
    ("small_grant_max", "10000.00", "UDPP art. 19a ust. 1 pkt 1"),
    ("small_grant_max_days", "90", "UDPP art. 19a ust. 1 pkt 2"),
    ("small_grant_org_year_max", "20000.00", "UDPP art. 19a ust. 4"),
    ("small_grant_year_share", "20", "UDPP art. 19a ust. 5"),
    ("small_grant_publish_working_days", "7", "UDPP art. 19a ust. 3"),
    ("small_grant_comment_days", "7", "UDPP art. 19a ust. 3"),
    ("interest_floor", "8.70", "Ordynacja podatkowa art. 54 § 1 pkt 5"),
]

RATES = [
    (dt.date(2023, 10, 5), "14.50"),
    (dt.date(2025, 5, 8), "13.50"),
    (dt.date(2025, 7, 3), "13.00"),
    (dt.date(2025, 9, 4), "12.50"),
    (dt.date(2025, 10, 9), "12.00"),
]
RATE_BASIS = "stawka ilustracyjna - uzupełnij"

rule_value = sa.table(
    "rule_value",
    sa.column("key", sa.String), sa.column("value", sa.Numeric(14, 2)),
    sa.column("effective_from", sa.Date), sa.column("legal_basis", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
tax_arrears_rate = sa.table(
    "tax_arrears_rate",
    sa.column("effective_from", sa.Date), sa.column("percent", sa.Numeric(7, 4)),
    sa.column("legal_basis", sa.Text), sa.column("created_at", sa.DateTime(timezone=True)),
)


def _now():
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    # SQLite keeps instants as naive UTC (grants.core.db.UTCDateTime)
    return now.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else now


def upgrade():
    conn = op.get_bind()
    keys = set(conn.scalars(sa.select(rule_value.c.key).distinct()))
    rows = [{"key": key, "value": Decimal(value), "effective_from": EFFECTIVE_FROM,
             "legal_basis": basis, "created_at": _now()}
            for key, value, basis in RULES if key not in keys]
    if rows:
        op.bulk_insert(rule_value, rows)
    dates = set(conn.scalars(sa.select(tax_arrears_rate.c.effective_from)))
    rows = [{"effective_from": day, "percent": Decimal(pct), "legal_basis": RATE_BASIS,
             "created_at": _now()}
            for day, pct in RATES if day not in dates]
    if rows:
        op.bulk_insert(tax_arrears_rate, rows)


def downgrade():
    # The rows stay: revision 0001 allows them (`flask rules load` wrote the same rows), and
    # an administrator may have built on them. Nothing in the schema changed.
    pass
