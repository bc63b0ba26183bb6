"""Stored files nothing refers to any more are deleted.

What refers to a stored file is read from the schema: every foreign key to `stored_file.id`
(an offer's attachment and PDF, a procedure's document, a signed contract version's PDF, a
report version's PDF, a settlement's PDF, and any table added later). A file a filed or
signed document refers to is therefore never an orphan: those rows are frozen and are never
deleted. `discard` deletes a file its last reference just let go (a removed or replaced
attachment); `purge_orphans` (`flask files purge-orphans`) deletes what is left over (a
draft deleted with its attachments, a file stored by a request that failed later), files
younger than `older_than` excepted: they may belong to a change still on its way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, delete, exists, select

from grants.core import audit, clock
from grants.core.db import Base
from grants.documents.models import StoredFile
from grants.extensions import db

BATCH = 500


@dataclass(frozen=True)
class Purged:
    count: int
    bytes: int


def references() -> list[Column]:
    """The columns that refer to a stored file."""
    return [fk.parent for table in Base.metadata.tables.values() for fk in table.foreign_keys
            if fk.target_fullname == f"{StoredFile.__tablename__}.id"]


def _unreferenced():
    """A condition true for a stored file no row refers to."""
    return ~db.or_(*[exists().where(column == StoredFile.id) for column in references()])


def is_referenced(file_id: int) -> bool:
    db.session.flush()
    return not db.session.scalar(select(_unreferenced()).where(StoredFile.id == file_id))


def discard(file_id: int | None, *, actor) -> bool:
    """Delete the stored file `file_id` unless something still refers to it (a filed
    version sharing a draft's attachment); whether it was deleted."""
    if file_id is None or is_referenced(file_id):
        return False
    stored = db.session.get(StoredFile, file_id)
    if stored is None:
        return False
    audit.record(actor, "stored_file.deleted", stored, before={
        "filename": stored.filename, "size": stored.size, "sha256": stored.sha256,
        "organisation_id": stored.organisation_id})
    db.session.delete(stored)
    db.session.flush()
    return True


def purge_orphans(*, actor, older_than: dt.timedelta = dt.timedelta(hours=24)) -> Purged:
    """Delete the stored files no row refers to, stored more than `older_than` ago; one audit
    entry lists them."""
    cutoff = clock.now() - older_than
    found = db.session.execute(
        select(StoredFile.id, StoredFile.size)
        .where(StoredFile.created_at < cutoff, _unreferenced())
        .order_by(StoredFile.id)).all()
    ids = [row.id for row in found]
    for start in range(0, len(ids), BATCH):
        db.session.execute(delete(StoredFile).where(StoredFile.id.in_(ids[start:start + BATCH])),
                           execution_options={"synchronize_session": False})
    purged = Purged(count=len(ids), bytes=sum(row.size for row in found))
    if ids:
        audit.record(actor, "stored_file.orphans_purged", None, after={
            "count": purged.count, "bytes": purged.bytes, "ids": ids,
            "older_than_hours": older_than.total_seconds() / 3600})
    return purged
