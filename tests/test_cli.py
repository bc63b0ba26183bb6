"""The commands `make run` uses, in a real process: migrate an empty database, load the demo
twice (idempotent; offers filed through the services, PDFs rendered outside any request);
and `flask users create-admin` through the app's command runner."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from grants.auth.models import User
from grants.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def _flask(args, db_url):
    env = {**os.environ, "DATABASE_URL": db_url, "GRANTS_ENV": "development",
           "MAIL_BACKEND": "none"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def test_upgrade_and_demo_load_twice(tmp_path):
    url = f"sqlite:///{tmp_path}/demo.db"
    r = _flask(["db", "upgrade"], url)
    assert r.returncode == 0, r.stderr
    for _ in range(2):
        r = _flask(["demo", "load"], url)
        assert r.returncode == 0, r.stderr
        assert "urzednik@mops.sopot.pl" in r.stdout
    with sqlite3.connect(tmp_path / "demo.db") as conn:
        offers = conn.execute("SELECT status FROM offer").fetchall()
        pdfs = conn.execute("SELECT count(*) FROM offer_version WHERE pdf_file_id IS NOT NULL"
                            " AND sha256 IS NOT NULL").fetchone()[0]
    assert offers and all(s == "filed" for (s,) in offers)
    assert pdfs == len(offers)


def test_users_create_admin_creates_an_administrator_once(app):
    runner = app.test_cli_runner()
    args = ["users", "create-admin", "--email", "szef@example.org", "--name", "Anna Szef",
            "--password", "Bardzo-Dlugie-Haslo-2026"]
    r = runner.invoke(args=args)
    assert r.exit_code == 0, r.output
    assert "Administrator szef@example.org created." in r.output
    user = db.session.scalar(select(User).filter_by(email="szef@example.org"))
    assert user.is_admin and user.full_name == "Anna Szef"
    again = runner.invoke(args=args)
    assert again.exit_code == 1
    assert "Konto z tym adresem e-mail już istnieje." in again.output
    assert db.session.scalar(select(func.count()).select_from(User).filter_by(
        email="szef@example.org")) == 1
