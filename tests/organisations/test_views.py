"""Organisation pages through the test client: status codes, messages, kept input, mail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from grants.core import clock
from grants.extensions import db
from grants.organisations.models import Invitation, Membership, Organisation, VerificationStatus
from tests.support.factories import VALID_IBANS, VALID_NIPS, make_organisation, make_user
from tests.support.organisations import as_user, link_in, org_form

# --- my organisations, registration -------------------------------------------------------


def test_mine_lists_my_organisations_with_role_and_status(client, world):
    as_user(client, world.ngo_member)
    page = client.get("/organisations/mine").text
    assert "Stowarzyszenie Pomocy Bliźniemu" in page
    assert "członek" in page and "zweryfikowana" in page
    assert "Fundacja Inna" not in page
    assert "Zarejestruj organizację" in page


def test_mine_needs_login(client, world):
    response = client.get("/organisations/mine")
    assert response.status_code == 302 and "/login" in response.location


def test_register_creates_a_pending_organisation(client, world):
    user = make_user()
    db.session.commit()
    as_user(client, user)
    assert client.get("/organisations/register").status_code == 200
    response = client.post("/organisations/register", data=org_form())
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation).filter_by(nip=VALID_NIPS[5]))
    assert response.location.endswith(f"/organisations/{org.id}")
    assert org.status == VerificationStatus.PENDING
    assert org.memberships[0].user_id == user.id and org.memberships[0].is_admin
    assert len(org.representatives) == 2


@pytest.mark.parametrize(("overrides", "message"), [
    ({"nip": "5851200079"}, "NIP ma nieprawidłową cyfrę kontrolną"),
    ({"nip": "58512"}, "NIP ma 10 cyfr"),
    ({"regon": "19100001X"}, "REGON może zawierać tylko cyfry"),
    ({"krs": "12345"}, "dokładnie 10 cyfr"),
    ({"krs": ""}, "jest wymagany dla tej formy prawnej"),
    ({"iban": "DE89370400440532013000"}, "polskim banku"),
    ({"iban": "PL43102018560000000000000001"}, "cyfry kontrolne"),
    ({"postal_code": "8-1717"}, None),                     # normalised, accepted
    ({"postal_code": "817"}, "NN-NNN"),
    ({"email": "biuro(at)example.org"}, "poprawny adres e-mail"),
    ({"legal_form": ""}, "Wybierz formę prawną"),
    ({"legal_form": "nieznana"}, "z listy"),
    ({"areas": []}, "co najmniej jeden obszar"),
    ({"areas": ["x"]}, "Wybierz obszary z listy"),
    ({"name": "N" * 400}, "Najwyżej 300 znaków"),
    ({"signing_rule": ""}, "sposób reprezentacji"),
    ({"representatives": [{"full_name": "Ewa", "function": ""}]}, "Podaj funkcję"),
    ({"representatives": [{"full_name": "", "function": ""}]}, "co najmniej jedną osobę"),
])
def test_register_with_bad_input_shows_a_message_and_keeps_what_was_typed(
        client, world, overrides, message):
    as_user(client, world.ngo_other)
    form = org_form(**overrides)
    form["name"] = form["name"] if "name" in overrides else "Fundacja „Łódź” & Co"
    response = client.post("/organisations/register", data=form)
    if message is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    page = response.text
    assert message in page
    assert "Popraw błędy w formularzu" in page or 'role="alert"' in page
    # typed values are still there
    for field in ("nip", "regon", "krs", "iban", "street", "city"):
        if form.get(field):
            assert f'value="{form[field]}"' in page, field
    if "name" not in overrides:
        assert "Fundacja „Łódź” &amp; Co" in page
    if "areas" not in overrides:
        for code in form["areas"]:
            assert re.search(rf'<input checked[^>]*value="{code}"', page), code
    assert "Piotr Skarbnik" in page or "representatives" in overrides
    assert db.session.scalar(select(Organisation).filter_by(
        name="Fundacja „Łódź” & Co")) is None


def test_errors_point_at_their_fields(client, world):
    as_user(client, world.ngo_other)
    page = client.post("/organisations/register", data=org_form(nip="1")).text
    assert 'id="nip-errors"' in page
    assert 'aria-invalid="true"' in page


def test_add_and_remove_representative_rows_keep_what_was_typed(client, world):
    as_user(client, world.ngo_other)
    form = org_form(nip="585 120 00 78")
    form["add_representative"] = "1"
    page = client.post("/organisations/register", data=form).text
    assert 'name="representatives-2-full_name"' in page
    assert 'value="585 120 00 78"' in page and "Piotr Skarbnik" in page
    assert db.session.scalar(select(Organisation).filter_by(nip="5851200078")) is None

    form = org_form()
    form["remove_representative"] = "0"
    page = client.post("/organisations/register", data=form).text
    assert "Ewa Zarządna" not in page and "Piotr Skarbnik" in page
    assert 'value="Fundacja Sopockie Schronienie"' in page


def test_removed_rows_stay_removed_when_saving(client, world):
    as_user(client, world.ngo_other)
    form = org_form()
    del form["representatives-0-full_name"], form["representatives-0-function"]
    assert client.post("/organisations/register", data=form).status_code == 302
    org = db.session.scalar(select(Organisation).filter_by(nip=VALID_NIPS[5]))
    assert [r.full_name for r in org.representatives] == ["Piotr Skarbnik"]


def test_a_row_message_after_a_removed_row_is_put_on_its_row(client, world):
    """The service numbers the rows it got; the message of its second row belongs to the
    row of the page that came second, whatever index that row was posted with."""
    as_user(client, world.ngo_other)
    form = org_form(representatives=[{"full_name": "Ala", "function": "Prezes"},
                                     {"full_name": "", "function": ""},
                                     {"full_name": "Cela Trzecia", "function": ""}])
    del form["representatives-1-full_name"], form["representatives-1-function"]
    page = client.post("/organisations/register", data=form).text
    row = re.search(r'name="representatives-(\d+)-full_name"[^>]*value="Cela Trzecia"', page)
    assert f'id="representatives-{row.group(1)}-function-errors"' in page
    assert "Osoba 2: Podaj funkcję" in page
    assert 'role="alert">Podaj funkcję' not in page      # not flashed as a loose message


def test_register_a_church_legal_person_with_another_register(client, world):
    as_user(client, world.ngo_other)
    form = org_form(legal_form="church", krs="",
                    other_register_name="Rejestr kościelnych osób prawnych",
                    other_register_number="KOŚ/12/1999")
    assert client.post("/organisations/register", data=form).status_code == 302
    org = db.session.scalar(select(Organisation).filter_by(nip=VALID_NIPS[5]))
    assert org.krs is None and org.other_register_number == "KOŚ/12/1999"


# --- one organisation --------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("ngo_admin", 200), ("ngo_member", 200), ("officer", 200), ("officer_b", 200),
    ("committee", 200), ("finance", 200), ("admin", 200), ("ngo_other", 404),
])
def test_view(client, world, who, status):
    as_user(client, getattr(world, who))
    response = client.get(f"/organisations/{world.ngo_x.id}")
    assert response.status_code == status
    if status == 200:
        assert "Anna Kowalska" in response.text and "Dwóch członków zarządu" in response.text


def test_view_of_a_missing_organisation_is_404(client, world):
    as_user(client, world.officer)
    assert client.get("/organisations/999999").status_code == 404


@pytest.mark.parametrize(("who", "status"), [
    ("ngo_admin", 200), ("ngo_member", 403), ("officer", 403), ("admin", 403),
    ("ngo_other", 404),
])
def test_edit_access(client, world, who, status):
    as_user(client, getattr(world, who))
    assert client.get(f"/organisations/{world.ngo_x.id}/edit").status_code == status
    if status != 200:
        assert client.post(f"/organisations/{world.ngo_x.id}/edit",
                           data=org_form()).status_code == status


def _edit_form(org, **changes):
    form = org_form(
        name=org.name, legal_form=org.legal_form.value, krs=org.krs, nip=org.nip,
        regon=org.regon, street=org.street, postal_code=org.postal_code, city=org.city,
        email=org.email, phone=org.phone, iban=org.iban, areas=list(org.areas),
        signing_rule=org.signing_rule,
        representatives=[{"full_name": r.full_name, "function": r.function,
                          "signs_alone": r.signs_alone} for r in org.representatives])
    form.update(changes)
    return form


def test_edit_form_is_filled_with_the_current_data(client, world):
    as_user(client, world.ngo_admin)
    page = client.get(f"/organisations/{world.ngo_x.id}/edit").text
    assert f'value="{world.ngo_x.iban}"' in page and "Jan Nowak" in page
    assert re.search(r'<input checked[^>]*value="pomoc_spoleczna"', page)
    assert "wymaga ponownej weryfikacji" in page


def test_changing_the_bank_account_of_a_verified_organisation_returns_it_to_pending(
        client, world):
    as_user(client, world.ngo_admin)
    org_id = world.ngo_x.id
    response = client.post(f"/organisations/{org_id}/edit",
                           data=_edit_form(world.ngo_x, iban=VALID_IBANS[4]),
                           follow_redirects=True)
    assert response.status_code == 200
    assert "ponownie czeka na weryfikację" in response.text
    org = db.session.get(Organisation, org_id)
    assert org.status == VerificationStatus.PENDING and org.iban == VALID_IBANS[4]
    assert "rachunek bankowy" in org.status_note


def test_edit_with_bad_input_keeps_it_and_changes_nothing(client, world):
    as_user(client, world.ngo_admin)
    org_id, old = world.ngo_x.id, world.ngo_x.iban
    response = client.post(f"/organisations/{org_id}/edit",
                           data=_edit_form(world.ngo_x, iban="PL12 3456", phone="abc"))
    assert response.status_code == 200
    assert 'value="PL12 3456"' in response.text and "26 cyfr" in response.text
    assert db.session.get(Organisation, org_id).iban == old


# --- verification --------------------------------------------------------------------------

def _pending(world):
    world.ngo_x.status = VerificationStatus.PENDING
    db.session.commit()
    return world.ngo_x.id


@pytest.mark.parametrize(("who", "status"), [
    ("officer", 302), ("officer_b", 302), ("committee", 403), ("finance", 403),
    ("admin", 403), ("ngo_admin", 403), ("ngo_member", 403), ("ngo_other", 404),
])
def test_verify_access(client, world, mailbox, who, status):
    org_id = _pending(world)
    as_user(client, getattr(world, who))
    response = client.post(f"/organisations/{org_id}/verify",
                           data={"action": "verify", "note": "Zgodne z KRS"})
    assert response.status_code == status
    org = db.session.get(Organisation, org_id)
    assert (org.status == VerificationStatus.VERIFIED) is (status == 302)
    assert len(mailbox) == (1 if status == 302 else 0)


def test_reject_without_a_reason_rerenders_with_a_message(client, world):
    org_id = _pending(world)
    as_user(client, world.officer)
    response = client.post(f"/organisations/{org_id}/verify",
                           data={"action": "reject", "note": ""})
    assert response.status_code == 200
    assert "Podaj powód odrzucenia" in response.text
    assert db.session.get(Organisation, org_id).status == VerificationStatus.PENDING


def test_reject_with_a_reason_mails_the_admins(client, world, mailbox):
    org_id = _pending(world)
    as_user(client, world.officer_b)
    response = client.post(f"/organisations/{org_id}/verify",
                           data={"action": "reject", "note": "REGON nie zgadza się z GUS."})
    assert response.status_code == 302
    assert mailbox[0]["To"] == world.ngo_admin.email
    as_user(client, world.ngo_admin)
    assert "REGON nie zgadza się z GUS." in client.get("/organisations/mine").text


def test_verify_form_shown_only_to_officers(client, world):
    as_user(client, world.committee)
    assert "Zweryfikuj" not in client.get(f"/organisations/{world.ngo_x.id}").text
    _pending(world)
    as_user(client, world.officer_b)
    assert "Zweryfikuj" in client.get(f"/organisations/{world.ngo_x.id}").text


# --- the staff list --------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("officer", 200), ("officer_b", 200), ("committee", 200), ("finance", 200), ("admin", 200),
    ("ngo_admin", 403), ("ngo_other", 403),
])
def test_staff_list_access(client, world, who, status):
    as_user(client, getattr(world, who))
    assert client.get("/organisations/staff").status_code == status


def test_staff_list_shows_pending_first_and_filters(client, world):
    make_organisation("Aaa Czekająca", verified=False, index=2)
    db.session.commit()
    as_user(client, world.officer)
    page = client.get("/organisations/staff").text
    assert page.index("Aaa Czekająca") < page.index("Fundacja Inna")
    page = client.get("/organisations/staff?status=verified").text
    assert "Aaa Czekająca" not in page and "Fundacja Inna" in page
    page = client.get("/organisations/staff?status=pending&q=czekaj").text
    assert "Aaa Czekająca" in page and "Fundacja Inna" not in page
    assert client.get("/organisations/staff?status=bogus&page=x").status_code == 200


# --- members and invitations ---------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("ngo_admin", 200), ("ngo_member", 200), ("officer", 200), ("ngo_other", 404),
])
def test_members_page_access(client, world, who, status):
    as_user(client, getattr(world, who))
    response = client.get(f"/organisations/{world.ngo_x.id}/members")
    assert response.status_code == status
    if status == 200:
        assert ("Wyślij zaproszenie" in response.text) is (who == "ngo_admin")


@pytest.mark.parametrize("who", ["ngo_member", "officer"])
def test_only_admins_post_member_actions(client, world, who):
    as_user(client, getattr(world, who))
    response = client.post(f"/organisations/{world.ngo_x.id}/members",
                           data={"action": "invite", "email": "a@example.org"})
    assert response.status_code == 403


def test_invitation_round_trip(client, world, mailbox):
    as_user(client, world.ngo_admin)
    org_id = world.ngo_x.id
    response = client.post(f"/organisations/{org_id}/members",
                           data={"action": "invite", "email": "Nowa@Example.org"})
    assert response.status_code == 302
    assert len(mailbox) == 1 and mailbox[0]["To"] == "nowa@example.org"
    token = link_in(mailbox[0])
    assert "nowa@example.org" in client.get(f"/organisations/{org_id}/members").text

    # anonymous: the invitation and the way to sign in
    as_user(client, None)
    page = client.get(f"/organisations/invitations/{token}")
    assert page.status_code == 200 and "Zaloguj się" in page.text
    assert client.post(f"/organisations/invitations/{token}").status_code == 302

    # signed in with another address: refused
    as_user(client, world.ngo_other)
    assert "wysłano na adres" in client.get(f"/organisations/invitations/{token}").text
    response = client.post(f"/organisations/invitations/{token}")
    assert response.status_code == 200 and "inny adres e-mail" in response.text

    # the invited person accepts
    newcomer = make_user("nowa@example.org")
    db.session.commit()
    as_user(client, newcomer)
    response = client.post(f"/organisations/invitations/{token}")
    assert response.status_code == 302
    assert db.session.scalar(select(Membership).filter_by(
        user_id=newcomer.id, organisation_id=org_id)) is not None

    # single use
    page = client.get(f"/organisations/invitations/{token}")
    assert page.status_code == 409 and "już wykorzystane" in page.text


def test_an_expired_invitation_link(client, world, mailbox):
    start = clock.now()
    as_user(client, world.ngo_admin)
    with clock.frozen_at(start):
        client.post(f"/organisations/{world.ngo_x.id}/members",
                    data={"action": "invite", "email": "nowa@example.org"})
    token = link_in(mailbox[0])
    newcomer = make_user("nowa@example.org")
    db.session.commit()
    as_user(client, newcomer)
    with clock.frozen_at(start + timedelta(days=8)):
        response = client.post(f"/organisations/invitations/{token}")
    assert response.status_code == 409 and "wygasło" in response.text


def test_an_unknown_invitation_link(client, world):
    response = client.get("/organisations/invitations/zly-token")
    assert response.status_code == 404 and "link zaproszenia jest nieprawidłowy" in response.text


@pytest.mark.parametrize(("email", "message"), [
    ("", "Podaj adres e-mail"),
    ("zly@", "poprawny adres e-mail"),
    ("ngo.czlonek@example.org", "już należy do organizacji"),
])
def test_invite_with_bad_input(client, world, mailbox, email, message):
    as_user(client, world.ngo_admin)
    response = client.post(f"/organisations/{world.ngo_x.id}/members",
                           data={"action": "invite", "email": email})
    assert response.status_code == 200 and message in response.text
    assert f'value="{email}"' in response.text if email else True
    assert mailbox == []


def _membership_id(world, user):
    return db.session.scalar(select(Membership.id).filter_by(
        user_id=user.id, organisation_id=world.ngo_x.id))


def test_the_last_admin_cannot_be_removed(client, world):
    as_user(client, world.ngo_admin)
    mid = _membership_id(world, world.ngo_admin)
    for action in ("remove", "revoke_admin"):
        response = client.post(f"/organisations/{world.ngo_x.id}/members",
                               data={"action": action, "membership_id": mid})
        assert response.status_code == 200
        assert "co najmniej jednego administratora" in response.text
    assert db.session.get(Membership, mid) is not None


def test_admin_makes_another_admin_and_removes_a_member(client, world):
    as_user(client, world.ngo_admin)
    org_id = world.ngo_x.id
    mid = _membership_id(world, world.ngo_member)
    assert client.post(f"/organisations/{org_id}/members",
                       data={"action": "make_admin", "membership_id": mid}).status_code == 302
    assert db.session.get(Membership, mid).is_admin
    assert client.post(f"/organisations/{org_id}/members",
                       data={"action": "remove", "membership_id": mid}).status_code == 302
    assert db.session.get(Membership, mid) is None


def test_a_member_leaves(client, world):
    as_user(client, world.ngo_member)
    mid = _membership_id(world, world.ngo_member)
    response = client.post(f"/organisations/{world.ngo_x.id}/members",
                           data={"action": "remove", "membership_id": mid})
    assert response.status_code == 302 and response.location.endswith("/organisations/mine")


def test_a_membership_of_another_organisation_is_404(client, world):
    as_user(client, world.ngo_admin)
    other = db.session.scalar(select(Membership.id).filter_by(organisation_id=world.ngo_y.id))
    response = client.post(f"/organisations/{world.ngo_x.id}/members",
                           data={"action": "remove", "membership_id": other})
    assert response.status_code == 404
    response = client.post(f"/organisations/{world.ngo_x.id}/members",
                           data={"action": "remove", "membership_id": "abc"})
    assert response.status_code == 404


def test_cancel_an_invitation(client, world, mailbox):
    as_user(client, world.ngo_admin)
    org_id = world.ngo_x.id
    client.post(f"/organisations/{org_id}/members",
                data={"action": "invite", "email": "nowa@example.org"})
    token = link_in(mailbox[0])
    inv_id = db.session.scalar(select(Invitation.id))
    response = client.post(f"/organisations/{org_id}/members",
                           data={"action": "cancel_invitation", "invitation_id": inv_id})
    assert response.status_code == 302
    assert client.get(f"/organisations/invitations/{token}").status_code == 409


@pytest.mark.parametrize("path", [
    "/organisations/99999999999999999999",
    "/organisations/99999999999999999999/edit",
    "/organisations/2147483648/members",
])
def test_ids_too_big_for_the_database_are_404(client, world, path):
    as_user(client, world.officer)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "-1", ""])
def test_odd_ids_in_forms_are_404(client, world, value):
    as_user(client, world.ngo_admin)
    for action, name in (("remove", "membership_id"), ("cancel_invitation", "invitation_id")):
        response = client.post(f"/organisations/{world.ngo_x.id}/members",
                               data={"action": action, name: value})
        assert response.status_code == 404
    as_user(client, world.officer)
    assert client.get(f"/organisations/staff?page={value}").status_code == 200


def test_an_unknown_member_action_is_400(client, world):
    as_user(client, world.ngo_admin)
    assert client.post(f"/organisations/{world.ngo_x.id}/members",
                       data={"action": "explode"}).status_code == 400


def test_nul_characters_do_not_break_the_database(client, world):
    as_user(client, world.ngo_other)
    form = org_form(name="Fundacja\x00 Nul", signing_rule="łącznie\x00")
    form["representatives-0-full_name"] = "Ewa\x00"
    assert client.post("/organisations/register", data=form).status_code == 302
    org = db.session.scalar(select(Organisation).filter_by(nip=VALID_NIPS[5]))
    assert org.name == "Fundacja Nul" and org.representatives[0].full_name == "Ewa"
    as_user(client, world.officer)
    response = client.post(f"/organisations/{org.id}/verify",
                           data={"action": "reject", "note": "Zły\x00 KRS"})
    assert response.status_code == 302
    assert db.session.get(Organisation, org.id).status_note == "Zły KRS"
