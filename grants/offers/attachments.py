"""Files attached to an offer's draft: the checks of grants.documents.uploads (extension
whitelist, size, content type from the bytes, the organisation's quota), a required
attachment of the call replaced when attached again; a removed or replaced attachment's file
is deleted unless a filed version shares it. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable

from grants.core import audit
from grants.core.errors import NotFound, ValidationFailed
from grants.core.i18n import N_
from grants.documents.orphans import discard
from grants.documents.uploads import store_upload
from grants.extensions import db
from grants.offers.models import OfferAttachment, OfferVersion
from grants.offers.services import ensure_draft, ensure_editor, ensure_window


def add_attachment(version: OfferVersion, *, actor, filename: str, content_type: str,
                   data: bytes, allowed_extensions: Iterable[str],
                   required_attachment_id: int | None = None) -> OfferAttachment:
    """Attach a file to a draft (extension whitelist; a required attachment of the call is
    replaced when attached again)."""
    offer = version.offer
    ensure_editor(actor, offer)
    ensure_draft(version)
    ensure_window(offer)
    required = None
    if required_attachment_id:
        required = next((r for r in offer.competition.required_attachments
                         if r.id == required_attachment_id), None)
        if required is None:
            raise ValidationFailed(N_("Nieznany rodzaj załącznika."),
                                   field_errors={"upload_kind": [
                                       N_("Nieznany rodzaj załącznika.")]})
    replaced = [a for a in version.attachments
                if required is not None and a.required_attachment_id == required.id]
    for old in replaced:
        version.attachments.remove(old)
    db.session.flush()
    for old in replaced:
        discard(old.stored_file_id, actor=actor)
    stored = store_upload(filename, data, actor=actor, allowed=allowed_extensions,
                          content_type=content_type, organisation_id=offer.organisation_id)
    name = stored.filename
    attachment = OfferAttachment(required_attachment_id=required.id if required else None,
                                 name=(required.name if required else name)[:300],
                                 stored_file=stored)
    version.attachments.append(attachment)
    db.session.flush()
    audit.record(actor, "offer.attachment_added", attachment,
                 after={"version_id": version.id, "filename": name, "sha256": stored.sha256})
    return attachment


def remove_attachment(version: OfferVersion, attachment_id: int, *, actor) -> None:
    offer = version.offer
    ensure_editor(actor, offer)
    ensure_draft(version)
    ensure_window(offer)
    attachment = next((a for a in version.attachments if a.id == attachment_id), None)
    if attachment is None:
        raise NotFound(N_("Nie ma takiego załącznika."))
    audit.record(actor, "offer.attachment_removed", attachment,
                 before={"version_id": version.id, "name": attachment.name})
    version.attachments.remove(attachment)
    db.session.flush()
    discard(attachment.stored_file_id, actor=actor)  # unless a filed version shares it
