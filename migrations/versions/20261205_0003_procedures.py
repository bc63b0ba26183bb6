"""procedures: what committees, publications and documents attach to

Every competition and every small-grant offer becomes a `procedure` (kind, organiser,
reference, title) with a one-to-one `procedure_id`. What a procedure publishes moves to
`publication` (channel dates, the day it counts from, what was published and what changed):
the announcement and its corrections (was call_version and competition.published_*_on), the
results (was award_decision.published_*), the annulment (was award_annulment.published_*_on).
The documents of a competition move to `procedure_document` (was call_document). The
committee attaches to the procedure (was committee.competition_id); scoring_closure keeps
only its committee.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 12:35:16
"""
import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

WARSAW = ZoneInfo("Europe/Warsaw")
CHANNELS = ("bip_on", "board_on", "website_on")
T = sa.DateTime(timezone=True)


def _t(name, *columns):
    return sa.table(name, *[sa.column(c) if isinstance(c, str) else c for c in columns])


procedure = _t("procedure", "id", "kind", "organiser_id", "reference", "title",
               sa.column("created_at", T))
publication = _t("publication", "id", "procedure_id", "subject", "number", *CHANNELS,
                 "published_on", sa.column("published_at", T), "published_by_id", "reason",
                 sa.column("snapshot", sa.JSON), sa.column("changes", sa.JSON))
procedure_document = _t("procedure_document", "id", "procedure_id", "title", "stored_file_id",
                        sa.column("added_at", T), "added_by_id")
competition = _t("competition", "id", "procedure_id", "organiser_id", "reference", "title",
                 sa.column("created_at", T), sa.column("published_at", T),
                 *[f"published_{c}" for c in CHANNELS], "created_by_id")
small_grant_offer = _t("small_grant_offer", "id", "procedure_id", "organiser_id", "number",
                       "title", sa.column("created_at", T))
call_version = _t("call_version", "id", "competition_id", "number",
                  sa.column("published_at", T), "published_by_id", "reason",
                  sa.column("snapshot", sa.JSON), sa.column("changes", sa.JSON))
call_document = _t("call_document", "id", "competition_id", "title", "stored_file_id")
stored_file = _t("stored_file", "id", sa.column("created_at", T), "created_by_id")
award_decision = _t("award_decision", "id", "competition_id", *[f"published_{c}" for c in CHANNELS],
                    sa.column("published_at", T), "published_by_id")
award_annulment = _t("award_annulment", "id", "competition_id",
                     *[f"published_{c}" for c in CHANNELS], sa.column("confirmed_at", T),
                     "confirmed_by_id")
committee = _t("committee", "id", "competition_id", "procedure_id")
scoring_closure = _t("scoring_closure", "id", "committee_id", "competition_id")


