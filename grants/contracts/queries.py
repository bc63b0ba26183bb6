"""Read helpers of contracts."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, or_, select

from grants.contracts import hooks, rules, sources
from grants.contracts.models import (
    Contract,
    ContractStatus,
    ContractTranche,
    Payment,
    TrancheCondition,
)
from grants.extensions import db

ZERO = Decimal("0.00")


def get_contract(contract_id: int) -> Contract | None:
    return db.session.get(Contract, contract_id)


def paid_on_tranche(contract: Contract, number: int) -> Decimal:
    return sum((p.amount for p in contract.payments if p.tranche_number == number), ZERO)


def tranche_blocker(contract: Contract, tranche: ContractTranche, *,
                    accepted: int | None = None) -> str | None:
    """Why the tranche cannot be paid now (a Polish msgid, to be translated by the caller), or
    None: contracts.rules.tranche_blocker on this contract's figures. `accepted` (the number
    of accepted partial reports) is read from the database when not given."""
    conditioned = sum(1 for t in tranche.version.tranches
                      if t.condition == TrancheCondition.PARTIAL_REPORT
                      and t.number <= tranche.number)
    needs_report = tranche.condition == TrancheCondition.PARTIAL_REPORT
    if needs_report and accepted is None:
        accepted = hooks.accepted_partial_reports(contract.id)
    return rules.tranche_blocker(
        signed=contract.status == ContractStatus.SIGNED, amount=tranche.amount,
        paid=paid_on_tranche(contract, tranche.number), needs_report=needs_report,
        conditioned_up_to=conditioned, accepted_partial_reports=accepted or 0)


def payments_total(contract_id: int) -> Decimal:
    return db.session.scalar(select(func.coalesce(func.sum(Payment.amount), 0)).where(
        Payment.contract_id == contract_id)) or ZERO


def contract_of_source(source) -> Contract | None:
    """The contract generated from a source (at most one)."""
    column = getattr(Contract, sources.kind_of(source).link)
    return db.session.scalar(select(Contract).where(column == source.id))


def contract_of_award_id(award_id: int) -> Contract | None:
    return db.session.scalar(select(Contract).where(Contract.award_id == award_id))


def contract_of_small_grant_id(offer_id: int) -> Contract | None:
    return db.session.scalar(select(Contract).where(Contract.small_grant_offer_id == offer_id))


def number_taken(organiser_id: int, number: str) -> bool:
    return db.session.scalar(select(Contract.id).where(
        Contract.organiser_id == organiser_id, Contract.number == number)) is not None


def contracts_query(*, organiser_ids: set[int], organisation_ids: set[int]):
    """Contracts of the given organisers (staff) or organisations (members), newest first."""
    conditions = []
    if organiser_ids:
        conditions.append(Contract.organiser_id.in_(organiser_ids))
    if organisation_ids:
        conditions.append(Contract.organisation_id.in_(organisation_ids))
    stmt = select(Contract)
    if not conditions:
        return stmt.where(Contract.id.is_(None))
    stmt = stmt.where(or_(*conditions))
    return stmt.order_by(Contract.created_at.desc(), Contract.id.desc())


def tranche_rows(contract: Contract, version) -> list[dict]:
    """Each tranche of `version` with what was paid on it, what is left and why it cannot be
    paid now (a msgid or None)."""
    accepted = None
    if any(t.condition == TrancheCondition.PARTIAL_REPORT for t in version.tranches):
        accepted = hooks.accepted_partial_reports(contract.id)    # once, not per tranche
    rows = []
    for t in version.tranches:
        paid = paid_on_tranche(contract, t.number)
        rows.append({"tranche": t, "paid": paid, "left": rules.tranche_left(t.amount, paid),
                     "blocker": tranche_blocker(contract, t, accepted=accepted)
                     if version.signed_on is not None else None})
    return rows
