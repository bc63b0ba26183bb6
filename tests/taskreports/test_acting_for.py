"""Who acts for an organisation (issue 9): filing a report is an act of the organisation, for
its administrators; a member prepares the draft (starts it, saves it, imports documents)."""

from __future__ import annotations

import pytest

from grants.core.errors import NotAllowed
from grants.extensions import db
from grants.taskreports import drafts, filing, permissions
from grants.taskreports.models import ReportStatus
from tests.conftest import login
from tests.support.taskreports import contract_with_report, filled_report, report_data


def test_the_rule_in_the_permissions(world):
    _contract, report = contract_with_report(world)
    assert permissions.can_edit_report(world.ngo_member, report)
    assert not permissions.can_file_report(world.ngo_member, report)
    assert permissions.can_file_report(world.ngo_admin, report)
    for who in ("ngo_other", "officer", "finance", "admin"):
        assert not permissions.can_file_report(getattr(world, who), report), who


def test_a_member_writes_the_draft_but_cannot_file_it(world, mailbox):
    _contract, report = contract_with_report(world)
    version = drafts.start_report_version(report, actor=world.ngo_member)
    drafts.save_report_draft(report, actor=world.ngo_member, data=report_data(version))
    db.session.commit()
    assert filing.check_report(report) == []
    with pytest.raises(NotAllowed):
        filing.file_report(report, actor=world.ngo_member)
    db.session.rollback()
    assert report.status == ReportStatus.DUE and mailbox == []
    filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    assert report.status == ReportStatus.FILED


def test_the_member_sees_no_filing_button_and_is_refused(client, world):
    _contract, report = filled_report(world)
    login(client, world.ngo_member)
    page = client.get(f"/sprawozdania/{report.id}/edycja").get_data(as_text=True)
    assert 'value="file"' not in page and "administrator" in page
    from tests.taskreports.test_views import _form_payload

    response = client.post(f"/sprawozdania/{report.id}/edycja",
                           data=_form_payload(report, action="file", confirm="y"))
    assert response.status_code == 403
    db.session.expire_all()
    assert report.status == ReportStatus.DUE
    login(client, world.ngo_admin)
    page = client.get(f"/sprawozdania/{report.id}/edycja").get_data(as_text=True)
    assert 'value="file"' in page
