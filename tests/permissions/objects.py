"""Objects for the permission table, built once per test from the `world` fixture."""

from __future__ import annotations

from grants.calls.models import CallStatus
from grants.documents.models import StoredFile
from grants.extensions import db
from grants.procedures.models import ProcedureDocument
from tests.support.factories import make_competition


def make_objects(world) -> dict:
    from grants.offers.models import OfferAttachment
    from tests.support.offers import file, make_offer

    filed = make_offer(world)
    filed.versions[0].attachments.append(OfferAttachment(
        name="Statut", stored_file=StoredFile.from_bytes("statut.pdf", "application/pdf",
                                                         b"%PDF-1.4 statut")))
    db.session.flush()
    file(filed, world.ngo_admin)
    draft_offer = make_offer(world, title="Szkic oferty")
    draft = make_competition(world.org_a, status=CallStatus.DRAFT, created_by=world.officer)
    doc = ProcedureDocument(procedure_id=world.competition.procedure_id, title="Regulamin",
                       stored_file=StoredFile.from_bytes("regulamin.pdf", "application/pdf",
                                                         b"%PDF-1.4 test"))
    db.session.add(doc)
    from grants.organisations.services import invite_member

    invitation = invite_member(world.ngo_x, actor=world.ngo_admin, email="nowy@example.org")
    db.session.commit()
    objs = {
        "competition": world.competition.id,
        "call_draft": draft.id,
        "call_document": doc.id,
        "org_x": world.ngo_x.id,
        "org_y": world.ngo_y.id,
        "invitation_token": invitation.token,
        "offer": filed.id,
        "offer_attachment": filed.versions[0].attachments[0].id,
        "offer_draft": draft_offer.id,
    }
    return _with_area_objects(world, objs)


def _with_area_objects(world, objs: dict) -> dict:
    """Areas may add objects in tests/permissions/objects_<area>.py: make_objects(world, objs)."""
    import importlib
    import pkgutil

    import tests.permissions

    for info in sorted(pkgutil.iter_modules(tests.permissions.__path__), key=lambda i: i.name):
        if info.name.startswith("objects_"):
            module = importlib.import_module(f"tests.permissions.{info.name}")
            objs.update(module.make_objects(world, dict(objs)))
    return objs
