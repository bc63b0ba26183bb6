"""Finance staff's work: tranches due (the finance dashboard's query, its horizon), returns due
and overdue (the reminders' rule) and the payments recorded today (transfers and returns)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from flask import url_for
from sqlalchemy import select

from grants.contracts.models import Contract, Payment
from grants.core import clock
from grants.core.i18n import N_
from grants.extensions import db
from grants.finance import queries as finance_queries
from grants.organisations.models import Organisation
from grants.reminders.queries import Due
from grants.settlements.models import ReturnPart, ReturnPayment
from grants.today.items import Detail, Group, Item, group, money
from grants.today.officer_contracts import return_item

HORIZON_DAYS = 14   # as the finance dashboard's default


def payments_today(ids, today: dt.date):
    """Transfers and return payments recorded today (Warsaw), newest first. Two statements."""
    start = clock.local_instant(today, dt.time(0, 0))
    end = clock.local_instant(today + dt.timedelta(days=1), dt.time(0, 0))
    transfers = db.session.execute(
        select(Payment.recorded_at, Contract.id, Contract.number, Organisation.name,
               Payment.amount)
        .join(Contract, Contract.id == Payment.contract_id)
        .join(Organisation, Organisation.id == Contract.organisation_id)
        .where(Contract.organiser_id.in_(list(ids)), Payment.recorded_at >= start,
               Payment.recorded_at < end)).all()
    returns = db.session.execute(
        select(ReturnPayment.recorded_at, ReturnPart.settlement_id, Contract.number,
               Organisation.name, ReturnPayment.amount)
        .join(ReturnPart, ReturnPart.id == ReturnPayment.part_id)
        .join(Contract, Contract.id == ReturnPart.contract_id)
        .join(Organisation, Organisation.id == Contract.organisation_id)
        .where(Contract.organiser_id.in_(list(ids)), ReturnPayment.recorded_at >= start,
               ReturnPayment.recorded_at < end)).all()
    rows = [("transfer", *r) for r in transfers] + [("return", *r) for r in returns]
    return sorted(rows, key=lambda r: r[1], reverse=True)


def _payment_item(r) -> Item:
    kind, _at, object_id, number, name, amount = r
    if kind == "transfer":
        url, label = url_for("contracts.show", contract_id=object_id), N_("Przelew transzy")
    else:
        url, label = url_for("settlements.show", settlement_id=object_id), N_("Wpłata zwrotu")
    return Item(title=f"{number} – {name}", url=url, overdue_flag=False,
                details=(Detail(N_("Rodzaj"), label), money(N_("Kwota"), amount)))


def _tranche_item(r: finance_queries.TrancheDue) -> Item:
    details = [Detail(N_("Transza"), str(r.tranche_number)), money(N_("Do wypłaty"), r.left),
               Detail(N_("Rachunek"), r.iban, "iban")]
    if r.blocker:
        details.append(Detail(N_("Wstrzymana"), r.blocker))
    return Item(title=f"{r.contract_number} – {r.organisation_name}", due_on=r.due_on,
                overdue_flag=r.overdue, details=tuple(details),
                url=url_for("contracts.show", contract_id=r.contract_id))


def groups(ids: Collection[int], today: dt.date, due: Due) -> list[Group]:
    dashboard = url_for("finance.dashboard")
    tranches = finance_queries.tranches_due(ids, today + dt.timedelta(HORIZON_DAYS), today=today)
    return [
        group("tranches_due", N_("Transze do wypłaty"), N_("Otwórz umowę"), tranches, _tranche_item,
              dashboard),
        group("returns_due", N_("Zwroty dotacji do wpłaty"), N_("Otwórz rozliczenie"), due.returns,
              return_item, dashboard),
        group("payments_today", N_("Wpłaty i przelewy zapisane dziś"), N_("Otwórz"),
              payments_today(ids, today), _payment_item, dashboard),
    ]
