"""The accessibility statement (deklaracja dostępności) required by the act of 4 April 2019 on
the digital accessibility of public bodies' websites (Dz.U. 2019 poz. 848, art. 10-12).

One stored statement, edited by administrators; every change is audited (who, when, each
field before and after). The statutory procedure for requests and complaints (art. 18-19)
is fixed in the public template; only the facts of the installation are stored here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from grants.admin.permissions import can_administer
from grants.core import audit, clock
from grants.core.db import Base, UTCDateTime
from grants.core.errors import NotAllowed, Problem, refuse
from grants.core.i18n import N_, msg
from grants.extensions import db

STATUSES = {
    "full": N_("zgodna"),
    "partial": N_("częściowo zgodna"),
    "none": N_("niezgodna"),
}
ASSESSMENTS = {
    "self": N_("samoocena przeprowadzona przez podmiot publiczny"),
    "third_party": N_("badanie przeprowadzone przez podmiot zewnętrzny"),
}
TEXT_LIMITS = {"body_name": 300, "site_url": 300, "assessed_by": 300, "contact_name": 200,
               "contact_email": 200, "contact_phone": 40}
LONG_LIMIT = 10_000
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"[+0-9 ()\-]{6,40}")


class AccessibilityStatement(Base):
    """The installation's accessibility statement (one row)."""

    __tablename__ = "accessibility_statement"
    __table_args__ = (
        CheckConstraint("updated_on >= published_on", name="update_after_publication"),
        CheckConstraint("status IN ('full', 'partial', 'none')", name="status_known"),
        CheckConstraint("assessment IN ('self', 'third_party')", name="assessment_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    body_name: Mapped[str] = mapped_column(String(300))
    site_url: Mapped[str] = mapped_column(String(300), default="")
    published_on: Mapped[dt.date] = mapped_column(Date)
    updated_on: Mapped[dt.date] = mapped_column(Date)
    prepared_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    inaccessible: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(String(20))
    assessed_by: Mapped[str] = mapped_column(String(300), default="")
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(200))
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    additional: Mapped[str] = mapped_column(Text, default="")
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def inaccessible_items(self) -> list[str]:
        """The list of what is not accessible and why: one item a line."""
        return [line.strip() for line in self.inaccessible.splitlines() if line.strip()]


FIELDS = ["body_name", "site_url", "published_on", "updated_on", "prepared_on", "status",
          "inaccessible", "assessment", "assessed_by", "contact_name", "contact_email",
          "contact_phone", "additional"]


# --- the rules (pure) ---------------------------------------------------------------------

def _texts(data: Mapping[str, Any], problems: list[Problem]) -> dict[str, str]:
    values = {f: str(data.get(f) or "").strip() for f in
              [*TEXT_LIMITS, "inaccessible", "additional"]}
    for field, limit in TEXT_LIMITS.items():
        if len(values[field]) > limit:
            problems.append(Problem(field, msg("Najwyżej %(limit)s znaków.", limit=limit)))
    for field in ("inaccessible", "additional"):
        if len(values[field]) > LONG_LIMIT:
            problems.append(Problem(field, msg("Najwyżej %(limit)s znaków.",
                                                   limit=LONG_LIMIT)))
    required = {"body_name": N_("Podaj nazwę podmiotu publicznego."),
                "contact_name": N_("Podaj osobę do kontaktu w sprawach dostępności."),
                "contact_email": N_("Podaj adres e-mail do kontaktu.")}
    for field, message in required.items():
        if not values[field]:
            problems.append(Problem(field, message))
    if values["contact_email"] and not EMAIL.fullmatch(values["contact_email"]):
        problems.append(Problem("contact_email", N_("Podaj poprawny adres e-mail.")))
    if values["contact_phone"] and not PHONE.fullmatch(values["contact_phone"]):
        problems.append(Problem("contact_phone", N_("Podaj numer telefonu (cyfry, spacje, +).")))
    if values["site_url"] and not re.fullmatch(r"https?://\S+", values["site_url"]):
        problems.append(Problem("site_url", N_("Podaj pełny adres (https://...).")))
    return values


def _dates(data: Mapping[str, Any], problems: list[Problem]) -> dict[str, dt.date | None]:
    messages = {"published_on": N_("Podaj datę publikacji strony."),
                "updated_on": N_("Podaj datę ostatniej istotnej aktualizacji."),
                "prepared_on": N_("Podaj datę sporządzenia deklaracji.")}
    values: dict[str, dt.date | None] = {}
    for field, message in messages.items():
        value = data.get(field)
        values[field] = value if isinstance(value, dt.date) else None
        if values[field] is None:
            problems.append(Problem(field, message))
    published, updated = values["published_on"], values["updated_on"]
    if published and updated and updated < published:
        problems.append(Problem("updated_on", N_(
            "Data aktualizacji nie może być wcześniejsza niż data publikacji strony.")))
    prepared = values["prepared_on"]
    if published and prepared and prepared < published:
        problems.append(Problem("prepared_on", N_(
            "Deklarację sporządza się nie wcześniej niż w dniu publikacji strony.")))
    return values


def statement_problems(data: Mapping[str, Any]) -> tuple[list[Problem], dict[str, Any]]:
    """What is wrong with the typed statement, and the cleaned values."""
    problems: list[Problem] = []
    values: dict[str, Any] = {**_texts(data, problems), **_dates(data, problems)}
    for field, known, message in (
            ("status", STATUSES, N_("Wybierz stan zgodności z listy.")),
            ("assessment", ASSESSMENTS, N_("Wybierz sposób oceny z listy."))):
        values[field] = str(data.get(field) or "")
        if values[field] not in known:
            problems.append(Problem(field, message))
    if values["status"] in ("partial", "none") and not values["inaccessible"]:
        problems.append(Problem("inaccessible", N_(
            "Wymień treści niedostępne i powód: strona nie jest w pełni zgodna.")))
    if values["assessment"] == "third_party" and not values["assessed_by"]:
        problems.append(Problem("assessed_by", N_("Podaj nazwę podmiotu, który ocenił stronę.")))
    return problems, values


# --- reading and the verb -------------------------------------------------------------------

def current_statement() -> AccessibilityStatement | None:
    return db.session.scalars(db.select(AccessibilityStatement)
                              .order_by(AccessibilityStatement.id).limit(1)).first()


def save_statement(*, actor, data: Mapping[str, Any]) -> AccessibilityStatement:
    """Store the statement as typed (the first one is created); audited with what changed."""
    if not can_administer(actor):
        raise NotAllowed(N_("Tylko administrator może to zrobić."))
    problems, values = statement_problems(data)
    refuse(problems, N_("Popraw zaznaczone pola formularza."))
    statement = current_statement()
    before = audit.snapshot(statement, FIELDS) if statement is not None else {}
    if statement is None:
        statement = AccessibilityStatement(**values)
        db.session.add(statement)
    for field, value in values.items():
        setattr(statement, field, value)
    statement.needs_review = False
    statement.changed_at = clock.now()
    statement.changed_by_id = getattr(actor, "id", None)
    db.session.flush()
    after = audit.snapshot(statement, FIELDS)
    changed = audit.changes(before, after)
    audit.record(actor, "accessibility_statement.update", statement,
                 before={k: old for k, (old, _new) in changed.items()},
                 after={k: new for k, (_old, new) in changed.items()})
    return statement
