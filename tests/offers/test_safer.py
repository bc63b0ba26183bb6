"""Safer offer actions: a never-filed draft can be deleted by its organisation (confirmed,
audited); a filed offer never; the same filing sent twice files one version."""

from __future__ import annotations

from html import unescape

from sqlalchemy import func, select

from grants.core.audit import AuditEntry
from grants.extensions import db
from grants.offers.models import Offer, OfferVersion
from tests.support.offers import filed_offer, login_as, make_offer, signatories


def _exists(offer_id: int) -> bool:
    db.session.expire_all()
    return db.session.get(Offer, offer_id) is not None


def test_a_never_filed_draft_is_deleted_with_confirmation_and_an_audit_entry(world, client):
    offer = make_offer(world)
    offer_id = offer.id
    login_as(client, world.ngo_admin)
    page = unescape(client.get(f"/offers/{offer_id}").text)
    assert f"/offers/{offer_id}/delete" in page and "Usunięcie jest nieodwracalne" in page
    assert 'aria-describedby="delete-draft-consequence"' in page
    r = client.post(f"/offers/{offer_id}/delete")                # without the confirmation
    assert r.status_code == 302 and _exists(offer_id)
    assert "Zaznacz pole potwierdzenia" in unescape(client.get(r.headers["Location"]).text)
    r = client.post(f"/offers/{offer_id}/delete", data={"confirm": "y"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/offers/mine")
    assert not _exists(offer_id)
    assert db.session.scalar(select(func.count(OfferVersion.id))
                             .where(OfferVersion.offer_id == offer_id)) == 0
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "offer.draft_deleted")).one()
    assert entry.object_id == str(offer_id) and entry.actor_id == world.ngo_admin.id


def test_a_filed_offer_is_never_deleted(world, client):
    offer = filed_offer(world)
    login_as(client, world.ngo_admin)
    assert f"/offers/{offer.id}/delete" not in client.get(f"/offers/{offer.id}").text
    r = client.post(f"/offers/{offer.id}/delete", data={"confirm": "y"})
    assert r.status_code == 302
    assert "Złożonej oferty nie można usunąć" in unescape(
        client.get(r.headers["Location"]).text)
    assert _exists(offer.id) and len(db.session.get(Offer, offer.id).versions) == 1


def test_another_organisation_cannot_delete_the_draft(world, client):
    offer = make_offer(world)
    login_as(client, world.ngo_other)
    assert client.post(f"/offers/{offer.id}/delete", data={"confirm": "y"}).status_code == 404
    assert _exists(offer.id)


def test_the_same_filing_sent_twice_files_one_version(world, client, mailbox):
    offer = make_offer(world)
    login_as(client, world.ngo_admin)
    data = {"signed_by": signatories(offer), "confirm": "y"}
    first = client.post(f"/offers/{offer.id}/file", data=data)
    second = client.post(f"/offers/{offer.id}/file", data=data)
    assert first.status_code == 302
    assert second.status_code in (302, 409)
    shown = unescape(second.text if second.status_code != 302
                     else client.get(second.headers["Location"]).text)
    assert "oferta jest już złożona" in shown
    db.session.expire_all()
    assert len(db.session.get(Offer, offer.id).versions) == 1
    assert len(mailbox) == 1


def test_the_competition_page_links_the_officers_list_of_offers(world, client):
    filed_offer(world)
    login_as(client, world.officer)
    page = client.get(f"/officer/competitions/{world.competition.id}").text
    assert f'href="/officer/competitions/{world.competition.id}/offers"' in page
    offers = unescape(client.get(f"/officer/competitions/{world.competition.id}/offers").text)
    crumbs = offers[offers.index('aria-label="Ścieżka"'):]
    assert f'href="/officer/competitions/{world.competition.id}"' in crumbs[:1500]
