"""The demo's competitions of MOPS Sopot: one open for offers, one past its deadline (its
offers filed and in evaluation). Idempotent: a competition is looked up by its reference."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from grants.auth.models import User
from grants.calls import snapshots
from grants.calls.catalogue import tie_break_text
from grants.calls.models import (
    CallStatus,
    CallTask,
    ChecklistItem,
    Competition,
    Criterion,
    Mode,
    RequiredAttachment,
)
from grants.core import clock
from grants.core.deadlines import day_off_reason
from grants.extensions import db
from grants.organisers.models import Organiser
from grants.procedures.models import Publication, Subject

CHECKLIST = [
    "Oferta złożona w terminie, w systemie",
    "Oferta złożona na właściwym wzorze (Dz.U. 2018 poz. 2057)",
    "Oferent jest uprawniony, a jego działalność statutowa obejmuje zadanie",
    "Oferta podpisana przez osoby uprawnione do reprezentacji",
    "Oświadczenia kompletne",
    "Terminy realizacji mieszczą się w ramach konkursu",
    "Kwota dotacji i udział dotacji w kosztach w granicach ogłoszenia",
    "Wymagane załączniki dołączone",
]


def _criteria(mode: Mode) -> list[Criterion]:
    points = [(1, "Możliwość realizacji zadania przez oferenta", 20),
              (2, "Kalkulacja kosztów w odniesieniu do zakresu rzeczowego", 20),
              (3, "Jakość wykonania zadania i kwalifikacje osób", 30),
              (5, "Wkład rzeczowy i osobowy, w tym praca wolontariuszy", 10),
              (6, "Rzetelność i terminowość rozliczenia wcześniejszych dotacji", 10)]
    if mode == Mode.WSPIERANIE:
        points.insert(3, (4, "Planowany udział środków finansowych własnych", 10))
    return [Criterion(position=i, statutory_point=p, name=n, max_points=Decimal(m))
            for i, (p, n, m) in enumerate(points, 1)]


def _new_competition(organiser: Organiser, officer: User, *, reference: str, title: str,
                     published_on: date, deadline_on: date) -> Competition:
    return Competition(
        organiser_id=organiser.id, reference=reference, title=title, area="pomoc_spoleczna",
        mode=Mode.WSPIERANIE, max_grant_pct=Decimal("90"), min_own_pct=Decimal("5"),
        description=("Zapewnienie osobom w kryzysie bezdomności z terenu Sopotu miejsc "
                     "w schronisku, noclegowni i ogrzewalni oraz gorącego posiłku, na "
                     "podstawie skierowania pracownika socjalnego MOPS."),
        grant_rules=("Dotacja w formie wspierania, do 90 % kosztów zadania. Wymagany wkład "
                     "własny co najmniej 5 %. Dotacja w transzach."),
        task_conditions=("Zadanie realizowane na rzecz mieszkańców Sopotu, w placówce "
                         "spełniającej standardy rozporządzenia w sprawie minimalnych "
                         "standardów noclegowni, schronisk i ogrzewalni."),
        selection_procedure=("Oceny formalnej dokonuje MOPS; ocenę merytoryczną komisja "
                             "konkursowa (art. 15 ust. 2a ustawy). Wyniki ogłasza się w BIP, "
                             "na tablicy ogłoszeń i na stronie internetowej."),
        tie_break_point=3, tie_break_rule=tie_break_text(3),
        offer_deadline=clock.local_instant(deadline_on, time(12, 0)),
        deadline_day_off_confirmed=deadline_on if day_off_reason(deadline_on) else None,
        decision_date=deadline_on + timedelta(days=30), min_score_pct=Decimal("60"),
        budget_division="852", budget_chapter="85203", budget_paragraph="2360",
        status=CallStatus.PUBLISHED,
        published_at=clock.local_instant(published_on, time(9, 0)), rules_date=published_on,
        version=1, created_by_id=officer.id,
    )


def competition(organiser: Organiser, officer: User, *, reference: str, title: str,
                published_on: date, deadline_on: date, year: int, tasks: list[tuple]
                ) -> Competition:
    """The published competition `reference` with its tasks, criteria, checklist and
    announcement."""
    comp = db.session.scalar(select(Competition).filter_by(reference=reference))
    if comp is not None:
        return comp
    comp = _new_competition(organiser, officer, reference=reference, title=title,
                            published_on=published_on, deadline_on=deadline_on)
    comp.tasks = [CallTask(position=i, title=t, description=d, funds=Decimal(f),
                           min_grant=Decimal("5000.00"), max_grant=Decimal(m),
                           start_date=date(year, 1, 1), end_date=date(year, 12, 31))
                  for i, (t, d, f, m) in enumerate(tasks, 1)]
    comp.criteria = _criteria(comp.mode)
    comp.checklist = [ChecklistItem(position=i, text=t) for i, t in enumerate(CHECKLIST, 1)]
    comp.required_attachments = [
        RequiredAttachment(position=1, name="Aktualny statut (gdy inny niż w KRS)",
                           mandatory=False),
        RequiredAttachment(position=2, name="Umowa partnerska (oferta wspólna)", mandatory=False),
    ]
    db.session.add(comp)
    db.session.flush()
    comp.procedure.publications.append(Publication(
        subject=Subject.ANNOUNCEMENT, number=1, bip_on=published_on, board_on=published_on,
        website_on=published_on, published_on=published_on, published_at=comp.published_at,
        published_by_id=officer.id, snapshot=snapshots.snapshot(comp), changes=[]))
    return comp


def load_competitions(mops: Organiser, officer: User) -> Competition:
    """The open competition and the past one; returns the past one."""
    today = clock.today()
    year = today.year + 1
    competition(
        mops, officer, reference=f"MOPS.OKO.1.{today.year}",
        title=f"Schronienie, noclegownia, ogrzewalnia i posiłki dla osób w kryzysie "
              f"bezdomności w {year} r.",
        published_on=today - timedelta(days=3), deadline_on=today + timedelta(days=25),
        year=year,
        tasks=[("Miejsca w schronisku i noclegowni z posiłkiem",
                "Schronienie dla ok. 40 osób, jeden gorący posiłek dziennie.",
                "420000.00", "420000.00"),
               ("Ogrzewalnia w okresie zimowym", "Ogrzewalnia od 1 listopada do 31 marca.",
                "80000.00", "80000.00")],
    )
    return competition(
        mops, officer, reference=f"MOPS.OKO.2.{today.year}",
        title=f"Wsparcie seniorów: usługi opiekuńcze i aktywizacja w {year} r.",
        published_on=today - timedelta(days=60), deadline_on=today - timedelta(days=30),
        year=year,
        tasks=[("Klub seniora z usługami opiekuńczymi",
                "Zajęcia aktywizujące i pomoc w codziennych czynnościach.",
                "150000.00", "75000.00")],
    )
