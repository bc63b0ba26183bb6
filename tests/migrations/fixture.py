"""Load a portable data fixture (tests/migrations/demo_<revision>.json) into a database whose
schema is at that revision.

The file: {"revision", "made_from", "tables": {name: {"columns": [...], "rows": [[...]]}}}.
Values: null, true/false, int and str as they are; {"d": "12.50"} Decimal, {"date": ISO} date,
{"dt": ISO with offset} aware instant, {"b64": ...} bytes, {"json": value} a JSON column.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.schema import sort_tables_and_constraints

FIXTURE_0001 = Path(__file__).with_name("demo_0001.json")


def read_fixture(path: str | Path = FIXTURE_0001) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def decode(value: Any, column: sa.Column) -> Any:
    """The Python value of an encoded fixture value, fitted to the reflected column type."""
    if not isinstance(value, dict):
        return value
    (tag, raw), = value.items()
    if tag == "d":
        return Decimal(raw)
    if tag == "date":
        return dt.date.fromisoformat(raw)
    if tag == "b64":
        return base64.b64decode(raw)
    if tag == "dt":
        instant = dt.datetime.fromisoformat(raw)
        if isinstance(column.type, sa.DateTime) and not column.type.timezone:
            return instant.astimezone(dt.UTC).replace(tzinfo=None)  # naive UTC (SQLite)
        return instant
    if tag == "json":
        return raw if isinstance(column.type, sa.JSON) else json.dumps(raw, ensure_ascii=False)
    raise ValueError(f"unknown fixture tag {tag!r} in {column}")


def _insert_order(meta: sa.MetaData) -> tuple[list[sa.Table], list[sa.ForeignKeyConstraint]]:
    """Tables parents first, and the foreign keys to fill in afterwards (self-references and
    cycles): their columns are inserted as NULL, then updated."""
    tables, later = [], []
    for table, constraints in sort_tables_and_constraints(list(meta.tables.values())):
        if table is None:
            later += constraints  # unresolvable cycles
            continue
        tables.append(table)
        later += [c for c in constraints if c.referred_table is table]
    return tables, later


def load_fixture(connection: sa.Connection, path: str | Path = FIXTURE_0001) -> dict[str, int]:
    """Insert the fixture's rows into the tables of the connected database (reflected; only
    the columns present in both), in the caller's transaction. Returns the rows per table."""
    tables_data = read_fixture(path)["tables"]
    meta = sa.MetaData()
    meta.reflect(bind=connection)
    order, later = _insert_order(meta)
    deferred = {(c.table.name, col.name) for c in later for col in c.columns if col.nullable}
    counts: dict[str, int] = {}
    updates: list[tuple[sa.Table, dict, dict]] = []
    for table in order:
        data = tables_data.get(table.name)
        if table.name == "alembic_version" or not data or not data["rows"]:
            continue
        names = [c for c in data["columns"] if c in table.columns]
        index = {c: data["columns"].index(c) for c in names}
        rows = []
        for raw in data["rows"]:
            row = {c: decode(raw[index[c]], table.columns[c]) for c in names}
            held = {c: row[c] for c in names if (table.name, c) in deferred and row[c] is not None}
            if held:
                row.update(dict.fromkeys(held))
                key = {c.name: row[c.name] for c in table.primary_key.columns}
                updates.append((table, key, held))
            rows.append(row)
        connection.execute(table.insert(), rows)
        counts[table.name] = len(rows)
    for table, key, held in updates:
        connection.execute(table.update().where(
            *[table.columns[k] == v for k, v in key.items()]).values(**held))
    if connection.dialect.name == "postgresql":
        for table in order:
            if "id" in table.columns and table.columns["id"].primary_key:
                connection.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), max(id)) "
                    f'FROM "{table.name}"'))
    return counts
