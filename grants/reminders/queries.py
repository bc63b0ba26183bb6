"""What the reminders are about and who receives them.

`due`: the reports and returns the reminders (and the start page, grants.today) speak of - one
rule for both: reports due within SOON_DAYS days or overdue, corrections requested, parts to
return due within SOON_DAYS days or overdue; the overdue ones are the officers' digest.
`ngo_recipients` / `officers`: the organisation (its e-mail address and its admin members) and
the officers of the organiser. Set-based: one statement per list, whatever the number of
contracts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from grants.auth.models import StaffRole, StaffRoleKind, User
from grants.extensions import db
from grants.finance import queries as finance_queries
from grants.organisations.models import Membership, Organisation

SOON_DAYS = 7


@dataclass(frozen=True)
class Due:
    """Reports and returns due on a day (see `due`)."""

    reports: list[finance_queries.ReportDue]       # due within SOON_DAYS days or overdue
    corrections: list[finance_queries.ReportDue]   # corrections requested, not yet overdue
    returns: list[finance_queries.ReturnDue]       # due within SOON_DAYS days or overdue

    @property
    def reports_to_file(self) -> list[finance_queries.ReportDue]:
        """The reports the organisation is told of as due or overdue (an open correction
        request is in `corrections`)."""
        return [r for r in self.reports if r.overdue or not r.is_correction]

    @property
    def overdue_reports(self) -> list[finance_queries.ReportDue]:
        return [r for r in self.reports if r.overdue]

    @property
    def overdue_returns(self) -> list[finance_queries.ReturnDue]:
        return [r for r in self.returns if r.overdue]


def due(on: dt.date, *, organiser_ids: Collection[int] | None = None,
        organisation_ids: Collection[int] | None = None) -> Due:
    """What is due on day `on` for the organisers (or organisations) given (None: all - the
    daily run of the reminders). A fixed number of statements whatever the data."""
    scope = {"organisation_ids": organisation_ids}
    return Due(
        reports=finance_queries.reports_due(organiser_ids, today=on, within_days=SOON_DAYS,
                                            **scope),
        corrections=finance_queries.corrections_requested(organiser_ids, today=on, **scope),
        returns=finance_queries.returns_due(organiser_ids, today=on,
                                            until=on + dt.timedelta(SOON_DAYS), **scope))


@dataclass(frozen=True)
class Recipient:
    email: str
    user_id: int | None = None
    name: str = ""


def ngo_recipients(organisation_ids: Collection[int]) -> dict[int, list[Recipient]]:
    """For each organisation: its own address, then its active admin members (no address
    twice), in a stable order."""
    if not organisation_ids:
        return {}
    ids = sorted(set(organisation_ids))
    result: dict[int, list[Recipient]] = defaultdict(list)
    for org_id, email in db.session.execute(
            select(Organisation.id, Organisation.email).where(Organisation.id.in_(ids))):
        if email:
            result[org_id].append(Recipient(email=email.strip().lower()))
    for org_id, user_id, email, name in db.session.execute(
            select(Membership.organisation_id, User.id, User.email, User.full_name)
            .join(User, User.id == Membership.user_id)
            .where(Membership.organisation_id.in_(ids), Membership.is_admin.is_(True),
                   User.active.is_(True))
            .order_by(Membership.organisation_id, User.email)):
        address = email.strip().lower()
        if all(r.email != address for r in result[org_id]):
            result[org_id].append(Recipient(email=address, user_id=user_id, name=name))
    return dict(result)


def officers(organiser_ids: Collection[int]) -> dict[int, list[Recipient]]:
    """Active officers of each organiser."""
    if not organiser_ids:
        return {}
    result: dict[int, list[Recipient]] = defaultdict(list)
    for organiser_id, user_id, email, name in db.session.execute(
            select(StaffRole.organiser_id, User.id, User.email, User.full_name)
            .join(User, User.id == StaffRole.user_id)
            .where(StaffRole.organiser_id.in_(sorted(set(organiser_ids))),
                   StaffRole.role == StaffRoleKind.OFFICER, User.active.is_(True))
            .order_by(StaffRole.organiser_id, User.email)):
        result[organiser_id].append(Recipient(email=email.strip().lower(), user_id=user_id,
                                              name=name))
    return dict(result)
