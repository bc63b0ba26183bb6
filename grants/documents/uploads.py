"""The one check of an uploaded file - a clean name, an allowed extension, not empty, not over
the size limit, bytes that are what the extension says, room left in the organisation's
quota - and its storage."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask import current_app
from sqlalchemy import func, select

from grants.core.errors import ValidationFailed
from grants.core.i18n import N_, msg
from grants.documents.content_types import CONTENT_TYPES, checked_type, extension
from grants.documents.models import StoredFile
from grants.extensions import db

MAX_NAME = 200
MB = 1024 * 1024

__all__ = ["CONTENT_TYPES", "check_quota", "check_upload", "checked_upload", "clean_filename",
           "store_bytes", "store_upload", "used_bytes"]


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


def _mb(size: int) -> int:
    """Whole megabytes, rounded up (a file of 1 byte takes "1 MB" of the quota)."""
    return -(-size // MB)


def _refuse(message: str, field: str):
    raise ValidationFailed(message, field_errors={field: [message]})


def checked_upload(filename: str | None, data: bytes | None, *, field: str = "upload",
                   allowed: Iterable[str] | None = None) -> tuple[str, str]:
    """(clean name, content type detected from the bytes) of an acceptable upload;
    ValidationFailed (on `field`) otherwise."""
    name = clean_filename(filename)
    if not name or not data:
        _refuse(N_("Wybierz niepusty plik."), field)
    extensions = {e.lower().lstrip(".") for e in (allowed or allowed_extensions())}
    ext = extension(name)
    if ext not in extensions:
        _refuse(msg("Niedozwolony rodzaj pliku „.%(ext)s”. Dozwolone: %(allowed)s.",
                    ext=ext or "?", allowed=", ".join(sorted(extensions))), field)
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit and len(data) > limit:
        _refuse(msg("Plik jest za duży (%(size)d MB) - najwyżej %(limit)d MB.",
                    size=_mb(len(data)), limit=_mb(limit)), field)
    return name, checked_type(name, data, field=field)


def check_upload(filename: str | None, data: bytes | None, *, field: str = "upload",
                 allowed: Iterable[str] | None = None) -> str:
    """The clean name of an acceptable upload (see checked_upload)."""
    return checked_upload(filename, data, field=field, allowed=allowed)[0]


def used_bytes(organisation_id: int) -> int:
    """The bytes of the files the organisation uploaded that are still stored."""
    return db.session.scalar(select(func.coalesce(func.sum(StoredFile.size), 0))
                             .where(StoredFile.organisation_id == organisation_id))


def check_quota(organisation_id: int, size: int, *, field: str = "upload") -> None:
    """ValidationFailed when `size` more bytes would take the organisation over
    UPLOAD_QUOTA_BYTES."""
    quota = current_app.config["UPLOAD_QUOTA_BYTES"]
    used = used_bytes(organisation_id)
    if used + size > quota:
        _refuse(msg("Przekroczono limit miejsca na pliki organizacji: zajęte %(used)d MB z "
                    "%(quota)d MB, a plik ma %(size)d MB. Usuń niepotrzebne załączniki z "
                    "wersji roboczych albo skontaktuj się z urzędem.", used=_mb(used),
                    quota=_mb(quota), size=_mb(size)), field)


def store_upload(filename: str | None, data: bytes | None, *, actor, field: str = "upload",
                 content_type: str | None = None, allowed: Iterable[str] | None = None,
                 organisation_id: int | None = None) -> StoredFile:
    """check_upload() (and the quota of `organisation_id`, whose upload it is), then the file
    stored (flushed with the caller's change). `content_type` is what the client said: it is
    never trusted, the type stored is the one detected from the bytes."""
    del content_type
    name, detected = checked_upload(filename, data, field=field, allowed=allowed)
    if organisation_id is not None:
        check_quota(organisation_id, len(data), field=field)
    stored = StoredFile.from_bytes(name, detected, data, created_by=actor,
                                   organisation_id=organisation_id)
    db.session.add(stored)
    return stored


def store_bytes(filename: str, data: bytes, *, actor=None,
                content_type: str = "application/pdf") -> StoredFile:
    """A document the system made (a PDF), stored."""
    stored = StoredFile.from_bytes(filename, content_type, data, created_by=actor)
    db.session.add(stored)
    return stored
