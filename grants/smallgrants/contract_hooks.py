"""What small grants answer to the contracts area (grants.contracts.hooks): a small grant
is awarded by its contract, so it counts in the yearly limits of art. 19a in the year the
contract is signed. When that year is not the one expected at filing, the limits are checked
again in the contract's year (a signature that would break them is refused) and the offer
moves there."""

from __future__ import annotations

from grants.contracts import hooks
from grants.smallgrants import services


@hooks.contract_signed.connect
def _count_in_the_year_of_the_contract(contract, *, version, actor, **_kw) -> None:
    offer = contract.small_grant_offer
    if offer is None or version.is_annex or contract.signed_on is None:
        return
    services.count_in_award_year(offer, contract.signed_on, actor=actor)
