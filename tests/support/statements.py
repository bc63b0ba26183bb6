"""Counting the SQL statements a piece of code sends (N+1 checks)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from grants.extensions import db

# The test's transaction machinery (tests/conftest.py), not the code under test.
_BOOKKEEPING = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN")


@contextmanager
def count_statements() -> Iterator[list[str]]:
    """The statements sent while the block runs (savepoints of the test's transaction left
    out), as a list filled in place."""
    statements: list[str] = []

    def listener(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(_BOOKKEEPING):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
