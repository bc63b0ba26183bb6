"""the committee's scoring opens with the first declaration; its thresholds are fixed then

`committee.scoring_opened_at`: when the first member signed the declaration of impartiality
(from then on members read and score offers). The disagreement, deviation and justification
thresholds cannot change afterwards: moved while scoring is open, they let whoever reads the
flags recover the spread of the members' totals by bisection (issue 10). A committee with
signed declarations gets the earliest signing time.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 04:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("committee") as batch_op:
        batch_op.add_column(sa.Column("scoring_opened_at", sa.DateTime(timezone=True),
                                      nullable=True))
    op.execute(
        "UPDATE committee SET scoring_opened_at = ("
        " SELECT MIN(d.signed_at) FROM committee_declaration d"
        " JOIN committee_member m ON m.id = d.member_id"
        " WHERE m.committee_id = committee.id)")


def downgrade():
    with op.batch_alter_table("committee") as batch_op:
        batch_op.drop_column("scoring_opened_at")
