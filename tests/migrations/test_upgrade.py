"""Upgrade a database holding the demo at revision 0001 (tests/migrations/demo_0001.json) to
head, on SQLite and - when DATABASE_URL points at PostgreSQL - on a fresh PostgreSQL database.

The test builds its own app and engine on its own database; the session app of conftest (and
its autouse fixture, which still runs around this test) are left alone.
"""

from __future__ import annotations

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
from tests.migrations.fixture import FIXTURE_0001, load_fixture, read_fixture

# Its own app and database: the ORM session must be Flask-SQLAlchemy's own (conftest's rolled
# back session is bound to the suite's database).
pytestmark = pytest.mark.committing

DEMO_PASSWORD = "Demo-haslo-2026"

# Row counts at head of the tables a later revision changes (fills, empties, splits): a table
# not listed must hold exactly the fixture's rows at head (0 for a table the fixture does not
# know); a table dropped by a revision is not checked. Each data migration adds its facts here.
HEAD_ROW_COUNTS: dict[str, int] = {}


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


def _row_counts(conn: sa.Connection, tables: set[str]) -> dict[str, int]:
    meta = sa.MetaData()
    meta.reflect(bind=conn, only=sorted(tables))
    return {t: conn.scalar(sa.select(sa.func.count()).select_from(meta.tables[t]))
            for t in tables}


def _check_semantics(fixture: dict) -> None:
    """A few facts of the demo read through the models at head."""
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
                head_tables = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
                assert _row_counts(conn, head_tables) == expected_row_counts(loaded,
                                                                             head_tables)
            _check_semantics(fixture)
        finally:
            db.session.remove()
            db.engine.dispose()
