from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from grants.core import clock
from grants.core.db import PERCENT, Base, UTCDateTime


class RuleValue(Base):
    """One statutory number in force from `effective_from` until a later entry of its key."""

    __tablename__ = "rule_value"
    __table_args__ = (UniqueConstraint("key", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), index=True)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    effective_from: Mapped[dt.date]
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class TaxArrearsRate(Base):
    """The yearly tax-arrears interest rate in force from a date (Tax Ordinance art. 56)."""

    __tablename__ = "tax_arrears_rate"

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[dt.date] = mapped_column(unique=True)
    percent: Mapped[Decimal] = mapped_column(PERCENT)
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
