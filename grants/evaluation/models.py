"""The evaluation committee of a procedure (for a competition: UDPP art. 15 ust. 2a-2f) and its
scoring.

A procedure has at most one committee. Its members are staff users holding the COMMITTEE
role at the competition's organiser; each signs a declaration of impartiality (art. 24 KPA)
before seeing any offer beyond its title and offeror, may declare conflicts (an offer, or an
organisation and so all its offers in the competition), and scores each offer per criterion.
The chair closes scoring; afterwards nothing changes.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.core import clock
from grants.core.db import Base, StrEnumType, UTCDateTime


class MemberKind(enum.StrEnum):
    AUTHORITY = "authority"   # a representative of the authority (organ)
    NGO = "ngo"               # a person named by an NGO (art. 15 ust. 2b)
    EXPERT = "expert"         # advisory voice: scores recorded, never counted (ust. 2c)


class ScoreState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Committee(Base):
    __tablename__ = "committee"
    __table_args__ = (
        UniqueConstraint("procedure_id"),
        CheckConstraint("justification_below_pct >= 0 AND justification_below_pct <= 100",
                        name="justification_pct_range"),
        CheckConstraint("disagreement_pct > 0 AND disagreement_pct <= 100",
                        name="disagreement_pct_range"),
        CheckConstraint("deviation_pct > 0 AND deviation_pct <= 100",
                        name="deviation_pct_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"))
    # a written justification is required below this share of a criterion's maximum
    justification_below_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2),
                                                             default=Decimal("50"))
    # an offer is flagged when the spread of totals exceeds this share of the maximum total
    disagreement_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("30"))
    # a member is flagged when their mean deviation exceeds this share of the maximum total
    deviation_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("15"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # scoring opened: the first declaration of impartiality signed; the thresholds above are
    # fixed from then on (a flag must not move while members score)
    scoring_opened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    procedure = relationship("Procedure")
    # the competition this committee evaluates (when the procedure is a competition)
    competition = relationship(
        "Competition", primaryjoin="Committee.procedure_id == foreign(Competition.procedure_id)",
        viewonly=True, uselist=False)
    members: Mapped[list[CommitteeMember]] = relationship(
        back_populates="committee", cascade="all, delete-orphan", order_by="CommitteeMember.id"
    )
    closure: Mapped[ScoringClosure | None] = relationship(
        back_populates="committee", cascade="all, delete-orphan", uselist=False
    )

    @property
    def is_closed(self) -> bool:
        return self.closure is not None

    @property
    def scoring_opened(self) -> bool:
        return self.scoring_opened_at is not None

    @property
    def chair(self) -> CommitteeMember | None:
        return next((m for m in self.members if m.is_chair), None)

    @property
    def secretary(self) -> CommitteeMember | None:
        return next((m for m in self.members if m.is_secretary), None)


class CommitteeMember(Base):
    __tablename__ = "committee_member"
    __table_args__ = (
        UniqueConstraint("committee_id", "user_id"),
        CheckConstraint(
            "(kind = 'ngo' AND naming_organisation_id IS NOT NULL) OR "
            "(kind != 'ngo' AND naming_organisation_id IS NULL)",
            name="ngo_has_naming_organisation"),
        CheckConstraint("NOT (is_chair AND kind = 'expert')", name="chair_votes"),
        CheckConstraint("NOT (is_chair AND is_secretary)", name="chair_not_secretary"),
        # at most one chair and one secretary per committee
        Index("uq_committee_member_chair", "committee_id", unique=True,
              sqlite_where=text("is_chair"), postgresql_where=text("is_chair")),
        Index("uq_committee_member_secretary", "committee_id", unique=True,
              sqlite_where=text("is_secretary"), postgresql_where=text("is_secretary")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committee.id", ondelete="CASCADE"),
                                              index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[MemberKind] = mapped_column(StrEnumType(MemberKind))
    naming_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    is_chair: Mapped[bool] = mapped_column(default=False)
    is_secretary: Mapped[bool] = mapped_column(default=False)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    committee: Mapped[Committee] = relationship(back_populates="members")
    user = relationship("User", foreign_keys=[user_id])
    naming_organisation = relationship("Organisation")
    declaration: Mapped[Declaration | None] = relationship(
        back_populates="member", cascade="all, delete-orphan", uselist=False
    )
    conflicts: Mapped[list[Conflict]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="Conflict.id"
    )
    name_confirmations: Mapped[list[NameMatchConfirmation]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )
    scores: Mapped[list[Score]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )

    @property
    def votes(self) -> bool:
        return self.kind != MemberKind.EXPERT

    @property
    def has_signed(self) -> bool:
        return self.declaration is not None


class Declaration(Base):
    """The declaration of impartiality (art. 24 KPA), with the text as signed."""

    __tablename__ = "committee_declaration"
    __table_args__ = (
        UniqueConstraint("member_id"),
        CheckConstraint("text != ''", name="text_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("committee_member.id", ondelete="CASCADE"))
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    text: Mapped[str] = mapped_column(Text)

    member: Mapped[CommitteeMember] = relationship(back_populates="declaration")


class Conflict(Base):
    """A member excluded from an offer, or from every offer of an organisation."""

    __tablename__ = "committee_conflict"
    __table_args__ = (
        CheckConstraint(
            "(offer_id IS NOT NULL AND organisation_id IS NULL) OR "
            "(offer_id IS NULL AND organisation_id IS NOT NULL)",
            name="offer_or_organisation"),
        CheckConstraint("reason != ''", name="reason_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("committee_member.id", ondelete="CASCADE"),
                                           index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offer.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    reason: Mapped[str] = mapped_column(Text)
    declared_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)

    member: Mapped[CommitteeMember] = relationship(back_populates="conflicts")
    offer = relationship("Offer")
    organisation = relationship("Organisation")


class NameMatchConfirmation(Base):
    """A member's confirmation that a representative of an offeror bearing their name is not
    a reason for exclusion."""

    __tablename__ = "committee_name_confirmation"
    __table_args__ = (UniqueConstraint("member_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("committee_member.id", ondelete="CASCADE"),
                                           index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    representative_name: Mapped[str] = mapped_column(String(200))
    confirmed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)

    member: Mapped[CommitteeMember] = relationship(back_populates="name_confirmations")
    organisation = relationship("Organisation")


class Score(Base):
    """One member's assessment of one offer: a draft until submitted."""

    __tablename__ = "committee_score"
    __table_args__ = (
        UniqueConstraint("member_id", "offer_id"),
        CheckConstraint("state = 'draft' OR submitted_at IS NOT NULL",
                        name="submitted_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("committee_member.id", ondelete="CASCADE"),
                                           index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"), index=True)
    state: Mapped[ScoreState] = mapped_column(StrEnumType(ScoreState), default=ScoreState.DRAFT)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now,
                                                    onupdate=clock.now)

    member: Mapped[CommitteeMember] = relationship(back_populates="scores")
    offer = relationship("Offer")
    items: Mapped[list[ScoreItem]] = relationship(
        back_populates="score", cascade="all, delete-orphan", order_by="ScoreItem.id"
    )

    @property
    def is_submitted(self) -> bool:
        return self.state == ScoreState.SUBMITTED


class ScoreItem(Base):
    __tablename__ = "committee_score_item"
    __table_args__ = (
        UniqueConstraint("score_id", "criterion_id"),
        CheckConstraint("points IS NULL OR points >= 0", name="points_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("committee_score.id", ondelete="CASCADE"),
                                          index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"))
    points: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))  # None only in a draft
    justification: Mapped[str] = mapped_column(Text, default="")

    score: Mapped[Score] = relationship(back_populates="items")
    criterion = relationship("Criterion")


class ScoringClosure(Base):
    """The chair's closing of scoring; `reason` says why when not every voting member scored
    every offer they were not excluded from."""

    __tablename__ = "scoring_closure"
    __table_args__ = (
        UniqueConstraint("committee_id"),
        CheckConstraint("complete OR reason != ''", name="incomplete_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committee.id", ondelete="CASCADE"))
    closed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    closed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    complete: Mapped[bool]
    reason: Mapped[str] = mapped_column(Text, default="")

    committee: Mapped[Committee] = relationship(back_populates="closure")
    closed_by = relationship("User")
