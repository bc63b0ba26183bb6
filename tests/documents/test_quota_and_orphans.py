"""Uploads are bounded and removed files go (issue 10: 100 MB stayed in the database after
five uploads and removals). An organisation's uploads are limited in total
(UPLOAD_QUOTA_BYTES) and per file (MAX_CONTENT_LENGTH); a removed attachment's file is
deleted unless something still refers to it; files nothing refers to any more are deleted by
`purge_orphans` (`flask files purge-orphans`), never one a filed document, a signed contract
or a report refers to."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from grants.core import clock
from grants.core.audit import AuditEntry
from grants.core.errors import ValidationFailed
from grants.documents import orphans
from grants.documents.models import StoredFile
from grants.documents.uploads import store_upload
from grants.extensions import db
from grants.offers import attachments as offer_attachments
from grants.offers import drafts as offer_drafts
from grants.procedures.models import ProcedureDocument
from tests.support import files
from tests.support.offers import file, make_offer

MB = 1024 * 1024


def _attach(world, version, data: bytes, name: str = "statut.pdf", **kw):
    return offer_attachments.add_attachment(
        version, actor=world.ngo_admin, filename=name, content_type="application/pdf",
        data=data, allowed_extensions=["pdf"], **kw)


def _stored_bytes(organisation=None) -> int:
    query = select(func.coalesce(func.sum(StoredFile.size), 0))
    if organisation is not None:
        query = query.where(StoredFile.organisation_id == organisation.id)
    return db.session.scalar(query)


def _file_exists(file_id: int) -> bool:
    db.session.expire_all()
    return db.session.get(StoredFile, file_id) is not None


def test_five_uploads_and_removals_leave_nothing_behind(world):
    """The attack of the issue: upload a big file, remove it, five times."""
    offer = make_offer(world)
    version = offer.versions[0]
    before = _stored_bytes()
    for _ in range(5):
        att = _attach(world, version, files.sized_pdf(MB))
        db.session.commit()
        offer_attachments.remove_attachment(version, att.id, actor=world.ngo_admin)
        db.session.commit()
    assert _stored_bytes() == before


def test_a_replaced_required_attachment_takes_its_file_with_it(world):
    offer = make_offer(world)
    version = offer.versions[0]
    required = world.competition.required_attachments[0]
    _attach(world, version, files.sized_pdf(1000), required_attachment_id=required.id)
    db.session.commit()
    _attach(world, version, files.sized_pdf(2000), required_attachment_id=required.id)
    db.session.commit()
    assert db.session.scalars(select(StoredFile.size).where(
        StoredFile.organisation_id == world.ngo_x.id)).all() == [2000]


def test_a_file_the_filed_version_shares_stays_when_the_draft_drops_it(world):
    offer = make_offer(world)
    att = _attach(world, offer.versions[0], files.PDF)
    file(offer, world.ngo_admin)
    draft = offer_drafts.draft_from_filed(offer)  # a replacement copies the attachments
    db.session.commit()
    [copy] = draft.attachments
    assert copy.stored_file_id == att.stored_file_id
    offer_attachments.remove_attachment(draft, copy.id, actor=world.ngo_admin)
    db.session.commit()
    assert _file_exists(att.stored_file_id)
    assert orphans.purge_orphans(actor=None, older_than=dt.timedelta(0)).count == 0
    assert _file_exists(att.stored_file_id)


def test_an_organisation_over_its_quota_is_refused(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_BYTES", 5000)
    offer = make_offer(world)
    version = offer.versions[0]
    _attach(world, version, files.sized_pdf(3000))
    with pytest.raises(ValidationFailed) as exc:
        _attach(world, version, files.sized_pdf(2500))
    message = str(exc.value.message)
    assert "limit miejsca na pliki organizacji" in message
    assert exc.value.field_errors["upload"]
    _attach(world, version, files.sized_pdf(2000))  # exactly at the quota
    other = make_offer(world, organisation=world.ngo_y, actor=world.ngo_other)
    offer_attachments.add_attachment(  # another organisation has its own quota
        other.versions[0], actor=world.ngo_other, filename="statut.pdf",
        content_type="application/pdf", data=files.sized_pdf(4000), allowed_extensions=["pdf"])


def test_a_removed_file_frees_its_place_in_the_quota(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_BYTES", 5000)
    version = make_offer(world).versions[0]
    att = _attach(world, version, files.sized_pdf(4000))
    offer_attachments.remove_attachment(version, att.id, actor=world.ngo_admin)
    _attach(world, version, files.sized_pdf(4000))


def test_a_file_over_the_size_limit_is_refused(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2000)
    with pytest.raises(ValidationFailed) as exc:
        _attach(world, make_offer(world).versions[0], files.sized_pdf(2001))
    assert "Plik jest za duży" in str(exc.value.message)


def test_the_quota_is_refused_through_the_offer_form(app, world, client, monkeypatch):
    import io

    from tests.support.offers import form_post, login_as

    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_BYTES", 1000)
    offer = make_offer(world)
    login_as(client, world.ngo_admin)
    data = form_post(offer.versions[0], action="upload")
    data["upload"] = (io.BytesIO(files.sized_pdf(1500)), "statut.pdf")
    page = client.post(f"/offers/{offer.id}/edit", data=data,
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "limit miejsca na pliki organizacji" in page


def _orphan(world, created_at=None) -> StoredFile:
    stored = StoredFile.from_bytes("sierota.pdf", "application/pdf", files.PDF,
                                   created_by=world.ngo_admin)
    if created_at is not None:
        stored.created_at = created_at
    db.session.add(stored)
    db.session.flush()
    return stored


def test_purge_deletes_old_orphans_only_and_records_it(world):
    offer = make_offer(world)
    kept = _attach(world, offer.versions[0], files.PDF).stored_file_id
    file(offer, world.ngo_admin)  # filed: its PDF and attachment are records
    pdf_id = offer.filed_version.pdf_file_id
    document = store_upload("regulamin.pdf", files.PDF, actor=world.officer)
    world.competition.documents.append(ProcedureDocument(title="R", stored_file=document))
    old = _orphan(world, clock.now() - dt.timedelta(days=2)).id
    fresh = _orphan(world).id  # may be on its way to being attached
    db.session.commit()
    summary = orphans.purge_orphans(actor=None, older_than=dt.timedelta(hours=1))
    db.session.commit()
    assert (summary.count, summary.bytes) == (1, len(files.PDF))
    assert not _file_exists(old)
    for file_id in (kept, pdf_id, document.id, fresh):
        assert _file_exists(file_id)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "stored_file.orphans_purged")).one()
    assert entry.after["count"] == 1 and entry.after["ids"] == [old]


def test_every_reference_to_a_stored_file_is_known(app):
    """A new table that refers to stored files protects them from the purge by itself: the
    references are read from the schema, and the records of the issue are among them."""
    tables = {column.table.name for column in orphans.references()}
    assert {"offer_attachment", "offer_version", "procedure_document", "contract_version",
            "task_report_version", "settlement"} <= tables


def test_the_command_purges_and_says_how_much(app, world):
    old = _orphan(world, clock.now() - dt.timedelta(days=2)).id
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["files", "purge-orphans"])
    assert result.exit_code == 0, result.output
    assert f"Deleted 1 stored files nothing refers to ({len(files.PDF)} bytes)" in result.output
    assert not _file_exists(old)
