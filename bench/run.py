"""Benchmark at city scale: public list of competitions, an officer's list of offers and the
money side (contracts, reports, settlements, the finance dashboard and the bank export).

Seeds a database (a temporary SQLite file, or DATABASE_URL) with BENCH_COMPETITIONS
competitions (default 2 000), BENCH_OFFERS filed offers (default 20 000) and BENCH_CONTRACTS
signed contracts (default 5 000; see `seed_money`), then times requests through the WSGI app
(no network) and counts SQL statements per request.
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
N_CONTRACTS = int(os.environ.get("BENCH_CONTRACTS", "5000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
QUERY_BUDGET = 20  # statements per page; an N+1 over 40-500 rows would exceed it


def seed_money(*, org_id: int, officer_id: int, comp_ids: list[int], org_ids: list[int]) -> dict:
    """Seed the money side with bulk inserts: N_CONTRACTS signed contracts of the organiser,
    each from a small-grant offer in contracting (Contract needs exactly one source; an award
    would need a ranking), nine in ten also linked to a competition of the bench so that the
    dashboard groups money over many competitions, like the test factory does.

    Per contract (i = 0, 1, ...): a signed version 0 in force (grant 10 000-60 000 over 3-6
    items, own share 20 %), two tranches - the first due and paid 10-400 days ago, the second
    due in the next 1-30 days and paid early for every other contract - and a final report
    due from 120 days ago to 120 days ahead, by thirds due / filed / accepted (filed and
    accepted ones have a filed version with its cost table). One contract in ten (a third of
    the accepted ones) is settled: 1-2 parts to return, of which a third paid in full
    (settled), a third half paid and a third not yet. The dates need not tell one story (a
    task that ended months ago may still have a tranche due): the lists are what is timed.
    Returns ids and counts for the pages and the header line."""
    from sqlalchemy import insert

    from grants.core import clock
    from grants.extensions import db
    from grants.models import (
        Competition,
        Contract,
        ContractItem,
        ContractResult,
        ContractTranche,
        ContractVersion,
        Offer,
        OfferVersion,
        Payment,
        Procedure,
        ReportCost,
        ReportReview,
        ReportVersion,
        ReturnPart,
        ReturnPayment,
        Settlement,
        SmallGrantOffer,
        StaffRole,
        TaskReport,
        User,
    )

    D = Decimal
    now, today = clock.now(), clock.today()
    day = timedelta(days=1)
    digest = hashlib.sha256(b"bench-money").hexdigest()
    finance = User(email="f@example.org", full_name="Finance", password_hash="x",
                   email_verified_at=clock.now())
    db.session.add(finance)
    db.session.flush()
    db.session.add(StaffRole(user_id=finance.id, organiser_id=org_id, role="finance"))

    def ids(model, rows):
        """Bulk insert, the new ids in the order of `rows`."""
        return list(db.session.scalars(
            insert(model).returning(model.id, sort_by_parameter_order=True), rows))

    n = N_CONTRACTS
    organisation = [org_ids[i % len(org_ids)] for i in range(n)]
    report_due = [today + (((i * 37) % 241) - 120) * day for i in range(n)]
    end = [d - 30 * day for d in report_due]
    start = [e - 200 * day for e in end]
    n_items = [3 + i % 4 for i in range(n)]
    grant = [D(10000 + (i * 7919) % 50001) for i in range(n)]
    procedure_ids = ids(Procedure, [
        dict(kind="small_grant", organiser_id=org_id, reference=f"B/M/{i}",
             title=f"Zadanie {i}", created_at=now) for i in range(n)])
    sg_offer_ids = ids(Offer, [
        dict(procedure_id=procedure_ids[i], organisation_id=organisation[i], number=f"B/M/{i}",
             status="filed", created_at=now - 250 * day, filed_at=now - 250 * day)
        for i in range(n)])
    db.session.execute(insert(OfferVersion), [
        dict(offer_id=sg_offer_ids[i], number=1, state="filed", title=f"Zadanie {i}",
             description="", place="", target_group="", need="", complementarity="",
             expected_results="", contact_name="", contact_email="", contact_phone="",
             previous_activity="", resources="", own_financial=grant[i] * D("0.25"),
             own_personal=D(0), own_in_kind=D(0), beneficiaries_cash=D(0),
             lead_cost_share=D(0), total_cost=grant[i] * D("1.25"), grant_requested=grant[i],
             start_date=start[i], end_date=end[i], paid_activity=False, unpaid_activity=True,
             contribution_valuation="", other_info="", declarations={},
             filed_at=now - 250 * day, signed_by="", sha256=digest, content={},
             created_at=now, updated_at=now)
        for i in range(n)])
    offer_ids = ids(SmallGrantOffer, [
        dict(procedure_id=procedure_ids[i], offer_id=sg_offer_ids[i], organiser_id=org_id,
             organisation_id=organisation[i], number=f"B/M/{i}", status="contracting",
             area="pomoc_spoleczna", received_at=now - 250 * day,
             filing_year=(now - 250 * day).year, published_on=today - 245 * day,
             comment_end=today - 238 * day, consideration_note="Brak uwag.",
             contracting_at=now - 230 * day, created_at=now, updated_at=now)
        for i in range(n)])
    competition_procedure = dict(db.session.execute(
        db.select(Competition.id, Competition.procedure_id)).all())
    contract_ids = ids(Contract, [
        dict(organiser_id=org_id, organisation_id=organisation[i],
             small_grant_offer_id=offer_ids[i],
             procedure_id=(procedure_ids[i] if i % 10 == 9 else
                           competition_procedure[comp_ids[(i * 3) % len(comp_ids)]]),
             number=f"MOPS/D/B/{i:05d}", mode="wspieranie", status="signed",
             signed_on=start[i] - 10 * day, termination_reason="",
             created_at=now - i * timedelta(minutes=7), created_by_id=officer_id)
        for i in range(n)])
    version_ids = ids(ContractVersion, [
        dict(contract_id=contract_ids[i], number=0, title=f"Zadanie {i}", purpose="",
             start_date=start[i], end_date=end[i], use_by=end[i], years=[],
             report_due=report_due[i], grant_total=grant[i], total_cost=grant[i] * D("1.25"),
             item_tolerance_pct=D(10), share_tolerance_pp=D(5),
             bank_account="PL42102018560000000000000001", authority_representatives="Dyrektor",
             organisation_representatives="Prezes", changes=[], reason="",
             signed_on=start[i] - 10 * day, signed_for_authority="Dyrektor",
             signed_for_organisation="Prezes", created_at=now)
        for i in range(n)])
    items = []          # per contract: [(code, name, planned_total, planned_grant)]
    for i in range(n):
        k = n_items[i]
        part = (grant[i] / k).quantize(D("0.01"))
        grants_ = [part] * (k - 1) + [grant[i] - part * (k - 1)]
        items.append([(f"I.{j + 1}", f"Pozycja {j + 1}", g * D("1.25"), g)
                      for j, g in enumerate(grants_)])
    db.session.execute(insert(ContractItem), [
        dict(version_id=version_ids[i], position=j + 1, code=code, name=name,
             planned_total=total, planned_grant=g, year=end[i].year)
        for i in range(n) for j, (code, name, total, g) in enumerate(items[i])])
    db.session.execute(insert(ContractResult), [
        dict(version_id=version_ids[i], position=1, name="Liczba uczestników",
             target_value="100", monitoring="Lista obecności") for i in range(n)])
    first = [(grant[i] / 2).quantize(D("0.01")) for i in range(n)]
    due1 = [today - (10 + (i * 13) % 391) * day for i in range(n)]
    due2 = [today + (1 + i % 30) * day for i in range(n)]
    db.session.execute(insert(ContractTranche), [
        dict(version_id=version_ids[i], number=number, due_on=due, amount=amount,
             year=due.year, condition="none")
        for i in range(n)
        for number, due, amount in ((1, due1[i], first[i]), (2, due2[i], grant[i] - first[i]))])
    payments = [dict(contract_id=contract_ids[i], tranche_number=1, paid_on=due1[i],
                     amount=first[i], bank_reference=f"PRZ/{i}/1", note="", recorded_at=now,
                     recorded_by_id=finance.id) for i in range(n)]
    payments += [dict(contract_id=contract_ids[i], tranche_number=2, paid_on=today - day,
                      amount=grant[i] - first[i], bank_reference=f"PRZ/{i}/2", note="",
                      recorded_at=now, recorded_by_id=finance.id)
                 for i in range(n) if i % 2 == 0]
    db.session.execute(insert(Payment), payments)
    paid = [grant[i] if i % 2 == 0 else first[i] for i in range(n)]

    status = ["due", "filed", "accepted"]
    report_ids = ids(TaskReport, [
        dict(contract_id=contract_ids[i], kind="final", year=end[i].year, sequence=1,
             period_start=start[i], period_end=end[i], request_note="", due_on=report_due[i],
             status=status[i % 3],
             accepted_on=today - day if i % 3 == 2 else None,
             accepted_by_id=officer_id if i % 3 == 2 else None, created_at=now)
        for i in range(n)])
    filed = [i for i in range(n) if i % 3 != 0]
    rv_ids = ids(ReportVersion, [
        dict(report_id=report_ids[i], number=1, state="filed", description="Zrealizowano.",
             deviations="", personal_input=D(0), in_kind_input=D(0), revenues=D(0),
             bank_interest=D(0), other_info="", filed_at=now - 5 * day, content={},
             sha256=digest, created_at=now, updated_at=now)
        for i in filed])
    report_version = dict(zip(filed, rv_ids, strict=True))
    db.session.execute(insert(ReportCost), [
        dict(version_id=report_version[i], position=j + 1, item_code=code, item_name=name,
             actual_grant=g, actual_own=total - g, actual_other=D(0), actual_personal=D(0),
             actual_in_kind=D(0))
        for i in filed for j, (code, name, total, g) in enumerate(items[i])])
    db.session.execute(insert(ReportReview), [
        dict(report_id=report_ids[i], version_id=report_version[i], decision="accepted",
             note="", decided_at=now, decided_by_id=officer_id)
        for i in filed if i % 3 == 2])

    settled = [i for i in range(n) if i % 30 in (2, 5, 8)]  # 10 %, all of them accepted
    settlements, parts_of = [], {}
    for i in settled:
        finding = today - (1 + (i * 11) % 300) * day
        # whole złoty: SQLite keeps NUMERIC as REAL and checks total_is_sum on floats
        # (1331.05 + 532.42 != 1863.47 there), so grosze could fail the CHECK
        unused = (paid[i] * D("0.05")).quantize(D("1")) + D("0.00")
        excess = (paid[i] * D("0.02")).quantize(D("1")) + D("0.00") if i % 60 < 30 else D(0)
        parts_of[i] = [("unused", unused)] + ([("excess_items", excess)] if excess else [])
        settlements.append(dict(
            contract_id=contract_ids[i], report_id=report_ids[i],
            report_version_id=report_version[i], contract_version_id=version_ids[i],
            finding_date=finding, use_by=end[i], item_tolerance_pct=D(10),
            share_tolerance_pp=D(5), paid=paid[i], unused=unused, excess_items=excess,
            misused=D(0), excess_share=D(0), revenues=D(0), bank_interest=D(0),
            total=unused + excess, unused_due=finding + 14 * day,
            excess_due=finding + 14 * day, misused_due=finding + 14 * day, details={},
            note="", recorded_at=now, recorded_by_id=officer_id))
    settlement_ids = ids(Settlement, settlements)
    parts, paying = [], []
    for s_id, i, s in zip(settlement_ids, settled, settlements, strict=True):
        for kind, principal in parts_of[i]:
            k = len(parts)
            pay = {0: principal, 1: (principal / 2).quantize(D("0.01"))}.get(k % 3)
            parts.append(dict(
                settlement_id=s_id, contract_id=contract_ids[i], kind=kind,
                principal=principal, due_on=s["unused_due"],
                interest_from=s["unused_due"] + day, tranche_number=None,
                principal_paid=pay or D(0), interest_paid=D(0),
                settled_at=now if pay == principal else None))
            paying.append((pay, s["finding_date"] + 10 * day))
    part_ids = ids(ReturnPart, parts)
    db.session.execute(insert(ReturnPayment), [
        dict(part_id=p_id, paid_on=paid_on, amount=pay, principal_part=pay,
             interest_part=D(0), interest_due_then=D(0), bank_reference=f"ZW/{p_id}",
             recorded_at=now, recorded_by_id=finance.id)
        for p_id, (pay, paid_on) in zip(part_ids, paying, strict=True) if pay])
    db.session.commit()
    return {"finance_id": finance.id, "last_year": today.year - 1,
            "contract_id": contract_ids[settled[0]], "report_id": report_ids[1],
            "reports": n, "settlements": len(settlement_ids), "parts": len(part_ids)}


def dashboard_rows(org_id: int) -> str:
    """How many rows the finance pages show (the dashboard's horizon is 14 days by default,
    the export's 7)."""
    from grants.core import clock
    from grants.finance import queries as fq

    today, org = clock.today(), {org_id}
    tranches = fq.tranches_due(org, today + timedelta(days=14), today=today)
    export = [t for t in fq.tranches_due(org, today + timedelta(days=7), today=today)
              if t.payable]
    return (f"{len(tranches)} tranches, "
            f"{len(fq.reports_due(org, today=today, within_days=14))} reports, "
            f"{len(fq.returns_due(org, today=today))} returns, "
            f"{len(fq.money_in_year(org, today.year).competitions)} competitions; "
            f"the export {len(export)} rows")


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
        Procedure,
        Publication,
        StaffRole,
        User,
    )

    class Cfg(TestConfig):
        SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
        MAIL_BACKEND = "none"

    app = create_app(Cfg)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        t0 = time.perf_counter()
        org = Organiser(name="MOPS Sopot", short_name="MOPS", authority="Prezydent")
        officer = User(email="o@example.org", full_name="Officer", password_hash="x",
                       email_verified_at=clock.now())
        db.session.add_all([org, officer])
        db.session.flush()
        db.session.add(StaffRole(user_id=officer.id, organiser_id=org.id, role="officer"))
        now = clock.now()
        procedure_ids = list(db.session.scalars(
            insert(Procedure).returning(Procedure.id, sort_by_parameter_order=True),
            [dict(kind="competition", organiser_id=org.id, reference=f"B.{i}",
                  title=f"Konkurs {i}", created_at=now) for i in range(N_COMP)]))
        db.session.execute(insert(Publication), [
            dict(procedure_id=pid, subject="announcement", number=1, bip_on=date(2026, 1, 1),
                 board_on=date(2026, 1, 1), website_on=date(2026, 1, 1),
                 published_on=date(2026, 1, 1), published_at=now - timedelta(days=40),
                 reason="", changes=[]) for pid in procedure_ids])
        comps = [dict(procedure_id=procedure_ids[i], organiser_id=org.id, reference=f"B.{i}",
                      title=f"Konkurs {i}",
                      area="pomoc_spoleczna", mode="wspieranie", max_grant_pct=Decimal(80),
                      min_own_pct=Decimal(0), offer_deadline=now + timedelta(days=(i % 60) - 30),
                      status="published", published_at=now - timedelta(days=40),
                      min_score_pct=Decimal(60),
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
        ngo_user = User(email="ngo@example.org", full_name="NGO", password_hash="x",
                        email_verified_at=clock.now())
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
        t1 = time.perf_counter()
        money = seed_money(org_id=org.id, officer_id=officer_id, comp_ids=comp_ids,
                           org_ids=org_ids)
        money_s = time.perf_counter() - t1
        if db.engine.dialect.name == "postgresql":
            # what autovacuum does soon after a bulk load: without statistics the planner
            # takes the 5 000 contracts for one row and tranches_due nests a loop over the
            # in-force versions (1.8 s instead of 26 ms)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        money["shows"] = dashboard_rows(org.id)

    statements = {"n": 0}

    with app.app_context():
        @event.listens_for(db.engine, "before_cursor_execute")
        def _count(*_args, **_kw):
            statements["n"] += 1

    with app.app_context():  # a session known to the server per signed-in user
        from grants.auth import sessions
        from grants.auth.models import User

        identities = {uid: sessions.start(db.session.get(User, uid))
                      for uid in (officer_id, ngo_id, money["finance_id"])}
        db.session.commit()

    client = app.test_client()
    pages = [
        ("public list, page 1", None, "/konkursy"),
        ("public list, open, page 3", None, "/konkursy?phase=open&page=3"),
        ("public list, page 90", None, "/konkursy?page=90"),
        ("competition page", None, f"/konkursy/{busy}"),
        ("officer: offers, page 1 (500 filed)", officer_id,
         f"/officer/competitions/{busy}/offers"),
        ("NGO: my offers (40)", ngo_id, "/offers/mine"),
        # the money side (seed_money); "shows" in the header line says how many rows
        ("finance: dashboard", money["finance_id"], "/finanse"),
        ("finance: dashboard, last year", money["finance_id"],
         f"/finanse?rok={money['last_year']}"),
        ("finance: transfers due, CSV", money["finance_id"], "/finanse/przelewy.csv"),
        ("finance: transfers due, XLSX", money["finance_id"], "/finanse/przelewy.xlsx"),
        ("officer: contracts, page 1", officer_id, "/umowy"),
        ("officer: a settled contract", officer_id, f"/umowy/{money['contract_id']}"),
        ("officer: a filed final report", officer_id,
         f"/sprawozdania/{money['report_id']}"),
    ]
    print(f"database: {os.environ['DATABASE_URL'].split('://')[0]}; {N_COMP} competitions, "
          f"{N_OFFERS} offers; seeded in {seed_s:.1f} s; {REPEAT} requests per page")
    print(f"money: {N_CONTRACTS} contracts, {money['reports']} final reports, "
          f"{money['settlements']} settlements ({money['parts']} parts to return); "
          f"seeded in {money_s:.1f} s; the dashboard shows {money['shows']}")
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'SQL':>5}")
    failed = False
    for label, user_id, url in pages:
        with client.session_transaction() as sess:
            sess.clear()
            if user_id:
                sess["_user_id"] = identities[user_id]
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
