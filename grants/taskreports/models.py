"""Reports on the task (sprawozdania, art. 18 UDPP; templates Dz.U. 2018 poz. 2057 and 2055).

A final report is due `due_date(task end, report_days)` (per budget year for a multi-year
task); a partial report exists only when the officer asks for it, due no earlier than
`partial_report_min_days` after the request is delivered. A report is written in versions: the
NGO edits a draft version and files it; a filed version is frozen, and a correction asked by
the officer is a new version (the history stays). The officer accepts a filed version or asks
for corrections with a deadline. A missing final report gets a written call with 7 more days
(`ReportCall`), after which the contract may be terminated.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.core import clock
from grants.core.db import MONEY, Base, StrEnumType, UTCDateTime
from grants.core.frozen import Freeze, frozen
from grants.core.i18n import N_


class ReportKind(enum.StrEnum):
    FINAL = "final"
    PARTIAL = "partial"


class ReportStatus(enum.StrEnum):
    DUE = "due"                        # expected, nothing filed yet (a draft may exist)
    FILED = "filed"                    # a filed version awaits the officer
    CORRECTIONS = "corrections"        # the officer asked for corrections (deadline set)
    ACCEPTED = "accepted"              # accepted: a final report goes to settlement


class ReportVersionState(enum.StrEnum):
    DRAFT = "draft"
    FILED = "filed"
    SUPERSEDED = "superseded"          # a correction was filed after it


class TaskReport(Base):
    __tablename__ = "task_report"
    __table_args__ = (
        UniqueConstraint("contract_id", "kind", "year", "sequence"),
        CheckConstraint("kind = 'final' OR requested_on IS NOT NULL",
                        name="partial_is_requested"),
        CheckConstraint("status != 'corrections' OR correction_due IS NOT NULL",
                        name="corrections_have_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[ReportKind] = mapped_column(StrEnumType(ReportKind))
    year: Mapped[int]                         # the budget year reported on
    sequence: Mapped[int] = mapped_column(default=1)   # 1, 2 ... for partial reports
    period_start: Mapped[dt.date]
    period_end: Mapped[dt.date]
    # partial reports: the officer's request and the day it was delivered
    requested_on: Mapped[dt.date | None]
    delivered_on: Mapped[dt.date | None]
    request_note: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    due_on: Mapped[dt.date]
    status: Mapped[ReportStatus] = mapped_column(StrEnumType(ReportStatus),
                                                 default=ReportStatus.DUE)
    correction_due: Mapped[dt.date | None]
    accepted_on: Mapped[dt.date | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)

    contract = relationship("Contract")
    versions: Mapped[list[ReportVersion]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportVersion.number")
    reviews: Mapped[list[ReportReview]] = relationship(
        back_populates="report", cascade="all, delete-orphan",
        order_by="ReportReview.decided_at")
    calls: Mapped[list[ReportCall]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportCall.called_on")

    @property
    def filed_version(self) -> ReportVersion | None:
        for v in reversed(self.versions):
            if v.state == ReportVersionState.FILED:
                return v
        return None

    @property
    def draft_version(self) -> ReportVersion | None:
        for v in reversed(self.versions):
            if v.state == ReportVersionState.DRAFT:
                return v
        return None


@frozen(Freeze(
    frozen_when=lambda row: row["state"] != ReportVersionState.DRAFT,
    mutable={"updated_at"},
    transitions={"state": {(ReportVersionState.FILED, ReportVersionState.SUPERSEDED)}},
    children=("results", "costs", "documents"),
    message=N_("Złożona wersja sprawozdania jest zamrożona i nie może być zmieniana. "
               "Poprawka to nowa wersja sprawozdania."),
))
class ReportVersion(Base):
    """The report's content; frozen once filed (content JSON + SHA-256, grants.core.frozen):
    a correction is a new version; only FILED -> SUPERSEDED happens to a filed one."""

    __tablename__ = "task_report_version"
    __table_args__ = (
        UniqueConstraint("report_id", "number"),
        CheckConstraint("state = 'draft' OR sha256 IS NOT NULL", name="filed_has_checksum"),
        CheckConstraint("revenues >= 0 AND bank_interest >= 0 AND personal_input >= 0 AND "
                        "in_kind_input >= 0", name="amounts_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("task_report.id", ondelete="CASCADE"),
                                           index=True)
    number: Mapped[int] = mapped_column(default=1)
    state: Mapped[ReportVersionState] = mapped_column(StrEnumType(ReportVersionState),
                                                      default=ReportVersionState.DRAFT)
    # part I: what was done and achieved
    description: Mapped[str] = mapped_column(Text, default="")
    deviations: Mapped[str] = mapped_column(Text, default="")
    # part II: money besides the cost table
    personal_input: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    in_kind_input: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    revenues: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))        # R
    bank_interest: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))   # B
    # of the revenues and the bank interest, what was spent on the task's costs: only the
    # rest is returned (settlement.md)
    revenues_spent: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    bank_interest_spent: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    other_info: Mapped[str] = mapped_column(Text, default="")
    filed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    content: Mapped[dict | None] = mapped_column(JSON)
    sha256: Mapped[str | None] = mapped_column(String(64))
    # the PDF rendered at filing from the frozen content (versions filed before revision
    # 0010 have none)
    pdf_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now,
                                                    onupdate=clock.now)

    report: Mapped[TaskReport] = relationship(back_populates="versions")
    pdf_file = relationship("StoredFile", foreign_keys=[pdf_file_id])
    results: Mapped[list[ReportResult]] = relationship(
        cascade="all, delete-orphan", order_by="ReportResult.position")
    costs: Mapped[list[ReportCost]] = relationship(
        cascade="all, delete-orphan", order_by="ReportCost.position")
    documents: Mapped[list[ReportDocument]] = relationship(
        cascade="all, delete-orphan", order_by="ReportDocument.position")

    @property
    def is_frozen(self) -> bool:
        return self.state != ReportVersionState.DRAFT


class ReportResult(Base):
    """A result of the contract: target value and the value achieved."""

    __tablename__ = "task_report_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("task_report_version.id",
                                                       ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(300))
    target_value: Mapped[str] = mapped_column(String(120), default="")
    achieved_value: Mapped[str] = mapped_column(String(120), default="")
    comment: Mapped[str] = mapped_column(Text, default="")


class ReportCost(Base):
    """Actual costs of a contract budget item, by source: C'_i = grant + own financial +
    other public + personal + in-kind + beneficiaries' cash."""

    __tablename__ = "task_report_cost"
    __table_args__ = (
        UniqueConstraint("version_id", "item_code"),
        CheckConstraint("actual_grant >= 0 AND actual_own >= 0 AND actual_other >= 0 AND "
                        "actual_personal >= 0 AND actual_in_kind >= 0",
                        name="amounts_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("task_report_version.id",
                                                       ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    item_code: Mapped[str] = mapped_column(String(20))
    item_name: Mapped[str] = mapped_column(String(300), default="")
    actual_grant: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))     # G'_i
    actual_own: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    actual_other: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    actual_personal: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    actual_in_kind: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))

    @property
    def actual_total(self) -> Decimal:
        """C'_i"""
        return (self.actual_grant + self.actual_own + self.actual_other + self.actual_personal
                + self.actual_in_kind)


