"""Control of the task (art. 17 UDPP): visits during and after the task, documents requested,
findings and recommendations. A finding of misused spend (spend not on the task) is attached
to a budget item and the tranche the money came from; the settlement returns it with interest
from the day that tranche was transferred."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.core import clock
from grants.core.db import MONEY, Base, UTCDateTime


class ControlVisit(Base):
    __tablename__ = "control_visit"
    __table_args__ = (CheckConstraint("scope != ''", name="scope_present"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"),
                                             index=True)
    visited_on: Mapped[dt.date]
    controllers: Mapped[str] = mapped_column(Text, default="")    # who carried it out
    scope: Mapped[str] = mapped_column(Text)                       # what was checked
    documents_requested: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")
    recommendations_due: Mapped[dt.date | None]
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    contract = relationship("Contract")
    misuses: Mapped[list[MisuseFinding]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="MisuseFinding.id")


class MisuseFinding(Base):
    """Spend found used contrary to purpose (M_i), with the item and the tranche it came from."""

    __tablename__ = "control_misuse"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("control_visit.id",
                                                            ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"),
                                             index=True)
    item_code: Mapped[str] = mapped_column(String(20))
    tranche_number: Mapped[int]
    amount: Mapped[Decimal] = mapped_column(MONEY)
    description: Mapped[str] = mapped_column(Text)
    found_on: Mapped[dt.date]
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    visit: Mapped[ControlVisit | None] = relationship(back_populates="misuses")
