"""A competition (call) with every element of UDPP art. 13 ust. 2."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from grants.core import clock
from grants.core.db import MONEY, Base, StrEnumType, UTCDateTime
from grants.procedures.models import (
    Procedure,
    ProcedureDocument,
    ProcedureKind,
    Publication,
    Subject,
)


class Mode(enum.StrEnum):
    POWIERZENIE = "powierzenie"   # entrusting: up to 100 % of costs
    WSPIERANIE = "wspieranie"     # supporting: co-financing up to the call's share


class CallStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"   # open until the deadline, then in evaluation
    DECIDED = "decided"
    ANNULLED = "annulled"


class Phase(enum.StrEnum):
    """What the public sees: derived from the status and the clock."""

    DRAFT = "draft"
    OPEN = "open"
    EVALUATION = "evaluation"
    DECIDED = "decided"
    ANNULLED = "annulled"


class Competition(Base):
    __tablename__ = "competition"
    __table_args__ = (
        CheckConstraint("max_grant_pct > 0 AND max_grant_pct <= 100", name="max_grant_pct_range"),
        CheckConstraint("status = 'draft' OR published_at IS NOT NULL", name="published_has_date"),
        CheckConstraint("tie_break_point IS NULL OR tie_break_point BETWEEN 1 AND 6",
                        name="tie_break_point_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), unique=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"), index=True)
    reference: Mapped[str] = mapped_column(String(60), default="")  # e.g. MOPS.OKO.1.2026
    title: Mapped[str] = mapped_column(String(300))
    area: Mapped[str] = mapped_column(String(60))  # organisations.areas code
    mode: Mapped[Mode] = mapped_column(StrEnumType(Mode))
    max_grant_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("100"))
    min_own_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))
    description: Mapped[str] = mapped_column(Text, default="")        # purpose, target group
    grant_rules: Mapped[str] = mapped_column(Text, default="")        # rules of awarding grants
    task_conditions: Mapped[str] = mapped_column(Text, default="")    # terms of carrying out
    selection_procedure: Mapped[str] = mapped_column(Text, default="")
    # the tie rule the announcement states (calls.catalogue.tie_break_text, applied by the
    # ranking): the higher mean in the criteria of this point of art. 15 ust. 1 first (None:
    # none), then the earlier filing; tie_break_rule is its text as published
    tie_break_point: Mapped[int | None]
    tie_break_rule: Mapped[str] = mapped_column(Text, default="")
    offer_deadline: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    # the day off (Saturday, Sunday, public holiday) the officer confirmed as the deadline's day
    deadline_day_off_confirmed: Mapped[dt.date | None]
    decision_date: Mapped[dt.date | None]
    min_score_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("60"))
    completion_days: Mapped[int] = mapped_column(default=7)   # formal "to be completed"
    update_days: Mapped[int] = mapped_column(default=14)      # offer update after the award
    budget_division: Mapped[str] = mapped_column(String(10), default="")   # dział 852
    budget_chapter: Mapped[str] = mapped_column(String(10), default="")    # rozdział 85228
    budget_paragraph: Mapped[str] = mapped_column(String(10), default="")  # paragraf 2360
    based_on_draft_budget: Mapped[bool] = mapped_column(default=False)  # art. 13 ust. 5
    status: Mapped[CallStatus] = mapped_column(StrEnumType(CallStatus), default=CallStatus.DRAFT)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    rules_date: Mapped[dt.date | None]  # the rule set in force on the announcement date
    version: Mapped[int] = mapped_column(default=0)  # number of the published version
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    organiser = relationship("Organiser")
    procedure: Mapped[Procedure] = relationship()
    tasks: Mapped[list[CallTask]] = relationship(
        back_populates="competition", cascade="all, delete-orphan", order_by="CallTask.position"
    )
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="competition", cascade="all, delete-orphan", order_by="Criterion.position"
    )
    checklist: Mapped[list[ChecklistItem]] = relationship(
        back_populates="competition", cascade="all, delete-orphan",
        order_by="ChecklistItem.position",
    )
    required_attachments: Mapped[list[RequiredAttachment]] = relationship(
        back_populates="competition", cascade="all, delete-orphan",
        order_by="RequiredAttachment.position",
    )
    same_kind_tasks: Mapped[list[SameKindTask]] = relationship(
        back_populates="competition", cascade="all, delete-orphan",
        order_by="SameKindTask.position", foreign_keys="SameKindTask.competition_id",
    )
    def __init__(self, **kwargs):
        """A competition is a procedure: its Procedure row is made with it."""
        procedure = kwargs.pop("procedure", None) or Procedure(kind=ProcedureKind.COMPETITION)
        super().__init__(procedure=procedure, **kwargs)

    @validates("organiser", "organiser_id", "reference", "title")
    def _to_procedure(self, key: str, value):
        """The procedure carries the competition's organiser, reference and title."""
        if self.procedure is not None:
            setattr(self.procedure, key, value)
        return value

    @property
    def documents(self) -> list[ProcedureDocument]:
        return self.procedure.documents

    @property
    def announcement(self) -> Publication | None:
        """The first publication of the announcement (in the three channels)."""
        return self.procedure.first(Subject.ANNOUNCEMENT)

    @property
    def versions(self) -> list[Publication]:
        """Every published version of the announcement: 1 the first, 2.. corrections."""
        return self.procedure.published(Subject.ANNOUNCEMENT)

    @property
    def phase(self) -> Phase:
        if self.status == CallStatus.PUBLISHED:
            return Phase.OPEN if clock.now() < self.offer_deadline else Phase.EVALUATION
        return Phase(self.status.value)

    @property
    def last_publication_on(self) -> dt.date | None:
        """The announcement date: the last of the three channels' dates."""
        announcement = self.announcement
        return announcement.published_on if announcement else None

    @property
    def total_funds(self) -> Decimal:
        return sum((t.funds for t in self.tasks), Decimal("0.00"))

    def __str__(self) -> str:
        return self.title


