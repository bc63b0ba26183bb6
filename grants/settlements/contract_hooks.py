"""What the settlements area answers to the contracts area (grants.contracts.hooks)."""

from __future__ import annotations

from sqlalchemy import select

from grants.contracts import hooks as contract_hooks
from grants.extensions import db
from grants.settlements.models import Settlement


@contract_hooks.settlements_of.provide
def settlements_of(contract) -> list[Settlement]:
    return list(db.session.scalars(select(Settlement).where(
        Settlement.contract_id == contract.id).order_by(Settlement.finding_date)))
