"""The one check of an uploaded file: a clean name, an allowed extension, not empty; and its
storage."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable

from flask import current_app

from grants.core.errors import ValidationFailed
from grants.core.i18n import N_
from grants.documents.models import StoredFile
from grants.extensions import db

MAX_NAME = 200

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def clean_filename(filename: str | None) -> str:
    """The file's own name (no folders, no control or reserved characters), at most 200
    characters with its extension kept."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r'[\x00-\x1f\x7f"<>:|?*]', "", name).strip().strip(".")
    if len(name) > MAX_NAME:
        stem, _dot, ext = name.rpartition(".")
        name = stem[: MAX_NAME - len(ext) - 1] + "." + ext if stem else name[:MAX_NAME]
    return name


def allowed_extensions() -> tuple[str, ...]:
    return tuple(current_app.config["UPLOAD_ALLOWED_EXTENSIONS"])


def check_upload(filename: str | None, data: bytes | None, *, field: str = "upload",
                 allowed: Iterable[str] | None = None) -> str:
    """The clean name of an acceptable upload; ValidationFailed (on `field`) otherwise."""
    name = clean_filename(filename)
    if not name or not data:
        raise ValidationFailed(N_("Wybierz niepusty plik."),
                               field_errors={field: [N_("Wybierz niepusty plik.")]})
    extensions = {e.lower().lstrip(".") for e in (allowed or allowed_extensions())}
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in extensions:
        message = (f"Niedozwolony rodzaj pliku „.{ext or '?'}”. Dozwolone: "
                   f"{', '.join(sorted(extensions))}.")
        raise ValidationFailed(message, field_errors={field: [message]})
    return name


def content_type_of(name: str, given: str | None = None) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return (CONTENT_TYPES.get(ext) or given or mimetypes.guess_type(name)[0]
            or "application/octet-stream")


def store_upload(filename: str | None, data: bytes | None, *, actor, field: str = "upload",
                 content_type: str | None = None,
                 allowed: Iterable[str] | None = None) -> StoredFile:
    """check_upload(), then the file stored (flushed with the caller's change)."""
    name = check_upload(filename, data, field=field, allowed=allowed)
    stored = StoredFile.from_bytes(name, content_type_of(name, content_type), data,
                                   created_by=actor)
    db.session.add(stored)
    return stored


def store_bytes(filename: str, data: bytes, *, actor=None,
                content_type: str = "application/pdf") -> StoredFile:
    """A document the system made (a PDF), stored."""
    stored = StoredFile.from_bytes(filename, content_type, data, created_by=actor)
    db.session.add(stored)
    return stored
