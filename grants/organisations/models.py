"""Organisations (offerors), their representatives, members and invitations."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.core import clock
from grants.core.db import Base, StrEnumType, UTCDateTime
from grants.core.i18n import N_


class LegalForm(enum.StrEnum):
    ASSOCIATION = "association"              # stowarzyszenie
    FOUNDATION = "foundation"                # fundacja
    CHURCH = "church"                        # kościelna osoba prawna
    SOCIAL_COOPERATIVE = "social_cooperative"  # spółdzielnia socjalna
    NONPROFIT_COMPANY = "nonprofit_company"  # spółka non-profit
    OTHER = "other"


LEGAL_FORM_LABELS = {
    LegalForm.ASSOCIATION: N_("stowarzyszenie"),
    LegalForm.FOUNDATION: N_("fundacja"),
    LegalForm.CHURCH: N_("kościelna osoba prawna"),
    LegalForm.SOCIAL_COOPERATIVE: N_("spółdzielnia socjalna"),
    LegalForm.NONPROFIT_COMPANY: N_("spółka non-profit (art. 3 ust. 3 pkt 4)"),
    LegalForm.OTHER: N_("inna forma prawna"),
}


class VerificationStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


STATUS_LABELS = {
    VerificationStatus.PENDING: N_("czeka na weryfikację"),
    VerificationStatus.VERIFIED: N_("zweryfikowana"),
    VerificationStatus.REJECTED: N_("dane odrzucone - wymagają poprawy"),
}


_VERIFIED_ONLY = text("status = 'verified'")


class Organisation(Base):
    """An offeror. Its NIP and KRS are unique among verified organisations only: a pending or
    rejected registration never blocks another (the officers decide which one is real).

    Once an officer has verified it (`verified_at` is kept through later changes: the last
    verification), `name` and `legal_form` are the verified ones every document uses; a change
    the organisation asks for waits in `pending_name` / `pending_legal_form` until an officer
    verifies it."""

    __tablename__ = "organisation"
    __table_args__ = (
        Index("uq_organisation_verified_nip", "nip", unique=True,
              sqlite_where=_VERIFIED_ONLY, postgresql_where=_VERIFIED_ONLY),
        Index("uq_organisation_verified_krs", "krs", unique=True,
              sqlite_where=_VERIFIED_ONLY, postgresql_where=_VERIFIED_ONLY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    legal_form: Mapped[LegalForm] = mapped_column(StrEnumType(LegalForm, 30))
    # the name and legal form asked for, not yet verified (None: nothing asked)
    pending_name: Mapped[str | None] = mapped_column(String(300))
    pending_legal_form: Mapped[str | None] = mapped_column(String(30))
    krs: Mapped[str | None] = mapped_column(String(10), index=True)
    other_register_name: Mapped[str | None] = mapped_column(String(200))
    other_register_number: Mapped[str | None] = mapped_column(String(60))
    nip: Mapped[str] = mapped_column(String(10), index=True)
    regon: Mapped[str] = mapped_column(String(14))
    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(6))
    city: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40), default="")
    iban: Mapped[str] = mapped_column(String(34))
    areas: Mapped[list] = mapped_column(JSON, default=list)  # codes of organisations.areas
    signing_rule: Mapped[str] = mapped_column(Text, default="")  # e.g. two board members jointly
    status: Mapped[VerificationStatus] = mapped_column(
        StrEnumType(VerificationStatus), default=VerificationStatus.PENDING
    )
    status_note: Mapped[str] = mapped_column(Text, default="")
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)

    representatives: Mapped[list[Representative]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan",
        order_by="Representative.position",
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )

    @property
    def is_verified(self) -> bool:
        return self.status == VerificationStatus.VERIFIED

    @property
    def requested_name(self) -> str:
        """The name the organisation uses for itself: a pending change, or the verified one."""
        return self.pending_name or self.name

    @property
    def requested_legal_form(self) -> LegalForm:
        return LegalForm(self.pending_legal_form) if self.pending_legal_form else self.legal_form

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"

    def __str__(self) -> str:
        return self.name


class Representative(Base):
    """A person authorised to represent the organisation (from KRS or the statute)."""

    __tablename__ = "representative"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    full_name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(120))  # e.g. "Prezes Zarządu"
    signs_alone: Mapped[bool] = mapped_column(default=False)

    organisation: Mapped[Organisation] = relationship(back_populates="representatives")


class Membership(Base):
    """A user acting for an organisation; one member is its admin and invites others."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    is_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    user = relationship("User", backref="memberships")


class Invitation(Base):
    """An invitation to join an organisation, sent by its admin; single use, expiring."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship()
