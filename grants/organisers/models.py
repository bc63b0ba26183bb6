from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from grants.core.db import Base


class Organiser(Base):
    """A public body running procedures; staff roles are held per organiser."""

    __tablename__ = "organiser"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(40), unique=True)
    authority: Mapped[str] = mapped_column(String(200))  # e.g. "Prezydent Miasta Sopotu"
    regon: Mapped[str | None] = mapped_column(String(14))
    nip: Mapped[str | None] = mapped_column(String(10))
    address: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    bip_url: Mapped[str] = mapped_column(String(300), default="")
    # where grants are returned (UFP art. 251, 252): the account and the transfer title the
    # settlement page, its PDF and e-mail give; "{umowa}" in the title is the contract number
    return_account: Mapped[str] = mapped_column(String(40), default="")
    return_title: Mapped[str] = mapped_column(String(200), default="")

    def __str__(self) -> str:
        return self.name
