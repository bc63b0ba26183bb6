"""Issue 10, squatting: a rejected fake registration with a real NGO's NIP blocked the real NGO
for good (the NIP was unique). A rejected or unverified registration never blocks another;
at most one organisation per NIP (and KRS) is verified; registering the NIP of a verified
organisation is a claim the officers see."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from grants.core.errors import InvalidTransition, ValidationFailed
from grants.extensions import db
from grants.organisations import queries, services
from grants.organisations.models import Organisation, VerificationStatus
from tests.support.factories import VALID_NIPS, make_organisation, make_user
from tests.support.organisations import as_user, org_data, org_form

REAL = {"name": "Fundacja Sopockie Schronienie"}
FAKE = {"name": "Fundacja Sopockie Schronienie (podszywka)"}


def _register(**data) -> Organisation:
    org = services.register_organisation(actor=make_user(), data=org_data(**data))
    db.session.commit()
    return org


def test_a_rejected_fake_registration_does_not_block_the_real_ngo(world):
    fake = _register(**FAKE)
    services.reject_organisation(fake, actor=world.officer, note="Nie jesteście tą fundacją.")
    db.session.commit()
    real = _register(**REAL)                    # the same NIP and KRS (org_data's)
    assert real.nip == fake.nip and real.krs == fake.krs
    services.verify_organisation(real, actor=world.officer)
    db.session.commit()
    assert real.status == VerificationStatus.VERIFIED


def test_a_pending_fake_registration_does_not_block_the_real_ngo(world):
    fake = _register(**FAKE)
    real = _register(**REAL)
    services.verify_organisation(real, actor=world.officer)
    db.session.commit()
    # the fake one can no longer be verified while the real one is
    with pytest.raises(InvalidTransition, match="już zweryfikowana"):
        services.verify_organisation(fake, actor=world.officer)
    assert fake.status == VerificationStatus.PENDING


def test_at_most_one_verified_organisation_per_nip_in_the_database(world):
    make_organisation("Pierwsza", index=5)
    with pytest.raises(IntegrityError):
        make_organisation("Druga", index=5)
    db.session.rollback()


def test_an_unverified_copy_of_a_nip_is_allowed_in_the_database(world):
    make_organisation("Pierwsza", index=5)
    make_organisation("Druga", index=5, verified=False)
    db.session.commit()


def test_registering_the_nip_of_a_verified_organisation_is_a_claim_for_the_officers(
        world, mailbox):
    claim = _register(nip=VALID_NIPS[0])       # organisation X's NIP
    assert claim.status == VerificationStatus.PENDING
    assert queries.claimed_organisations(claim) == [world.ngo_x]
    assert queries.claims_against(world.ngo_x) == [claim]
    officers = {m["To"] for m in mailbox if "Zgłoszenie" in m["Subject"]}
    assert world.officer.email in ",".join(officers)
    assert world.officer_b.email in ",".join(officers)
    assert world.committee.email not in ",".join(officers)
    # the claimant cannot be verified while X is: the officer decides which one is real
    with pytest.raises(InvalidTransition):
        services.verify_organisation(claim, actor=world.officer)
    services.reject_organisation(world.ngo_x, actor=world.officer, note="Podszywka.")
    services.verify_organisation(claim, actor=world.officer)
    db.session.commit()
    assert claim.status == VerificationStatus.VERIFIED


def test_a_registration_with_a_free_nip_is_no_claim(world, mailbox):
    org = _register()
    assert queries.claimed_organisations(org) == []
    assert not [m for m in mailbox if "Zgłoszenie" in m["Subject"]]


def test_the_claim_is_marked_on_both_organisation_pages_and_in_the_staff_list(client, world):
    claim = _register(nip=VALID_NIPS[0], name="Stowarzyszenie Prawdziwe")
    as_user(client, world.officer)
    page = client.get(f"/organisations/{claim.id}").text
    assert "Zgłoszenie do organizacji już zweryfikowanej" in page
    assert f"/organisations/{world.ngo_x.id}" in page
    page = client.get(f"/organisations/{world.ngo_x.id}").text
    assert "Inne rejestracje z tym samym NIP lub KRS" in page and "Stowarzyszenie Prawdziwe" in page
    page = client.get("/organisations/staff").text
    assert "zgłoszenie do zweryfikowanej" in page


def test_the_claimant_is_told_what_happens(client, world):
    user = make_user()
    db.session.commit()
    as_user(client, user)
    response = client.post("/organisations/register", data=org_form(nip=VALID_NIPS[0]),
                           follow_redirects=True)
    assert response.status_code == 200
    assert "urzędnik" in response.text and "zgłoszenie" in response.text.lower()
    org = db.session.scalars(select(Organisation).where(Organisation.nip == VALID_NIPS[0])
                             .order_by(Organisation.id.desc())).first()
    assert org.id != world.ngo_x.id and org.memberships[0].user_id == user.id


def test_moving_a_verified_organisation_onto_another_verified_nip_is_refused(world):
    data = org_data(nip=world.ngo_y.nip, krs=world.ngo_x.krs, name=world.ngo_x.name)
    with pytest.raises(ValidationFailed) as err:
        services.update_organisation(world.ngo_x, actor=world.ngo_admin, data=data)
    assert "zweryfikowana" in err.value.field_errors["nip"][0]


def test_a_previously_verified_organisation_awaiting_re_verification_still_holds_its_nip(
        world):
    world.ngo_x.status = VerificationStatus.PENDING  # sent back after a change of its data
    db.session.commit()
    claim = _register(nip=VALID_NIPS[0])
    assert queries.claimed_organisations(claim) == [world.ngo_x]
    with pytest.raises(InvalidTransition):
        services.verify_organisation(claim, actor=world.officer)
