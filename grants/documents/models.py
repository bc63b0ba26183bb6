"""Stored files are kept in the database so that every app server sees them.

`organisation_id` is the organisation whose upload the file is (its quota counts it); files
the system makes (PDFs) and staff uploads have none."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from grants.core import clock
from grants.core.db import Base, UTCDateTime


class StoredFile(Base):
    __tablename__ = "stored_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"),
                                                        index=True)

    @classmethod
    def from_bytes(cls, filename: str, content_type: str, data: bytes, created_by=None,
                   organisation_id: int | None = None):
        return cls(
            filename=filename,
            content_type=content_type or "application/octet-stream",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            created_by_id=getattr(created_by, "id", None),
            organisation_id=organisation_id,
        )
