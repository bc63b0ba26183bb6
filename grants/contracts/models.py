"""The grant contract (art. 16 UDPP, art. 221 ust. 3 UFP), its versions (the original and the
annexes), its budget items and tranche schedule, and the transfers finance staff record.

A contract comes from an award of a procedure of any kind (a competition's award after the
offer update, when one was needed; a small-grant offer in contracting; next a procurement
award): `procedure_id` names the procedure, `award_id` / `small_grant_offer_id` the source
(grants.contracts.sources). Its content lives in versions: version 0 is the contract as
generated, versions 1, 2 ... are annexes. A version is a draft until it is signed; a signed
version is filed (SHA-256 of its content, PDF) and frozen - a change is a new annex - and the
latest signed version is "in force": the settlement uses it. Only a signed contract can be
paid.

Transfers (Payment) refer to the tranche by its number, which annexes keep, so a payment
recorded under the original schedule still counts after an annex moves the tranche.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from stdnum import iban as stdnum_iban

from grants.core import clock
from grants.core.db import MONEY, Base, StrEnumType, UTCDateTime
from grants.core.frozen import Freeze, frozen
from grants.core.i18n import N_


class ContractStatus(enum.StrEnum):
    DRAFT = "draft"            # generated, not yet signed: no payment possible
    SIGNED = "signed"          # in force: tranches paid, reports filed
    TERMINATED = "terminated"  # terminated (e.g. no final report after the call, art. 18 ust. 3)
    CLOSED = "closed"          # settled: everything returned, nothing outstanding


class TrancheCondition(enum.StrEnum):
    NONE = "none"                        # paid on its date
    PARTIAL_REPORT = "partial_report"    # after an accepted partial report


class Contract(Base):
    __tablename__ = "contract"
    __table_args__ = (
        UniqueConstraint("organiser_id", "number"),
        UniqueConstraint("award_id"),
        UniqueConstraint("small_grant_offer_id"),
        CheckConstraint("status = 'draft' OR signed_on IS NOT NULL", name="signed_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    # the procedure the contract comes from (any kind) and its source in it, when recorded
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), index=True)
    award_id: Mapped[int | None] = mapped_column(ForeignKey("award.id"))
    small_grant_offer_id: Mapped[int | None] = mapped_column(ForeignKey("small_grant_offer.id"))
    offer_version_id: Mapped[int | None] = mapped_column(ForeignKey("offer_version.id"))
    number: Mapped[str] = mapped_column(String(60))       # e.g. MOPS/D/2026/0003
    # the form of the commissioning (art. 16 ust. 1 UDPP): the competition's mode, or for a
    # small grant the mode the offer declares - never inferred from the amounts
    mode: Mapped[str] = mapped_column(String(20), default="wspieranie")
    status: Mapped[ContractStatus] = mapped_column(StrEnumType(ContractStatus),
                                                   default=ContractStatus.DRAFT)
    signed_on: Mapped[dt.date | None]                    # date of the original's signature
    terminated_on: Mapped[dt.date | None]
    termination_reason: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    organiser = relationship("Organiser")
    organisation = relationship("Organisation")
    award = relationship("Award")
    small_grant_offer = relationship("SmallGrantOffer")
    procedure = relationship("Procedure")
    offer_version = relationship("OfferVersion")
    versions: Mapped[list[ContractVersion]] = relationship(
        back_populates="contract", cascade="all, delete-orphan",
        order_by="ContractVersion.number")
    payments: Mapped[list[Payment]] = relationship(
        back_populates="contract", cascade="all, delete-orphan",
        order_by="(Payment.paid_on, Payment.id)")

    @property
    def version_in_force(self) -> ContractVersion | None:
        """The latest signed version (None before the contract is signed)."""
        for v in reversed(self.versions):
            if v.signed_on is not None:
                return v
        return None

    @property
    def current_version(self) -> ContractVersion:
        """The latest version, signed or not (an annex being prepared)."""
        return self.versions[-1]

    @property
    def paid_total(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal("0.00"))


@frozen(Freeze(frozen_when=lambda row: row["signed_on"] is not None,
               children=("items", "tranches", "results"),
               message=N_("Podpisanej wersji umowy nie można zmieniać - przygotuj aneks.")))
class ContractVersion(Base):
    """The contract's content: number 0 is the original, 1.. the annexes. Signed, it is frozen:
    neither it nor its items, tranches and results change (grants.core.frozen)."""

    __tablename__ = "contract_version"
    __table_args__ = (
        UniqueConstraint("contract_id", "number"),
        CheckConstraint("end_date >= start_date", name="dates_order"),
        CheckConstraint("use_by >= start_date", name="use_by_after_start"),
        CheckConstraint("grant_total >= 0 AND total_cost >= grant_total",
                        name="grant_within_cost"),
        CheckConstraint("item_tolerance_pct >= 0 AND share_tolerance_pp >= 0",
                        name="tolerances_nonneg"),
        CheckConstraint("signed_on IS NULL OR (signed_for_authority != '' AND "
                        "signed_for_organisation != '')", name="signed_has_signatories"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"),
                                             index=True)
    number: Mapped[int] = mapped_column(default=0)        # 0 original, 1.. annex number
    title: Mapped[str] = mapped_column(String(300))        # the public task
    purpose: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    # the date by which the grant must be used (<= 31 December of the budget year);
    # for a multi-year task, per year in `years`: [{"year": 2027, "use_by": "2027-12-31",
    # "report_due": "2028-02-01"}], the last year's use_by being `use_by`
    use_by: Mapped[dt.date]
    years: Mapped[list] = mapped_column(JSON, default=list)
    report_due: Mapped[dt.date]                  # final report: due_date(end_date, report_days)
    grant_total: Mapped[Decimal] = mapped_column(MONEY)   # D = sum of the items' grant parts
    total_cost: Mapped[Decimal] = mapped_column(MONEY)    # T = sum of the items' totals
    item_tolerance_pct: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("10.00"))  # x
    share_tolerance_pp: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("5.00"))   # t
    bank_account: Mapped[str] = mapped_column(String(34))  # the organisation's IBAN
    # parties' representatives as written in the contract
    authority_representatives: Mapped[str] = mapped_column(Text, default="")
    organisation_representatives: Mapped[str] = mapped_column(Text, default="")
    # the further offerors of a joint offer, parties to the contract jointly and severally
    # liable (art. 16 ust. 4 UDPP): [{"organisation_id", "name", "representatives",
    # "actions", "cost_share"}] in the offer's order; the lead offeror is `organisation`
    joint_parties: Mapped[list] = mapped_column(JSON, default=list)
    # an annex: what it changes, as [{"field", "label", "before", "after"}] and a reason
    changes: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    # signing
    signed_on: Mapped[dt.date | None]
    signed_for_authority: Mapped[str] = mapped_column(Text, default="")
    signed_for_organisation: Mapped[str] = mapped_column(Text, default="")
    signed_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    pdf_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    # SHA-256 of the signed content as canonical JSON (grants.documents.filing)
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    contract: Mapped[Contract] = relationship(back_populates="versions")
    pdf_file = relationship("StoredFile", foreign_keys=[pdf_file_id])
    items: Mapped[list[ContractItem]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="ContractItem.position")
    tranches: Mapped[list[ContractTranche]] = relationship(
        back_populates="version", cascade="all, delete-orphan",
        order_by="ContractTranche.number")
    results: Mapped[list[ContractResult]] = relationship(
        back_populates="version", cascade="all, delete-orphan",
        order_by="ContractResult.position")

    @property
    def is_annex(self) -> bool:
        return self.number > 0

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None

    @property
    def use_by_years(self) -> list[tuple[int, dt.date]]:
        """(year, date by which the grant must be used) of a multi-year task's years."""
        return [(int(r["year"]), dt.date.fromisoformat(r["use_by"])) for r in self.years or []]

    @property
    def bank_account_display(self) -> str:
        """The IBAN in groups of four (PL61 1090 1014 ...)."""
        return stdnum_iban.format(self.bank_account) if self.bank_account else ""

    @property
    def share(self) -> Decimal:
        """s = D / T at full precision (1 for powierzenie)."""
        return self.grant_total / self.total_cost if self.total_cost else Decimal("1")


