"""Roles only for confirmed addresses (issue 10): the service refuses, the page says so; the
accounts an administrator or the command line creates are confirmed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from grants.admin import services
from grants.auth import services as auth_services
from grants.auth.models import StaffRole, StaffRoleKind, User
from grants.cli import create_admin
from grants.core.errors import InvalidTransition
from grants.extensions import db
from tests.support.factories import make_user
from tests.support.organisations import as_user


def test_grant_role_refuses_an_unconfirmed_account(world):
    squatter = make_user("nowy.urzednik@mops.sopot.pl", verified=False)
    with pytest.raises(InvalidTransition, match="nie został potwierdzony") as refused:
        services.grant_staff_role(squatter, actor=world.admin, organiser_id=world.org_a.id,
                                  role="officer")
    assert "email" in refused.value.field_errors
    with pytest.raises(InvalidTransition):
        auth_services.grant_role(squatter, organiser_id=world.org_a.id,
                                 role=StaffRoleKind.OFFICER, actor=world.admin)
    assert db.session.scalar(select(StaffRole).filter_by(user_id=squatter.id)) is None


def test_the_users_page_marks_unconfirmed_addresses(client, world):
    make_user("nowy.urzednik@mops.sopot.pl", verified=False)
    db.session.commit()
    as_user(client, world.admin)
    page = client.get("/admin/users?q=mops.sopot").text
    assert "adres niepotwierdzony" in page
    assert client.get("/admin/users?q=ngo.admin").text.count("adres niepotwierdzony") == 0


def test_the_refusal_stands_under_the_address_on_the_grant_form(client, world):
    make_user("nowy.urzednik@mops.sopot.pl", verified=False)
    db.session.commit()
    as_user(client, world.admin)
    r = client.post("/admin/users", data={"action": "grant", "email": "nowy.urzednik@mops.sopot.pl",
                                          "organiser_id": world.org_a.id, "role": "officer"})
    assert r.status_code == 200
    errors = r.text.split('id="grant-email-errors"', 1)[1][:600]  # the grant form's own ids
    assert "nie został potwierdzony" in errors


def test_an_account_the_administrator_creates_is_confirmed_and_takes_a_role(world, mailbox):
    user = services.create_staff_account(actor=world.admin, full_name="Nowa Urzędniczka",
                                         email="nowa@mops.sopot.pl", organiser_id=world.org_a.id,
                                         role="officer")
    assert user.email_verified_at is not None
    assert [r.role for r in user.staff_roles] == [StaffRoleKind.OFFICER]


def test_the_administrator_created_on_the_command_line_is_confirmed(app):
    result = app.test_cli_runner().invoke(create_admin, [
        "--email", "szef@example.org", "--name", "Szef Systemu",
        "--password", "Mocne-haslo-admina-1", "--password", "Mocne-haslo-admina-1"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).filter_by(email="szef@example.org"))
    assert user.is_admin and user.email_verified_at is not None


def test_the_command_line_refuses_a_guessable_administrator_password(app):
    result = app.test_cli_runner().invoke(create_admin, [
        "--email", "szef@example.org", "--name", "Szef Systemu",
        "--password", "Password123", "--password", "Password123"])
    assert result.exit_code != 0 and "zbyt łatwe" in result.output
