"""Benchmark at city scale: public list of competitions and an officer's list of offers.

Seeds a database (a temporary SQLite file, or DATABASE_URL) with BENCH_COMPETITIONS
competitions (default 2 000) and BENCH_OFFERS filed offers (default 20 000), then times
requests through the WSGI app (no network) and counts SQL statements per request.
Run: `make bench` (or `python bench/run.py`). Prints a table; exits non-zero when a page
needs more statements than its budget (a hidden N+1).
"""

from __future__ import annotations

import hashlib
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

N_COMP = int(os.environ.get("BENCH_COMPETITIONS", "2000"))
N_OFFERS = int(os.environ.get("BENCH_OFFERS", "20000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
QUERY_BUDGET = 20  # statements per page; an N+1 over 40-500 rows would exceed it


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="grants-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.db")
    os.environ["GRANTS_ENV"] = "testing"
    from flask_migrate import upgrade
    from sqlalchemy import event, insert, text

    from config import TestConfig
    from grants import create_app
    from grants.core import clock
    from grants.extensions import db
    from grants.models import (
        CallTask,
        Competition,
        Membership,
        Offer,
        OfferVersion,
        Organisation,
        Organiser,
        StaffRole,
        User,
    )
    from grants.rules.services import load_initial

    class Cfg(TestConfig):
        SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
        MAIL_BACKEND = "none"

    app = create_app(Cfg)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        load_initial()
        t0 = time.perf_counter()
        org = Organiser(name="MOPS Sopot", short_name="MOPS", authority="Prezydent")
        officer = User(email="o@example.org", full_name="Officer", password_hash="x")
        db.session.add_all([org, officer])
        db.session.flush()
        db.session.add(StaffRole(user_id=officer.id, organiser_id=org.id, role="officer"))
        now = clock.now()
        comps = [dict(organiser_id=org.id, reference=f"B.{i}", title=f"Konkurs {i}",
                      area="pomoc_spoleczna", mode="wspieranie", max_grant_pct=Decimal(80),
                      min_own_pct=Decimal(0), offer_deadline=now + timedelta(days=(i % 60) - 30),
                      status="published", published_at=now - timedelta(days=40),
                      published_bip_on=date(2026, 1, 1), published_board_on=date(2026, 1, 1),
                      published_website_on=date(2026, 1, 1), min_score_pct=Decimal(60),
                      completion_days=7, update_days=14, version=1, created_at=now,
                      description="", grant_rules="", task_conditions="",
                      selection_procedure="", tie_break_rule="", budget_division="",
                      budget_chapter="", budget_paragraph="", based_on_draft_budget=False)
                 for i in range(N_COMP)]
        db.session.execute(insert(Competition), comps)
        comp_ids = [c.id for c in db.session.scalars(db.select(Competition).order_by(Competition.id))]
        db.session.execute(insert(CallTask), [
            dict(competition_id=cid, position=1, title="Zadanie", description="",
                 funds=Decimal("100000.00"), min_grant=Decimal("0.00"),
                 max_grant=Decimal("50000.00"), start_date=date(2027, 1, 1),
                 end_date=date(2027, 12, 31)) for cid in comp_ids])
        task_of = dict(db.session.execute(db.select(CallTask.competition_id, CallTask.id)).all())
        n_orgs = 500
        db.session.execute(insert(Organisation), [
            dict(name=f"Organizacja {i}", legal_form="association", krs=f"{i:010d}",
                 nip=f"{i:010d}", regon="191000010", street="ul. Testowa 1",
                 postal_code="81-700", city="Sopot", email=f"o{i}@example.org", phone="",
                 iban="PL42102018560000000000000001", areas=["pomoc_spoleczna"],
                 signing_rule="", status="verified", status_note="", created_at=now)
            for i in range(n_orgs)])
        org_ids = list(db.session.scalars(db.select(Organisation.id)))
        ngo_user = User(email="ngo@example.org", full_name="NGO", password_hash="x")
        db.session.add(ngo_user)
        db.session.flush()
        db.session.add(Membership(user_id=ngo_user.id, organisation_id=org_ids[0], is_admin=True))
        busy = comp_ids[0]
        offers = []
        for i in range(N_OFFERS):
            cid = busy if i < 500 else comp_ids[i % len(comp_ids)]
            offers.append(dict(competition_id=cid, task_id=task_of[cid],
                               organisation_id=org_ids[i % n_orgs], number=f"B/{i}",
                               status="filed", created_at=now, filed_at=now))
        db.session.execute(insert(Offer), offers)
        offer_ids = list(db.session.scalars(db.select(Offer.id).order_by(Offer.id)))
        digest = hashlib.sha256(b"bench").hexdigest()
        db.session.execute(insert(OfferVersion), [
            dict(offer_id=oid, number=1, state="filed", title=f"Oferta {oid}", place="",
                 target_group="", need="", complementarity="", expected_results="",
                 contact_name="", contact_email="", contact_phone="", previous_activity="",
                 resources="", own_financial=Decimal("1000.00"), own_personal=Decimal(0),
                 own_in_kind=Decimal(0), beneficiaries_cash=Decimal(0),
                 lead_cost_share=Decimal(0), total_cost=Decimal("10000.00"),
                 grant_requested=Decimal("9000.00"), paid_activity=False,
                 unpaid_activity=True, contribution_valuation="", other_info="",
                 declarations={}, filed_at=now, signed_by="", sha256=digest,
                 created_at=now, updated_at=now) for oid in offer_ids])
        db.session.commit()
        seed_s = time.perf_counter() - t0
        officer_id, ngo_id = officer.id, ngo_user.id

    statements = {"n": 0}

    with app.app_context():
        @event.listens_for(db.engine, "before_cursor_execute")
        def _count(*_args, **_kw):
            statements["n"] += 1

    client = app.test_client()
    pages = [
        ("public list, page 1", None, "/konkursy"),
        ("public list, open, page 3", None, "/konkursy?phase=open&page=3"),
        ("public list, page 90", None, "/konkursy?page=90"),
        ("competition page", None, f"/konkursy/{busy}"),
        ("officer: 500 offers of a competition", officer_id,
         f"/officer/competitions/{busy}/offers"),
        ("NGO: my offers (40)", ngo_id, "/offers/mine"),
    ]
    print(f"database: {os.environ['DATABASE_URL'].split('://')[0]}; {N_COMP} competitions, "
          f"{N_OFFERS} offers; seeded in {seed_s:.1f} s; {REPEAT} requests per page")
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'SQL':>5}")
    failed = False
    for label, user_id, url in pages:
        with client.session_transaction() as sess:
            sess.clear()
            if user_id:
                sess["_user_id"] = str(user_id)
        timings = []
        for _ in range(REPEAT):
            statements["n"] = 0
            t = time.perf_counter()
            r = client.get(url)
            timings.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        n = statements["n"]
        flag = "" if n <= QUERY_BUDGET else "  <- over budget"
        failed |= bool(flag)
        print(f"{label:40} {statistics.median(timings):10.1f} {p95:8.1f} {n:5}{flag}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
