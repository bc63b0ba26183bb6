"""Filing a task report tells the officers, and confirms the filing to the organisation's
administrators (issue 9, "who acts for an organisation"): every active administrator gets the
confirmation in their language; members who are not administrators, deactivated accounts and
the officers' own message stay apart."""

from __future__ import annotations

from grants.extensions import db
from grants.organisations.models import Membership
from grants.taskreports import filing
from tests.support.factories import make_user
from tests.support.taskreports import filled_report


def _to(message) -> set[str]:
    return {a.strip() for a in message["To"].split(",")}


def test_filing_confirms_to_every_admin_of_the_organisation(world, mailbox):
    second = make_user("druga.admin@example.org", full_name="Beata Zarządcza")
    gone = make_user("byla.admin@example.org", full_name="Ewa Odeszła")
    gone.active = False
    for user in (second, gone):
        db.session.add(Membership(user=user, organisation=world.ngo_x, is_admin=True))
    db.session.flush()
    _contract, report = filled_report(world)
    version = filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    officers = [m for m in mailbox if "Złożono sprawozdanie" in m["Subject"]]
    confirmations = [m for m in mailbox if "Potwierdzenie złożenia sprawozdania" in m["Subject"]]
    assert [_to(m) for m in officers] == [{world.officer.email}]
    assert [_to(m) for m in confirmations] == [{world.ngo_admin.email, second.email}]
    body = confirmations[0].get_content()
    assert report.contract.number in body and version.sha256 in body
    assert f"/sprawozdania/{report.id}" in body
    assert world.ngo_member.email not in {a for m in mailbox for a in _to(m)}


def test_the_confirmation_goes_in_the_admins_language(world, mailbox):
    world.ngo_admin.locale = "en"
    db.session.flush()
    _contract, report = filled_report(world)
    filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    [confirmation] = [m for m in mailbox if world.ngo_admin.email in m["To"]]
    assert confirmation["Subject"].startswith("Confirmation: report filed")
    assert "we confirm that" in confirmation.get_content()
