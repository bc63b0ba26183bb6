"""Test fixtures: one app per session on the database of DATABASE_URL (SQLite by default),
schema and rule sets built by the migrations (`flask db upgrade`), a local SMTP sink.

Isolation: each test runs inside one transaction on one connection that is rolled back at the
end; the sessions of the test and of every request it makes join it through SAVEPOINTs, so a
`commit()` in a view commits the savepoint only. Tests that need real commits - another thread
or process reads the data (the browser's live server, concurrent sessions on PostgreSQL) -
are marked `committing` (browser and postgres tests are, automatically): their tables are
emptied afterwards instead. Data all tests of a module read are built once per module
(`module_data`; the `world` fixture is, except in modules with committing tests): the
module's transaction is the outer one, and each test gets a SAVEPOINT of it. Tests of pure rules are marked `pure`: they run without an
application context, and any use of the database session fails them.
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
from contextlib import contextmanager, nullcontext
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import text
from sqlalchemy.orm import scoped_session, sessionmaker

_TMP = tempfile.mkdtemp(prefix="grants-test-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_TMP}/test.db")
os.environ["GRANTS_ENV"] = "testing"

from config import TestConfig  # noqa: E402
from grants import create_app  # noqa: E402
from grants.core import clock  # noqa: E402
from grants.extensions import db, limiter  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Sink:
    def __init__(self):
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        msg = message_from_bytes(envelope.content, policy=default_policy)
        with self.lock:
            self.messages.append(msg)
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_sink():
    sink = _Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture(scope="session")
def app(smtp_sink):
    class Cfg(TestConfig):
        SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
        MAIL_PORT = smtp_sink.port
        MAIL_SERVER = "127.0.0.1"
        SERVER_NAME = "localhost"

    application = create_app(Cfg)
    with application.app_context():
        from flask_migrate import upgrade

        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        else:
            db.drop_all()
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


# Seeded by the migrations and kept between tests.
KEPT_TABLES = {"rule_value", "tax_arrears_rate", "alembic_version"}


def _empty_all_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables) if t.name not in KEPT_TABLES]
    with db.engine.begin() as conn:
        # DELETE beats TRUNCATE on tables this small (TRUNCATE rewrites files on PostgreSQL)
        for t in tables:
            conn.execute(text(f'DELETE FROM "{t}"'))


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("browser") or item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.committing)


# The connection of a module's shared data while its tests run (see `module_data`).
_SHARED: dict = {}


@contextmanager
def _rolled_back_sessions():
    """db.session of the test and of every request joins one outer transaction, undone at the
    end (a scoped session per application context, as Flask-SQLAlchemy does). Inside
    `module_data` the outer transaction is the module's: the test gets a SAVEPOINT of it."""
    shared = _SHARED.get("connection")
    if shared is not None:
        with _sessions_on(shared, shared.begin_nested()):
            yield shared
        return
    connection = db.engine.connect()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:  # a real transaction for the SAVEPOINTs to nest in (the driver defers BEGIN)
        connection.connection.dbapi_connection.isolation_level = None
    outer = connection.begin()
    if sqlite:
        connection.exec_driver_sql("BEGIN")
    try:
        with _sessions_on(connection, outer):
            yield connection
    finally:
        if sqlite:
            connection.connection.dbapi_connection.isolation_level = ""
        connection.close()


@contextmanager
def _sessions_on(connection, transaction):
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint",
                           query_cls=db.Query)
    original = db.session
    db.session = scoped_session(factory, scopefunc=_app_ctx_id)
    try:
        yield
    finally:
        db.session.remove()
        db.session = original
        transaction.rollback()


@contextmanager
def module_data(app, build):
    """Data that every test of a module reads, built once for the module instead of once per
    test: `build()` (its result is what the block gives) in a module-scoped fixture,
    `with module_data(app, build) as built: yield built`. The data are written in a
    transaction held for the whole module and undone after it; each test runs in a SAVEPOINT
    of that transaction, rolled back after the test, so every test starts from the data as
    built, as if they had been built for it alone. `build` returns ids, not ORM objects (its
    session ends with it). Not for modules with `committing` tests (they would wait on the
    module's transaction)."""
    sessions = _rolled_back_sessions()
    with app.test_request_context():  # popped before the tests: each pushes its own
        connection = sessions.__enter__()
        try:
            built = build()
            db.session.commit()
            db.session.remove()
        except BaseException:
            sessions.__exit__(None, None, None)
            raise
    _SHARED["connection"] = connection
    try:
        yield built
    finally:
        _SHARED.pop("connection", None)
        with app.test_request_context():
            sessions.__exit__(None, None, None)


class _NoDatabase:
    """db.session of a pure test: any use is a mistake."""

    def __getattr__(self, name):
        raise AssertionError(f"a pure test used the database (db.session.{name})")

    def __call__(self, *args, **kwargs):
        raise AssertionError("a pure test used the database")


@pytest.fixture(autouse=True)
def _isolated(request, smtp_sink):
    """Each test: a request context, a clean clock and throttle; its data undone afterwards.
    A pure test gets none of it (and no database)."""
    if request.node.get_closest_marker("pure") is not None:
        original, db.session = db.session, _NoDatabase()
        try:
            yield
        finally:
            db.session = original
            clock.set_now(None)
        return
    app = request.getfixturevalue("app")
    smtp_sink.handler.messages.clear()
    committing = request.node.get_closest_marker("committing") is not None
    assert not (committing and _SHARED), "a committing test in a module with module_data"
    with app.test_request_context():
        with nullcontext() if committing else _rolled_back_sessions():
            yield
            db.session.rollback()
        db.session.remove()
        clock.set_now(None)
        limiter.reset()
        if committing:
            _empty_all_tables()


@pytest.fixture
def mailbox(smtp_sink):
    """Messages the SMTP sink received during this test."""
    return smtp_sink.handler.messages


@pytest.fixture
def client(app):
    return app.test_client()


def login(client, user) -> None:
    """Sign `user` in on `client` without going through the password form."""
    from flask import g

    from grants.auth import sessions

    g.pop("_login_user", None)  # requests share the test's app context: drop Flask-Login's cache
    # a session known to the server, as the login form opens, that outlasts any move of the
    # test's clock (tests of the sessions' lifetime sign in through the form)
    identity = sessions.start(user, lasting=timedelta(days=36500))
    db.session.commit()
    with client.session_transaction() as sess:
        sess["_user_id"] = identity
        sess["_fresh"] = True


from tests.support.browser import _playwright, axe, browser, live_server, page  # noqa: E402,F401
from tests.support.factories import *  # noqa: E402,F401,F403
from tests.support.pdf import _fake_pdf, real_pdf  # noqa: E402,F401
