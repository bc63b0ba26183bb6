"""The officer's work after the award: contracts to sign, reports due, overdue and to review,
calls for missing final reports, settlements to make, returns overdue, and the small grants
to publish and whose comment period ended. The reports and returns come from the reminders'
rule (grants.reminders.queries.due); the rest is one statement per kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from flask import url_for
from sqlalchemy import exists, select

from grants.contracts.models import Contract, ContractStatus
from grants.core.i18n import N_
from grants.extensions import db
from grants.organisations.models import Organisation
from grants.reminders.queries import Due
from grants.settlements.models import Settlement
from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus
from grants.taskreports.models import ReportCall, ReportKind, ReportStatus, TaskReport
from grants.today.items import Detail, Group, Item, group, money


def contracts(*where):
    return db.session.execute(
        select(Contract.id, Contract.number, Organisation.name)
        .join(Organisation, Organisation.id == Contract.organisation_id)
        .where(Contract.status == ContractStatus.DRAFT, *where)
        .order_by(Contract.number, Contract.id)).all()


def contracts_to_sign(ids):
    return contracts(Contract.organiser_id.in_(list(ids)))


def _reports(*where):
    return db.session.execute(
        select(TaskReport.id, Contract.number, Organisation.name, TaskReport.due_on)
        .join(Contract, Contract.id == TaskReport.contract_id)
        .join(Organisation, Organisation.id == Contract.organisation_id)
        .where(Contract.status == ContractStatus.SIGNED, *where)
        .order_by(TaskReport.due_on, Contract.number, TaskReport.id)).all()


def reports_to_review(ids):
    return _reports(Contract.organiser_id.in_(list(ids)), TaskReport.status == ReportStatus.FILED)


def calls_to_send(ids, today: dt.date):
    """Final reports past their due date, not filed, with no written call yet (art. 18
    ust. 3)."""
    return _reports(Contract.organiser_id.in_(list(ids)), TaskReport.kind == ReportKind.FINAL,
                    TaskReport.status == ReportStatus.DUE, TaskReport.due_on < today,
                    ~exists().where(ReportCall.report_id == TaskReport.id))


def settlements_to_make(ids):
    """Accepted final reports of signed contracts not settled yet."""
    return _reports(Contract.organiser_id.in_(list(ids)), TaskReport.kind == ReportKind.FINAL,
                    TaskReport.status == ReportStatus.ACCEPTED,
                    ~exists().where(Settlement.report_id == TaskReport.id))


def small_grants(ids, status: SmallGrantStatus, *where, order):
    return db.session.execute(
        select(SmallGrantOffer.id, SmallGrantOffer.number, Organisation.name, order)
        .join(Organisation, Organisation.id == SmallGrantOffer.organisation_id)
        .where(SmallGrantOffer.organiser_id.in_(list(ids)), SmallGrantOffer.status == status,
               *where)
        .order_by(order, SmallGrantOffer.id)).all()


def contract_item(r) -> Item:
    return Item(title=f"{r[1]} – {r[2]}", url=url_for("contracts.show", contract_id=r[0]))


def report_due_item(r) -> Item:
    """A report of the reminders' rule (finance.queries.ReportDue)."""
    return Item(title=f"{r.contract_number} – {r.organisation_name}", due_on=r.due_on,
                overdue_flag=r.overdue, url=url_for("taskreports.show", report_id=r.report_id),
                details=(Detail(N_("Korekta"), N_("tak")),) if r.is_correction else ())


def return_item(r) -> Item:
    """A part to return of the reminders' rule (finance.queries.ReturnDue)."""
    return Item(title=f"{r.contract_number} – {r.organisation_name}", due_on=r.due_on,
                overdue_flag=r.overdue,
                url=url_for("settlements.show", settlement_id=r.settlement_id),
                details=(money(N_("Do zwrotu"), r.principal_left),
                         money(N_("Odsetki na dziś"), r.interest)))


def _report_item(endpoint: str, *, dated: bool = True):
    def make(r) -> Item:
        return Item(title=f"{r[1]} – {r[2]}", url=url_for(endpoint, report_id=r[0]),
                    due_on=r[3] if dated else None)
    return make


def _small_item(*, overdue: bool | None = None):
    def make(r) -> Item:
        return Item(title=f"{r[1]} – {r[2]}", due_on=r[3], overdue_flag=overdue,
                    url=url_for("smallgrants.officer_detail", offer_id=r[0]))
    return make


def groups(ids: Collection[int], today: dt.date, due: Due) -> list[Group]:
    index = url_for("contracts.index")
    small = url_for("smallgrants.officer_list")
    upcoming = [r for r in due.reports if not r.overdue]
    return [
        group("contracts_to_sign", N_("Umowy do podpisania"), N_("Otwórz umowę"),
              contracts_to_sign(ids), contract_item, index),
        group("reports_overdue", N_("Sprawozdania po terminie"), N_("Otwórz sprawozdanie"),
              due.overdue_reports, report_due_item, index),
        group("reports_due", N_("Sprawozdania z terminem w ciągu 7 dni"), N_("Otwórz sprawozdanie"),
              upcoming, report_due_item, index),
        group("reports_to_review", N_("Sprawozdania do oceny"), N_("Oceń sprawozdanie"),
              reports_to_review(ids), _report_item("taskreports.show", dated=False), index),
        group("calls_to_send", N_("Wezwania do złożenia sprawozdania do wysłania"),
              N_("Wyślij wezwanie"), calls_to_send(ids, today), _report_item("taskreports.show"),
              index),
        group("settlements_to_make", N_("Sprawozdania do rozliczenia"), N_("Rozlicz sprawozdanie"),
              settlements_to_make(ids),
              _report_item("settlements.for_report", dated=False), index),
        group("returns_overdue", N_("Zwroty po terminie"), N_("Otwórz rozliczenie"),
              due.overdue_returns, return_item, url_for("finance.dashboard")),
        group("small_grants_to_publish", N_("Małe granty do opublikowania"), N_("Opublikuj"),
              small_grants(ids, SmallGrantStatus.PURPOSEFUL,
                           order=SmallGrantOffer.publish_by), _small_item(), small),
        group("comments_ended", N_("Małe granty po okresie uwag"), N_("Rozpatrz uwagi"),
              small_grants(ids, SmallGrantStatus.PUBLISHED, SmallGrantOffer.comment_end < today,
                           order=SmallGrantOffer.comment_end), _small_item(overdue=False),
              small),
    ]
