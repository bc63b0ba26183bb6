"""Objects of the committee's routes for the access table (merged by tests/permissions/objects.py).

Two extra competitions of organiser A: `eval_open` with an accepted offer of organisation Y
and a committee where `world.committee` is the chair (declaration signed), scoring open;
`eval_closed` whose committee (same chair) has closed scoring.
"""

from __future__ import annotations

from grants.documents.models import StoredFile
from grants.evaluation import composition, declarations, services
from grants.evaluation.models import MemberKind
from grants.extensions import db
from grants.formal.models import FormalCheck, FormalOutcome
from grants.offers.models import OfferAttachment
from tests.support.factories import make_competition


def _committee(world, competition):
    committee = composition.ensure_committee(competition.procedure, actor=world.officer)
    member = composition.add_member(committee, actor=world.officer, user=world.committee,
                                 kind=MemberKind.AUTHORITY, function="chair")
    declarations.sign_declaration(member, actor=world.committee, confirmed=True)
    return committee


def make_objects(world, objs: dict) -> dict:
    from tests.support.offers import file, make_offer

    open_comp = make_competition(world.org_a, title="Konkurs oceniany przez komisję")
    closed_comp = make_competition(world.org_a, title="Konkurs z zamkniętą oceną")
    offer = make_offer(world, competition=open_comp, organisation=world.ngo_y,
                       actor=world.ngo_other, commit=False)
    offer.versions[0].attachments.append(OfferAttachment(
        name="Statut", stored_file=StoredFile.from_bytes("statut.pdf", "application/pdf",
                                                         b"%PDF-1.4 statut")))
    db.session.flush()
    file(offer, world.ngo_other, commit=False)
    db.session.add(FormalCheck(offer_id=offer.id, outcome=FormalOutcome.ACCEPTED))
    _committee(world, open_comp)
    closed = _committee(world, closed_comp)
    services.close_scoring(closed, actor=world.committee)
    db.session.commit()
    return {"eval_open": open_comp.id, "eval_offer": offer.id, "eval_closed": closed_comp.id,
            "eval_org_y": world.ngo_y.id,
            "eval_attachment": offer.versions[0].attachments[0].id}
