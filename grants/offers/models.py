"""An offer and its versions. A filed version is frozen: changes are new versions."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.core import clock
from grants.core.db import MONEY, Base, StrEnumType, UTCDateTime
from grants.core.frozen import Freeze, frozen
from grants.core.i18n import N_
from grants.documents.models import StoredFile
from grants.procedures.models import Procedure


class OfferStatus(enum.StrEnum):
    DRAFT = "draft"          # never filed
    FILED = "filed"          # a filed version is in force
    WITHDRAWN = "withdrawn"


class VersionState(enum.StrEnum):
    DRAFT = "draft"
    FILED = "filed"
    SUPERSEDED = "superseded"  # replaced by a later filed version
    WITHDRAWN = "withdrawn"
    DISCARDED = "discarded"    # a replacement draft abandoned


class Offer(Base):
    """An offer for a task of a competition (the full template) or, without a competition,
    for a procedure of its own: a small grant (the simplified template, grants.smallgrants)."""

    __tablename__ = "offer"
    __table_args__ = (
        CheckConstraint("(competition_id IS NULL) = (task_id IS NULL)",
                        name="task_with_competition"),
        CheckConstraint("competition_id IS NOT NULL OR procedure_id IS NOT NULL",
                        name="has_procedure"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int | None] = mapped_column(ForeignKey("competition.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("call_task.id"), index=True)
    # the procedure of an offer without a competition (a small grant)
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedure.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), default="")  # given at first filing
    status: Mapped[OfferStatus] = mapped_column(StrEnumType(OfferStatus),
                                                default=OfferStatus.DRAFT)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    filed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())  # first filing
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    competition = relationship("Competition")
    task = relationship("CallTask")
    procedure: Mapped[Procedure | None] = relationship()
    organisation = relationship("Organisation")
    versions: Mapped[list[OfferVersion]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", order_by="OfferVersion.number"
    )

    @property
    def filed_version(self) -> OfferVersion | None:
        for v in reversed(self.versions):
            if v.state in (VersionState.FILED, VersionState.WITHDRAWN) and v.filed_at:
                return v
        return None

    @property
    def draft_version(self) -> OfferVersion | None:
        for v in reversed(self.versions):
            if v.state == VersionState.DRAFT:
                return v
        return None

    @property
    def latest_version(self) -> OfferVersion:
        return self.versions[-1]


@frozen(Freeze(
    frozen_when=lambda row: row["state"] != VersionState.DRAFT,
    mutable={"updated_at"},
    transitions={"state": {(VersionState.FILED, VersionState.SUPERSEDED),
                           (VersionState.FILED, VersionState.WITHDRAWN)}},
    children=("schedule", "results", "cost_items", "partners", "attachments"),
    message=N_("Złożona wersja oferty jest zamrożona i nie może być zmieniana. Aby ją zmienić "
               "przed terminem, złóż ofertę zastępczą."),
))
class OfferVersion(Base):
    """The content of the offer (sections I-VII). Frozen once filed (grants.core.frozen): a
    change is a new version; only FILED -> SUPERSEDED or WITHDRAWN happens to a filed one."""

    __tablename__ = "offer_version"
    __table_args__ = (
        UniqueConstraint("offer_id", "number"),
        CheckConstraint("state = 'draft' OR sha256 IS NOT NULL OR state = 'discarded'",
                        name="filed_has_checksum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    state: Mapped[VersionState] = mapped_column(StrEnumType(VersionState),
                                                default=VersionState.DRAFT)
    # III. the task
    title: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # the simplified template's
    start_date: Mapped[dt.date | None]
    end_date: Mapped[dt.date | None]
    place: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(Text, default="")
    need: Mapped[str] = mapped_column(Text, default="")
    complementarity: Mapped[str] = mapped_column(Text, default="")
    expected_results: Mapped[str] = mapped_column(Text, default="")
    # II. contact person authorised to explain the offer
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    # IV. the offeror
    previous_activity: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    # V.B sources of financing (the grant and the total are computed from V.A)
    own_financial: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    own_personal: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    own_in_kind: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    beneficiaries_cash: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    # V.C the lead offeror's part of the costs of a joint offer (partners' parts on their rows)
    lead_cost_share: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    total_cost: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    grant_requested: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    # VI. other information
    paid_activity: Mapped[bool] = mapped_column(default=False)
    unpaid_activity: Mapped[bool] = mapped_column(default=True)
    contribution_valuation: Mapped[str] = mapped_column(Text, default="")
    other_info: Mapped[str] = mapped_column(Text, default="")
    # VII. declarations: {key: True}
    declarations: Mapped[dict] = mapped_column(JSON, default=dict)
    # filing
    filed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    signed_by: Mapped[str] = mapped_column(Text, default="")  # representatives confirming
    content: Mapped[dict | None] = mapped_column(JSON)  # the frozen content that was hashed
    sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now,
                                                    onupdate=clock.now)

    offer: Mapped[Offer] = relationship(back_populates="versions")
    pdf_file: Mapped[StoredFile | None] = relationship(foreign_keys=[pdf_file_id])
    schedule: Mapped[list[ScheduleRow]] = relationship(
        cascade="all, delete-orphan", order_by="ScheduleRow.position"
    )
    results: Mapped[list[ResultRow]] = relationship(
        cascade="all, delete-orphan", order_by="ResultRow.position"
    )
    cost_items: Mapped[list[CostItem]] = relationship(
        cascade="all, delete-orphan", order_by="CostItem.position"
    )
    partners: Mapped[list[JointPartner]] = relationship(
        cascade="all, delete-orphan", order_by="JointPartner.position"
    )
    attachments: Mapped[list[OfferAttachment]] = relationship(cascade="all, delete-orphan")

    @property
    def is_frozen(self) -> bool:
        return self.state != VersionState.DRAFT


class ScheduleRow(Base):
    """III.4 plan and schedule: action, description, target group, dates, part done by a
    non-party."""

    __tablename__ = "offer_schedule_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("offer_version.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    action: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(String(300), default="")
    start_date: Mapped[dt.date | None]
    end_date: Mapped[dt.date | None]
    non_party: Mapped[str] = mapped_column(String(300), default="")


class ResultRow(Base):
    """III.6 results table (additional information on the results): result, target value, how
    it is monitored."""

    __tablename__ = "offer_result_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("offer_version.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(300), default="")
    target_value: Mapped[str] = mapped_column(String(120), default="")
    monitoring: Mapped[str] = mapped_column(Text, default="")


class CostItem(Base):
    """V.A cost calculation row; `value` = unit_cost x units, computed by the system."""

    __tablename__ = "offer_cost_item"
    __table_args__ = (
        CheckConstraint("section IN ('I', 'II')", name="section_values"),
        # grant_part <= value is a filing rule (offers.rules): a draft may still disagree
        CheckConstraint("grant_part >= 0 AND value >= 0 AND unit_cost >= 0 AND units >= 0",
                        name="amounts_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("offer_version.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    section: Mapped[str] = mapped_column(String(2), default="I")  # I actions, II administration
    action_no: Mapped[int] = mapped_column(default=1)             # I.<action_no>.<n>
    code: Mapped[str] = mapped_column(String(20), default="")     # computed, e.g. I.1.2
    name: Mapped[str] = mapped_column(String(300), default="")    # cost type
    unit: Mapped[str] = mapped_column(String(60), default="")
    unit_cost: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    units: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    value: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    grant_part: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    year: Mapped[int | None]
    partner_position: Mapped[int | None]  # V.C: which joint offeror bears the cost


class JointPartner(Base):
    """A further offeror of a joint offer (art. 14 ust. 2-3) with its actions and cost share."""

    __tablename__ = "offer_joint_partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("offer_version.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    actions: Mapped[str] = mapped_column(Text, default="")
    cost_share: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))

    organisation = relationship("Organisation")


class OfferAttachment(Base):
    __tablename__ = "offer_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("offer_version.id", ondelete="CASCADE"), index=True
    )
    required_attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("required_attachment.id")
    )
    name: Mapped[str] = mapped_column(String(300))
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))

    stored_file = relationship("StoredFile")

