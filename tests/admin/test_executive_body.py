"""The administrator chooses the executive body an organiser acts for (issue 9: the yearly
limits of art. 19a count per body): on the organiser's page, an existing body or a new one by
name; audited; bad input is a message on the form; only administrators."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from grants.core.audit import AuditEntry
from grants.core.errors import NotAllowed, ValidationFailed
from grants.extensions import db
from grants.organisers import services
from grants.organisers.models import ExecutiveBody, Organiser
from tests.support.organisations import as_user


def _url(organiser) -> str:
    return f"/admin/organisers/{organiser.id}/organ"


def _entries(organiser) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "organiser.executive_body",
        AuditEntry.object_id == str(organiser.id))))


def test_the_admin_moves_an_organiser_to_another_existing_body(client, world):
    a, b = world.org_a, world.org_b
    b.executive_body = ExecutiveBody(name="Prezydent Miasta Gdyni")
    db.session.commit()
    assert a.executive_body_id != b.executive_body_id
    as_user(client, world.admin)
    page = client.get(_url(a))
    assert page.status_code == 200 and b.executive_body.name in page.text
    assert client.get("/admin/organisers").text.count(f'href="{_url(a)}"') == 1
    response = client.post(_url(a), data={"executive_body_id": str(b.executive_body_id),
                                          "new_body": ""})
    assert response.status_code == 302
    db.session.expire_all()
    a = db.session.get(Organiser, world.org_a.id)
    assert a.executive_body_id == b.executive_body_id
    [entry] = _entries(a)
    assert entry.after["executive_body"] == b.executive_body.name
    assert entry.before["executive_body_id"] != entry.after["executive_body_id"]
    assert entry.actor_id == world.admin.id


def test_a_new_body_by_name(client, world):
    as_user(client, world.admin)
    response = client.post(_url(world.org_a), data={"executive_body_id": "",
                                                    "new_body": "  Wójt Gminy Kolbudy "})
    assert response.status_code == 302
    db.session.expire_all()
    organiser = db.session.get(Organiser, world.org_a.id)
    assert organiser.executive_body.name == "Wójt Gminy Kolbudy"
    # the same name again is the same body, not a second one
    client.post(_url(world.org_b), data={"executive_body_id": "",
                                         "new_body": "wójt gminy kolbudy"})
    db.session.expire_all()
    assert db.session.get(Organiser, world.org_b.id).executive_body_id == \
        organiser.executive_body_id
    assert db.session.scalar(select(func.count(ExecutiveBody.id)).where(
        func.lower(ExecutiveBody.name) == "wójt gminy kolbudy")) == 1


@pytest.mark.parametrize(("data", "message"), [
    ({"executive_body_id": "", "new_body": ""}, "Wybierz organ z listy albo podaj nazwę"),
    ({"executive_body_id": "99999999999999999999", "new_body": ""}, "Wybierz organ z listy"),
    ({"executive_body_id": "abc", "new_body": ""}, "Wybierz organ z listy"),
    ({"executive_body_id": "", "new_body": "X" * 201}, "Najwyżej 200 znaków"),
])
def test_bad_input_is_a_message_on_the_form(client, world, data, message):
    as_user(client, world.admin)
    before = world.org_a.executive_body_id
    response = client.post(_url(world.org_a), data=data)
    assert response.status_code == 422 and message in response.text
    db.session.expire_all()
    assert db.session.get(Organiser, world.org_a.id).executive_body_id == before
    assert _entries(world.org_a) == []


@pytest.mark.parametrize("who", ["officer", "ngo_admin", "finance"])
def test_only_administrators(client, world, who):
    as_user(client, getattr(world, who))
    assert client.get(_url(world.org_a)).status_code == 403
    assert client.post(_url(world.org_a), data={"new_body": "Ktoś"}).status_code == 403
    with pytest.raises(NotAllowed):
        services.set_executive_body(world.org_a, actor=getattr(world, who), new_name="Ktoś")


def test_the_service_refuses_both_or_neither(world):
    with pytest.raises(ValidationFailed):
        services.set_executive_body(world.org_a, actor=world.admin)
    with pytest.raises(ValidationFailed):
        services.set_executive_body(world.org_a, actor=world.admin,
                                    body_id=world.org_b.executive_body_id, new_name="Inny")


def test_the_admin_chooses_the_body_when_creating_an_organiser(client, world):
    as_user(client, world.admin)
    response = client.post("/admin/organisers", data={
        "name": "Urząd Miasta Sopotu", "short_name": "UMS",
        "authority": "Prezydent Miasta Sopotu",
        "executive_body_id": str(world.org_b.executive_body_id)})
    assert response.status_code == 302
    organiser = db.session.scalar(select(Organiser).filter_by(short_name="UMS"))
    assert organiser.executive_body_id == world.org_b.executive_body_id