class CallTask(Base):
    """One task of a competition with its own allocated funds."""

    __tablename__ = "call_task"
    __table_args__ = (
        CheckConstraint("funds >= 0", name="funds_nonneg"),
        CheckConstraint("min_grant >= 0 AND max_grant >= min_grant", name="grant_range"),
        CheckConstraint("end_date >= start_date", name="dates_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    funds: Mapped[Decimal] = mapped_column(MONEY)
    min_grant: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    max_grant: Mapped[Decimal] = mapped_column(MONEY)
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]

    competition: Mapped[Competition] = relationship(back_populates="tasks")

    def __str__(self) -> str:
        return self.title


class Criterion(Base):
    """A scoring criterion built from UDPP art. 15 ust. 1 (points 1-6)."""

    __tablename__ = "criterion"
    __table_args__ = (
        CheckConstraint("statutory_point BETWEEN 1 AND 6", name="statutory_point_range"),
        CheckConstraint("max_points > 0", name="max_points_pos"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    statutory_point: Mapped[int]  # 1..6 of art. 15 ust. 1; 4 only in wspieranie
    name: Mapped[str] = mapped_column(String(300))
    max_points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    min_points: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))

    competition: Mapped[Competition] = relationship(back_populates="criteria")


class ChecklistItem(Base):
    """An item of the formal checklist set per call."""

    __tablename__ = "checklist_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    text: Mapped[str] = mapped_column(String(500))

    competition: Mapped[Competition] = relationship(back_populates="checklist")


class RequiredAttachment(Base):
    __tablename__ = "required_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(300))
    mandatory: Mapped[bool] = mapped_column(default=True)

    competition: Mapped[Competition] = relationship(back_populates="required_attachments")


class SameKindTask(Base):
    """Art. 13 ust. 2 pkt 7: tasks of the same kind this year and last, with costs and grants."""

    __tablename__ = "same_kind_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(
        ForeignKey("competition.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=1)
    year: Mapped[int]
    name: Mapped[str] = mapped_column(String(300))
    total_cost: Mapped[Decimal] = mapped_column(MONEY)
    grant: Mapped[Decimal] = mapped_column(MONEY)
    source_competition_id: Mapped[int | None] = mapped_column(ForeignKey("competition.id"))

    competition: Mapped[Competition] = relationship(
        back_populates="same_kind_tasks", foreign_keys=[competition_id]
    )
