"""Objects of the controls' routes for the access table: `ct_contract`, a signed and paid
contract of organisation X with organiser A."""

from __future__ import annotations

from grants.extensions import db
from tests.support.contract_factory import make_contract


def make_objects(world, objs: dict) -> dict:
    contract = make_contract(world, paid=True)
    db.session.commit()
    return {"ct_contract": contract.id}
