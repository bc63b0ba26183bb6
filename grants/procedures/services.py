"""The verbs of any procedure: publish (and correct) what a procedure publishes, add and
remove its documents. The kind's own service checks its rules first and calls these; they
flush, never commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from grants.core import audit, clock
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_
from grants.documents.uploads import store_upload
from grants.extensions import db
from grants.procedures.models import Procedure, ProcedureDocument, Publication, Subject
from grants.procedures.rules import CHANNELS
from grants.procedures.rules import published_on as last_channel_day

MAX_TITLE = 300


def publish(procedure: Procedure, subject: Subject, *, actor,
            channels: Mapping[str, dt.date | None] | None = None,
            published_on: dt.date | None = None, snapshot: dict | None = None,
            changes: list[dict] | None = None, reason: str = "") -> Publication:
    """Record a publication of `subject`: the next number (1 the first, 2.. corrections),
    the channel dates, the day it counts from (given, or the last channel day, or today), what
    was published and what changed since the previous one."""
    channels = channels or {}
    number = len(procedure.published(subject)) + 1
    day = published_on or last_channel_day(channels) or clock.today()
    publication = Publication(
        subject=subject, number=number, published_on=day, published_at=clock.now(),
        published_by_id=getattr(actor, "id", None), reason=reason or "", snapshot=snapshot,
        changes=list(changes or []), **{k: channels.get(k) for k in CHANNELS})
    procedure.publications.append(publication)
    db.session.flush()
    audit.record(actor, f"procedure.published.{subject.value}", procedure, after={
        "publication_id": publication.id, "number": number, "published_on": day,
        **{k: channels.get(k) for k in CHANNELS}, "reason": reason,
        "changes": len(publication.changes)})
    return publication


def add_document(procedure: Procedure, *, actor, filename: str | None, data: bytes | None,
                 title: str = "", content_type: str | None = None) -> ProcedureDocument:
    """Publish a document with the procedure (the kind decides when this is allowed)."""
    stored = store_upload(filename, data, actor=actor, field="file",
                          content_type=content_type)
    title = (title or "").strip() or stored.filename.rsplit(".", 1)[0]
    if len(title) > MAX_TITLE:
        raise ValidationFailed(N_("Tytuł dokumentu może mieć najwyżej 300 znaków."),
                               field_errors={"title": [N_("Najwyżej 300 znaków.")]})
    document = ProcedureDocument(title=title, stored_file=stored, added_by_id=actor.id)
    procedure.documents.append(document)
    db.session.flush()
    audit.record(actor, "procedure.document_added", document, after={
        "procedure_id": procedure.id, "title": title, "filename": stored.filename,
        "size": stored.size, "sha256": stored.sha256})
    return document


def remove_document(document: ProcedureDocument, *, actor) -> None:
    """Remove a document (the kind decides when: a published document stays)."""
    procedure, stored = document.procedure, document.stored_file
    if procedure is None:  # pragma: no cover - consistency
        raise InvalidTransition(N_("Nie ma takiego dokumentu."))
    audit.record(actor, "procedure.document_removed", document, before={
        "procedure_id": procedure.id, "title": document.title, "filename": stored.filename,
        "sha256": stored.sha256})
    procedure.documents.remove(document)
    db.session.delete(document)
    db.session.flush()
    db.session.delete(stored)
    db.session.flush()


def summary(procedure: Procedure) -> dict[str, Any]:
    return {"id": procedure.id, "kind": procedure.kind.value, "reference": procedure.reference,
            "title": procedure.title, "organiser_id": procedure.organiser_id}
