"""A formal check per offer: each checklist item pass/fail with a note, and the outcome."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.core import clock
from grants.core.db import Base, StrEnumType, UTCDateTime


class FormalOutcome(enum.StrEnum):
    PENDING = "pending"            # being checked
    ACCEPTED = "accepted"          # admitted to the committee's scoring
    REJECTED = "rejected"          # with reasons
    TO_COMPLETE = "to_complete"    # the offeror files a correction by due_date


class FormalCheck(Base):
    __tablename__ = "formal_check"
    __table_args__ = (
        UniqueConstraint("offer_id"),
        CheckConstraint("outcome != 'to_complete' OR due_date IS NOT NULL",
                        name="to_complete_has_due_date"),
        CheckConstraint("outcome != 'rejected' OR reasons != ''", name="rejected_has_reasons"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"))
    outcome: Mapped[FormalOutcome] = mapped_column(StrEnumType(FormalOutcome),
                                                   default=FormalOutcome.PENDING)
    reasons: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[dt.date | None]  # for TO_COMPLETE: the correction is due by this day
    checked_version_id: Mapped[int | None] = mapped_column(ForeignKey("offer_version.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)

    offer = relationship("Offer")
    items: Mapped[list[FormalCheckItem]] = relationship(
        back_populates="check", cascade="all, delete-orphan", order_by="FormalCheckItem.position"
    )
    rounds: Mapped[list[FormalCheckRound]] = relationship(
        back_populates="check", cascade="all, delete-orphan", order_by="FormalCheckRound.number"
    )


class FormalCheckItem(Base):
    """One checklist item of the call, judged for this offer."""

    __tablename__ = "formal_check_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("formal_check.id", ondelete="CASCADE"),
                                          index=True)
    checklist_item_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_item.id"))
    position: Mapped[int] = mapped_column(default=1)
    text: Mapped[str] = mapped_column(String(500))  # the item's text as checked
    passed: Mapped[bool | None]                      # None: not judged yet
    note: Mapped[str] = mapped_column(Text, default="")

    check: Mapped[FormalCheck] = relationship(back_populates="items")


class FormalCheckRound(Base):
    """The history of outcomes: each decision (to complete, accepted, rejected) is kept."""

    __tablename__ = "formal_check_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("formal_check.id", ondelete="CASCADE"),
                                          index=True)
    number: Mapped[int] = mapped_column(default=1)
    outcome: Mapped[FormalOutcome] = mapped_column(StrEnumType(FormalOutcome))
    reasons: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[dt.date | None]
    version_id: Mapped[int | None] = mapped_column(ForeignKey("offer_version.id"))
    items: Mapped[list] = mapped_column(JSON, default=list)  # [{text, passed, note}]
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    check: Mapped[FormalCheck] = relationship(back_populates="rounds")
