"""Upgrade a database holding the demo at revision 0001 (tests/migrations/demo_0001.json) to
head, on SQLite and - when DATABASE_URL points at PostgreSQL - on a fresh PostgreSQL database.

The test builds its own app and engine on its own database; the session app of conftest (and
its autouse fixture, which still runs around this test) are left alone.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.pool import NullPool

from grants import create_app
from grants.extensions import db
from tests.migrations.fixture import FIXTURE_0001, decode, load_fixture, read_fixture

# Its own app and database: the ORM session must be Flask-SQLAlchemy's own (conftest's rolled
# back session is bound to the suite's database).
pytestmark = pytest.mark.committing

DEMO_PASSWORD = "Demo-haslo-2026"

# Row counts at head of the tables a later revision changes (fills, empties, splits): a table
# not listed must hold exactly the fixture's rows at head (0 for a table the fixture does not
# know); a table dropped by a revision is not checked. Each data migration adds its facts here.
HEAD_ROW_COUNTS: dict[str, int] = {
    # 0006: the tax-arrears rates from 2024 (the fixture holds the first 5 of 8)
    "tax_arrears_rate": 8,
    # 0003: a procedure per competition (3) and per small-grant offer (10); the announcements
    # (3, one corrected: 4) and the published results and annulment (1 + 1); 1 document
    "procedure": 13, "publication": 6, "procedure_document": 1,
    # 0004: each small-grant offer (10) becomes an offer with one version, its rows (10 results,
    # 20 costs) move to the offers' tables
    "offer": 6 + 10, "offer_version": 8 + 10, "offer_result_row": 7 + 10,
    "offer_cost_item": 21 + 20,
    # 0009: one executive body (both organisers act for "Prezydent Miasta Sopotu")
    "executive_body": 1,
}


def expected_row_counts(fixture_counts: dict[str, int], head_tables: set[str]) -> dict[str, int]:
    return {t: HEAD_ROW_COUNTS.get(t, fixture_counts.get(t, 0)) for t in head_tables}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> Iterator[str]:
    """A fresh empty database: a temporary SQLite file, or a new PostgreSQL database on the
    server of DATABASE_URL (dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgrade.db'}"
        return
    server = sa.make_url(os.environ["DATABASE_URL"])
    if server.get_backend_name() != "postgresql":
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    name = f"grants_mig_{os.getpid()}_{secrets.token_hex(4)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _model_check_constraints() -> set[tuple[str, str]]:
    """(table, name) of every CHECK constraint the models declare (autogenerate does not
    compare CHECK constraints: a table rebuilt by a migration could silently lose one)."""
    return {(t.name, c.name) for t in db.metadata.sorted_tables for c in t.constraints
            if isinstance(c, sa.CheckConstraint)}


def _check_constraints(conn: sa.Connection) -> set[tuple[str, str]]:
    inspector = sa.inspect(conn)
    return {(t, c["name"]) for t in inspector.get_table_names() if t != "alembic_version"
            for c in inspector.get_check_constraints(t)}


# Tables a revision rewrote, and the columns that must hold the fixture's values again after
# downgrading to 0001 (ids a migration re-creates are left out).
DOWNGRADED: dict[str, tuple[str, ...]] = {
    "competition": ("id", "title", "published_bip_on", "published_board_on",
                    "published_website_on", "published_at"),
    "call_version": ("competition_id", "number", "published_at", "published_by_id", "reason",
                     "changes"),
    "call_document": ("id", "competition_id", "title", "stored_file_id"),
    "award_decision": ("id", "published_bip_on", "published_board_on", "published_website_on",
                       "published_at", "published_by_id"),
    "award_annulment": ("id", "published_bip_on", "published_board_on", "published_website_on"),
    "committee": ("id", "competition_id"),
    "scoring_closure": ("id", "competition_id", "committee_id"),
    "small_grant_offer": ("id", "number", "title", "description", "start_date",
                          "contact_email", "grant_requested", "total_cost", "declarations",
                          "filed_by_id", "content", "sha256"),
    "small_grant_result_row": ("offer_id", "position", "name", "target_value", "monitoring"),
    "small_grant_cost_item": ("offer_id", "position", "name", "unit", "unit_cost", "units",
                              "value", "grant_part"),
    "offer": ("id", "competition_id", "task_id", "number", "status"),
    "offer_version": ("id", "offer_id", "state", "title", "sha256"),
    "contract": ("id", "award_id", "small_grant_offer_id", "competition_id"),
}


def _frozen(value):
    return json.dumps(value, sort_keys=True) if isinstance(value, list | dict) else value


def _projection(conn: sa.Connection, table: str, columns: tuple[str, ...]) -> set[tuple]:
    t = sa.Table(table, sa.MetaData(), autoload_with=conn)
    return {tuple(_frozen(v) for v in row)
            for row in conn.execute(sa.select(*(t.c[c] for c in columns)))}


def _fixture_projection(conn, fixture: dict, table: str, columns: tuple[str, ...]) -> set[tuple]:
    t = sa.Table(table, sa.MetaData(), autoload_with=conn)
    return {tuple(_frozen(decode(row[c], t.c[c])) for c in columns)
            for row in _rows(fixture, table)}


def _row_counts(conn: sa.Connection, tables: set[str]) -> dict[str, int]:
    meta = sa.MetaData()
    meta.reflect(bind=conn, only=sorted(tables))
    return {t: conn.scalar(sa.select(sa.func.count()).select_from(meta.tables[t]))
            for t in tables}


def _rows(fixture: dict, table: str) -> list[dict]:
    data = fixture["tables"][table]
    return [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]


def _check_procedures(fixture: dict) -> None:
    """0003: publications, documents and committees moved onto procedures."""
    from grants.calls.models import Competition
    from grants.evaluation.models import Committee
    from grants.procedures.models import ProcedureKind, Subject
    from grants.smallgrants.models import SmallGrantOffer

    old = {r["id"]: r for r in _rows(fixture, "competition")}
    for competition in db.session.scalars(sa.select(Competition)):
        before = old[competition.id]
        procedure = competition.procedure
        assert procedure.kind == ProcedureKind.COMPETITION
        assert (procedure.title, procedure.reference) == (before["title"], before["reference"])
        announcement = competition.announcement
        assert announcement.bip_on.isoformat() == before["published_bip_on"]["date"]
        assert competition.last_publication_on == max(
            announcement.bip_on, announcement.board_on, announcement.website_on)
    versions = _rows(fixture, "call_version")
    assert sum(len(c.versions) for c in db.session.scalars(sa.select(Competition))) \
        == len(versions)
    corrected = next(v for v in versions if v["number"] == 2)
    correction = db.session.get(Competition, corrected["competition_id"]).versions[1]
    assert correction.reason == corrected["reason"]
    assert correction.changes == corrected["changes"]["json"]
    decision = _rows(fixture, "award_decision")[0]
    results = db.session.get(Competition, decision["competition_id"]).procedure.first(
        Subject.RESULTS)
    assert results.website_on.isoformat() == decision["published_website_on"]["date"]
    committee_row = _rows(fixture, "committee")[0]
    committee = db.session.scalar(sa.select(Committee))
    assert committee.competition.id == committee_row["competition_id"]
    for offer in db.session.scalars(sa.select(SmallGrantOffer)):
        assert offer.procedure.kind == ProcedureKind.SMALL_GRANT
        assert offer.procedure.organiser_id == offer.organiser_id


def _check_contracts(fixture: dict) -> None:
    """0005: a contract names its procedure - the competition's for an award, the offer's own
    for a small grant; versions signed before 0005 have no content hash."""
    from grants.calls.models import Competition
    from grants.contracts.models import Contract, ContractVersion
    from grants.procedures.models import ProcedureKind
    from grants.smallgrants.models import SmallGrantOffer

    old = {r["id"]: r for r in _rows(fixture, "contract")}
    kinds = set()
    for contract in db.session.scalars(sa.select(Contract)):
        before = old[contract.id]
        kinds.add(contract.procedure.kind)
        if before["competition_id"] is not None:
            competition = db.session.get(Competition, before["competition_id"])
            assert contract.procedure_id == competition.procedure_id
            assert contract.procedure.kind == ProcedureKind.COMPETITION
        else:
            offer = db.session.get(SmallGrantOffer, before["small_grant_offer_id"])
            assert contract.procedure_id == offer.procedure_id
            assert contract.procedure.kind == ProcedureKind.SMALL_GRANT
    assert ProcedureKind.SMALL_GRANT in kinds
    assert all(v.content_sha256 is None for v in db.session.scalars(sa.select(ContractVersion)))


def _check_small_grants_on_offers(fixture: dict) -> None:
    """0004: each small-grant offer's content is an offer (no competition) with one version."""
    from grants.documents.filing import content_sha256
    from grants.offers.models import VersionState
    from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus

    old = {r["id"]: r for r in _rows(fixture, "small_grant_offer")}
    costs = _rows(fixture, "small_grant_cost_item")
    for sg in db.session.scalars(sa.select(SmallGrantOffer)):
        before = old[sg.id]
        offer = sg.offer
        assert offer.competition_id is None and offer.procedure_id == sg.procedure_id
        assert offer.organisation_id == sg.organisation_id
        assert [v.number for v in offer.versions] == [1]
        assert (sg.title, sg.description) == (before["title"], before["description"])
        assert str(sg.grant_requested) == before["grant_requested"]["d"]
        assert [c.name for c in sg.cost_items] == [
            c["name"] for c in sorted(costs, key=lambda c: c["position"])
            if c["offer_id"] == sg.id]
        assert sum(c.grant_part for c in sg.cost_items) == sg.grant_requested
        if sg.status == SmallGrantStatus.DRAFT:
            assert sg.version.state == VersionState.DRAFT and sg.sha256 is None
        else:
            assert sg.sha256 == before["sha256"] == content_sha256(sg.content)
            assert sg.version.state == (VersionState.WITHDRAWN
                                        if sg.status == SmallGrantStatus.WITHDRAWN
                                        else VersionState.FILED)
            assert offer.number == sg.number and offer.filed_at == sg.received_at


def _check_contract_parties_and_mode() -> None:
    """0008: no joint offerors in the demo's contracts; a small-grant offer declares the form
    of its contract; a draft contract from a competition has the competition's mode."""
    from grants.contracts.models import Contract, ContractStatus, ContractVersion
    from grants.smallgrants.models import SmallGrantOffer

    assert all(v.joint_parties == [] for v in db.session.scalars(sa.select(ContractVersion)))
    modes = {sg.id: sg.mode for sg in db.session.scalars(sa.select(SmallGrantOffer))}
    assert set(modes.values()) <= {"wspieranie", "powierzenie"}
    for contract in db.session.scalars(sa.select(Contract)):
        if contract.small_grant_offer_id is not None:
            assert modes[contract.small_grant_offer_id] == contract.mode
        elif contract.status == ContractStatus.DRAFT:
            assert contract.mode == contract.award.offer.competition.mode.value


def _check_executive_bodies() -> None:
    """0009: MOPS and the city office act for one body, which holds the yearly plans; a small
    grant filed on 5.12.2026 for a task of 2027 counts in 2027."""
    from grants.organisers.models import Organiser
    from grants.smallgrants.models import SmallGrantOffer, SmallGrantYearPlan

    bodies = {o.short_name: o.executive_body.name for o in db.session.scalars(
        sa.select(Organiser))}
    assert bodies == {"MOPS Sopot": "Prezydent Miasta Sopotu",
                      "UM Sopot": "Prezydent Miasta Sopotu"}
    plans = db.session.scalars(sa.select(SmallGrantYearPlan)).all()
    assert sorted((p.executive_body.name, p.year) for p in plans) == [
        ("Prezydent Miasta Sopotu", 2026), ("Prezydent Miasta Sopotu", 2028)]
    years = dict(db.session.execute(sa.select(SmallGrantOffer.number,
                                              SmallGrantOffer.award_year)).all())
    assert years["MOPS Sopot/MG/2026/1"] == 2026 and years["MOPS Sopot/MG/2026/3"] == 2027
    assert years["MOPS Sopot/MG/2028/4"] == 2028 and years[None] is None


def _check_semantics(fixture: dict) -> None:
    """A few facts of the demo read through the models at head."""
    _check_procedures(fixture)
    _check_contracts(fixture)
    _check_small_grants_on_offers(fixture)
    _check_contract_parties_and_mode()
    _check_executive_bodies()
    from grants.auth.services import authenticate, create_user
    from grants.calls.models import Competition
    from grants.contracts.models import Contract

    titles = set(db.session.scalars(sa.select(Competition.title)))
    for prefix in ("Schronienie, noclegownia, ogrzewalnia", "Wsparcie seniorów",
                   "Poradnictwo specjalistyczne"):
        assert any(t.startswith(prefix) for t in titles), (prefix, titles)
    contracts = list(db.session.scalars(sa.select(Contract)))
    assert contracts
    for contract in contracts:
        assert contract.organisation is not None and contract.organisation.name
        assert contract.organiser is not None
    users = fixture["tables"]["user_account"]
    # 0012: accounts made before addresses were confirmed count as confirmed
    assert db.session.scalar(sa.select(sa.func.count()).select_from(sa.table(
        "user_account", sa.column("email_verified_at"))).where(
        sa.column("email_verified_at").is_(None))) == 0
    email = users["columns"].index("email")
    for row in users["rows"]:
        assert authenticate(row[email].upper(), DEMO_PASSWORD).email == row[email]
    newcomer = create_user(email="nowe-konto@example.org", full_name="Nowe Konto",
                           password=DEMO_PASSWORD)  # the id sequences follow the loaded rows
    assert newcomer.id > max(row[users["columns"].index("id")] for row in users["rows"])
    db.session.rollback()


def test_demo_0001_upgrades_to_head(database_url):
    fixture = read_fixture(FIXTURE_0001)
    assert fixture["revision"] == "0001"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True,
                      "MAIL_BACKEND": "none"})
    with app.app_context():
        try:
            flask_migrate.upgrade(revision="0001")
            with db.engine.begin() as conn:
                loaded = load_fixture(conn, FIXTURE_0001)
            assert loaded == {t: len(d["rows"]) for t, d in fixture["tables"].items()
                              if d["rows"]}
            flask_migrate.upgrade()

            with db.engine.connect() as conn:
                ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                             "render_as_batch": True})
                diff = compare_metadata(ctx, db.metadata)
                assert diff == [], f"models and upgraded schema differ: {diff}"
                assert _check_constraints(conn) == _model_check_constraints()
                head_tables = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
                assert _row_counts(conn, head_tables) == expected_row_counts(loaded,
                                                                             head_tables)
            _check_semantics(fixture)

            flask_migrate.downgrade(revision="0001")  # every downgrade() gives the data back
            with db.engine.connect() as conn:
                for table, columns in DOWNGRADED.items():
                    assert _projection(conn, table, columns) == _fixture_projection(
                        conn, fixture, table, columns), table
        finally:
            db.session.remove()
            db.engine.dispose()