def _utc(value):
    """An instant as read: aware on PostgreSQL, naive UTC on SQLite."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _local_day(value) -> dt.date:
    return _utc(value).astimezone(WARSAW).date()


def _last_day(row, prefix: str = "published_"):
    days = [row[f"{prefix}{c}"] for c in CHANNELS]
    return max(days) if all(d is not None for d in days) else None


def _create_tables():
    op.create_table(
        "procedure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("competition", "small_grant", "procurement",
                                  name="procedurekind", native_enum=False,
                                  create_constraint=True, length=20), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organiser_id"], ["organiser.id"],
                                name=op.f("fk_procedure_organiser_id_organiser")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure")),
    )
    op.create_index(op.f("ix_procedure_organiser_id"), "procedure", ["organiser_id"])
    op.create_table(
        "procedure_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["added_by_id"], ["user_account.id"],
                                name=op.f("fk_procedure_document_added_by_id_user_account")),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedure.id"],
                                name=op.f("fk_procedure_document_procedure_id_procedure"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["stored_file_id"], ["stored_file.id"],
                                name=op.f("fk_procedure_document_stored_file_id_stored_file")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_document")),
    )
    op.create_index(op.f("ix_procedure_document_procedure_id"), "procedure_document",
                    ["procedure_id"])
    op.create_table(
        "publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.Enum("announcement", "results", "annulment", "offer", "notice",
                                     name="subject", native_enum=False, create_constraint=True,
                                     length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("bip_on", sa.Date(), nullable=True),
        sa.Column("board_on", sa.Date(), nullable=True),
        sa.Column("website_on", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_publication_number_positive")),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedure.id"],
                                name=op.f("fk_publication_procedure_id_procedure"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["published_by_id"], ["user_account.id"],
                                name=op.f("fk_publication_published_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication")),
        sa.UniqueConstraint("procedure_id", "subject", "number",
                            name=op.f("uq_publication_procedure_id_subject_number")),
    )
    op.create_index(op.f("ix_publication_procedure_id"), "publication", ["procedure_id"])


def _new_procedure(conn, kind, organiser_id, reference, title, created_at) -> int:
    return conn.execute(procedure.insert().values(
        kind=kind, organiser_id=organiser_id, reference=reference or "", title=title or "",
        created_at=created_at).returning(procedure.c.id)).scalar_one()


def _publish(conn, procedure_id, subject, number, *, channels, published_on, published_at,
             published_by_id, reason="", snapshot=None, changes=()):
    conn.execute(publication.insert().values(
        procedure_id=procedure_id, subject=subject, number=number, **channels,
        published_on=published_on, published_at=published_at,
        published_by_id=published_by_id, reason=reason or "", snapshot=snapshot,
        changes=list(changes or [])))


def _move_competitions(conn) -> dict[int, int]:
    """Each competition's procedure, announcement (and corrections) and documents."""
    procedures = {}
    rows = conn.execute(sa.select(competition).order_by(competition.c.id)).mappings().all()
    for c in rows:
        pid = _new_procedure(conn, "competition", c["organiser_id"], c["reference"],
                             c["title"], c["created_at"])
        procedures[c["id"]] = pid
        conn.execute(competition.update().where(competition.c.id == c["id"])
                     .values(procedure_id=pid))
        versions = conn.execute(sa.select(call_version)
                                .where(call_version.c.competition_id == c["id"])
                                .order_by(call_version.c.number)).mappings().all()
        first_day = _last_day(c)
        if c["published_at"] is not None and not any(v["number"] == 1 for v in versions):
            versions = [{"number": 1, "published_at": c["published_at"],
                         "published_by_id": c["created_by_id"], "reason": "",
                         "snapshot": None, "changes": []}, *versions]
        for v in versions:
            first = v["number"] == 1
            _publish(conn, pid, "announcement", v["number"],
                     channels={k: c[f"published_{k}"] if first else None for k in CHANNELS},
                     published_on=(first_day if first and first_day
                                   else _local_day(v["published_at"])),
                     published_at=v["published_at"], published_by_id=v["published_by_id"],
                     reason=v["reason"], snapshot=v["snapshot"], changes=v["changes"])
    return procedures


def _move_documents(conn, procedures: dict[int, int]) -> None:
    rows = conn.execute(
        sa.select(call_document, stored_file.c.created_at, stored_file.c.created_by_id)
        .join(stored_file, stored_file.c.id == call_document.c.stored_file_id)
        .order_by(call_document.c.id)).mappings().all()
    for d in rows:
        conn.execute(procedure_document.insert().values(
            id=d["id"], procedure_id=procedures[d["competition_id"]], title=d["title"],
            stored_file_id=d["stored_file_id"], added_at=d["created_at"],
            added_by_id=d["created_by_id"]))


def _move_results(conn, procedures: dict[int, int]) -> None:
    for d in conn.execute(sa.select(award_decision)
                          .where(award_decision.c.published_at.is_not(None))).mappings():
        _publish(conn, procedures[d["competition_id"]], "results", 1,
                 channels={k: d[f"published_{k}"] for k in CHANNELS},
                 published_on=_last_day(d) or _local_day(d["published_at"]),
                 published_at=d["published_at"], published_by_id=d["published_by_id"])
    for a in conn.execute(sa.select(award_annulment)).mappings():
        _publish(conn, procedures[a["competition_id"]], "annulment", 1,
                 channels={k: a[f"published_{k}"] for k in CHANNELS},
                 published_on=_last_day(a) or _local_day(a["confirmed_at"]),
                 published_at=a["confirmed_at"], published_by_id=a["confirmed_by_id"])


def _move_small_grants(conn) -> None:
    for s in conn.execute(sa.select(small_grant_offer)
                          .order_by(small_grant_offer.c.id)).mappings().all():
        pid = _new_procedure(conn, "small_grant", s["organiser_id"], s["number"], s["title"],
                             s["created_at"])
        conn.execute(small_grant_offer.update().where(small_grant_offer.c.id == s["id"])
                     .values(procedure_id=pid))


def _move_committees(conn, procedures: dict[int, int]) -> None:
    for row in conn.execute(sa.select(committee.c.id, committee.c.competition_id)).all():
        conn.execute(committee.update().where(committee.c.id == row.id)
                     .values(procedure_id=procedures[row.competition_id]))