class ReportDocument(Base):
    """A financial document (invoice, bill): number, date, issuer, amount, item, grant part."""

    __tablename__ = "task_report_document"
    __table_args__ = (
        CheckConstraint("amount > 0 AND grant_part >= 0 AND grant_part <= amount",
                        name="grant_part_within_amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("task_report_version.id",
                                                       ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    number: Mapped[str] = mapped_column(String(120))
    issued_on: Mapped[dt.date]
    issuer: Mapped[str] = mapped_column(String(300))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    item_code: Mapped[str] = mapped_column(String(20))
    grant_part: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    paid_on: Mapped[dt.date | None]


class ReviewDecision(enum.StrEnum):
    ACCEPTED = "accepted"
    CORRECTIONS = "corrections"


class ReportReview(Base):
    """The officer's decision on a filed version: accepted, or corrections with a deadline."""

    __tablename__ = "task_report_review"
    __table_args__ = (
        CheckConstraint("decision = 'accepted' OR (correction_due IS NOT NULL AND note != '')",
                        name="corrections_have_due_and_note"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("task_report.id", ondelete="CASCADE"),
                                           index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("task_report_version.id"))
    decision: Mapped[ReviewDecision] = mapped_column(StrEnumType(ReviewDecision))
    note: Mapped[str] = mapped_column(Text, default="")
    correction_due: Mapped[dt.date | None]
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    report: Mapped[TaskReport] = relationship(back_populates="reviews")
    version = relationship("ReportVersion")


class ReportCall(Base):
    """A written call for a missing report (art. 18 ust. 3): 7 more days from delivery."""

    __tablename__ = "task_report_call"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("task_report.id", ondelete="CASCADE"),
                                           index=True)
    called_on: Mapped[dt.date]
    delivered_on: Mapped[dt.date]
    due_on: Mapped[dt.date]            # due_date(delivered_on, report_call_days)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    report: Mapped[TaskReport] = relationship(back_populates="calls")
