from __future__ import annotations

from sqlalchemy import ForeignKey, String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from grants.core.db import Base


class ExecutiveBody(Base):
    """The executive body of a local government (e.g. "Prezydent Miasta Sopotu") that
    organisers act for. The yearly limits of art. 19a bind the body: they are counted over
    all the organisers acting for it (MOPS Sopot and the city office alike)."""

    __tablename__ = "executive_body"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    def __str__(self) -> str:
        return self.name


class Organiser(Base):
    """A public body running procedures; staff roles are held per organiser. It acts for an
    executive body (`executive_body`); when none is given, the body named by `authority`
    (found or created when the organiser is first flushed)."""

    __tablename__ = "organiser"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(40), unique=True)
    authority: Mapped[str] = mapped_column(String(200))  # e.g. "Prezydent Miasta Sopotu"
    executive_body_id: Mapped[int] = mapped_column(ForeignKey("executive_body.id"), index=True)
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

    executive_body: Mapped[ExecutiveBody] = relationship()

    def __str__(self) -> str:
        return self.name


def body_named(session: Session, name: str) -> ExecutiveBody:
    """The executive body of that name: an existing one (also one pending in the session)
    or a new one added to the session."""
    name = (name or "").strip()[:200]
    for obj in session.new:
        if isinstance(obj, ExecutiveBody) and obj.name == name:
            return obj
    with session.no_autoflush:
        body = session.scalar(select(ExecutiveBody).filter_by(name=name))
    if body is None:
        body = ExecutiveBody(name=name)
        session.add(body)
    return body


@event.listens_for(Session, "before_flush")
def _default_executive_body(session: Session, _context, _instances) -> None:
    """A new organiser without a body acts for the body its `authority` names."""
    for obj in list(session.new):
        if (isinstance(obj, Organiser) and obj.executive_body is None
                and obj.executive_body_id is None):
            obj.executive_body = body_named(session, obj.authority)
