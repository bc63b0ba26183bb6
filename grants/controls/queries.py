"""Read helpers of control: the visits and misuse findings of a contract, the tranches paid."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from grants.controls.models import ControlVisit, MisuseFinding
from grants.extensions import db

ZERO = Decimal("0.00")


def visits_of(contract) -> list[ControlVisit]:
    return list(db.session.scalars(
        select(ControlVisit).where(ControlVisit.contract_id == contract.id)
        .options(selectinload(ControlVisit.misuses))
        .order_by(ControlVisit.visited_on.desc(), ControlVisit.id.desc())))


def misuses_of(contract) -> list[MisuseFinding]:
    return list(db.session.scalars(
        select(MisuseFinding).where(MisuseFinding.contract_id == contract.id)
        .order_by(MisuseFinding.found_on, MisuseFinding.id)))


def paid_by_tranche(contract) -> dict[int, Decimal]:
    """Net amount transferred per tranche number (reversing entries subtracted); only
    tranches with something paid."""
    net: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for p in contract.payments:
        net[p.tranche_number] += p.amount
    return {n: a for n, a in sorted(net.items()) if a > 0}


def misused_by_tranche(contract) -> dict[int, Decimal]:
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for m in misuses_of(contract):
        out[m.tranche_number] += m.amount
    return dict(out)
