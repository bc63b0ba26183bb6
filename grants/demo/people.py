"""The demo's people: two organisers (MOPS Sopot and the city office), their staff with their
roles, and four verified organisations with their administrators. Idempotent: each row is
looked up first (organisers by short name, users by e-mail, organisations by NIP)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from grants.auth.models import StaffRole, StaffRoleKind, User
from grants.auth.passwords import hash_password
from grants.core import clock
from grants.extensions import db
from grants.organisations.models import (
    LegalForm,
    Membership,
    Organisation,
    Representative,
    VerificationStatus,
)
from grants.organisers.models import Organiser, body_named

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

ORGANISATION_ADMINS = {"assoc": "Natalia Społeczna", "found": "Beata Morska",
                       "church": "ks. Jan Dobrowolski", "coop": "Ryszard Razem"}


@dataclass
class People:
    """Who the later steps of the demo act as."""

    mops: Organiser
    city: Organiser
    admin: User
    officer: User
    committee: User
    finance: User
    member: User
    orgs: dict[str, Organisation]
    org_admins: dict[str, User]


def _user(email: str, name: str, pw_hash: str, **kw) -> User:
    user = db.session.scalar(select(User).filter_by(email=email))
    if user is None:
        user = User(email=email, full_name=name, password_hash=pw_hash,
                    email_verified_at=clock.now(), **kw)
        db.session.add(user)
        db.session.flush()
    return user


def _role(user: User, organiser: Organiser, role: StaffRoleKind) -> None:
    if not db.session.scalar(select(StaffRole).filter_by(user_id=user.id,
                                                         organiser_id=organiser.id, role=role)):
        db.session.add(StaffRole(user=user, organiser_id=organiser.id, role=role))


def _organisers() -> tuple[Organiser, Organiser]:
    """MOPS Sopot and the city office: both act for the Mayor of Sopot (one executive body:
    the small-grant limits of art. 19a are counted over both)."""
    mayor = body_named(db.session, "Prezydent Miasta Sopotu")
    mops = db.session.scalar(select(Organiser).filter_by(short_name="MOPS Sopot"))
    if mops is None:
        mops = Organiser(name="Miejski Ośrodek Pomocy Społecznej w Sopocie",
                         short_name="MOPS Sopot", authority="Prezydent Miasta Sopotu",
                         executive_body=mayor, regon="000429180",
                         address="ul. Kolejowa 1, 81-717 Sopot", email="mops@mops.sopot.pl",
                         phone="58 551 17 10", bip_url="https://bip.mops.sopot.pl")
        db.session.add(mops)
    city = db.session.scalar(select(Organiser).filter_by(short_name="UM Sopot"))
    if city is None:
        city = Organiser(name="Urząd Miasta Sopotu", short_name="UM Sopot",
                         authority="Prezydent Miasta Sopotu", executive_body=mayor,
                         address="ul. Kościuszki 25/27, 81-704 Sopot", email="um@sopot.pl",
                         bip_url="https://bip.sopot.pl")
        db.session.add(city)
    db.session.flush()
    return mops, city


def _new_organisation(row: tuple, verified_by: User) -> Organisation:
    _key, name, form, krs, nip, regon, iban, street, admin_email, areas = row
    org = Organisation(
        name=name, legal_form=form, krs=krs, nip=nip, regon=regon, street=street,
        postal_code="81-700", city="Sopot", email=admin_email, phone="58 555 00 00",
        iban=iban, areas=areas, status=VerificationStatus.VERIFIED,
        verified_at=clock.now(), verified_by_id=verified_by.id,
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
            Representative(full_name="Anna Kowalska", function="Prezes Zarządu", position=1),
            Representative(full_name="Jan Nowak", function="Członek Zarządu", position=2),
        ]
    return org


def _organisations(pw_hash: str, officer: User, member: User):
    """The organisations (verified by the MOPS officer) and their administrators; the
    association's volunteer is its ordinary member."""
    orgs: dict[str, Organisation] = {}
    org_admins: dict[str, User] = {}
    for row in ORGANISATIONS:
        key, nip, admin_email = row[0], row[4], row[8]
        org = db.session.scalar(select(Organisation).filter_by(nip=nip))
        admin_user = _user(admin_email, ORGANISATION_ADMINS[key], pw_hash)
        org_admins[key] = admin_user
        if org is None:
            org = _new_organisation(row, officer)
            db.session.add(org)
            db.session.flush()
            db.session.add(Membership(user=admin_user, organisation=org, is_admin=True))
            if key == "assoc":
                db.session.add(Membership(user=member, organisation=org, is_admin=False))
        orgs[key] = org
    db.session.flush()
    return orgs, org_admins


def load_people() -> People:
    pw = hash_password(PASSWORD)
    mops, city = _organisers()
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
    orgs, org_admins = _organisations(pw, officer, member)
    return People(mops=mops, city=city, admin=admin, officer=officer, committee=committee,
                  finance=finance, member=member, orgs=orgs, org_admins=org_admins)
