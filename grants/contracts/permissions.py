"""Who may see and act on a contract, its annexes and transfers - the one place for these
rules. The contract's parties (`is_officer`, `is_finance`, `is_party`) are what the rules of the
areas hanging off a contract build on (their own permissions.py: taskreports, controls,
settlements, finance).

- Officers of the contract's organiser prepare the contract and annexes, record signing and
  terminate.
- Finance staff of the organiser see the contract and record transfers.
- Members of the contracted organisation see their contract (never a draft annex's internal
  notes).
- Anybody else gets 404 (a contract's existence is not revealed); the public sees nothing here.
"""

from __future__ import annotations

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind


def is_officer(user, contract) -> bool:
    return perms.has_role(user, contract.organiser_id, StaffRoleKind.OFFICER)


def is_finance(user, contract) -> bool:
    return perms.has_role(user, contract.organiser_id, StaffRoleKind.FINANCE)


def is_party(user, contract) -> bool:
    """A member of the contracted organisation."""
    return perms.is_authenticated(user) and perms.is_member(user, contract.organisation_id)


def can_view_contract(user, contract) -> bool:
    return is_officer(user, contract) or is_finance(user, contract) or is_party(user, contract)


def viewable_scope(user) -> dict[str, set[int]]:
    """can_view_contract as sets, for the lists: the organisers whose contracts the user sees
    as staff (officer or finance) and the organisations whose contracts they see as a
    member."""
    return {"organiser_ids": (perms.organiser_ids(user, StaffRoleKind.OFFICER)
                              | perms.organiser_ids(user, StaffRoleKind.FINANCE)),
            "organisation_ids": perms.organisation_ids(user)}


def can_manage_contract(user, contract) -> bool:
    """Generate, edit the draft, annex, record signing, terminate: the organiser's officers."""
    return is_officer(user, contract)


def can_generate_contract(user, organiser_id: int) -> bool:
    """Prepare a contract from an award or a small-grant offer of the organiser."""
    return perms.has_role(user, organiser_id, StaffRoleKind.OFFICER)


def can_record_payment(user, contract) -> bool:
    return is_finance(user, contract)


def is_any_contract_staff(user) -> bool:
    return (perms.has_role(user, None, StaffRoleKind.OFFICER)
            or perms.has_role(user, None, StaffRoleKind.FINANCE))