def upgrade():
    _create_tables()
    for table in ("competition", "small_grant_offer", "committee"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("procedure_id", sa.Integer(), nullable=True))
    conn = op.get_bind()
    procedures = _move_competitions(conn)
    _move_documents(conn, procedures)
    _move_results(conn, procedures)
    _move_small_grants(conn)
    _move_committees(conn, procedures)
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('procedure_document', 'id'),"
                             " coalesce(max(id), 0) + 1, false) FROM procedure_document"))

    op.drop_index(op.f("ix_call_version_competition_id"), table_name="call_version")
    op.drop_table("call_version")
    op.drop_index(op.f("ix_call_document_competition_id"), table_name="call_document")
    op.drop_table("call_document")
    with op.batch_alter_table("award_annulment") as batch_op:
        for c in CHANNELS:
            batch_op.drop_column(f"published_{c}")
    with op.batch_alter_table("award_decision") as batch_op:
        batch_op.drop_constraint(op.f("ck_award_decision_published_has_dates"), type_="check")
        batch_op.drop_constraint(op.f("fk_award_decision_published_by_id_user_account"),
                                 type_="foreignkey")
        for c in ("published_bip_on", "published_board_on", "published_website_on",
                  "published_at", "published_by_id"):
            batch_op.drop_column(c)
    with op.batch_alter_table("committee") as batch_op:
        batch_op.drop_constraint(op.f("uq_committee_competition_id"), type_="unique")
        batch_op.drop_constraint(op.f("fk_committee_competition_id_competition"),
                                 type_="foreignkey")
        batch_op.drop_column("competition_id")
        batch_op.alter_column("procedure_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_committee_procedure_id"), ["procedure_id"])
        batch_op.create_foreign_key(op.f("fk_committee_procedure_id_procedure"), "procedure",
                                    ["procedure_id"], ["id"], ondelete="CASCADE")
    with op.batch_alter_table("competition") as batch_op:
        batch_op.alter_column("procedure_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_competition_procedure_id"), ["procedure_id"])
        batch_op.create_foreign_key(op.f("fk_competition_procedure_id_procedure"), "procedure",
                                    ["procedure_id"], ["id"])
        for c in CHANNELS:
            batch_op.drop_column(f"published_{c}")
    with op.batch_alter_table("scoring_closure") as batch_op:
        batch_op.drop_constraint(op.f("uq_scoring_closure_competition_id"), type_="unique")
        batch_op.drop_constraint(op.f("fk_scoring_closure_competition_id_competition"),
                                 type_="foreignkey")
        batch_op.drop_column("competition_id")
    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.alter_column("procedure_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(op.f("uq_small_grant_offer_procedure_id"),
                                          ["procedure_id"])
        batch_op.create_foreign_key(op.f("fk_small_grant_offer_procedure_id_procedure"),
                                    "procedure", ["procedure_id"], ["id"])


# ---------------------------------------------------------------- downgrade

