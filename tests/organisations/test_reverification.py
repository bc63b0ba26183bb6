"""Issue 10, changes without re-verification: a verified organisation renamed itself to another
foundation's name and changed its legal form, stayed verified, and the new name went into
annexes and the bank export. Name and legal form now send it back to verification, and until
an officer confirms them the documents keep the verified name and form."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from grants.core.audit import AuditEntry
from grants.extensions import db
from grants.finance import queries as finance_queries
from grants.offers import permissions as offer_permissions
from grants.organisations import services
from grants.organisations.models import LegalForm, Organisation, VerificationStatus
from tests.support.contract_factory import make_contract
from tests.support.factories import make_organisation, make_user
from tests.support.organisations import as_user, org_form

IMPOSTOR_NAME = "Fundacja Inna"  # the name of the world's other organisation (Y)


def _current(org, **changes) -> dict:
    data = {
        "name": org.name, "legal_form": org.legal_form.value, "krs": org.krs or "",
        "other_register_name": "", "other_register_number": "", "nip": org.nip,
        "regon": org.regon, "street": org.street, "postal_code": org.postal_code,
        "city": org.city, "email": org.email, "phone": org.phone, "iban": org.iban,
        "areas": list(org.areas), "signing_rule": org.signing_rule,
        "representatives": [{"full_name": r.full_name, "function": r.function,
                             "signs_alone": r.signs_alone} for r in org.representatives]}
    data.update(changes)
    return data


def _rename(world, **changes):
    org = world.ngo_x
    services.update_organisation(org, actor=world.ngo_admin, data=_current(org, **changes))
    db.session.commit()
    return org


def test_the_renamed_organisation_goes_back_to_verification_and_keeps_its_verified_name(world):
    old = world.ngo_x.name
    org = _rename(world, name=IMPOSTOR_NAME, legal_form="foundation")
    assert org.status == VerificationStatus.PENDING
    assert "nazwa" in org.status_note and "forma prawna" in org.status_note
    # what documents use stays as the officer verified it ...
    assert org.name == old and org.legal_form == LegalForm.ASSOCIATION
    # ... the change waits for the officer
    assert org.pending_name == IMPOSTOR_NAME and org.pending_legal_form == "foundation"
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "organisation.update")).all()[-1]
    assert entry.after["pending_name"] == IMPOSTOR_NAME and entry.after["status"] == "pending"


def test_until_re_verified_the_organisation_cannot_start_offers(world):
    org = _rename(world, name="Fundacja Nowa Nazwa")
    assert not offer_permissions.can_start_offer(world.ngo_admin, org)


def test_the_bank_export_keeps_the_verified_name(world):
    make_contract(world)
    old = world.ngo_x.name
    _rename(world, name=IMPOSTOR_NAME, legal_form="foundation")
    rows = finance_queries.tranches_due({world.org_a.id}, dt.date(2026, 12, 31),
                                        today=dt.date(2026, 12, 6))
    assert rows and {r.organisation_name for r in rows} == {old}


def test_the_officer_s_verification_applies_the_new_name_and_form(world):
    org = _rename(world, name="Fundacja Nowa Nazwa", legal_form="foundation")
    services.verify_organisation(org, actor=world.officer, note="Zmiana nazwy wpisana do KRS.")
    db.session.commit()
    assert org.status == VerificationStatus.VERIFIED
    assert org.name == "Fundacja Nowa Nazwa" and org.legal_form == LegalForm.FOUNDATION
    assert org.pending_name is None and org.pending_legal_form is None


def test_a_rejected_rename_keeps_the_verified_name_and_can_be_withdrawn(world):
    old = world.ngo_x.name
    org = _rename(world, name=IMPOSTOR_NAME)
    services.reject_organisation(org, actor=world.officer, note="Nazwa innej fundacji.")
    db.session.commit()
    assert org.name == old and org.pending_name == IMPOSTOR_NAME
    # renaming again while rejected still does not reach the documents
    _rename(world, name="Jeszcze Inna Nazwa")
    assert org.name == old and org.pending_name == "Jeszcze Inna Nazwa"
    # going back to the verified name withdraws the request
    _rename(world, name=old)
    assert org.name == old and org.pending_name is None


def test_the_name_of_a_never_verified_organisation_changes_directly(world):
    user = make_user()
    org = make_organisation("Fundacja Robocza", verified=False, members=[(user, True)])
    services.update_organisation(org, actor=user, data=_current(org, name="Fundacja Dobra"))
    assert org.name == "Fundacja Dobra" and org.pending_name is None
    assert org.status == VerificationStatus.PENDING


def test_the_pages_show_the_requested_name(client, world):
    old = world.ngo_x.name
    org = _rename(world, name="Fundacja Nowa Nazwa")
    as_user(client, world.ngo_admin)
    assert 'value="Fundacja Nowa Nazwa"' in client.get(f"/organisations/{org.id}/edit").text
    as_user(client, world.officer)
    page = client.get(f"/organisations/{org.id}").text
    assert old in page and "Fundacja Nowa Nazwa" in page and "czeka na weryfikację" in page


def test_renaming_through_the_form_warns_that_verification_is_needed(client, world):
    org = world.ngo_x
    as_user(client, world.ngo_admin)
    form = org_form(name=IMPOSTOR_NAME, legal_form="foundation", krs=org.krs, nip=org.nip,
                    regon=org.regon, iban=org.iban, signing_rule=org.signing_rule,
                    representatives=[{"full_name": r.full_name, "function": r.function,
                                      "signs_alone": r.signs_alone}
                                     for r in org.representatives])
    response = client.post(f"/organisations/{org.id}/edit", data=form, follow_redirects=True)
    assert "ponownie czeka na weryfikację" in response.text
    org = db.session.get(Organisation, org.id)
    assert org.name == "Stowarzyszenie Pomocy Bliźniemu"


@pytest.mark.parametrize("field", ["name", "legal_form"])
def test_the_reverification_list_holds_name_and_legal_form(field):
    assert field in services.REVERIFY_FIELDS
