"""Conflicts of role (issue 10): an officer who belongs to an organisation - registered it,
or was invited into it - never verifies it (nor rejects its data). Another officer does."""

from __future__ import annotations

import pytest

from grants.core.errors import NotAllowed
from grants.extensions import db
from grants.organisations import permissions, services
from grants.organisations.models import Membership, VerificationStatus
from tests.conftest import login
from tests.support.factories import make_organisation


def _own_pending_organisation(world, *, is_admin=True):
    """The attack: the officer registers an NGO (its admin) that waits for verification."""
    org = make_organisation("Fundacja Urzędnika", verified=False, index=2,
                            members=[(world.officer, is_admin)])
    db.session.commit()
    return org


@pytest.mark.parametrize("is_admin", [True, False])
def test_an_officer_may_not_verify_an_organisation_they_belong_to(world, is_admin):
    org = _own_pending_organisation(world, is_admin=is_admin)
    assert permissions.can_verify(world.officer, org) is False
    assert "Należysz" in permissions.verify_refusal(world.officer, org)
    with pytest.raises(NotAllowed, match="Należysz"):
        services.verify_organisation(org, actor=world.officer)
    with pytest.raises(NotAllowed):
        services.reject_organisation(org, actor=world.officer, note="Błędny KRS")
    assert org.status == VerificationStatus.PENDING


def test_another_officer_verifies_it(world):
    org = _own_pending_organisation(world)
    assert permissions.verify_refusal(world.officer_b, org) is None
    services.verify_organisation(org, actor=world.officer_b)
    assert org.status == VerificationStatus.VERIFIED and org.verified_by_id == world.officer_b.id


def test_the_verify_form_is_refused_to_the_member_officer(client, world):
    org = _own_pending_organisation(world)
    login(client, world.officer)
    page = client.get(f"/organisations/{org.id}").get_data(as_text=True)
    assert 'value="verify"' not in page
    assert "jej dane weryfikuje inny urzędnik" in page  # the page says why
    response = client.post(f"/organisations/{org.id}/verify", data={"action": "verify"})
    assert response.status_code == 403
    db.session.expire_all()
    assert org.status == VerificationStatus.PENDING


def test_leaving_the_organisation_ends_the_conflict(world):
    org = _own_pending_organisation(world)
    membership = db.session.query(Membership).filter_by(user_id=world.officer.id).one()
    db.session.delete(membership)
    db.session.commit()
    db.session.expire_all()
    assert permissions.can_verify(world.officer, org) is True


def test_an_ngo_member_is_not_told_about_officers(world):
    assert permissions.verify_refusal(world.ngo_admin, world.ngo_x) is None
    assert permissions.can_verify(world.ngo_admin, world.ngo_x) is False
