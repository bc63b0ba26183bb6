"""The settlements area reacts to control (grants.controls.hooks): misuse found by a control
after a settlement - also after the contract was closed - becomes a further part to return of
the settlement that covered the item (the organisation is told by e-mail): due 15 days (`return_days`) after the control's finding
date, with interest from the day its tranche was transferred (UFP art. 252). The settlement's
figures stay as decided; a closed contract opens again until the part is returned.

A finding on an item no settlement covered yet waits for the settlement of its year
(grants.settlements.inputs)."""

from __future__ import annotations

from sqlalchemy import select

from grants.contracts.models import Contract, ContractStatus
from grants.controls import hooks as control_hooks
from grants.core import audit
from grants.core.notifications import public_url, queue_mail
from grants.extensions import db
from grants.organisers.services import return_instructions
from grants.rules.services import rules_in_force
from grants.settlements import inputs
from grants.settlements.models import ReturnPart, Settlement
from grants.settlements.services import organisation_addresses


def settlement_covering(contract, item_code: str) -> Settlement | None:
    """The latest settlement of the contract whose per-item table holds `item_code`."""
    for s in db.session.scalars(select(Settlement).where(
            Settlement.contract_id == contract.id)
            .order_by(Settlement.finding_date.desc(), Settlement.id.desc())):
        if any(r.get("code") == item_code for r in (s.details or {}).get("items", [])):
            return s
    return None


def _reopen(contract, *, actor) -> None:
    if contract.status != ContractStatus.CLOSED:
        return
    before = {"status": contract.status.value, "closed_at": contract.closed_at}
    contract.status = (ContractStatus.TERMINATED if contract.terminated_on
                       else ContractStatus.SIGNED)
    contract.closed_at = None
    db.session.flush()
    audit.record(actor, "contract.reopened", contract, before=before,
                 after={"status": contract.status.value, "closed_at": None,
                        "reason": "misuse found after the settlement"})


@control_hooks.misuse_recorded.connect
def add_part_for_misuse(finding, *, actor, **_kw) -> ReturnPart | None:
    settlement = settlement_covering(db.session.get(Contract, finding.contract_id),
                                     finding.item_code)
    if settlement is None:
        return None
    contract = settlement.contract
    first_paid = min(p.paid_on for p in contract.payments
                      if p.tranche_number == finding.tranche_number and p.amount > 0)
    plan = inputs.misuse_part(finding, first_paid, rules_in_force(finding.found_on).return_days)
    part = ReturnPart(contract_id=contract.id, kind=plan.kind, principal=plan.principal,
                      due_on=plan.due_on, interest_from=plan.interest_from,
                      tranche_number=plan.tranche_number,
                      misuse_finding_id=plan.misuse_finding_id)
    settlement.parts.append(part)
    db.session.flush()
    audit.record(actor, "return.part_added", part, after=audit.snapshot(
        part, ["settlement_id", "kind", "principal", "due_on", "interest_from",
               "tranche_number", "misuse_finding_id"]))
    _reopen(contract, actor=actor)
    _mail_part(settlement, part, finding)
    return part


def _mail_part(settlement: Settlement, part: ReturnPart, finding) -> None:
    contract = settlement.contract
    to = organisation_addresses(contract)
    if to:
        queue_mail(db.session, to=to, subject=f"Zwrot dotacji – umowa {contract.number}",
                   template="return_part_added", settlement=settlement, contract=contract,
                   part=part, finding=finding,
                   instructions=return_instructions(contract.organiser, contract.number),
                   url=public_url("settlements.show", settlement_id=settlement.id))
