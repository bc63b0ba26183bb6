"""Issue 9, small grants: each filed offer has a PDF (rendered at filing from
templates/pdf/small_grant_offer.html) that the offering organisation and the organiser's
officers can download, and the public from the publication day; a late publication's delay
is shown."""

from __future__ import annotations

from datetime import date
from html import unescape

from grants.core import clock
from grants.extensions import db
from grants.smallgrants import services
from tests.conftest import login
from tests.support.smallgrants import (
    file,
    filed_offer,
    make_offer,
    publish,
    published_offer,
    set_plan,
    warsaw,
)


def _pdf(client, url: str):
    r = client.get(url)
    return r.status_code, r.headers.get("Content-Type", ""), r.data


def test_filing_renders_the_offer_pdf(world, real_pdf):
    set_plan(world, clock.today().year)
    offer = filed_offer(world)
    stored = offer.pdf_file
    assert stored is not None and stored.data.startswith(b"%PDF") and len(stored.data) > 2000
    assert stored.filename.endswith(".pdf") and stored.sha256


def test_the_organisation_and_the_officer_download_the_filed_offer(world, client):
    set_plan(world, clock.today().year)
    draft = make_offer(world)
    offer = filed_offer(world)
    url = f"/small-grants/{offer.id}/pdf"
    assert client.get(url).status_code == 302                       # sign in first
    for user in (world.ngo_admin, world.officer):
        login(client, user)
        status, kind, data = _pdf(client, url)
        assert (status, kind) == (200, "application/pdf") and data == offer.pdf_file.data
        page = unescape(client.get(f"/small-grants/{offer.id}" if user is world.ngo_admin
                                   else f"/officer/small-grants/{offer.id}").get_data(True))
        assert url in page and "Pobierz PDF" in page
    for user in (world.officer_b, world.ngo_other):
        login(client, user)
        assert client.get(url).status_code == 404
    login(client, world.ngo_admin)
    assert client.get(f"/small-grants/{draft.id}/pdf").status_code == 404   # no PDF of a draft


def test_the_public_downloads_the_offer_from_its_publication(world, client):
    set_plan(world, 2026)
    with clock.frozen_at(warsaw(2026, 5, 4, 9)):
        offer = filed_offer(world)
        url = f"/male-granty/{offer.id}/pdf"
        assert client.get(url).status_code == 404                   # filed, not published
        services.assess_small_grant(offer, actor=world.officer, purposeful=True)
        db.session.commit()
        assert client.get(url).status_code == 404                   # purposeful, not published
        publish(world, offer, date(2026, 5, 4))
        status, kind, data = _pdf(client, url)
        assert (status, kind) == (200, "application/pdf") and data == offer.pdf_file.data
        assert url in client.get(f"/male-granty/{offer.id}").get_data(as_text=True)


def test_a_late_publication_is_shown_with_its_delay(world, client):
    set_plan(world, 2026)
    offer = make_offer(world)
    with clock.frozen_at(warsaw(2026, 4, 30, 15)):
        file(offer)
    with clock.frozen_at(warsaw(2026, 5, 15, 9)):                   # the limit was 12.05.2026
        services.assess_small_grant(offer, actor=world.officer, purposeful=True)
        publish(world, offer, date(2026, 5, 14), board_on=date(2026, 5, 15))
        shown = "Opublikowano po terminie: termin upłynął 12.05.2026, opóźnienie w dniach: 3."
        pages = [client.get(f"/male-granty/{offer.id}")]
        login(client, world.officer)
        pages.append(client.get(f"/officer/small-grants/{offer.id}"))
        login(client, world.ngo_admin)
        pages.append(client.get(f"/small-grants/{offer.id}"))
        for page in pages:
            assert page.status_code == 200 and shown in unescape(page.get_data(as_text=True))


def test_an_offer_published_in_time_shows_no_delay(world, client):
    set_plan(world, 2026)
    with clock.frozen_at(warsaw(2026, 5, 12, 9)):
        offer = published_offer(world, published_on=date(2026, 5, 12))
        page = unescape(client.get(f"/male-granty/{offer.id}").get_data(as_text=True))
    assert "po terminie" not in page and "tablica ogłoszeń 12.05.2026" in page


def test_the_offer_pages_of_competitions_do_not_serve_a_small_grant(world, client):
    """A small grant's offer row has no competition: the competition offer's pages answer 404
    (its own pages are under /small-grants), never a 500."""
    set_plan(world, clock.today().year)
    offer = filed_offer(world)
    login(client, world.ngo_admin)
    for url in (f"/offers/{offer.offer_id}", f"/offers/{offer.offer_id}/versions/1/pdf"):
        assert client.get(url).status_code == 404, url
    login(client, world.officer)
    for url in (f"/offers/{offer.offer_id}", f"/officer/offers/{offer.offer_id}/formal"):
        assert client.get(url).status_code == 404, url
