"""What the organisation is told when money moves: a tranche transferred (the contracts area's
`payment_recorded`) and the contract closed once everything is settled (`contract_closed`,
sent by the settlements area). The e-mail goes to the organisation's address and its
administrators, in each one's language, after the commit of the transaction that recorded it."""

from __future__ import annotations

from grants.contracts import hooks as contract_hooks
from grants.core.notifications import queue_mail
from grants.extensions import db
from grants.reminders import queries


def _addresses(contract) -> list[str]:
    return [r.email for r in queries.ngo_recipients([contract.organisation_id])
            .get(contract.organisation_id, [])]


@contract_hooks.payment_recorded.connect
def tell_of_transfer(contract, *, payment, actor=None, **_) -> None:
    to = _addresses(contract)
    if to:
        queue_mail(db.session, to=to, template="tranche_paid", contract=contract,
                   payment=payment)


@contract_hooks.contract_closed.connect
def tell_of_closing(contract, *, on, actor=None, **_) -> None:
    to = _addresses(contract)
    if to:
        queue_mail(db.session, to=to, template="contract_closed", contract=contract, on=on)
