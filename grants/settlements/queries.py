"""Read helpers of settlements: what is still owed on a return, with interest to a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from grants.core.interest import Rate, arrears_interest
from grants.core.money import q
from grants.extensions import db
from grants.rules.services import rates, rules_in_force
from grants.settlements.models import ReturnPart, Settlement
from grants.taskreports.models import ReportKind, TaskReport

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Outstanding:
    principal: Decimal      # principal not yet returned
    interest: Decimal       # interest due on `on` (full złoty; 0 under the floor)

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def outstanding(part: ReturnPart, on: dt.date, *, rate_table: Sequence[Rate] | None = None,
                floor: Decimal | None = None) -> Outstanding:
    """Principal left and interest due on day `on` (payment day included).

    Interest runs on the principal left from `part.interest_from` (or the day after the last
    payment) to `on`, plus the interest left unpaid at the last payment (a partial payment is
    split between principal and interest in proportion, art. 55 § 2, so some interest may
    remain). Each period's interest is in full złoty. No interest is charged while the interest
    of the whole debt does not exceed the floor in force on `on` (art. 54 § 1 pkt 5): once
    some interest has been paid, the floor was passed and later interest is due in full.

    A list computing many parts passes `rate_table` (rules.services.rates()) and `floor`
    (the interest_floor in force on `on`) read once, so that it does not read them per part.
    """
    principal = part.principal - part.principal_paid
    carried = ZERO
    start = part.interest_from
    if part.payments:
        last = part.payments[-1]
        carried = last.interest_due_then - last.interest_part
        start = max(start, last.paid_on + timedelta(days=1))
    accrued = ZERO
    if principal > 0 and on >= start:
        accrued = arrears_interest(principal, start, on,
                                   rates() if rate_table is None else rate_table,
                                   floor=Decimal("0"))
    interest = carried + accrued
    if floor is None:
        floor = rules_in_force(on).interest_floor
    if interest <= floor and not part.interest_paid:
        interest = Decimal("0")
    return Outstanding(principal=principal, interest=interest)


def settlement_of_report(report) -> Settlement | None:
    return db.session.scalar(select(Settlement).where(Settlement.report_id == report.id))


def settlements_of_contract(contract) -> list[Settlement]:
    return list(db.session.scalars(
        select(Settlement).where(Settlement.contract_id == contract.id)
        .options(selectinload(Settlement.parts).selectinload(ReturnPart.payments))
        .order_by(Settlement.finding_date, Settlement.id)))


def everything_settled(contract, on: dt.date) -> bool:
    """Every final report of the contract settled and nothing (principal or interest) left
    on any part on `on`."""
    finals = list(db.session.scalars(select(TaskReport.id).where(
        TaskReport.contract_id == contract.id, TaskReport.kind == ReportKind.FINAL)))
    settlements = settlements_of_contract(contract)
    if not finals or not set(finals) <= {s.report_id for s in settlements}:
        return False
    for s in settlements:
        for part in s.parts:
            if outstanding(part, on).total > 0:
                return False
    return True


@dataclass(frozen=True)
class PartState:
    """A part with what is left on a day, for the settlement page and the PDF."""

    part: ReturnPart
    owed: Outstanding
    overdue: bool


def part_states(settlement: Settlement, on: dt.date) -> list[PartState]:
    return [PartState(p, outstanding(p, on), on > p.due_on and p.principal_left > 0)
            for p in settlement.parts]


def contract_settlements_summary(contract, on: dt.date) -> dict:
    """For other pages: settlements of a contract and the total left on `on`."""
    settlements = settlements_of_contract(contract)
    left = sum((outstanding(p, on).total for s in settlements for p in s.parts), ZERO)
    return {"settlements": settlements, "left": left}


@dataclass(frozen=True)
class ItemRow:
    code: str
    name: str
    planned_total: Decimal
    planned_grant: Decimal
    allowed: Decimal
    actual_total: Decimal
    actual_grant: Decimal
    excess: Decimal
    misused: Decimal
    eligible: Decimal


@dataclass(frozen=True)
class SettlementTable:
    """The recorded per-item table and share figures as Decimals (for pages and the PDF)."""

    items: list[ItemRow]
    grant_planned: Decimal
    total_planned: Decimal
    grant_spent: Decimal
    total_actual: Decimal
    eligible: Decimal
    share_pct: Decimal          # s, in %, to 2 decimals (for display)
    limit_pct: Decimal          # s + t, in %, to 2 decimals (for display)
    share_limit: Decimal        # (s + t) x T'
    tranches: list[tuple[int, dt.date, Decimal]]


def _pct(value: Decimal) -> Decimal:
    return q(Decimal(value) * 100)


def table_of(settlement_or_details) -> SettlementTable:
    d = getattr(settlement_or_details, "details", settlement_or_details) or {}
    D = Decimal
    items = [ItemRow(r["code"], r.get("name", ""), D(r["planned_total"]), D(r["planned_grant"]),
                     D(r["allowed"]), D(r["actual_total"]), D(r["actual_grant"]),
                     D(r["excess"]), D(r["misused"]), D(r["eligible"]))
             for r in d.get("items", [])]
    return SettlementTable(
        items=items, grant_planned=D(d.get("grant_planned", "0")),
        total_planned=D(d.get("total_planned", "0")), grant_spent=D(d.get("grant_spent", "0")),
        total_actual=D(d.get("total_actual", "0")), eligible=D(d.get("eligible", "0")),
        share_pct=_pct(d.get("share", "0")), limit_pct=_pct(d.get("share_limit_rate", "0")),
        share_limit=D(d.get("share_limit", "0")),
        tranches=[(t["number"], dt.date.fromisoformat(t["paid_on"]), D(t["amount"]))
                  for t in d.get("tranches", [])])
