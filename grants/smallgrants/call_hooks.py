"""What small grants answer to the competitions area (grants.calls.hooks): the small grants
awarded in an area, for the table of same-kind tasks of an announcement (art. 13 ust. 2
pkt 7). A small grant is awarded by its contract: counted in the year the contract was signed,
with the grant and the total cost of the contract in force (annexes included); a contract not
signed or terminated is not a task carried out with a grant."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from grants.calls import hooks
from grants.contracts.models import Contract, ContractStatus
from grants.extensions import db
from grants.smallgrants.models import SmallGrantOffer

SUFFIX = " (mały grant, art. 19a)"


@hooks.small_grants_by_area.provide
def small_grants_by_area(organiser_id: int, area: str, first_year: int,
                         last_year: int) -> list[dict]:
    contracts = db.session.scalars(
        select(Contract)
        .join(SmallGrantOffer, SmallGrantOffer.id == Contract.small_grant_offer_id)
        .where(SmallGrantOffer.organiser_id == organiser_id, SmallGrantOffer.area == area,
               Contract.signed_on >= dt.date(first_year, 1, 1),
               Contract.signed_on <= dt.date(last_year, 12, 31),
               Contract.status.in_((ContractStatus.SIGNED, ContractStatus.CLOSED)))
        .options(selectinload(Contract.versions))
        .order_by(Contract.signed_on, Contract.id))
    rows = []
    for contract in contracts:
        version = contract.version_in_force
        if version is None or version.grant_total <= 0:
            continue
        title = version.title[:300 - len(SUFFIX)]
        rows.append({"year": contract.signed_on.year, "name": title + SUFFIX,
                     "total_cost": version.total_cost, "grant": version.grant_total})
    return rows
