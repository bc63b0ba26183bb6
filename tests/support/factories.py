"""Factories: plain functions that build valid objects, and the `world` fixture.

`world` gives two organisers (A: MOPS Sopot, B: another commune), a user for every role
at organiser A, an officer at B, two verified organisations (X, Y) with their members, and
a published competition of organiser A open for offers.
"""

from __future__ import annotations

import itertools
from contextlib import nullcontext
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from grants.auth.models import StaffRole, StaffRoleKind, User
from grants.auth.passwords import hash_password
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
from grants.organisations.models import (
    LegalForm,
    Membership,
    Organisation,
    Representative,
    VerificationStatus,
)
from grants.organisers.models import Organiser
from grants.procedures.models import Publication, Subject

PASSWORD = "Haslo-testowe-1"
_seq = itertools.count(1)

# Identifiers with valid check digits (python-stdnum).
VALID_NIPS = ["5851200026", "5851200032", "5851200049", "5851200055", "5851200061",
              "5851200078"]
VALID_REGONS = ["191000010", "191000026", "191000032", "191000049", "191000055", "191000061"]
VALID_IBANS = ["PL42102018560000000000000001", "PL15102018560000000000000002",
               "PL85102018560000000000000003", "PL58102018560000000000000004",
               "PL31102018560000000000000005", "PL04102018560000000000000006"]

_PW_HASH: dict[str, str] = {}


def make_user(email: str | None = None, *, full_name: str | None = None, is_admin=False,
              roles: list[tuple[Organiser, StaffRoleKind]] = (), verified: bool = True) -> User:
    """An account (its address confirmed unless `verified=False`)."""
    n = next(_seq)
    if PASSWORD not in _PW_HASH:
        _PW_HASH[PASSWORD] = hash_password(PASSWORD)
    user = User(email=email or f"user{n}@example.org", full_name=full_name or f"Osoba {n}",
                password_hash=_PW_HASH[PASSWORD], is_admin=is_admin,
                email_verified_at=clock.now() if verified else None)
    db.session.add(user)
    for organiser, role in roles:
        db.session.add(StaffRole(user=user, organiser_id=organiser.id, role=role))
    db.session.flush()
    return user


def make_organiser(short_name: str | None = None, name: str | None = None) -> Organiser:
    n = next(_seq)
    o = Organiser(name=name or f"Organizator {n}", short_name=short_name or f"ORG{n}",
                  authority="Prezydent Miasta", address="ul. Kolejowa 1, 81-717 Sopot",
                  email=f"org{n}@example.gov.pl")
    db.session.add(o)
    db.session.flush()
    return o


def make_organisation(name: str | None = None, *, verified: bool = True, index: int | None = None,
                      legal_form: LegalForm = LegalForm.ASSOCIATION,
                      members: list[tuple[User, bool]] = ()) -> Organisation:
    i = (index if index is not None else next(_seq)) % len(VALID_NIPS)
    org = Organisation(
        name=name or f"Stowarzyszenie {i}", legal_form=legal_form,
        krs=f"{next(_seq):010d}", nip=VALID_NIPS[i], regon=VALID_REGONS[i],
        street="ul. Monte Cassino 10", postal_code="81-767", city="Sopot",
        email=f"biuro{i}@example.org", iban=VALID_IBANS[i], areas=["pomoc_spoleczna"],
        signing_rule="Dwóch członków zarządu łącznie",
        status=VerificationStatus.VERIFIED if verified else VerificationStatus.PENDING,
        verified_at=clock.now() if verified else None,
    )
    org.representatives = [
        Representative(full_name="Anna Kowalska", function="Prezes Zarządu", position=1),
        Representative(full_name="Jan Nowak", function="Skarbnik", position=2),
    ]
    db.session.add(org)
    for user, is_admin in members:
        db.session.add(Membership(user=user, organisation=org, is_admin=is_admin))
    db.session.flush()
    return org


