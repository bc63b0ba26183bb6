"""Administration: only administrators; the dated rule set, the rates, accounts, organisers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from grants.admin import services
from grants.auth.models import StaffRole, StaffRoleKind, User
from grants.core import clock
from grants.core.audit import AuditEntry
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.extensions import db
from grants.organisers.models import Organiser
from grants.rules.catalogue import KEYS
from grants.rules.models import TaxArrearsRate
from grants.rules.services import rates, rules_in_force
from tests.support.organisations import as_user

PAGES = ["/admin/rules", "/admin/rates", "/admin/users", "/admin/organisers"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["officer", "officer_b", "committee", "finance", "ngo_admin",
                                 "ngo_member"])
def test_admin_pages_are_403_for_everybody_else(client, world, path, who):
    as_user(client, getattr(world, who))
    assert client.get(path).status_code == 403
    assert client.post(path, data={"action": "create"}).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_admin_pages_send_anonymous_users_to_login(client, world, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("path", PAGES)
def test_admin_pages_open_for_the_administrator(client, world, path):
    as_user(client, world.admin)
    assert client.get(path).status_code == 200


# --- the dated rule set ------------------------------------------------------------------

def test_rules_page_lists_every_key_with_its_value_and_history(client, world):
    as_user(client, world.admin)
    page = client.get("/admin/rules").text
    for spec in KEYS:
        assert spec.label in page
    assert "10\xa0000,00\xa0zł" in page and "21 dni" in page and "01.01.2024" in page


def test_a_later_value_changes_the_rules_only_from_its_date(client, world):
    as_user(client, world.admin)
    today = clock.today()
    later = today + timedelta(days=30)
    response = client.post("/admin/rules", data={
        "key": "small_grant_max", "value": "20 000,00",
        "effective_from": later.isoformat(), "legal_basis": "Dz.U. 2026 poz. 1"})
    assert response.status_code == 302
    assert rules_in_force(today).small_grant_max == Decimal("10000.00")
    assert rules_in_force(later - timedelta(days=1)).small_grant_max == Decimal("10000.00")
    assert rules_in_force(later).small_grant_max == Decimal("20000.00")
    page = client.get("/admin/rules").text
    assert "20\xa0000,00\xa0zł" in page and "przyszła" in page
    entry = db.session.scalars(select(AuditEntry).filter_by(action="rule.set")).one()
    assert entry.actor_id == world.admin.id


def test_a_value_typed_the_polish_way_with_a_polish_date(client, world):
    as_user(client, world.admin)
    response = client.post("/admin/rules", data={
        "key": "offer_min_days", "value": "28", "effective_from": "01.02.2030"})
    assert response.status_code == 302
    assert rules_in_force(date(2030, 2, 1)).offer_min_days == 28
    assert rules_in_force(date(2030, 1, 31)).offer_min_days == 21


@pytest.mark.parametrize(("form", "message"), [
    ({"key": "offer_min_days", "value": "", "effective_from": "2030-01-01"}, "Podaj wartość"),
    ({"key": "offer_min_days", "value": "dużo", "effective_from": "2030-01-01"},
     "nie jest kwotą"),
    ({"key": "offer_min_days", "value": "-3", "effective_from": "2030-01-01"}, "ujemna"),
    ({"key": "offer_min_days", "value": "21,5", "effective_from": "2030-01-01"},
     "tylko liczby całkowite"),
    ({"key": "offer_min_days", "value": "30", "effective_from": ""}, "Podaj datę"),
    ({"key": "offer_min_days", "value": "30", "effective_from": "31.02.2030"},
     "Podaj datę w postaci"),
    ({"key": "nieznana", "value": "30", "effective_from": "2030-01-01"}, "Wybierz regułę z listy"),
])
def test_bad_rule_input_shows_a_message_and_keeps_it(client, world, form, message):
    as_user(client, world.admin)
    response = client.post("/admin/rules", data=form)
    assert response.status_code == 200
    assert message in response.text
    if form["value"]:
        assert f'value="{form["value"]}"' in response.text
    assert rules_in_force(date(2030, 6, 1)).offer_min_days == 21


# --- the tax-arrears rates ---------------------------------------------------------------

def test_rates_table_and_a_new_rate(client, world):
    as_user(client, world.admin)
    page = client.get("/admin/rates").text
    assert "12\xa0%" in page and "obowiązuje" in page
    response = client.post("/admin/rates", data={
        "effective_from": "2030-03-01", "percent": "10,50", "legal_basis": "Obwieszczenie MF"})
    assert response.status_code == 302
    assert rates()[-1].effective_from == date(2030, 3, 1)
    assert rates()[-1].percent == Decimal("10.50")
    assert "10,5\xa0%" in client.get("/admin/rates").text


def test_a_rate_on_an_existing_date_replaces_it(client, world):
    as_user(client, world.admin)
    client.post("/admin/rates", data={"effective_from": "2025-10-09", "percent": "11,75"})
    row = db.session.scalar(select(TaxArrearsRate).filter_by(effective_from=date(2025, 10, 9)))
    assert row.percent == Decimal("11.75")


@pytest.mark.parametrize(("form", "message"), [
    ({"effective_from": "2030-01-01", "percent": "150"}, "między 0 a 100"),
    ({"effective_from": "2030-01-01", "percent": "abc"}, "nie jest kwotą"),
    ({"effective_from": "2030-01-01", "percent": ""}, "Podaj stawkę"),
    ({"effective_from": "jutro", "percent": "10"}, "Podaj datę w postaci"),
])
def test_bad_rate_input(client, world, form, message):
    as_user(client, world.admin)
    count = len(rates())
    response = client.post("/admin/rates", data=form)
    assert response.status_code == 200 and message in response.text
    assert len(rates()) == count


# --- accounts and roles -------------------------------------------------------------------

def test_create_a_staff_account_with_a_password_and_a_role(client, world, mailbox):
    as_user(client, world.admin)
    response = client.post("/admin/users", data={
        "action": "create", "full_name": "Zofia Nowa", "email": "Zofia@Example.org",
        "password": "Bezpieczne-haslo-1", "organiser_id": world.org_b.id, "role": "officer"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).filter_by(email="zofia@example.org"))
    assert [(r.organiser_id, r.role) for r in user.staff_roles] == [
        (world.org_b.id, StaffRoleKind.OFFICER)]
    assert mailbox == []


def test_create_a_staff_account_with_a_reset_link(client, world, mailbox):
    as_user(client, world.admin)
    response = client.post("/admin/users", data={
        "action": "create", "full_name": "Zofia Nowa", "email": "zofia@example.org"})
    assert response.status_code == 302
    assert len(mailbox) == 1 and mailbox[0]["To"] == "zofia@example.org"
    assert "/password/reset/" in mailbox[0].get_body(("plain",)).get_content()


@pytest.mark.parametrize(("form", "message"), [
    ({"full_name": "", "email": "a@example.org"}, "Podaj imię i nazwisko"),
    ({"full_name": "Ala", "email": "urzednik@example.org"}, "już istnieje"),
    ({"full_name": "Ala", "email": "ala@"}, "poprawny adres"),
    ({"full_name": "Ala", "email": "ala@example.org", "password": "krotkie"}, "10 znaków"),
    ({"full_name": "Ala", "email": "ala@example.org", "role": "officer"}, "Wybierz organizatora"),
    ({"full_name": "Ala", "email": "ala@example.org", "organiser_id": "1",
      "role": "szef"}, "Wybierz rolę"),
])
def test_bad_account_input(client, world, form, message):
    as_user(client, world.admin)
    response = client.post("/admin/users", data={"action": "create", **form})
    assert response.status_code == 200 and message in response.text
    if form["full_name"]:
        assert f'value="{form["full_name"]}"' in response.text
    assert db.session.scalar(select(User).filter_by(email="ala@example.org")) is None


def test_grant_and_revoke_a_role(client, world):
    as_user(client, world.admin)
    response = client.post("/admin/users", data={
        "action": "grant", "email": world.ngo_other.email, "organiser_id": world.org_a.id,
        "role": "committee"})
    assert response.status_code == 302
    role = db.session.scalar(select(StaffRole).filter_by(user_id=world.ngo_other.id))
    assert role.role == StaffRoleKind.COMMITTEE and role.organiser_id == world.org_a.id
    # the same role again: a message, not a duplicate
    response = client.post("/admin/users", data={
        "action": "grant", "email": world.ngo_other.email, "organiser_id": world.org_a.id,
        "role": "committee"})
    assert response.status_code == 200 and "ma już tę rolę" in response.text
    response = client.post("/admin/users", data={"action": "revoke", "role_id": role.id})
    assert response.status_code == 302
    assert db.session.scalar(select(StaffRole).filter_by(user_id=world.ngo_other.id)) is None
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"staff_role.grant", "staff_role.revoke"} <= actions


def test_grant_to_an_unknown_address(client, world):
    as_user(client, world.admin)
    response = client.post("/admin/users", data={
        "action": "grant", "email": "nikt@example.org", "organiser_id": world.org_a.id,
        "role": "officer"})
    assert response.status_code == 200 and "Nie ma konta z tym adresem" in response.text


def test_deactivate_and_activate(client, world):
    as_user(client, world.admin)
    uid = world.officer.id
    assert client.post("/admin/users", data={"action": "deactivate",
                                             "user_id": uid}).status_code == 302
    assert db.session.get(User, uid).active is False
    assert client.post("/admin/users", data={"action": "activate",
                                             "user_id": uid}).status_code == 302
    assert db.session.get(User, uid).active is True


def test_an_admin_cannot_deactivate_themselves(client, world):
    as_user(client, world.admin)
    response = client.post("/admin/users", data={"action": "deactivate",
                                                 "user_id": world.admin.id})
    assert response.status_code == 200 and "własnego konta" in response.text


def test_admins_deactivate_each_other_but_one_always_stays(world):
    other_admin = User(email="admin2@example.org", full_name="Drugi", password_hash="x",
                       is_admin=True)
    db.session.add(other_admin)
    db.session.flush()
    services.set_user_active(other_admin, actor=world.admin, active=False)
    assert other_admin.active is False
    # the one active admin left can only try it on themselves
    with pytest.raises(InvalidTransition, match="własnego konta"):
        services.set_user_active(world.admin, actor=world.admin, active=False)
    # a deactivated admin is not signed in, so may do nothing
    with pytest.raises(NotAllowed):
        services.set_user_active(world.admin, actor=other_admin, active=False)


@pytest.mark.parametrize("who", ["officer", "ngo_admin"])
def test_admin_services_refuse_everybody_else(world, who):
    actor = getattr(world, who)
    with pytest.raises(NotAllowed):
        services.create_staff_account(actor=actor, full_name="X", email="x@example.org")
    with pytest.raises(NotAllowed):
        services.revoke_role(world.officer.staff_roles[0], actor=actor)
    with pytest.raises(NotAllowed):
        services.create_organiser(actor=actor, data={"name": "X"})


def test_users_list_searches(client, world):
    as_user(client, world.admin)
    page = client.get("/admin/users?q=urzęd").text
    assert "Urszula Urzędniczka" in page and "Natalia Społeczna" not in page


# --- organisers -----------------------------------------------------------------------------

def test_create_an_organiser(client, world):
    as_user(client, world.admin)
    response = client.post("/admin/organisers", data={
        "name": "Urząd Miasta Sopotu", "short_name": "UMS",
        "authority": "Prezydent Miasta Sopotu", "regon": "191000032",
        "nip": "585-120-00-61", "address": "ul. Kościuszki 25/27, 81-704 Sopot",
        "email": "um@example.gov.pl", "bip_url": "https://bip.sopot.pl"})
    assert response.status_code == 302
    org = db.session.scalar(select(Organiser).filter_by(short_name="UMS"))
    assert org.nip == "5851200061" and org.bip_url == "https://bip.sopot.pl"
    assert "Urząd Miasta Sopotu" in client.get("/admin/organisers").text


@pytest.mark.parametrize(("overrides", "message"), [
    ({"name": ""}, "Podaj nazwę organizatora"),
    ({"short_name": "mops"}, "z tym skrótem już istnieje"),
    ({"short_name": "X" * 41}, "Najwyżej 40 znaków"),
    ({"nip": "1234567890"}, "cyfrę kontrolną"),
    ({"regon": "12345"}, "9 lub 14 cyfr"),
    ({"email": "um@"}, "poprawny adres"),
    ({"bip_url": "bip.sopot.pl"}, "pełny adres strony BIP"),
])
def test_bad_organiser_input(client, world, overrides, message):
    as_user(client, world.admin)
    form = {"name": "Urząd Miasta Sopotu", "short_name": "UMS",
            "authority": "Prezydent Miasta Sopotu", **overrides}
    response = client.post("/admin/organisers", data=form)
    assert response.status_code == 200 and message in response.text
    assert 'value="Prezydent Miasta Sopotu"' in response.text
    assert db.session.scalar(select(Organiser).filter_by(authority="Prezydent Miasta Sopotu")) \
        is None


def test_create_organiser_service_reports_every_field(world):
    with pytest.raises(ValidationFailed) as err:
        services.create_organiser(actor=world.admin, data={"nip": "1", "regon": "x"})
    assert {"name", "short_name", "authority", "nip", "regon"} <= set(err.value.field_errors)


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "abc"])
def test_odd_ids_are_404_not_500(client, world, value):
    as_user(client, world.admin)
    for action, name in (("revoke", "role_id"), ("deactivate", "user_id")):
        assert client.post("/admin/users", data={"action": action, name: value}).status_code \
            == 404
    assert client.get(f"/admin/users?page={value}").status_code == 200
    response = client.post("/admin/users", data={
        "action": "create", "full_name": "Ala", "email": "ala@example.org",
        "organiser_id": value, "role": "officer"})
    assert response.status_code == 200 and "Wybierz organizatora" in response.text


def test_nul_characters_in_admin_forms(client, world):
    as_user(client, world.admin)
    response = client.post("/admin/organisers", data={
        "name": "Urząd\x00", "short_name": "U\x00M", "authority": "Prezydent\x00"})
    assert response.status_code == 302
    assert db.session.scalar(select(Organiser).filter_by(short_name="UM")).name == "Urząd"
    response = client.post("/admin/users", data={
        "action": "create", "full_name": "Ala\x00", "email": "ala@example.org"})
    assert response.status_code == 302
