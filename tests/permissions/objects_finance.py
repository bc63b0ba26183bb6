"""Objects of the finance routes for the access table (merged by tests/permissions/objects.py): a signed,
unpaid contract of organiser A with organisation X, so that the dashboard and the exports have
rows to show. The routes take no ids: each user sees the organisers they serve."""

from __future__ import annotations

from grants.extensions import db
from tests.support.contract_factory import make_contract


def make_objects(world, objs: dict) -> dict:
    contract = make_contract(world)
    db.session.commit()
    return {"fin_contract": contract.id}
