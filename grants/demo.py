"""Demo data modelled on MOPS Sopot. `flask demo load` calls load_demo(); idempotent."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from grants.auth.models import StaffRole, StaffRoleKind, User
from grants.auth.passwords import hash_password
from grants.calls import snapshots
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
from grants.extensions import db
from grants.organisations.models import (
    LegalForm,
    Membership,
    Organisation,
    Representative,
    VerificationStatus,
)
from grants.organisers.models import Organiser
from grants.procedures.models import Publication, Subject

PASSWORD = "Demo-haslo-2026"

ACCOUNTS = [
    ("admin@grants.local", "administrator"),
    ("urzednik@mops.sopot.pl", "urzędnik MOPS Sopot"),
    ("urzednik@um.sopot.pl", "urzędnik Urzędu Miasta Sopotu"),
    ("komisja@mops.sopot.pl", "członek komisji (MOPS Sopot)"),
    ("finanse@mops.sopot.pl", "finanse (MOPS Sopot)"),
    ("ngo@pomocbliznim.org.pl", "NGO: administrator stowarzyszenia"),
    ("wolontariusz@pomocbliznim.org.pl", "NGO: członek stowarzyszenia"),
    ("fundacja@przystan.org.pl", "NGO: administrator fundacji"),
    ("parafia@caritas-sopot.pl", "NGO: kościelna osoba prawna"),
    ("spoldzielnia@razem.coop.pl", "NGO: spółdzielnia socjalna"),
]

ORGANISATIONS = [
    # (key, name, legal form, krs, nip, regon, iban, street, admin e-mail, areas)
    ("assoc", "Stowarzyszenie Pomocy Bliźniemu „Przystań”", LegalForm.ASSOCIATION, "0000123456",
     "5850000101", "220000107", "PL40116022470000000000000010", "ul. Kolejowa 12",
     "ngo@pomocbliznim.org.pl", ["pomoc_spoleczna", "dzialalnosc_charytatywna"]),
    ("found", "Fundacja „Bezpieczna Przystań”", LegalForm.FOUNDATION, "0000234567",
     "5850000118", "220000113", "PL13116022470000000000000011", "al. Niepodległości 800",
     "fundacja@przystan.org.pl", ["pomoc_spoleczna", "seniorzy"]),
    ("church", "Parafia Rzymskokatolicka pw. Gwiazdy Morza w Sopocie – Caritas Parafialna",
     LegalForm.CHURCH, None, "5850000124", "220000120", "PL83116022470000000000000012",
     "ul. Kościuszki 19", "parafia@caritas-sopot.pl", ["pomoc_spoleczna",
                                                       "dzialalnosc_charytatywna"]),
    ("coop", "Spółdzielnia Socjalna „Razem”", LegalForm.SOCIAL_COOPERATIVE, "0000345678",
     "5850000130", "220000136", "PL56116022470000000000000013", "ul. 23 Marca 40",
     "spoldzielnia@razem.coop.pl", ["integracja_spoleczna", "pomoc_spoleczna"]),
]


def _user(email: str, name: str, pw_hash: str, **kw) -> User:
    user = db.session.scalar(select(User).filter_by(email=email))
    if user is None:
        user = User(email=email, full_name=name, password_hash=pw_hash, **kw)
        db.session.add(user)
        db.session.flush()
    return user


def _role(user: User, organiser: Organiser, role: StaffRoleKind) -> None:
    if not db.session.scalar(select(StaffRole).filter_by(user_id=user.id,
                                                         organiser_id=organiser.id, role=role)):
        db.session.add(StaffRole(user=user, organiser_id=organiser.id, role=role))


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


def _competition(organiser: Organiser, officer: User, *, reference: str, title: str,
                 published_on: date, deadline_on: date, year: int, tasks: list[tuple]) -> Competition:
    comp = db.session.scalar(select(Competition).filter_by(reference=reference))
    if comp is not None:
        return comp
    comp = Competition(
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
        tie_break_rule="Przy równej liczbie punktów decyduje wyższa ocena w kryterium 3.",
        offer_deadline=clock.local_instant(deadline_on, time(12, 0)),
        decision_date=deadline_on + timedelta(days=30), min_score_pct=Decimal("60"),
        budget_division="852", budget_chapter="85203", budget_paragraph="2360",
        status=CallStatus.PUBLISHED,
        published_at=clock.local_instant(published_on, time(9, 0)), rules_date=published_on,
        version=1, created_by_id=officer.id,
    )
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


def load_demo() -> None:
    pw = hash_password(PASSWORD)
    mops = db.session.scalar(select(Organiser).filter_by(short_name="MOPS Sopot"))
    if mops is None:
        mops = Organiser(name="Miejski Ośrodek Pomocy Społecznej w Sopocie",
                         short_name="MOPS Sopot", authority="Prezydent Miasta Sopotu",
                         regon="000429180",
                         address="ul. Kolejowa 1, 81-717 Sopot", email="mops@mops.sopot.pl",
                         phone="58 551 17 10", bip_url="https://bip.mops.sopot.pl")
        db.session.add(mops)
    city = db.session.scalar(select(Organiser).filter_by(short_name="UM Sopot"))
    if city is None:
        city = Organiser(name="Urząd Miasta Sopotu", short_name="UM Sopot",
                         authority="Prezydent Miasta Sopotu",
                         address="ul. Kościuszki 25/27, 81-704 Sopot", email="um@sopot.pl",
                         bip_url="https://bip.sopot.pl")
        db.session.add(city)
    db.session.flush()

    admin = _user("admin@grants.local", "Adam Administrator", pw, is_admin=True)
    officer = _user("urzednik@mops.sopot.pl", "Urszula Nowicka", pw)
    _role(officer, mops, StaffRoleKind.OFFICER)
    city_officer = _user("urzednik@um.sopot.pl", "Tomasz Wiśniewski", pw)
    _role(city_officer, city, StaffRoleKind.OFFICER)
    committee = _user("komisja@mops.sopot.pl", "Katarzyna Zielińska", pw)
    _role(committee, mops, StaffRoleKind.COMMITTEE)
    finance = _user("finanse@mops.sopot.pl", "Piotr Lewandowski", pw)
    _role(finance, mops, StaffRoleKind.FINANCE)
    member = _user("wolontariusz@pomocbliznim.org.pl", "Marek Wolski", pw)

    orgs: dict[str, Organisation] = {}
    org_admins: dict[str, User] = {}
    for key, name, form, krs, nip, regon, iban, street, admin_email, areas in ORGANISATIONS:
        org = db.session.scalar(select(Organisation).filter_by(nip=nip))
        admin_user = _user(admin_email, {"assoc": "Natalia Społeczna", "found": "Beata Morska",
                                         "church": "ks. Jan Dobrowolski",
                                         "coop": "Ryszard Razem"}[key], pw)
        org_admins[key] = admin_user
        if org is None:
            org = Organisation(
                name=name, legal_form=form, krs=krs, nip=nip, regon=regon, street=street,
                postal_code="81-700", city="Sopot", email=admin_email, phone="58 555 00 00",
                iban=iban, areas=areas, status=VerificationStatus.VERIFIED,
                verified_at=clock.now(), verified_by_id=officer.id,
                signing_rule=("Dwóch członków zarządu łącznie" if form != LegalForm.CHURCH
                              else "Proboszcz parafii samodzielnie"),
            )
            if form == LegalForm.CHURCH:
                org.other_register_name = ("Rejestr kościelnych osób prawnych "
                                           "(Ministerstwo Spraw Wewnętrznych i Administracji)")
                org.other_register_number = "KOP/123/2005"
                org.representatives = [Representative(full_name="ks. Jan Dobrowolski",
                                                       function="Proboszcz", signs_alone=True,
                                                       position=1)]
            else:
                org.representatives = [
                    Representative(full_name="Anna Kowalska", function="Prezes Zarządu",
                                   position=1),
                    Representative(full_name="Jan Nowak", function="Członek Zarządu",
                                   position=2),
                ]
            db.session.add(org)
            db.session.flush()
            db.session.add(Membership(user=admin_user, organisation=org, is_admin=True))
            if key == "assoc":
                db.session.add(Membership(user=member, organisation=org, is_admin=False))
        orgs[key] = org
    db.session.flush()

    today = clock.today()
    year = today.year + 1
    _competition(
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
    past = _competition(
        mops, officer, reference=f"MOPS.OKO.2.{today.year}",
        title=f"Wsparcie seniorów: usługi opiekuńcze i aktywizacja w {year} r.",
        published_on=today - timedelta(days=60), deadline_on=today - timedelta(days=30),
        year=year,
        tasks=[("Klub seniora z usługami opiekuńczymi",
                "Zajęcia aktywizujące i pomoc w codziennych czynnościach.",
                "150000.00", "75000.00")],
    )
    _demo_offers(past, orgs)
    _demo_evaluation(past, officer, committee)
    _demo_contracts(mops, officer, finance, admin, orgs, org_admins)


def _demo_contracts(mops, officer, finance, admin, orgs, org_admins) -> None:
    """Small-grant contracts: one finished with its final report accepted (to settle), one
    under way with a tranche due."""
    from grants.contracts.demo import load_contract_demo

    load_contract_demo(mops, officer=officer, finance=finance, admin=admin, orgs=orgs,
                       users=org_admins)


def _demo_offers(competition: Competition, orgs: dict[str, Organisation]) -> None:
    """Filed offers in the competition past its deadline."""
    from grants.offers.demo import file_demo_offers

    file_demo_offers(competition, [orgs["found"], orgs["assoc"]])


def _demo_evaluation(competition: Competition, officer: User, committee_user: User) -> None:
    """The past competition's offers pass the formal check; a committee is composed with the
    demo committee member as chair (the declaration is left for the newcomer to sign)."""
    from grants.evaluation import composition as evaluation
    from grants.evaluation.models import Committee, MemberKind
    from grants.formal import services as formal
    from grants.formal.queries import check_of
    from grants.offers.models import Offer

    for offer in db.session.scalars(select(Offer).where(Offer.competition_id == competition.id)):
        if check_of(offer) is None:
            items = {i: {"passed": True, "note": ""}
                     for i in range(1, len(competition.checklist) + 1)}
            formal.judge_offer(offer, actor=officer, items=items, outcome="accepted")
    if db.session.scalar(select(Committee).where(Committee.procedure_id == competition.procedure_id)):
        return
    committee = evaluation.ensure_committee(competition.procedure, actor=officer)
    evaluation.add_member(committee, actor=officer, user=committee_user,
                          kind=MemberKind.AUTHORITY, function="chair")
