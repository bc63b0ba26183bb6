"""The schema comes only from the migrations, and they produce exactly the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from grants.extensions import db


def test_migrations_match_models():
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "render_as_batch": True})
        diff = compare_metadata(ctx, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_schema_was_built_by_alembic():
    names = inspect(db.engine).get_table_names()
    assert "alembic_version" in names
    assert "offer_version" in names