def make_competition(organiser: Organiser, *, status: CallStatus = CallStatus.PUBLISHED,
                     mode: Mode = Mode.WSPIERANIE, deadline: datetime | None = None,
                     funds: Decimal = Decimal("100000.00"),
                     max_grant: Decimal = Decimal("50000.00"), title: str | None = None,
                     created_by: User | None = None) -> Competition:
    today = clock.today()
    published_on = today - timedelta(days=5)
    deadline = deadline or clock.local_instant(today + timedelta(days=20), time(12, 0))
    comp = Competition(
        organiser_id=organiser.id, reference=f"MOPS.OKO.{next(_seq)}.2026",
        title=title or "Schronienie i posiłki dla osób w kryzysie bezdomności",
        area="pomoc_spoleczna", mode=mode,
        max_grant_pct=Decimal("80") if mode == Mode.WSPIERANIE else Decimal("100"),
        min_own_pct=Decimal("0"), description="Zapewnienie schronienia i posiłku.",
        grant_rules="Dotacja do 80 % kosztów.", task_conditions="Zadanie na terenie Sopotu.",
        selection_procedure="Komisja konkursowa ocenia oferty.",
        tie_break_point=3, tie_break_rule=tie_break_text(3), offer_deadline=deadline,
        decision_date=today + timedelta(days=40), status=status,
        budget_division="852", budget_chapter="85228", budget_paragraph="2360",
        created_by_id=getattr(created_by, "id", None),
    )
    if day_off_reason(clock.to_local(deadline).date()):  # the officer confirmed the day
        comp.deadline_day_off_confirmed = clock.to_local(deadline).date()
    if status != CallStatus.DRAFT:
        comp.published_at = clock.local_instant(published_on, time(9, 0))
        comp.rules_date = published_on
        comp.version = 1
    year = today.year + 1
    comp.tasks = [CallTask(position=1, title="Schronienie i posiłki", funds=funds,
                           min_grant=Decimal("1000.00"), max_grant=max_grant,
                           start_date=date(year, 1, 1), end_date=date(year, 12, 31))]
    points = [(1, "Możliwość realizacji zadania", 20), (2, "Kalkulacja kosztów", 20),
              (3, "Jakość wykonania i kwalifikacje osób", 30),
              (5, "Wkład osobowy i rzeczowy", 10), (6, "Rzetelność i terminowość", 20)]
    if mode == Mode.WSPIERANIE:
        points.insert(3, (4, "Udział środków własnych", 10))
    comp.criteria = [Criterion(position=i, statutory_point=p, name=n, max_points=Decimal(m))
                     for i, (p, n, m) in enumerate(points, 1)]
    comp.checklist = [ChecklistItem(position=1, text="Oferta złożona w terminie"),
                      ChecklistItem(position=2, text="Oferta podpisana przez osoby uprawnione")]
    comp.required_attachments = [RequiredAttachment(position=1, name="Statut", mandatory=False)]
    db.session.add(comp)
    db.session.flush()
    if status != CallStatus.DRAFT:
        comp.procedure.publications.append(Publication(
            subject=Subject.ANNOUNCEMENT, number=1, bip_on=published_on, board_on=published_on,
            website_on=published_on, published_on=published_on, published_at=comp.published_at,
            published_by_id=getattr(created_by, "id", None), snapshot=snapshots.snapshot(comp),
            changes=[]))
        db.session.flush()
    return comp


@dataclass
class World:
    org_a: Organiser
    org_b: Organiser
    admin: User
    officer: User
    officer_b: User
    committee: User
    finance: User
    ngo_admin: User
    ngo_member: User
    ngo_other: User
    ngo_x: Organisation
    ngo_y: Organisation
    competition: Competition


@pytest.fixture(scope="module")
def world_clock():
    """The instant the module's shared world is built at (None: the real clock). A folder
    whose tests run on a frozen clock overrides it with that instant."""
    return None


# The autouse fixtures of tests/conftest.py: they set no clock.
COMMON_AUTOUSE = {"_isolated", "_fake_pdf"}


