"""Objects for the permission table, built once per test from the `world` fixture."""

from __future__ import annotations

from grants.calls.models import CallDocument, CallStatus
from grants.documents.models import StoredFile
from grants.extensions import db
from tests.factories import make_competition


def make_objects(world) -> dict:
    draft = make_competition(world.org_a, status=CallStatus.DRAFT, created_by=world.officer)
    doc = CallDocument(competition_id=world.competition.id, title="Regulamin",
                       stored_file=StoredFile.from_bytes("regulamin.pdf", "application/pdf",
                                                         b"%PDF-1.4 test"))
    db.session.add(doc)
    from grants.organisations.services import invite_member

    invitation = invite_member(world.ngo_x, actor=world.ngo_admin, email="nowy@example.org")
    db.session.commit()
    return {
        "competition": world.competition.id,
        "call_draft": draft.id,
        "call_document": doc.id,
        "org_x": world.ngo_x.id,
        "org_y": world.ngo_y.id,
        "invitation_token": invitation.token,
    }
