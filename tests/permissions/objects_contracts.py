"""Objects of the contracts' routes for the access table (merged by tests/permissions/objects.py):
a signed contract (its PDF stored, so the table renders nothing), a draft contract, a
confirmed award and a small-grant offer in contracting - all of organiser A and organisation
X."""

from __future__ import annotations

from grants.extensions import db
from tests.support.contract_factory import make_contract
from tests.support.contracts import make_award, make_small_grant


def make_objects(world, objs: dict) -> dict:
    contract = make_contract(world, pdf=b"%PDF-1.7\n%%EOF\n")
    draft = make_contract(world, signed=False)
    award = make_award(world)
    small = make_small_grant(world)
    db.session.commit()
    return {"ct_contract": contract.id, "ct_draft": draft.id, "ct_award": award.id,
            "ct_small_grant": small.id}
