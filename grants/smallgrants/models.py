"""A small-grant offer (simplified template, Dz.U. 2018 poz. 2055), its rows, the public's
comments and the administrator's yearly plan of grants for NGO tasks."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from grants.core import clock
from grants.core.db import MONEY, Base, StrEnumType, UTCDateTime
from grants.procedures.models import Procedure, ProcedureKind


class SmallGrantStatus(enum.StrEnum):
    DRAFT = "draft"                          # the NGO is writing it
    FILED = "filed"                          # received; content frozen
    NOT_PURPOSEFUL = "not_purposeful"        # the authority found the task not purposeful: ends
    PURPOSEFUL = "purposeful"                # to be published within the working days
    PUBLISHED = "published"                  # on the public page; comments during the period
    CONSULTATION_CLOSED = "consultation_closed"  # comments considered (note recorded)
    CONTRACTING = "contracting"              # the contract is being prepared
    WITHDRAWN = "withdrawn"                  # withdrawn by the NGO


# Offers whose grant counts towards the yearly limits (filed and neither refused nor withdrawn).
COUNTED_STATUSES = (SmallGrantStatus.FILED, SmallGrantStatus.PURPOSEFUL,
                    SmallGrantStatus.PUBLISHED, SmallGrantStatus.CONSULTATION_CLOSED,
                    SmallGrantStatus.CONTRACTING)
# Offers the public may see (from their publication date).
PUBLIC_STATUSES = (SmallGrantStatus.PUBLISHED, SmallGrantStatus.CONSULTATION_CLOSED,
                   SmallGrantStatus.CONTRACTING)


class CommentState(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class SmallGrantOffer(Base):
    __tablename__ = "small_grant_offer"
    __table_args__ = (
        UniqueConstraint("organiser_id", "number"),
        CheckConstraint("status = 'draft' OR (received_at IS NOT NULL AND sha256 IS NOT NULL)",
                        name="filed_is_frozen"),
        CheckConstraint("status NOT IN ('published', 'consultation_closed', 'contracting') "
                        "OR (published_on IS NOT NULL AND comment_end IS NOT NULL)",
                        name="published_has_dates"),
        CheckConstraint("status NOT IN ('consultation_closed', 'contracting') "
                        "OR consideration_note <> ''", name="closed_has_consideration"),
        Index("ix_small_grant_offer_year", "organiser_id", "filing_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), unique=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(60))  # given at filing
    status: Mapped[SmallGrantStatus] = mapped_column(StrEnumType(SmallGrantStatus, 24),
                                                     default=SmallGrantStatus.DRAFT)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now,
                                                    onupdate=clock.now)

    # I. the task
    title: Mapped[str] = mapped_column(String(300), default="")
    area: Mapped[str] = mapped_column(String(60), default="")  # organisations.areas code
    start_date: Mapped[dt.date | None]
    end_date: Mapped[dt.date | None]
    # III. scope of the task
    description: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(Text, default="")
    # contact person
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    # IV. sources besides the grant; totals computed from the cost items
    own_financial: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    own_personal: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    own_in_kind: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    total_cost: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    grant_requested: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    # declarations: {key: True}
    declarations: Mapped[dict] = mapped_column(JSON, default=dict)

    # filing: the instant of receipt, the frozen content and its SHA-256
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    filing_year: Mapped[int | None]          # calendar year of receipt (Warsaw)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    content: Mapped[dict | None] = mapped_column(JSON)
    sha256: Mapped[str | None] = mapped_column(String(64))
    publish_by: Mapped[dt.date | None]       # last day allowed for publication
    comment_days: Mapped[int | None]         # length of the comment period (rules at filing)

    # assessment of purposefulness
    purposeful: Mapped[bool | None]
    assessment_note: Mapped[str] = mapped_column(Text, default="")
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    assessed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    # publication (the public page of this system; the other channels' dates as recorded)
    published_on: Mapped[dt.date | None]
    comment_end: Mapped[dt.date | None]      # days_after(published_on, comment_days)
    published_bip_on: Mapped[dt.date | None]
    published_board_on: Mapped[dt.date | None]
    published_website_on: Mapped[dt.date | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    # consideration of the comments, contracting, withdrawal
    consideration_note: Mapped[str] = mapped_column(Text, default="")
    considered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    considered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    contracting_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    organiser = relationship("Organiser")
    organisation = relationship("Organisation")
    procedure: Mapped[Procedure] = relationship()
    results: Mapped[list[SmallGrantResultRow]] = relationship(
        cascade="all, delete-orphan", order_by="SmallGrantResultRow.position")
    cost_items: Mapped[list[SmallGrantCostItem]] = relationship(
        cascade="all, delete-orphan", order_by="SmallGrantCostItem.position")
    comments: Mapped[list[SmallGrantComment]] = relationship(
        back_populates="offer", cascade="all, delete-orphan",
        order_by="SmallGrantComment.submitted_at")

    def __init__(self, **kwargs):
        """An art. 19a offer is a procedure of its own: its Procedure row is made with it."""
        procedure = kwargs.pop("procedure", None) or Procedure(kind=ProcedureKind.SMALL_GRANT)
        super().__init__(procedure=procedure, **kwargs)

    @validates("organiser", "organiser_id", "number", "title")
    def _to_procedure(self, key: str, value):
        """The procedure carries the offer's organiser, number (as reference) and title."""
        if self.procedure is not None:
            text = key in ("number", "title")
            setattr(self.procedure, "reference" if key == "number" else key,
                    (value or "") if text else value)
        return value

    @property
    def is_draft(self) -> bool:
        return self.status == SmallGrantStatus.DRAFT

    @property
    def approved_comments(self) -> list[SmallGrantComment]:
        return [c for c in self.comments if c.state == CommentState.APPROVED]

    @property
    def pending_comments(self) -> list[SmallGrantComment]:
        return [c for c in self.comments if c.state == CommentState.PENDING]


