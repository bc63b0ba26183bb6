"""What `flask reminders send` has sent: one row per (kind, object, recipient, occasion). The
occasion says which event the reminder is about (e.g. the due date it announces, or the run day
for a daily overdue notice); the unique constraint is what makes a second run on the same day
send nothing twice, also when two app servers run the command at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grants.core import clock
from grants.core.db import Base, UTCDateTime


class ReminderSent(Base):
    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("kind", "object_type", "object_id", "recipient",
                                       "occasion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))          # e.g. report_due_soon
    object_type: Mapped[str] = mapped_column(String(40))   # e.g. TaskReport
    object_id: Mapped[int]
    recipient: Mapped[str] = mapped_column(String(254))
    occasion: Mapped[str] = mapped_column(String(40))      # e.g. the due date, ISO
    sent_on: Mapped[dt.date]                               # Warsaw day of the run
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
