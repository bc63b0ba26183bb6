"""A small-grant offer (simplified template, Dz.U. 2018 poz. 2055: its content is an offer of
grants.offers), the public's comments and the administrator's yearly plan of grants for NGO tasks."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from grants.core import clock
from grants.core.db import MONEY, Base, StrEnumType, UTCDateTime
from grants.core.frozen import Freeze, frozen
from grants.core.i18n import N_
from grants.offers.models import Offer, OfferVersion
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


# What a small grant keeps of its own; the offer's content (the simplified template: texts,
# dates, amounts, rows of results and costs, declarations, the frozen content with its
# SHA-256 and PDF) is an Offer of grants.offers with its version.
MUTABLE = frozenset({
    "status", "updated_at", "purposeful", "assessment_note", "assessed_by_id", "assessed_at",
    "published_on", "comment_end", "published_bip_on", "published_board_on",
    "published_website_on", "published_by_id", "publication_delay_days", "award_year",
    "consideration_note", "considered_by_id",
    "considered_at", "contracting_at", "withdrawn_at",
})


def _version_field(name: str) -> property:
    return property(lambda self: getattr(self.version, name),
                    doc=f"The offer version's `{name}` (grants.offers).")


@frozen(Freeze(
    frozen_when=lambda row: row["status"] != SmallGrantStatus.DRAFT,
    mutable=MUTABLE,
    message=N_("Złożona oferta jest zamrożona i nie może być zmieniana."),
))
class SmallGrantOffer(Base):
    """What is particular to an art. 19a offer: its procedure and organ, its area, the
    receipt and the year it counts in, the assessment, the publication for comments and
    their consideration. The content is the linked `offer` (grants.offers, the simplified
    template), read through its properties (`title`, `cost_items` ...)."""

    __tablename__ = "small_grant_offer"
    __table_args__ = (
        UniqueConstraint("organiser_id", "number"),
        CheckConstraint("status = 'draft' OR received_at IS NOT NULL", name="filed_is_received"),
        CheckConstraint("status NOT IN ('published', 'consultation_closed', 'contracting') "
                        "OR (published_on IS NOT NULL AND comment_end IS NOT NULL)",
                        name="published_has_dates"),
        CheckConstraint("status NOT IN ('consultation_closed', 'contracting') "
                        "OR consideration_note <> ''", name="closed_has_consideration"),
        Index("ix_small_grant_offer_year", "organiser_id", "filing_year"),
        Index("ix_small_grant_offer_award_year", "award_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id"), unique=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id"), unique=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(60))  # given at filing
    status: Mapped[SmallGrantStatus] = mapped_column(StrEnumType(SmallGrantStatus, 24),
                                                     default=SmallGrantStatus.DRAFT)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now,
                                                    onupdate=clock.now)
    area: Mapped[str] = mapped_column(String(60), default="")  # organisations.areas code
    # the form the offer asks for (art. 16 ust. 1 UDPP): "wspieranie" or "powierzenie"; the
    # contract's form comes from it (grants.smallgrants.contract_source)
    mode: Mapped[str] = mapped_column(String(20), default="wspieranie")

    # filing: the instant of receipt and the year it counts in (the content is the offer's)
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    filing_year: Mapped[int | None]          # calendar year of receipt (Warsaw): the number
    # the calendar year the grant is awarded in, where the yearly limits count it (art. 19a
    # ust. 4 and 5): set at filing (rules.award_year), moved to the contract's year if the
    # contract is signed later
    award_year: Mapped[int | None]
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
    # days the publication was complete after `publish_by` (0: in time); the limit binds
    # the authority, a late publication is allowed and the delay recorded and shown
    publication_delay_days: Mapped[int | None]

    # consideration of the comments, contracting, withdrawal
    consideration_note: Mapped[str] = mapped_column(Text, default="")
    considered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    considered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    contracting_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    organiser = relationship("Organiser")
    organisation = relationship("Organisation")
    procedure: Mapped[Procedure] = relationship()
    offer: Mapped[Offer] = relationship()
    comments: Mapped[list[SmallGrantComment]] = relationship(
        back_populates="offer", cascade="all, delete-orphan",
        order_by="SmallGrantComment.submitted_at")

    def __init__(self, **kwargs):
        """An art. 19a offer is a procedure of its own: its Procedure row is made with it."""
        procedure = kwargs.pop("procedure", None) or Procedure(kind=ProcedureKind.SMALL_GRANT)
        super().__init__(procedure=procedure, **kwargs)

    @validates("organiser", "organiser_id", "number")
    def _to_procedure(self, key: str, value):
        """The procedure carries the offer's organiser and number (as reference)."""
        if self.procedure is not None:
            if key == "number":
                self.procedure.reference = value or ""
            else:
                setattr(self.procedure, key, value)
        return value

    @property
    def version(self) -> OfferVersion:
        """The offer's one version (a small grant is never replaced)."""
        return self.offer.latest_version

    # the content of the simplified template, read through from the offer's version
    title = _version_field("title")
    start_date = _version_field("start_date")
    end_date = _version_field("end_date")
    description = _version_field("description")
    place = _version_field("place")
    target_group = _version_field("target_group")
    contact_name = _version_field("contact_name")
    contact_email = _version_field("contact_email")
    contact_phone = _version_field("contact_phone")
    own_financial = _version_field("own_financial")
    own_personal = _version_field("own_personal")
    own_in_kind = _version_field("own_in_kind")
    total_cost = _version_field("total_cost")
    grant_requested = _version_field("grant_requested")
    declarations = _version_field("declarations")
    content = _version_field("content")
    sha256 = _version_field("sha256")
    filed_by_id = _version_field("filed_by_id")
    pdf_file = _version_field("pdf_file")
    cost_items = _version_field("cost_items")
    results = _version_field("results")

    @property
    def is_draft(self) -> bool:
        return self.status == SmallGrantStatus.DRAFT

    @property
    def approved_comments(self) -> list[SmallGrantComment]:
        return [c for c in self.comments if c.state == CommentState.APPROVED]

    @property
    def pending_comments(self) -> list[SmallGrantComment]:
        return [c for c in self.comments if c.state == CommentState.PENDING]


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


class SmallGrantCommentToken(Base):
    """A comment form's token that has been used (grants.smallgrants.antispam): the SHA-256
    of its nonce, unique, so that a replay is refused on every app server, also two posts of
    one token at the same instant. Kept until the token would have expired, then removed."""

    __tablename__ = "small_grant_comment_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    offer_id: Mapped[int] = mapped_column(
        ForeignKey("small_grant_offer.id", ondelete="CASCADE"), index=True)
    used_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)


class SmallGrantYearPlan(Base):
    """The total of grants planned for NGO tasks in a year by an executive body (entered by
    an administrator): the base of the small-grant mode's share (art. 19a ust. 5), shared by
    every organiser acting for the body."""

    __tablename__ = "small_grant_year_plan"
    __table_args__ = (
        UniqueConstraint("executive_body_id", "year"),
        CheckConstraint("planned_total >= 0", name="planned_total_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    executive_body_id: Mapped[int] = mapped_column(ForeignKey("executive_body.id"),
                                                   index=True)
    year: Mapped[int]
    planned_total: Mapped[Decimal] = mapped_column(MONEY)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now,
                                                    onupdate=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    executive_body = relationship("ExecutiveBody")