def _own_autouse(request) -> set[str]:
    """Autouse fixtures of the module or its folder's conftest: they may set the clock the
    world is built on, so such a module builds it per test (unless it sets `world_clock`)."""
    try:
        names = set(request.session._fixturemanager._getautousenames(request.node))
    except Exception:  # noqa: BLE001 - pytest's internals changed: build per test
        return {"?"}
    return names - COMMON_AUTOUSE


def _world_overridden(request) -> bool:
    defs = request._fixturemanager.getfixturedefs("world", request.node) or ()
    return bool(defs) and getattr(defs[-1].func, "__module__", None) != __name__


@pytest.fixture(scope="module")
def _world_of_module(request, app, world_clock):
    """The world's ids, built once for the module (tests/conftest.py `module_data`: each test
    runs in a SAVEPOINT rolled back after it), at `world_clock`. None - the world is built per
    test, on the clock the test's own fixtures set - in a module with `committing` tests, or
    with autouse fixtures or a `world` of its own, unless it sets `world_clock`."""
    from tests.conftest import module_data

    mine = [i for i in request.session.items if getattr(i, "module", None) is request.module]
    if any(i.get_closest_marker("committing") for i in mine) or world_clock is None and (
            _own_autouse(request) or _world_overridden(request)):
        yield None
        return
    with clock.frozen_at(world_clock) if world_clock else nullcontext():
        built = module_data(app, lambda: world_ids(build_world()))
        ids = built.__enter__()
    try:
        yield ids
    finally:
        built.__exit__(None, None, None)


@pytest.fixture
def world(_world_of_module) -> World:
    if _world_of_module is None:
        return build_world()
    return reload_world(_world_of_module)


def build_world() -> World:
    """The world of the `world` fixture (for a module's shared data: tests/conftest.py
    `module_data`, with `world_ids` and `reload_world`)."""
    org_a = make_organiser("MOPS", "Miejski Ośrodek Pomocy Społecznej w Sopocie")
    org_b = make_organiser("UMG", "Urząd Miasta Gdyni")
    admin = make_user("admin@example.org", full_name="Adam Administrator", is_admin=True)
    officer = make_user("urzednik@example.org", full_name="Urszula Urzędniczka",
                        roles=[(org_a, StaffRoleKind.OFFICER)])
    officer_b = make_user("urzednik.b@example.org", full_name="Bogdan Obcy",
                          roles=[(org_b, StaffRoleKind.OFFICER)])
    committee = make_user("komisja@example.org", full_name="Kamila Komisyjna",
                          roles=[(org_a, StaffRoleKind.COMMITTEE)])
    finance = make_user("finanse@example.org", full_name="Franciszek Finansowy",
                        roles=[(org_a, StaffRoleKind.FINANCE)])
    ngo_admin = make_user("ngo.admin@example.org", full_name="Natalia Społeczna")
    ngo_member = make_user("ngo.czlonek@example.org", full_name="Marek Członek")
    ngo_other = make_user("ngo.inna@example.org", full_name="Olga Inna")
    ngo_x = make_organisation("Stowarzyszenie Pomocy Bliźniemu", index=0,
                              members=[(ngo_admin, True), (ngo_member, False)])
    ngo_y = make_organisation("Fundacja Inna", index=1, legal_form=LegalForm.FOUNDATION,
                              members=[(ngo_other, True)])
    competition = make_competition(org_a, created_by=officer)
    db.session.commit()
    return World(org_a, org_b, admin, officer, officer_b, committee, finance, ngo_admin,
                 ngo_member, ngo_other, ngo_x, ngo_y, competition)


def world_ids(w: World) -> dict[str, tuple[type, int]]:
    return {f.name: (type(getattr(w, f.name)), getattr(w, f.name).id) for f in fields(World)}


def reload_world(ids: dict[str, tuple[type, int]]) -> World:
    """The world of `world_ids` in the current session."""
    return World(**{name: db.session.get(cls, id_) for name, (cls, id_) in ids.items()})


__all__ = ["PASSWORD", "VALID_IBANS", "VALID_NIPS", "VALID_REGONS", "World", "build_world",
           "make_competition", "make_organisation", "make_organiser", "make_user",
           "reload_world", "world", "world_clock", "world_ids", "_world_of_module"]
