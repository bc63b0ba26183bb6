"""The same filing of a report sent twice (a double click, a reload) files one version; the
second gets a clear message."""

from __future__ import annotations

from html import unescape

from grants.extensions import db
from grants.taskreports.models import ReportStatus
from tests.conftest import login
from tests.support.taskreports import filled_report
from tests.taskreports.test_views import _form_payload


def test_the_same_report_filing_sent_twice_files_one_version(client, world, mailbox):
    _contract, report = filled_report(world)
    login(client, world.ngo_admin)
    payload = _form_payload(report, action="file", confirm="y")
    first = client.post(f"/sprawozdania/{report.id}/edycja", data=payload)
    assert first.status_code == 302
    sent = len(mailbox)
    second = client.post(f"/sprawozdania/{report.id}/edycja", data=payload)
    shown = unescape(second.text if second.status_code != 302
                     else client.get(second.headers["Location"]).text)
    assert second.status_code != 500 and "już złożone" in shown
    db.session.expire_all()
    assert report.status == ReportStatus.FILED
    assert [v.number for v in report.versions if v.sha256] == [report.filed_version.number]
    assert len(mailbox) == sent                      # nothing e-mailed a second time
