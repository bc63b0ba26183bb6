"""returns and settlement: the tax-arrears rates from 2024, the return account, settlements
without a final report, misuse parts per finding, revenues and bank interest spent

Schema:
- `organiser.return_account`, `organiser.return_title`: the account and the transfer title
  for returns of grants (the settlement page, its PDF and e-mail give them);
- `settlement.basis` (report / terminated / no_report) and `settlement.report_version_id`
  nullable: a contract terminated, or whose final report never came after the call
  (art. 18 ust. 3 UDPP), is settled from what is known;
- `return_part.misuse_finding_id`: a part returning one finding of control (misuse found
  after a settlement is a further part of it);
- `task_report_version.revenues_spent`, `bank_interest_spent`: what of the revenues and the
  bank interest was spent on the task (only the rest is returned).

Data: the tax-arrears interest rate (Ordynacja podatkowa art. 56 § 1: 200 % of the NBP
lombard rate + 2 pp, at least 8 %) in force on every day from 2024-01-01 to the last
decision checked. Each rate is in force from the day the Monetary Policy Council's resolution
changing the lombard rate entered into force (the day after the decision):

| from       | lombard | rate    | decision of the Council                                   |
|------------|---------|---------|-----------------------------------------------------------|
| 2023-10-05 | 6.25 %  | 14.50 % | 4 Oct 2023, -75 bp (in force on 1 Jan 2024; unchanged     |
|            |         |         | through 2024 and until May 2025)                          |
| 2025-05-08 | 5.75 %  | 13.50 % | 7 May 2025, -50 bp                                        |
| 2025-07-03 | 5.50 %  | 13.00 % | 2 Jul 2025, -25 bp                                        |
| 2025-09-04 | 5.25 %  | 12.50 % | 3 Sep 2025, -25 bp                                        |
| 2025-10-09 | 5.00 %  | 12.00 % | 8 Oct 2025, -25 bp                                        |
| 2025-11-06 | 4.75 %  | 11.50 % | 5 Nov 2025, -25 bp                                        |
| 2025-12-04 | 4.50 %  | 11.00 % | 3 Dec 2025, -25 bp                                        |
| 2026-03-05 | 4.25 %  | 10.50 % | 4 Mar 2026, -25 bp (Jan, Feb 2026: no change)             |

Sources checked: NBP/RPP press releases as reported by infor.pl ("Odsetki od zaległości
podatkowych ... zmiana od 4 grudnia", 2025-12-11: the six 2025 decisions with their dates of
entry into force, lombard 4.50 % from 2025-12-04), podatkowyreferat.online ("14,50% - stawka
odsetek za zwłokę od 5.10.2023 r."), businessinsider.com.pl (2025-05: lombard 5.75 %),
newsfin.pl (5 Nov 2025: lombard 4.75 %), infor.pl / dorzeczy.pl (January and February 2026:
rates unchanged, lombard 4.50 %), nowiny.press (March 2026: lombard 4.25 %, resolution in
force 5 March 2026) and the MPC release of 8-9 April 2026 (unchanged, lombard 4.25 %).
Decisions after April 2026 could not be checked against a source here: an administrator adds
any later rate on /admin/rates (each rate is a dated row; the table is the only place).

Rows the database already holds for a date keep their percent (an administrator may have
corrected one); the placeholder legal basis of revision 0002 ("stawka ilustracyjna -
uzupełnij") is replaced by the real one where the percent is the one above.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 00:30:00
"""
import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BASIS = "Ordynacja podatkowa art. 56 § 1: 200 % stopy lombardowej NBP ({lombard} %) + 2 pkt"
RATES = [
    (dt.date(2023, 10, 5), "6.25", "14.50"),
    (dt.date(2025, 5, 8), "5.75", "13.50"),
    (dt.date(2025, 7, 3), "5.50", "13.00"),
    (dt.date(2025, 9, 4), "5.25", "12.50"),
    (dt.date(2025, 10, 9), "5.00", "12.00"),
    (dt.date(2025, 11, 6), "4.75", "11.50"),
    (dt.date(2025, 12, 4), "4.50", "11.00"),
    (dt.date(2026, 3, 5), "4.25", "10.50"),
]
PLACEHOLDER = "stawka ilustracyjna - uzupełnij"