class SmallGrantResultRow(Base):
    """Expected results: name, target value, how it is monitored."""

    __tablename__ = "small_grant_result_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(
        ForeignKey("small_grant_offer.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(300), default="")
    target_value: Mapped[str] = mapped_column(String(120), default="")
    monitoring: Mapped[str] = mapped_column(Text, default="")


class SmallGrantCostItem(Base):
    """A cost: value = unit cost x units (computed), of which the grant part."""

    __tablename__ = "small_grant_cost_item"
    __table_args__ = (
        CheckConstraint("grant_part >= 0 AND value >= 0 AND unit_cost >= 0 AND units >= 0",
                        name="amounts_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(
        ForeignKey("small_grant_offer.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(300), default="")
    unit: Mapped[str] = mapped_column(String(60), default="")
    unit_cost: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    units: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    value: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    grant_part: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))


class SmallGrantComment(Base):
    """A comment of anyone on a published offer; shown publicly once an officer approves it."""

    __tablename__ = "small_grant_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(
        ForeignKey("small_grant_offer.id", ondelete="CASCADE"), index=True)
    author_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    text: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    state: Mapped[CommentState] = mapped_column(StrEnumType(CommentState),
                                                default=CommentState.PENDING)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    moderated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    offer: Mapped[SmallGrantOffer] = relationship(back_populates="comments")


class SmallGrantYearPlan(Base):
    """The total of grants planned for NGO tasks in a year at an organiser (entered by an
    administrator): the base of the small-grant mode's share (art. 19a ust. 5)."""

    __tablename__ = "small_grant_year_plan"
    __table_args__ = (
        UniqueConstraint("organiser_id", "year"),
        CheckConstraint("planned_total >= 0", name="planned_total_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"), index=True)
    year: Mapped[int]
    planned_total: Mapped[Decimal] = mapped_column(MONEY)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now,
                                                    onupdate=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    organiser = relationship("Organiser")


from grants.smallgrants import guards as _guards  # noqa: E402,F401 - the frozen-content guard
