"""Accounts, staff roles held per organiser, password reset tokens, signed-in sessions."""

from __future__ import annotations

import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from grants.core import clock
from grants.core.db import Base, StrEnumType, UTCDateTime


class StaffRoleKind(enum.StrEnum):
    OFFICER = "officer"        # runs procedures
    COMMITTEE = "committee"    # evaluation committee member
    FINANCE = "finance"        # pays, settles, claims returns


class User(UserMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    # when the owner proved the address (the mailed link, a password reset link); None: the
    # account cannot act or receive a role yet
    email_verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    staff_roles: Mapped[list[StaffRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def __str__(self) -> str:
        return self.full_name


class StaffRole(Base):
    """A role a user holds at one organiser (an officer of MOPS is nobody elsewhere)."""

    __tablename__ = "staff_role"
    __table_args__ = (UniqueConstraint("user_id", "organiser_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"), index=True)
    role: Mapped[StaffRoleKind] = mapped_column(StrEnumType(StaffRoleKind))

    user: Mapped[User] = relationship(back_populates="staff_roles")
    organiser = relationship("Organiser")


class PasswordResetToken(Base):
    """Single-use, expiring. Only the SHA-256 of the token is stored."""

    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class EmailVerificationToken(Base):
    """The link that confirms an account's address: single-use, expiring, for the address it
    was mailed to. Only the SHA-256 of the token is stored."""

    __tablename__ = "email_verification_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class LoginSession(Base):
    """A signed-in browser, known to the server (grants/auth/sessions.py): its cookie opens
    nothing once the row is gone (logout, log out everywhere, a new password, deactivation) or
    past `expires_at`, fixed at sign-in. Only the SHA-256 of its token is stored."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=clock.now)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
