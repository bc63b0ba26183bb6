"""The past competition's offers pass the formal check; a committee is composed with the
demo committee member as chair (the declaration is left for the newcomer to sign)."""

from __future__ import annotations

from sqlalchemy import select

from grants.auth.models import User
from grants.calls.models import Competition
from grants.evaluation import composition as evaluation
from grants.evaluation.models import Committee, MemberKind
from grants.extensions import db
from grants.formal import services as formal
from grants.formal.queries import check_of
from grants.offers.models import Offer


def load_evaluation(competition: Competition, officer: User, committee_user: User) -> None:
    for offer in db.session.scalars(select(Offer).where(Offer.competition_id == competition.id)):
        if check_of(offer) is None:
            items = {i: {"passed": True, "note": ""}
                     for i in range(1, len(competition.checklist) + 1)}
            formal.judge_offer(offer, actor=officer, items=items, outcome="accepted")
    if db.session.scalar(select(Committee).where(
            Committee.procedure_id == competition.procedure_id)):
        return
    committee = evaluation.ensure_committee(competition.procedure, actor=officer)
    evaluation.add_member(committee, actor=officer, user=committee_user,
                          kind=MemberKind.AUTHORITY, function="chair")
