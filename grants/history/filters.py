"""The filters of the administrators' log, read from the URL: person (e-mail or name), object
type and id, action, a range of Warsaw dates. Bad input gives a message per filter, never a
guess and never a server error."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from grants.auth.models import User
from grants.core import clock
from grants.core.audit import AuditEntry
from grants.core.i18n import N_

MAX_TEXT = 100
TYPE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,79}$")
ACTION_RE = re.compile(r"^[a-z0-9_.-]{1,80}$")
ID_RE = re.compile(r"^[0-9]{1,18}$")
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


@dataclass
class LogFilter:
    person: str = ""
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    errors: dict[str, str] = field(default_factory=dict)

    def args(self) -> dict[str, str]:
        """The filters as URL arguments (for the pages and the exports)."""
        values = {"person": self.person, "type": self.object_type, "id": self.object_id,
                  "action": self.action,
                  "from": self.date_from.isoformat() if self.date_from else "",
                  "to": self.date_to.isoformat() if self.date_to else ""}
        return {k: v for k, v in values.items() if v}


def _date(text: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return day if EARLIEST <= day <= LATEST else None
    return None


def _dates(found: LogFilter, args) -> None:
    for key, name in (("from", "date_from"), ("to", "date_to")):
        text = (args.get(key) or "").strip()[:MAX_TEXT]
        if text:
            day = _date(text)
            if day is None:
                found.errors[key] = N_("Podaj datę w postaci dd.mm.rrrr (2000-2100).")
            setattr(found, name, day)
    if found.date_from and found.date_to and found.date_from > found.date_to:
        found.errors["to"] = N_("Data końcowa jest wcześniejsza niż początkowa.")


def parse(args) -> LogFilter:
    """A LogFilter from request arguments; its `errors` name each filter refused."""
    found = LogFilter(person=(args.get("person") or "").strip()[:MAX_TEXT],
                      object_type=(args.get("type") or "").strip()[:MAX_TEXT],
                      object_id=(args.get("id") or "").strip()[:MAX_TEXT],
                      action=(args.get("action") or "").strip()[:MAX_TEXT])
    if found.object_type and not TYPE_RE.match(found.object_type):
        found.errors["type"] = N_("Rodzaj obiektu to nazwa z listy, np. Offer.")
    if found.object_id and not ID_RE.match(found.object_id):
        found.errors["id"] = N_("Numer obiektu to liczba całkowita.")
    if found.action and not ACTION_RE.match(found.action):
        found.errors["action"] = N_("Czynność to nazwa z listy, np. offer.filed.")
    _dates(found, args)
    return found


def apply(stmt, found: LogFilter):
    """`stmt` (a select of AuditEntry) narrowed by the filters (assumed valid)."""
    if found.person:
        like = f"%{found.person.lower()}%"
        people = select(User.id).where(or_(func.lower(User.email).like(like),
                                           func.lower(User.full_name).like(like)))
        stmt = stmt.where(AuditEntry.actor_id.in_(people))
    if found.object_type:
        stmt = stmt.where(AuditEntry.object_type == found.object_type)
    if found.object_id:
        stmt = stmt.where(AuditEntry.object_id == str(int(found.object_id)))
    if found.action:
        stmt = stmt.where(AuditEntry.action.startswith(found.action, autoescape=True))
    if found.date_from:
        stmt = stmt.where(AuditEntry.at >= clock.local_instant(found.date_from, dt.time(0, 0)))
    if found.date_to:
        stmt = stmt.where(AuditEntry.at < clock.local_instant(
            found.date_to + dt.timedelta(days=1), dt.time(0, 0)))
    return stmt
