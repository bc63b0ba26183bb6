"""Files attached to an offer's draft: an extension whitelist, a required attachment of the
call replaced when attached again. Services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from grants.core import audit
from grants.core.errors import NotFound, ValidationFailed
from grants.core.i18n import N_
from grants.documents.models import StoredFile
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
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    allowed = {e.lower().lstrip(".") for e in allowed_extensions}
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not name or not data:
        raise ValidationFailed(N_("Wybierz niepusty plik."), field_errors={"upload": [
            N_("Wybierz niepusty plik.")]})
    if ext not in allowed:
        msg = (f"Niedozwolony rodzaj pliku „.{ext or '?'}”. Dozwolone: "
               f"{', '.join(sorted(allowed))}.")
        raise ValidationFailed(msg, field_errors={"upload": [msg]})
    if len(name) > 255:
        name = name[-255:]
    required = None
    if required_attachment_id:
        required = next((r for r in offer.competition.required_attachments
                         if r.id == required_attachment_id), None)
        if required is None:
            raise ValidationFailed(N_("Nieznany rodzaj załącznika."),
                                   field_errors={"upload_kind": [
                                       N_("Nieznany rodzaj załącznika.")]})
        for old in [a for a in version.attachments if a.required_attachment_id == required.id]:
            version.attachments.remove(old)
    stored = StoredFile.from_bytes(name, content_type or "application/octet-stream", data,
                                   created_by=actor)
    db.session.add(stored)
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
