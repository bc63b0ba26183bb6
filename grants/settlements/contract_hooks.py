"""What the settlements area answers to the contracts and controls areas
(grants.contracts.hooks, grants.controls.hooks)."""

from __future__ import annotations

from sqlalchemy import select

from grants.contracts import hooks as contract_hooks
from grants.controls import hooks as control_hooks
from grants.extensions import db
from grants.settlements.models import Settlement


@contract_hooks.settlements_of.provide
def settlements_of(contract) -> list[Settlement]:
    return list(db.session.scalars(select(Settlement).where(
        Settlement.contract_id == contract.id).order_by(Settlement.finding_date)))


@control_hooks.settled_item_codes.provide
def settled_item_codes(contract) -> set[str]:
    """The budget items a settlement of the contract already covered."""
    codes: set[str] = set()
    for s in db.session.scalars(select(Settlement).where(
            Settlement.contract_id == contract.id)):
        codes |= {r.get("code") for r in (s.details or {}).get("items", [])}
    return codes