def _restore_columns():
    with op.batch_alter_table("award_annulment") as batch_op:
        for c in CHANNELS:
            batch_op.add_column(sa.Column(f"published_{c}", sa.Date(), nullable=True))
    with op.batch_alter_table("award_decision") as batch_op:
        for c in CHANNELS:
            batch_op.add_column(sa.Column(f"published_{c}", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("published_by_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("competition") as batch_op:
        for c in CHANNELS:
            batch_op.add_column(sa.Column(f"published_{c}", sa.Date(), nullable=True))
    for table in ("committee", "scoring_closure"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("competition_id", sa.Integer(), nullable=True))
    op.create_table(
        "call_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competition_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["competition_id"], ["competition.id"],
                                name=op.f("fk_call_version_competition_id_competition"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["published_by_id"], ["user_account.id"],
                                name=op.f("fk_call_version_published_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_version")),
        sa.UniqueConstraint("competition_id", "number",
                            name=op.f("uq_call_version_competition_id_number")),
    )
    op.create_index(op.f("ix_call_version_competition_id"), "call_version", ["competition_id"])
    op.create_table(
        "call_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competition_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("stored_file_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["competition_id"], ["competition.id"],
                                name=op.f("fk_call_document_competition_id_competition"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["stored_file_id"], ["stored_file.id"],
                                name=op.f("fk_call_document_stored_file_id_stored_file")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_document")),
    )
    op.create_index(op.f("ix_call_document_competition_id"), "call_document",
                    ["competition_id"])


def _copy_back(conn) -> None:
    competitions = {r.procedure_id: r.id for r in conn.execute(
        sa.select(competition.c.id, competition.c.procedure_id))}
    for p in conn.execute(sa.select(publication).order_by(publication.c.id)).mappings().all():
        cid = competitions.get(p["procedure_id"])
        if cid is None:
            continue
        dates = {f"published_{c}": p[c] for c in CHANNELS}
        if p["subject"] == "announcement":
            if p["number"] == 1:
                conn.execute(competition.update().where(competition.c.id == cid).values(**dates))
            conn.execute(call_version.insert().values(
                competition_id=cid, number=p["number"], published_at=p["published_at"],
                published_by_id=p["published_by_id"], reason=p["reason"],
                snapshot=p["snapshot"] or {}, changes=p["changes"] or []))
        elif p["subject"] == "results":
            conn.execute(award_decision.update().where(award_decision.c.competition_id == cid)
                         .values(**dates, published_at=p["published_at"],
                                 published_by_id=p["published_by_id"]))
        elif p["subject"] == "annulment":
            conn.execute(award_annulment.update()
                         .where(award_annulment.c.competition_id == cid).values(**dates))
    for d in conn.execute(sa.select(procedure_document)).mappings().all():
        if d["procedure_id"] in competitions:
            conn.execute(call_document.insert().values(
                id=d["id"], competition_id=competitions[d["procedure_id"]], title=d["title"],
                stored_file_id=d["stored_file_id"]))
    for row in conn.execute(sa.select(committee.c.id, committee.c.procedure_id)).all():
        conn.execute(committee.update().where(committee.c.id == row.id)
                     .values(competition_id=competitions[row.procedure_id]))
        conn.execute(scoring_closure.update().where(scoring_closure.c.committee_id == row.id)
                     .values(competition_id=competitions[row.procedure_id]))


def downgrade():
    _restore_columns()
    conn = op.get_bind()
    _copy_back(conn)
    with op.batch_alter_table("small_grant_offer") as batch_op:
        batch_op.drop_constraint(op.f("fk_small_grant_offer_procedure_id_procedure"),
                                 type_="foreignkey")
        batch_op.drop_constraint(op.f("uq_small_grant_offer_procedure_id"), type_="unique")
        batch_op.drop_column("procedure_id")
    with op.batch_alter_table("scoring_closure") as batch_op:
        batch_op.alter_column("competition_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f("fk_scoring_closure_competition_id_competition"),
                                    "competition", ["competition_id"], ["id"],
                                    ondelete="CASCADE")
        batch_op.create_unique_constraint(op.f("uq_scoring_closure_competition_id"),
                                          ["competition_id"])
    with op.batch_alter_table("competition") as batch_op:
        batch_op.drop_constraint(op.f("fk_competition_procedure_id_procedure"),
                                 type_="foreignkey")
        batch_op.drop_constraint(op.f("uq_competition_procedure_id"), type_="unique")
        batch_op.drop_column("procedure_id")
    with op.batch_alter_table("committee") as batch_op:
        batch_op.drop_constraint(op.f("fk_committee_procedure_id_procedure"), type_="foreignkey")
        batch_op.drop_constraint(op.f("uq_committee_procedure_id"), type_="unique")
        batch_op.drop_column("procedure_id")
        batch_op.alter_column("competition_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(op.f("fk_committee_competition_id_competition"),
                                    "competition", ["competition_id"], ["id"],
                                    ondelete="CASCADE")
        batch_op.create_unique_constraint(op.f("uq_committee_competition_id"),
                                          ["competition_id"])
    with op.batch_alter_table("award_decision") as batch_op:
        batch_op.create_foreign_key(op.f("fk_award_decision_published_by_id_user_account"),
                                    "user_account", ["published_by_id"], ["id"])
        batch_op.create_check_constraint(
            op.f("ck_award_decision_published_has_dates"),
            "published_at IS NULL OR (published_bip_on IS NOT NULL AND "
            "published_board_on IS NOT NULL AND published_website_on IS NOT NULL)")
    with op.batch_alter_table("award_annulment") as batch_op:
        for c in CHANNELS:
            batch_op.alter_column(f"published_{c}", existing_type=sa.Date(), nullable=False)
    op.drop_index(op.f("ix_publication_procedure_id"), table_name="publication")
    op.drop_table("publication")
    op.drop_index(op.f("ix_procedure_document_procedure_id"), table_name="procedure_document")
    op.drop_table("procedure_document")
    op.drop_index(op.f("ix_procedure_organiser_id"), table_name="procedure")
    op.drop_table("procedure")
