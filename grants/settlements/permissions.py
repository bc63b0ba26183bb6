"""Access to settlements, built on grants.contracts.permissions (the one place for the rules):
the contract's viewers see its settlements; its officers settle; its finance staff record
returns. Anybody else gets 404."""

from __future__ import annotations

from grants.contracts import permissions as contract_perms


def can_view_settlement(user, settlement) -> bool:
    return contract_perms.can_view_contract(user, settlement.contract)


def can_view_report_settlement(user, report) -> bool:
    return contract_perms.can_view_contract(user, report.contract)


def can_settle_report(user, report) -> bool:
    return contract_perms.is_officer(user, report.contract)


def can_record_return(user, settlement) -> bool:
    return contract_perms.is_finance(user, settlement.contract)