class ContractItem(Base):
    """A budget item of the contract (from the offer's cost calculation, after the update):
    planned total cost C_i and planned grant part G_i."""

    __tablename__ = "contract_item"
    __table_args__ = (
        UniqueConstraint("version_id", "code"),
        CheckConstraint("planned_grant >= 0 AND planned_total >= planned_grant",
                        name="grant_within_total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("contract_version.id",
                                                       ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    code: Mapped[str] = mapped_column(String(20))           # I.1.1, II.1 ... (1, 2 for small)
    name: Mapped[str] = mapped_column(String(300))
    planned_total: Mapped[Decimal] = mapped_column(MONEY)   # C_i
    planned_grant: Mapped[Decimal] = mapped_column(MONEY)   # G_i
    year: Mapped[int | None]

    version: Mapped[ContractVersion] = relationship(back_populates="items")


class ContractResult(Base):
    """A result the organisation undertakes to achieve (from the offer's results table)."""

    __tablename__ = "contract_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("contract_version.id",
                                                       ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(300))
    target_value: Mapped[str] = mapped_column(String(120), default="")
    monitoring: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[ContractVersion] = relationship(back_populates="results")


class ContractTranche(Base):
    """A tranche of the schedule: number (kept across annexes), due date, amount, condition."""

    __tablename__ = "contract_tranche"
    __table_args__ = (
        UniqueConstraint("version_id", "number"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("contract_version.id",
                                                       ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    due_on: Mapped[dt.date]
    amount: Mapped[Decimal] = mapped_column(MONEY)
    year: Mapped[int | None]
    condition: Mapped[TrancheCondition] = mapped_column(StrEnumType(TrancheCondition),
                                                        default=TrancheCondition.NONE)

    version: Mapped[ContractVersion] = relationship(back_populates="tranches")


class Payment(Base):
    """A transfer to the organisation recorded by finance staff (date, amount, bank reference).
    Payments are never edited: a mistake is corrected by a reversing entry (negative amount)
    with a note."""

    __tablename__ = "contract_payment"
    __table_args__ = (
        CheckConstraint("amount != 0", name="amount_nonzero"),
        Index("ix_contract_payment_paid_on", "paid_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"),
                                             index=True)
    tranche_number: Mapped[int]
    paid_on: Mapped[dt.date]
    amount: Mapped[Decimal] = mapped_column(MONEY)
    bank_reference: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    contract: Mapped[Contract] = relationship(back_populates="payments")


class ContractDraftPdf(Base):
    """The PDF of an unsigned version, rendered once per content (grants.contracts.pdf_cache):
    `content_key` is the SHA-256 of the renderer and the version's rendered HTML; the bytes
    are served until the draft (or anything it shows) changes. A signed version's PDF is the
    one stored at signing, not this."""

    __tablename__ = "contract_draft_pdf"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("contract_version.id", ondelete="CASCADE"), unique=True)
    content_key: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    rendered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
