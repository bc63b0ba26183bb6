"""The ranking and awards of a competition, the authority's decision, its publication,
objections, annulment (art. 18a) and the offer update after the award.

A competition has at most one ranking; the ranking has one row (Award) per offer admitted to
scoring. The sum of the grants of a task (proposed, then confirmed; declined and withdrawn
awards free their funds) never exceeds the task's funds: services lock the task's row and
re-sum its awards in the same transaction (see services._ensure_within_funds).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.core import clock
from grants.core.db import MONEY, Base, StrEnumType, UTCDateTime
from grants.procedures.models import Publication, Subject


class AwardState(enum.StrEnum):
    PROPOSED = "proposed"     # in the ranking, grant proposed by the officer (0: unfunded)
    CONFIRMED = "confirmed"   # the authority's decision confirmed (or changed) the grant
    DECLINED = "declined"     # the offer update was not filed by its deadline
    WITHDRAWN = "withdrawn"   # the offeror gave up the grant (rezygnacja)


ACTIVE_STATES = (AwardState.PROPOSED, AwardState.CONFIRMED)


class Ranking(Base):
    __tablename__ = "award_ranking"
    __table_args__ = (UniqueConstraint("competition_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"))
    # the tie-break rule chosen on the award screen: the higher mean in this criterion first,
    # then (always) the earlier filing
    tie_break_criterion_id: Mapped[int | None] = mapped_column(
        ForeignKey("criterion.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now,
                                                    onupdate=clock.now)

    competition = relationship("Competition")
    tie_break_criterion = relationship("Criterion")
    awards: Mapped[list[Award]] = relationship(
        back_populates="ranking", cascade="all, delete-orphan", order_by="Award.id")


class Award(Base):
    """One offer in the ranking: its place, score, the proposed and the final grant."""

    __tablename__ = "award"
    __table_args__ = (
        UniqueConstraint("offer_id"),
        CheckConstraint("proposed_grant >= 0 AND proposed_grant <= requested",
                        name="proposed_range"),
        CheckConstraint("final_grant IS NULL OR (final_grant >= 0 AND final_grant <= requested)",
                        name="final_range"),
        CheckConstraint("eligible OR (proposed_grant = 0 AND (final_grant IS NULL OR "
                        "final_grant = 0))", name="ineligible_unfunded"),
        CheckConstraint("eligible = (rank IS NOT NULL)", name="rank_iff_eligible"),
        CheckConstraint("state = 'proposed' OR final_grant IS NOT NULL",
                        name="decided_has_final"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ranking_id: Mapped[int] = mapped_column(ForeignKey("award_ranking.id", ondelete="CASCADE"),
                                            index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"))
    task_id: Mapped[int] = mapped_column(ForeignKey("call_task.id"), index=True)
    rank: Mapped[int | None]                      # 1, 2 ... within the task; None: not eligible
    eligible: Mapped[bool]
    score_text: Mapped[str | None] = mapped_column(String(80))   # the mean, full precision
    n_scores: Mapped[int] = mapped_column(default=0)
    requested: Mapped[Decimal] = mapped_column(MONEY)
    proposed_grant: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    final_grant: Mapped[Decimal | None] = mapped_column(MONEY)   # set by the decision
    tie_broken_by: Mapped[str] = mapped_column(String(20), default="")
    tie_note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[AwardState] = mapped_column(StrEnumType(AwardState),
                                              default=AwardState.PROPOSED)
    state_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # the offer update (aktualizacja) when the final grant is lower than requested
    update_due: Mapped[dt.date | None]
    update_version_id: Mapped[int | None] = mapped_column(ForeignKey("offer_version.id"))
    update_filed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    ranking: Mapped[Ranking] = relationship(back_populates="awards")
    offer = relationship("Offer")
    task = relationship("CallTask")
    update_version = relationship("OfferVersion")

    @property
    def score(self) -> Decimal | None:
        return Decimal(self.score_text) if self.score_text else None

    @property
    def grant(self) -> Decimal:
        """The amount the award holds now: the final grant once decided, else the proposal."""
        return self.final_grant if self.final_grant is not None else self.proposed_grant

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def needs_update(self) -> bool:
        """Decided, funded and lower than requested: the offeror updates the offer."""
        return (self.state == AwardState.CONFIRMED and self.final_grant is not None
                and Decimal("0") < self.final_grant < self.requested)


class AwardDecision(Base):
    """The authority's decision (usually a zarządzenie). The results are published in the three
    channels (art. 15 ust. 2h) as the procedure's Publication of Subject.RESULTS."""

    __tablename__ = "award_decision"
    __table_args__ = (
        UniqueConstraint("competition_id"),
        CheckConstraint("number != '' AND signer != ''", name="number_signer_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(100))
    decided_on: Mapped[dt.date]
    signer: Mapped[str] = mapped_column(String(200))
    # [{award_id, offer_id, number, before, after}] where the decision changed the proposal
    changes: Mapped[list] = mapped_column(JSON, default=list)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    competition = relationship("Competition")

    @property
    def publication(self) -> Publication | None:
        """The publication of the results in the three channels (None: not yet published)."""
        return self.competition.procedure.first(Subject.RESULTS)

    @property
    def published_at(self) -> dt.datetime | None:
        publication = self.publication
        return publication.published_at if publication else None


class Annulment(Base):
    """Art. 18a: the competition annulled because no offer was filed or none met the
    conditions; published in the three channels (the procedure's Subject.ANNULMENT)."""

    __tablename__ = "award_annulment"
    __table_args__ = (
        UniqueConstraint("competition_id"),
        CheckConstraint("reason != ''", name="reason_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"))
    ground: Mapped[str] = mapped_column(String(30))       # rules.NO_OFFERS | NONE_MET_CONDITIONS
    reason: Mapped[str] = mapped_column(Text)              # the officer's statement of reasons
    decision_number: Mapped[str] = mapped_column(String(100), default="")
    confirmed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    competition = relationship("Competition")

    @property
    def publication(self) -> Publication | None:
        """The publication of the annulment in the three channels."""
        return self.competition.procedure.first(Subject.ANNULMENT)


class Objection(Base):
    """A written objection received after the results (no appeal: art. 15 ust. 2j) - only
    recorded."""

    __tablename__ = "award_objection"
    __table_args__ = (CheckConstraint("content != '' AND author != ''",
                                      name="content_author_present"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"),
                                                index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offer.id"))
    received_on: Mapped[dt.date]
    author: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    offer = relationship("Offer")
