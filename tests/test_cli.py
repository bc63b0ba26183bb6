"""The commands `make run` uses, in a real process: migrate an empty database, load the demo
twice (idempotent; offers filed through the services, PDFs rendered outside any request)."""

import os
import subprocess
import sys
from pathlib import Path

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
    import sqlite3

    with sqlite3.connect(tmp_path / "demo.db") as conn:
        offers = conn.execute("SELECT status FROM offer").fetchall()
        pdfs = conn.execute("SELECT count(*) FROM offer_version WHERE pdf_file_id IS NOT NULL"
                            " AND sha256 IS NOT NULL").fetchone()[0]
    assert offers and all(s == "filed" for (s,) in offers)
    assert pdfs == len(offers)
