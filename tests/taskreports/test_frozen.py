"""A filed version of a report is frozen (grants.core.frozen), however the change is made:
changing it or its rows of results, costs and documents is refused at flush; a correction is
a new version and the filed one only becomes SUPERSEDED."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from grants.core import clock
from grants.core.frozen import FrozenError
from grants.documents.filing import content_sha256
from grants.extensions import db
from grants.taskreports import drafts, filing, review
from grants.taskreports.models import (
    ReportCost,
    ReportDocument,
    ReportResult,
    ReportStatus,
    ReportVersion,
    ReportVersionState,
    TaskReport,
)
from tests.support.taskreports import filled_report, report_data

D = Decimal


@pytest.fixture
def filed(world) -> ReportVersion:
    _contract, report = filled_report(world)
    version = filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    db.session.expire_all()
    return db.session.get(ReportVersion, version.id)


def test_filing_stores_the_canonical_content_and_its_sha256(filed):
    assert filed.state == ReportVersionState.FILED
    assert filed.sha256 == content_sha256(filed.content)


@pytest.mark.parametrize("change", [
    lambda v: setattr(v, "description", "zmiana"),
    lambda v: setattr(v, "revenues", D("1.00")),
    lambda v: setattr(v, "sha256", "0" * 64),
    lambda v: setattr(v, "content", {"x": 1}),
    lambda v: setattr(v, "filed_at", clock.now() + dt.timedelta(days=1)),
    lambda v: setattr(v, "number", 7),
    lambda v: setattr(v, "state", ReportVersionState.DRAFT),
    lambda v: setattr(v.costs[0], "actual_grant", D("1.00")),
    lambda v: setattr(v.results[0], "achieved_value", "1"),
    lambda v: setattr(v.documents[0], "grant_part", D("1.00")),
    lambda v: v.documents.append(ReportDocument(number="X", issued_on=dt.date(2026, 5, 1),
                                                issuer="X", amount=D("1"), item_code="II.1")),
    lambda v: v.documents.pop(),
    lambda v: v.costs.clear(),
    lambda v: db.session.delete(v.results[0]),
    lambda v: db.session.add(ReportResult(version_id=v.id, name="dopisany")),
    lambda v: db.session.add(ReportCost(version_id=v.id, item_code="Z.9")),
    lambda v: db.session.delete(v),
    lambda v: db.session.delete(v.report),
])
def test_changing_a_filed_version_or_its_rows_is_refused_at_flush(filed, change):
    change(filed)
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()


def test_a_new_version_must_start_as_a_draft(filed):
    db.session.add(ReportVersion(report_id=filed.report_id, number=9,
                                 state=ReportVersionState.FILED, sha256="0" * 64))
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()


def test_a_row_moved_out_of_a_filed_version_is_refused(world, filed):
    review.review_report(filed.report, actor=world.officer, decision="corrections",
                         note="Popraw opis.", correction_due=dt.date(2026, 12, 15))
    draft = drafts.start_report_version(filed.report, actor=world.ngo_admin)
    db.session.commit()
    filed.documents[0].version_id = draft.id
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()


def test_a_correction_is_a_new_version_and_the_filed_one_is_superseded(world, filed):
    report = db.session.get(TaskReport, filed.report_id)
    sha = filed.sha256
    review.review_report(report, actor=world.officer, decision="corrections",
                         note="Popraw opis.", correction_due=dt.date(2026, 12, 15))
    draft = drafts.start_report_version(report, actor=world.ngo_admin)
    drafts.save_report_draft(report, actor=world.ngo_admin,
                             data=report_data(draft, description="Poprawiony opis."))
    corrected = filing.file_report(report, actor=world.ngo_admin)
    db.session.commit()
    db.session.expire_all()
    first, second = db.session.get(TaskReport, report.id).versions
    assert (first.state, first.sha256) == (ReportVersionState.SUPERSEDED, sha)
    assert first.description == "Wydano 5 200 posiłków."
    assert second.id == corrected.id and second.state == ReportVersionState.FILED
    assert second.description == "Poprawiony opis."
    assert report.status == ReportStatus.FILED


def test_a_superseded_version_cannot_change_state_again(filed):
    filed.state = ReportVersionState.SUPERSEDED
    db.session.commit()
    filed.state = ReportVersionState.FILED
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()


def test_a_draft_changes_freely(world):
    _contract, report = filled_report(world)
    draft = report.draft_version
    draft.description = "zmiana"
    draft.costs[0].actual_grant = D("1.00")
    draft.documents.pop()
    db.session.flush()
