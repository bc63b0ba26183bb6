"""Who sees and records the control of a contract (art. 17 UDPP), built on the contract's
parties (grants.contracts.permissions): whoever sees the contract sees its visits and
findings; its organiser's officers record them. Anybody else gets 404."""

from __future__ import annotations

from grants.contracts import permissions as contract_perms


def can_view_controls(user, contract) -> bool:
    return contract_perms.can_view_contract(user, contract)


def can_control(user, contract) -> bool:
    """Record a visit or a finding of misused spend: the organiser's officers."""
    return contract_perms.is_officer(user, contract)
