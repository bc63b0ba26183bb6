"""The start page (`/start`, grants.public.views.dashboard): a section per role the user holds,
each listing what waits for them. Nothing here changes data; the queries are scoped by
grants.today.permissions."""

from __future__ import annotations

from flask import redirect, render_template, url_for

from grants.auth import roles
from grants.core import clock
from grants.core.i18n import N_
from grants.reminders import queries as reminder_queries
from grants.today import committee, money, ngo, officer_calls, officer_contracts, permissions
from grants.today.items import Section


def sections(user) -> list[Section]:
    """The sections of the user's start page, in a fixed order."""
    now, today = clock.now(), clock.today()
    found = []
    officer_ids = permissions.officer_organiser_ids(user)
    if officer_ids:
        groups = officer_calls.groups(officer_ids, now) + officer_contracts.groups(
            officer_ids, today, reminder_queries.due(today, organiser_ids=officer_ids))
        found.append(Section("officer", N_("Urzędnik"), groups))
    if permissions.sits_in_committees(user):
        found.append(Section("committee", N_("Członek komisji"), committee.groups(user.id)))
    finance_ids = permissions.finance_organiser_ids(user)
    if finance_ids:
        found.append(Section("finance", N_("Finanse"), money.groups(
            finance_ids, today, reminder_queries.due(today, organiser_ids=finance_ids))))
    organisation_ids = permissions.organisation_ids(user)
    if organisation_ids:
        found.append(Section("ngo", N_("Organizacja"), ngo.groups(
            organisation_ids, now, reminder_queries.due(today, organisation_ids=organisation_ids))))
    return found


def page(user):
    """The start page; a user with none of its roles goes where their work is."""
    if not permissions.has_start_page(user):
        if roles.is_admin(user):
            return redirect(url_for("admin.rules"))
        if roles.is_staff(user):
            return redirect(url_for("organisations.staff_list"))
        return redirect(url_for("offers.my_offers"))
    return render_template("today/page.html", sections=sections(user), today=clock.today())