tax_arrears_rate = sa.table(
    "tax_arrears_rate",
    sa.column("id", sa.Integer), sa.column("effective_from", sa.Date),
    sa.column("percent", sa.Numeric(7, 4)), sa.column("legal_basis", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _now():
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    # SQLite keeps instants as naive UTC (grants.core.db.UTCDateTime)
    return now.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else now


def _seed_rates() -> None:
    conn = op.get_bind()
    existing = {r.effective_from: r for r in conn.execute(sa.select(
        tax_arrears_rate.c.id, tax_arrears_rate.c.effective_from,
        tax_arrears_rate.c.percent, tax_arrears_rate.c.legal_basis))}
    rows = []
    for day, lombard, percent in RATES:
        basis = BASIS.format(lombard=lombard.replace(".", ","))
        row = existing.get(day)
        if row is None:
            rows.append({"effective_from": day, "percent": Decimal(percent),
                         "legal_basis": basis, "created_at": _now()})
        elif row.legal_basis == PLACEHOLDER and Decimal(row.percent) == Decimal(percent):
            conn.execute(tax_arrears_rate.update().where(tax_arrears_rate.c.id == row.id)
                         .values(legal_basis=basis))
    if rows:
        op.bulk_insert(tax_arrears_rate, rows)


def upgrade():
    with op.batch_alter_table("organiser") as batch_op:
        batch_op.add_column(sa.Column("return_account", sa.String(length=40), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("return_title", sa.String(length=200), nullable=False,
                                      server_default=""))
    with op.batch_alter_table("organiser") as batch_op:
        batch_op.alter_column("return_account", existing_type=sa.String(length=40),
                              server_default=None)
        batch_op.alter_column("return_title", existing_type=sa.String(length=200),
                              server_default=None)
    with op.batch_alter_table("settlement") as batch_op:
        batch_op.add_column(sa.Column(
            "basis", sa.Enum("report", "terminated", "no_report", name="settlementbasis",
                             native_enum=False, create_constraint=True, length=20),
            nullable=False, server_default="report"))
        batch_op.alter_column("report_version_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("settlement") as batch_op:
        batch_op.alter_column("basis", existing_type=sa.String(length=20), server_default=None)
    with op.batch_alter_table("return_part") as batch_op:
        batch_op.add_column(sa.Column("misuse_finding_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_return_part_misuse_finding_id_control_misuse"),
                                    "control_misuse", ["misuse_finding_id"], ["id"],
                                    ondelete="SET NULL")
        batch_op.create_index(op.f("ix_return_part_misuse_finding_id"), ["misuse_finding_id"])
    with op.batch_alter_table("task_report_version") as batch_op:
        for name in ("revenues_spent", "bank_interest_spent"):
            batch_op.add_column(sa.Column(name, sa.Numeric(precision=14, scale=2),
                                          nullable=False, server_default="0"))
    with op.batch_alter_table("task_report_version") as batch_op:
        for name in ("revenues_spent", "bank_interest_spent"):
            batch_op.alter_column(name, existing_type=sa.Numeric(precision=14, scale=2),
                                  server_default=None)
    _seed_rates()


def downgrade():
    # The rates stay (revision 0002 allows any rows; an administrator may have built on them).
    with op.batch_alter_table("task_report_version") as batch_op:
        batch_op.drop_column("bank_interest_spent")
        batch_op.drop_column("revenues_spent")
    with op.batch_alter_table("return_part") as batch_op:
        batch_op.drop_index(op.f("ix_return_part_misuse_finding_id"))
        batch_op.drop_constraint(op.f("fk_return_part_misuse_finding_id_control_misuse"),
                                 type_="foreignkey")
        batch_op.drop_column("misuse_finding_id")
    conn = op.get_bind()
    settlement = sa.table("settlement", sa.column("basis"), sa.column("report_version_id"))
    if conn.scalar(sa.select(sa.func.count()).select_from(settlement)
                   .where(settlement.c.report_version_id.is_(None))):
        raise RuntimeError("settlements without a final report exist: revision 0005 cannot "
                           "hold them (delete them first)")
    with op.batch_alter_table("settlement") as batch_op:
        batch_op.alter_column("report_version_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(op.f("ck_settlement_settlementbasis"), type_="check")
        batch_op.drop_column("basis")
    with op.batch_alter_table("organiser") as batch_op:
        batch_op.drop_column("return_title")
        batch_op.drop_column("return_account")
