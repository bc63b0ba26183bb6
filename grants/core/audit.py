"""The audit trail: who, when, what, before -> after, for every change."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, inspect
from sqlalchemy.orm import Mapped, mapped_column

from grants.core import clock
from grants.core.db import Base, UTCDateTime
from grants.extensions import db


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_object", "object_type", "object_id"),
                      Index("ix_audit_entry_at", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    action: Mapped[str] = mapped_column(String(80))
    object_type: Mapped[str] = mapped_column(String(80))
    object_id: Mapped[str | None] = mapped_column(String(40))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Any, fields: list[str] | None = None) -> dict:
    """The column values of a model instance as JSON-friendly data."""
    mapper = inspect(obj).mapper
    names = fields or [c.key for c in mapper.column_attrs]
    return {name: _plain(getattr(obj, name)) for name in names}


def record(actor: Any, action: str, obj: Any, before: dict | None = None,
           after: dict | None = None) -> AuditEntry:
    """Add an audit entry to the session (flushed with the change, committed by the caller)."""
    if obj is not None and getattr(obj, "id", None) is None:
        db.session.flush()
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "-",
        object_id=str(obj.id) if obj is not None and getattr(obj, "id", None) else None,
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
    )
    db.session.add(entry)
    return entry


def changes(before: dict, after: dict) -> dict[str, tuple[Any, Any]]:
    """Fields whose value differs, as {field: (before, after)}."""
    return {k: (before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)}
