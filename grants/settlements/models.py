"""The settlement of an accepted final report and the returns it gives rise to.

The officer records a settlement on a finding date; the arithmetic is `settlements.rules.settle`
(settlement.md) on the contract version in force, the payments, the report's actual costs and
the misuse findings of control. The result is stored as figures plus the per-item table it was
computed from (so that the PDF and later pages show what was decided, even if rules change).
Each part to return (unused, revenues, bank interest, excess over item tolerance, excess share,
misused per tranche) is a ReturnPart with its due date and the first day interest counts; the
organisation's payments against a part are ReturnPayments split between principal and interest
(Tax Ordinance art. 55 § 2). A contract is closed when its final settlement has no principal
and no interest left.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.core import clock
from grants.core.db import MONEY, Base, StrEnumType, UTCDateTime


class ReturnKind(enum.StrEnum):
    UNUSED = "unused"                # U
    REVENUES = "revenues"            # R
    BANK_INTEREST = "bank_interest"  # B
    EXCESS_ITEMS = "excess_items"    # E
    EXCESS_SHARE = "excess_share"    # S
    MISUSED = "misused"              # M (one part per tranche it came from)


class SettlementBasis(enum.StrEnum):
    """What the officer settled from."""

    REPORT = "report"                # the accepted final report
    TERMINATED = "terminated"        # the contract was terminated: from what is known
    NO_REPORT = "no_report"          # no final report after the call (art. 18 ust. 3)


class Settlement(Base):
    __tablename__ = "settlement"
    __table_args__ = (
        UniqueConstraint("report_id"),
        # compared in grosze: SQLite keeps NUMERIC as REAL, where 1331.05 + 532.42 != 1863.47
        CheckConstraint("ROUND(total * 100) = ROUND(unused * 100) + ROUND(excess_items * 100) + "
                        "ROUND(misused * 100) + ROUND(excess_share * 100) + "
                        "ROUND(revenues * 100) + ROUND(bank_interest * 100)",
                        name="total_is_sum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"),
                                             index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("task_report.id"))
    # the accepted final report's filed version; none when settled without one
    report_version_id: Mapped[int | None] = mapped_column(ForeignKey("task_report_version.id"))
    basis: Mapped[SettlementBasis] = mapped_column(StrEnumType(SettlementBasis),
                                                   default=SettlementBasis.REPORT)
    contract_version_id: Mapped[int] = mapped_column(ForeignKey("contract_version.id"))
    finding_date: Mapped[dt.date]
    use_by: Mapped[dt.date]
    item_tolerance_pct: Mapped[Decimal] = mapped_column(MONEY)
    share_tolerance_pp: Mapped[Decimal] = mapped_column(MONEY)
    paid: Mapped[Decimal] = mapped_column(MONEY)               # P
    unused: Mapped[Decimal] = mapped_column(MONEY)             # U
    excess_items: Mapped[Decimal] = mapped_column(MONEY)       # E
    misused: Mapped[Decimal] = mapped_column(MONEY)            # M
    excess_share: Mapped[Decimal] = mapped_column(MONEY)       # S
    revenues: Mapped[Decimal] = mapped_column(MONEY)           # R
    bank_interest: Mapped[Decimal] = mapped_column(MONEY)      # B
    total: Mapped[Decimal] = mapped_column(MONEY)
    unused_due: Mapped[dt.date]
    excess_due: Mapped[dt.date]
    misused_due: Mapped[dt.date]
    # the per-item table as computed: [{code, name, planned_total, planned_grant, allowed,
    # actual_total, actual_grant, excess, misused, eligible}] plus share figures
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    pdf_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    contract = relationship("Contract")
    report = relationship("TaskReport")
    report_version = relationship("ReportVersion")
    contract_version = relationship("ContractVersion")
    pdf_file = relationship("StoredFile", foreign_keys=[pdf_file_id])
    parts: Mapped[list[ReturnPart]] = relationship(
        back_populates="settlement", cascade="all, delete-orphan", order_by="ReturnPart.id")


class ReturnPart(Base):
    """One amount to return, with its due date and the first day interest counts."""

    __tablename__ = "return_part"
    __table_args__ = (
        CheckConstraint("principal > 0", name="principal_positive"),
        CheckConstraint("kind = 'misused' OR tranche_number IS NULL",
                        name="tranche_only_for_misused"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    settlement_id: Mapped[int] = mapped_column(ForeignKey("settlement.id", ondelete="CASCADE"),
                                               index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[ReturnKind] = mapped_column(StrEnumType(ReturnKind))
    principal: Mapped[Decimal] = mapped_column(MONEY)
    due_on: Mapped[dt.date]
    interest_from: Mapped[dt.date]        # first day interest counts when paid late
    tranche_number: Mapped[int | None]    # misused: the tranche the money came from
    # misused: the control's finding it returns (one part per finding)
    misuse_finding_id: Mapped[int | None] = mapped_column(
        ForeignKey("control_misuse.id", ondelete="SET NULL"), index=True)
    principal_paid: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    interest_paid: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    settled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    settlement: Mapped[Settlement] = relationship(back_populates="parts")
    contract = relationship("Contract", viewonly=True)
    payments: Mapped[list[ReturnPayment]] = relationship(
        back_populates="part", cascade="all, delete-orphan",
        order_by="(ReturnPayment.paid_on, ReturnPayment.id)")

    @property
    def principal_left(self) -> Decimal:
        return self.principal - self.principal_paid


class ReturnPayment(Base):
    """A payment received against a part: split between principal and interest as due on the
    payment day (art. 55 § 2)."""

    __tablename__ = "return_payment"
    __table_args__ = (
        CheckConstraint("amount > 0 AND principal_part >= 0 AND interest_part >= 0 AND "
                        "ROUND(principal_part * 100) + ROUND(interest_part * 100) = "
                        "ROUND(amount * 100)", name="split_sums"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("return_part.id", ondelete="CASCADE"),
                                         index=True)
    paid_on: Mapped[dt.date]
    amount: Mapped[Decimal] = mapped_column(MONEY)
    principal_part: Mapped[Decimal] = mapped_column(MONEY)
    interest_part: Mapped[Decimal] = mapped_column(MONEY)
    interest_due_then: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    bank_reference: Mapped[str] = mapped_column(String(120), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    part: Mapped[ReturnPart] = relationship(back_populates="payments")
