"""Organisation services: registration, changes, verification, members, invitations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from grants.core import clock
from grants.core.audit import AuditEntry
from grants.core.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from grants.extensions import db
from grants.organisations import services
from grants.organisations.models import Invitation, Membership, Organisation, VerificationStatus
from tests.support.factories import VALID_IBANS, VALID_NIPS, make_user
from tests.support.organisations import link_in, org_data


def _audit(action):
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# --- registration ------------------------------------------------------------------------

def test_register_makes_the_user_its_admin_and_waits_for_verification(world):
    user = make_user()
    org = services.register_organisation(actor=user, data=org_data(nip="585-120-00-78"))
    db.session.commit()
    assert org.status == VerificationStatus.PENDING
    assert org.nip == "5851200078"
    assert [(m.user_id, m.is_admin) for m in org.memberships] == [(user.id, True)]
    assert [(r.position, r.full_name) for r in org.representatives] == [
        (1, "Ewa Zarządna"), (2, "Piotr Skarbnik")]
    entry = _audit("organisation.register")[0]
    assert entry.actor_id == user.id and entry.after["nip"] == "5851200078"


def test_register_refuses_bad_data_with_messages_per_field(world):
    with pytest.raises(ValidationFailed) as err:
        services.register_organisation(actor=world.ngo_admin, data=org_data(
            nip="5851200079", iban="PL00", krs=""))
    assert set(err.value.field_errors) == {"nip", "iban", "krs"}


@pytest.mark.parametrize(("field", "value"), [
    ("nip", VALID_NIPS[0]),                 # the NIP of the world's organisation X
    ("nip", "PL " + VALID_NIPS[0]),         # typed differently, the same number
])
def test_registering_a_verified_nip_again_is_a_claim_not_a_refusal(world, field, value):
    org = services.register_organisation(actor=make_user(), data=org_data(**{field: value}))
    assert org.status == VerificationStatus.PENDING
    assert _audit("organisation.claim")[0].after["claimed"] == [world.ngo_x.id]


def test_registering_a_verified_krs_again_is_a_claim(world):
    services.register_organisation(actor=make_user(), data=org_data(krs=world.ngo_x.krs))
    assert _audit("organisation.claim")[0].after["claimed"] == [world.ngo_x.id]


def test_anonymous_cannot_register(world):
    with pytest.raises(NotAllowed):
        services.register_organisation(actor=None, data=org_data())


# --- changes -----------------------------------------------------------------------------

def _current(org, **changes):
    data = org_data(
        name=org.name, legal_form=org.legal_form.value, krs=org.krs, nip=org.nip,
        regon=org.regon, street=org.street, postal_code=org.postal_code, city=org.city,
        email=org.email, phone=org.phone, iban=org.iban, areas=org.areas,
        signing_rule=org.signing_rule,
        representatives=[{"full_name": r.full_name, "function": r.function,
                          "signs_alone": r.signs_alone} for r in org.representatives])
    data.update(changes)
    return data


@pytest.mark.parametrize(("changes", "back_to_pending", "label"), [
    ({"iban": VALID_IBANS[4]}, True, "rachunek bankowy"),
    ({"nip": VALID_NIPS[4]}, True, "NIP"),
    ({"krs": "0000999999"}, True, "KRS"),
    ({"representatives": [{"full_name": "Nowa Prezes", "function": "Prezes Zarządu"}]},
     True, "osoby reprezentujące"),
    ({"signing_rule": "prezes samodzielnie"}, True, "sposób reprezentacji"),
    ({"name": "Fundacja Inna"}, True, "nazwa"),
    ({"legal_form": "foundation"}, True, "forma prawna"),
    ({"phone": "601 602 603"}, False, None),
    ({"email": "nowy@example.org", "street": "ul. Nowa 1"}, False, None),
    ({"areas": ["pomoc_spoleczna", "seniorzy"]}, False, None),
])
def test_update_of_a_verified_organisation(world, changes, back_to_pending, label):
    org = world.ngo_x
    services.update_organisation(org, actor=world.ngo_admin, data=_current(org, **changes))
    db.session.commit()
    if back_to_pending:
        assert org.status == VerificationStatus.PENDING
        assert label in org.status_note
        assert org.verified_at is not None   # the last verification is kept
    else:
        assert org.status == VerificationStatus.VERIFIED
    entry = _audit("organisation.update")[-1]
    changed = {k for k in changes if k != "representatives"} or {"representatives"}
    changed = {f"pending_{k}" if k in services.HELD_FIELDS else k for k in changed}
    assert changed <= set(entry.after)
    assert set(entry.before) == set(entry.after)


def test_update_bank_account_records_before_and_after(world):
    org = world.ngo_x
    old = org.iban
    services.update_organisation(org, actor=world.ngo_admin,
                                 data=_current(org, iban=VALID_IBANS[4]))
    entry = _audit("organisation.update")[-1]
    assert entry.before["iban"] == old and entry.after["iban"] == VALID_IBANS[4]
    assert entry.before["status"] == "verified" and entry.after["status"] == "pending"


def test_update_with_nothing_changed_records_nothing(world):
    services.update_organisation(world.ngo_x, actor=world.ngo_admin, data=_current(world.ngo_x))
    assert _audit("organisation.update") == []
    assert world.ngo_x.status == VerificationStatus.VERIFIED


def test_a_rejected_organisation_returns_to_pending_when_corrected(world):
    services.reject_organisation(world.ngo_x, actor=world.officer, note="Zły REGON")
    services.update_organisation(world.ngo_x, actor=world.ngo_admin,
                                 data=_current(world.ngo_x, phone="601 602 603"))
    assert world.ngo_x.status == VerificationStatus.PENDING


def test_update_keeps_its_own_nip_and_refuses_another(world):
    data = _current(world.ngo_x, nip=world.ngo_y.nip)
    with pytest.raises(ValidationFailed) as err:
        services.update_organisation(world.ngo_x, actor=world.ngo_admin, data=data)
    assert "nip" in err.value.field_errors


@pytest.mark.parametrize("who", ["ngo_member", "ngo_other", "officer", "admin"])
def test_only_the_organisations_admin_may_update(world, who):
    with pytest.raises(NotAllowed):
        services.update_organisation(world.ngo_x, actor=getattr(world, who),
                                     data=_current(world.ngo_x))


# --- verification ------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "allowed"), [
    ("officer", True),
    ("officer_b", True),         # an officer of another organiser: NGO data serves all
    ("committee", False),
    ("finance", False),
    ("admin", False),
    ("ngo_admin", False),
    ("ngo_member", False),
    ("ngo_other", False),
])
def test_who_may_verify(world, who, allowed):
    world.ngo_x.status = VerificationStatus.PENDING
    actor = getattr(world, who)
    if allowed:
        services.verify_organisation(world.ngo_x, actor=actor, note="Zgodne z KRS")
        assert world.ngo_x.status == VerificationStatus.VERIFIED
        assert world.ngo_x.verified_by_id == actor.id
    else:
        with pytest.raises(NotAllowed):
            services.verify_organisation(world.ngo_x, actor=actor)
        with pytest.raises(NotAllowed):
            services.reject_organisation(world.ngo_x, actor=actor, note="x")


def test_verification_mails_the_organisations_admins(world, mailbox):
    world.ngo_x.status = VerificationStatus.PENDING
    services.verify_organisation(world.ngo_x, actor=world.officer_b)
    db.session.commit()
    assert len(mailbox) == 1
    assert mailbox[0]["To"] == world.ngo_admin.email
    assert "zweryfikowana" in mailbox[0]["Subject"]


def test_rejection_needs_a_reason_and_mails_it(world, mailbox):
    with pytest.raises(ValidationFailed) as err:
        services.reject_organisation(world.ngo_x, actor=world.officer, note="  ")
    assert "note" in err.value.field_errors
    services.reject_organisation(world.ngo_x, actor=world.officer,
                                 note="Numer KRS nie zgadza się z wpisem.")
    db.session.commit()
    assert world.ngo_x.status == VerificationStatus.REJECTED
    assert "Numer KRS nie zgadza się" in mailbox[0].get_body(("plain",)).get_content()
    assert _audit("organisation.reject")[0].after["status"] == "rejected"


def test_verifying_twice_is_refused(world):
    with pytest.raises(InvalidTransition):
        services.verify_organisation(world.ngo_x, actor=world.officer)


# --- invitations -------------------------------------------------------------------------

def _invite(world, email="nowa.osoba@example.org"):
    inv = services.invite_member(world.ngo_x, actor=world.ngo_admin, email=email)
    db.session.commit()
    return inv


def test_invitation_mail_has_a_link_whose_token_is_stored_hashed(world, mailbox):
    inv = _invite(world, " Nowa.Osoba@Example.org ")
    assert inv.email == "nowa.osoba@example.org"
    assert len(mailbox) == 1 and mailbox[0]["To"] == "nowa.osoba@example.org"
    token = link_in(mailbox[0])
    assert token == inv.token
    stored = db.session.scalars(select(Invitation)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_the_invited_user_joins_once(world, mailbox):
    _invite(world)
    token = link_in(mailbox[0])
    newcomer = make_user("nowa.osoba@example.org")
    membership = services.accept_invitation(token, actor=newcomer)
    db.session.commit()
    assert membership.organisation_id == world.ngo_x.id and not membership.is_admin
    other = make_user("ktos@example.org")
    with pytest.raises(InvalidTransition, match="już wykorzystane"):
        services.accept_invitation(token, actor=other)


def test_an_invitation_expires(world):
    start = clock.now()
    with clock.frozen_at(start):
        inv = _invite(world)
    newcomer = make_user("nowa.osoba@example.org")
    with clock.frozen_at(start + timedelta(days=7, seconds=1)), \
            pytest.raises(InvalidTransition, match="wygasło"):
        services.accept_invitation(inv.token, actor=newcomer)
    with clock.frozen_at(start + timedelta(days=6, hours=23)):
        services.accept_invitation(inv.token, actor=newcomer)


def test_the_wrong_email_is_refused(world):
    inv = _invite(world)
    with pytest.raises(NotAllowed, match="inny adres"):
        services.accept_invitation(inv.token, actor=world.ngo_other)
    assert inv.accepted_at is None


def test_an_unknown_token_is_refused(world):
    with pytest.raises(NotFound):
        services.accept_invitation("nie-ma-takiego", actor=world.ngo_other)


def test_a_new_invitation_replaces_the_pending_one(world):
    first = _invite(world)
    second = _invite(world)
    newcomer = make_user("nowa.osoba@example.org")
    with pytest.raises(InvalidTransition):
        services.accept_invitation(first.token, actor=newcomer)
    services.accept_invitation(second.token, actor=newcomer)


def test_a_revoked_invitation_cannot_be_used(world):
    inv = _invite(world)
    services.revoke_invitation(inv, actor=world.ngo_admin)
    with pytest.raises(InvalidTransition):
        services.accept_invitation(inv.token, actor=make_user("nowa.osoba@example.org"))


@pytest.mark.parametrize(("email", "message"), [
    ("", "Podaj adres e-mail"),
    ("nie-email", "poprawny adres"),
    ("ngo.czlonek@example.org", "już należy"),
])
def test_invitation_refusals(world, email, message):
    with pytest.raises(ValidationFailed) as err:
        services.invite_member(world.ngo_x, actor=world.ngo_admin, email=email)
    assert message in err.value.field_errors["email"][0]


@pytest.mark.parametrize("who", ["ngo_member", "ngo_other", "officer", "admin"])
def test_only_the_organisations_admin_invites(world, who):
    with pytest.raises(NotAllowed):
        services.invite_member(world.ngo_x, actor=getattr(world, who), email="a@example.org")


# --- members -------------------------------------------------------------------------------

def _membership(world, user):
    return db.session.scalar(select(Membership).filter_by(user_id=user.id,
                                                          organisation_id=world.ngo_x.id))


def test_the_last_admin_cannot_be_removed_or_demoted(world):
    admin_m = _membership(world, world.ngo_admin)
    with pytest.raises(InvalidTransition, match="co najmniej jednego administratora"):
        services.remove_member(admin_m, actor=world.ngo_admin)
    with pytest.raises(InvalidTransition, match="co najmniej jednego administratora"):
        services.set_member_admin(admin_m, actor=world.ngo_admin, is_admin=False)


def test_with_a_second_admin_the_first_may_leave(world):
    services.set_member_admin(_membership(world, world.ngo_member), actor=world.ngo_admin,
                              is_admin=True)
    services.remove_member(_membership(world, world.ngo_admin), actor=world.ngo_admin)
    db.session.commit()
    org = db.session.get(Organisation, world.ngo_x.id)
    assert [(m.user_id, m.is_admin) for m in org.memberships] == [(world.ngo_member.id, True)]
    assert _audit("membership.remove")[0].before["user_id"] == world.ngo_admin.id


def test_a_member_may_leave_but_not_remove_others(world):
    with pytest.raises(NotAllowed):
        services.remove_member(_membership(world, world.ngo_admin), actor=world.ngo_member)
    services.remove_member(_membership(world, world.ngo_member), actor=world.ngo_member)
    assert _membership(world, world.ngo_member) is None


def test_only_admins_grant_admin_rights(world):
    with pytest.raises(NotAllowed):
        services.set_member_admin(_membership(world, world.ngo_member), actor=world.ngo_member,
                                  is_admin=True)
