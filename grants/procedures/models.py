"""A procedure of any kind, its publications (channels, dates, corrections with what changed)
and the documents published with it.

Each kind keeps its own table for what is particular to it (competition, small_grant_offer,
later procurement) with a one-to-one `procedure_id`; this table holds what every kind has:
the organiser, a reference, a title.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.core import clock
from grants.core.db import Base, StrEnumType, UTCDateTime


class ProcedureKind(enum.StrEnum):
    COMPETITION = "competition"      # otwarty konkurs ofert (UDPP art. 13)
    SMALL_GRANT = "small_grant"      # tryb pozakonkursowy (UDPP art. 19a)
    PROCUREMENT = "procurement"      # zamówienie publiczne (PZP)


class Subject(enum.StrEnum):
    """What is published about a procedure."""

    ANNOUNCEMENT = "announcement"    # the announcement of a competition; 2.. its corrections
    RESULTS = "results"              # the results of a competition (art. 15 ust. 2h)
    ANNULMENT = "annulment"          # the annulment of a competition (art. 18a)
    OFFER = "offer"                  # a small-grant offer for comments (art. 19a ust. 3)
    NOTICE = "notice"                # a procurement notice; 2.. its changes


class Procedure(Base):
    __tablename__ = "procedure"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ProcedureKind] = mapped_column(StrEnumType(ProcedureKind))
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"), index=True)
    reference: Mapped[str] = mapped_column(String(60), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)

    organiser = relationship("Organiser")
    publications: Mapped[list[Publication]] = relationship(
        back_populates="procedure", cascade="all, delete-orphan",
        order_by="(Publication.subject, Publication.number)")
    documents: Mapped[list[ProcedureDocument]] = relationship(
        back_populates="procedure", cascade="all, delete-orphan", order_by="ProcedureDocument.id")

    def published(self, subject: Subject) -> list[Publication]:
        """The publications of `subject`, first to last."""
        return [p for p in self.publications if p.subject == subject]

    def first(self, subject: Subject) -> Publication | None:
        found = self.published(subject)
        return found[0] if found else None

    def __str__(self) -> str:
        return self.title


class Publication(Base):
    """One publication: number 1 of a subject is the first, 2.. its corrections. Channel
    dates are the days it appeared in the Public Information Bulletin (BIP), on the notice
    board and on the website; `published_on` is the day it counts from."""

    __tablename__ = "publication"
    __table_args__ = (
        UniqueConstraint("procedure_id", "subject", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"),
                                              index=True)
    subject: Mapped[Subject] = mapped_column(StrEnumType(Subject))
    number: Mapped[int] = mapped_column(default=1)
    bip_on: Mapped[dt.date | None]
    board_on: Mapped[dt.date | None]
    website_on: Mapped[dt.date | None]
    published_on: Mapped[dt.date]
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    changes: Mapped[list] = mapped_column(JSON, default=list)  # [{field, label, before, after}]

    procedure: Mapped[Procedure] = relationship(back_populates="publications")

    @property
    def is_correction(self) -> bool:
        return self.number > 1


class ProcedureDocument(Base):
    """A document published with the procedure (rules, templates, a specification)."""

    __tablename__ = "procedure_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"),
                                              index=True)
    title: Mapped[str] = mapped_column(String(300))
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id"))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    procedure: Mapped[Procedure] = relationship(back_populates="documents")
    stored_file = relationship("StoredFile")
