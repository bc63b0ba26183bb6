"""Public pages: the list (filters, phases, pagination, no N+1), the competition's page."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest

from grants.calls import publication
from grants.calls.models import CallStatus, Mode
from grants.core import clock
from grants.extensions import db
from tests.conftest import login
from tests.support import files
from tests.support.calls import make_draft, publish_on
from tests.support.factories import make_competition
from tests.support.statements import count_statements


def _titles(page: str) -> list[str]:
    return re.findall(r'<a href="/konkursy/\d+">([^<]+)</a>', page)


@pytest.fixture
def catalogue(world):
    """One competition of each phase (the world's is open, deadline 23.12.2026 12:00)."""
    comps = {
        "open": world.competition,
        "evaluation": make_competition(
            world.org_a, title="Po terminie",
            deadline=clock.local_instant(date(2026, 12, 1), time(12, 0))),
        "decided": make_competition(world.org_b, status=CallStatus.DECIDED,
                                    title="Rozstrzygnięty w Gdyni"),
        "annulled": make_competition(world.org_a, status=CallStatus.ANNULLED,
                                     title="Unieważniony"),
        "draft": make_competition(world.org_a, status=CallStatus.DRAFT, title="Tajny szkic"),
    }
    comps["decided"].area = "seniorzy"
    db.session.commit()
    return comps


def test_list_shows_public_competitions_never_drafts(client, catalogue):
    page = client.get("/konkursy").text
    assert sorted(_titles(page)) == sorted([
        catalogue["open"].title, "Po terminie", "Rozstrzygnięty w Gdyni", "Unieważniony"])
    assert "Tajny szkic" not in page
    assert "przyjmowanie ofert" in page and "ocena ofert" in page
    assert "rozstrzygnięty" in page and "unieważniony" in page


@pytest.mark.parametrize(("query", "expected"), [
    ("phase=open", ["open"]),
    ("phase=evaluation", ["evaluation"]),
    ("phase=decided", ["decided"]),
    ("phase=annulled", ["annulled"]),
    ("area=seniorzy", ["decided"]),
    ("area=pomoc_spoleczna&phase=evaluation", ["evaluation"]),
    ("organiser={org_b}", ["decided"]),
    ("organiser={org_a}", ["open", "evaluation", "annulled"]),
    ("organiser={org_b}&phase=open", []),
    ("phase=draft", ["open", "evaluation", "decided", "annulled"]),  # not a public filter
    ("phase=xyz&organiser=abc&area=kosmos&page=abc", ["open", "evaluation", "decided",
                                                      "annulled"]),
])
def test_list_filters(client, world, catalogue, query, expected):
    query = query.format(org_a=world.org_a.id, org_b=world.org_b.id)
    response = client.get(f"/konkursy?{query}")
    assert response.status_code == 200
    assert sorted(_titles(response.text)) == sorted(catalogue[k].title for k in expected)
    if not expected:
        assert "Brak konkursów spełniających wybrane warunki." in response.text


def test_filter_form_has_labels_and_keeps_the_choice(client, world, catalogue):
    page = client.get("/konkursy?phase=open&area=pomoc_spoleczna").text
    for name in ("organiser", "area", "phase"):
        assert f'<label class="form-label" for="{name}">' in page
    assert '<option selected value="open">' in page
    assert '<option selected value="pomoc_spoleczna">' in page
    assert 'method="get"' in page


def test_phase_moves_with_the_clock(client, catalogue):
    """The world's competition closes at 23.12.2026 12:00 Warsaw: open to the second."""
    title = catalogue["open"].title
    with clock.frozen_at(datetime(2026, 12, 23, 11, 59, 59, tzinfo=clock.WARSAW)):
        assert title in _titles(client.get("/konkursy?phase=open").text)
        assert title not in _titles(client.get("/konkursy?phase=evaluation").text)
    with clock.frozen_at(datetime(2026, 12, 23, 12, 0, 0, tzinfo=clock.WARSAW)):
        assert title not in _titles(client.get("/konkursy?phase=open").text)
        assert title in _titles(client.get("/konkursy?phase=evaluation").text)


def test_pagination(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    for n in range(4):
        make_competition(world.org_a, title=f"Konkurs nr {n}")
    db.session.commit()
    first = client.get("/konkursy").text
    third = client.get("/konkursy?page=3").text
    assert len(_titles(first)) == 2 and len(_titles(third)) == 1
    assert 'aria-label="Strony"' in first and 'href="/konkursy?page=3"' in first
    filtered = client.get(f"/konkursy?organiser={world.org_a.id}&phase=open").text
    assert f"organiser={world.org_a.id}" in filtered and "phase=open" in filtered  # kept in links
    assert "Brak konkursów" in client.get("/konkursy?page=9").text


def test_list_has_no_n_plus_one(client, world):
    with count_statements() as few:
        client.get("/konkursy")
    for n in range(6):
        make_competition(world.org_a if n % 2 else world.org_b, title=f"Konkurs {n}")
    db.session.commit()
    with count_statements() as many:
        page = client.get("/konkursy").text
    assert len(_titles(page)) == 7
    assert len(many) == len(few)


def test_detail_shows_the_announcement(client, world):
    competition = make_draft(world, same_kind_tasks=[
        {"year": 2025, "name": "Posiłki 2025", "total_cost": 90000, "grant": 85000}])
    publish_on(competition, world.officer, date(2026, 12, 3))
    page = client.get(f"/konkursy/{competition.id}").text
    for text in (
        "Posiłki dla osób w kryzysie bezdomności", "MOPS.OKO.7.2026",
        "pomoc społeczna", "wspieranie (współfinansowanie zadania)", "80\xa0%",
        "28.12.2026 12:00", "czas warszawski", "Pozostało", "25 dni 2 godz.",
        "Obiady 7 dni w tygodniu", "120\xa0000,00\xa0zł", "60\xa0000,00\xa0zł",
        "01.01.2027 – 31.12.2027", "Kalkulacja kosztów realizacji zadania", "<td>pkt 4</td>",
        "Oferta złożona w terminie", "Statut – nieobowiązkowy", "Posiłki 2025",
        "85\xa0000,00\xa0zł", "20.01.2027", "dział 852, rozdział 85228, paragraf 2360",
        "Komisja konkursowa ocenia oferty.", "wyższa średnia ocena w kryterium z art. 15 ust. 1 pkt 3 ustawy",
        "03.12.2026", "Ogłoszenia nie sprostowano.", "Do ogłoszenia nie dołączono dokumentów.",
    ):
        assert text in page, text
    assert '<th scope="col">' in page and "<h1>" in page


def test_detail_shows_documents_with_download_links(client, world):
    publication.add_document(world.competition, actor=world.officer, filename="regulamin.odt",
                          data=files.odf("text"), title="Regulamin konkursu")
    db.session.commit()
    doc = world.competition.documents[0]
    page = client.get(f"/konkursy/{world.competition.id}").text
    url = f"/konkursy/{world.competition.id}/dokumenty/{doc.id}"
    assert f'href="{url}"' in page and "Regulamin konkursu" in page
    download = client.get(url)
    assert download.status_code == 200 and download.data == files.odf("text")
    assert "attachment" in download.headers["Content-Disposition"]
    assert client.get(f"/konkursy/{world.competition.id}/dokumenty/999").status_code == 404


@pytest.mark.parametrize("viewer", [None, "officer_b", "officer", "ngo_admin"])
def test_drafts_are_404_on_public_pages(client, world, viewer):
    draft = make_draft(world)
    if viewer:
        login(client, getattr(world, viewer))
    assert client.get(f"/konkursy/{draft.id}").status_code == 404
    assert client.get("/konkursy/987654").status_code == 404


def test_offer_button_only_while_open(app, client, world):
    page = client.get(f"/konkursy/{world.competition.id}").text
    has_offers = "offers.new" in app.view_functions
    assert (f"/offers/new/{world.competition.id}" in page) == has_offers
    with clock.frozen_at(datetime(2026, 12, 23, 12, 0, tzinfo=clock.WARSAW)):
        page = client.get(f"/konkursy/{world.competition.id}").text
    assert "Złóż ofertę" not in page
    assert "Termin składania ofert minął. Trwa ocena ofert." in page


def test_time_left_shown_in_the_list_for_open_calls(client, world):
    with clock.frozen_at(datetime(2026, 12, 23, 9, 30, tzinfo=clock.WARSAW)):
        page = client.get("/konkursy").text
    assert "pozostało: 2 godz. 30 min" in page


def test_decided_and_annulled_pages(client, world):
    world.competition.status = CallStatus.ANNULLED
    db.session.commit()
    page = client.get(f"/konkursy/{world.competition.id}").text
    assert "Konkurs został unieważniony." in page and "Złóż ofertę" not in page


def test_corrections_are_listed_newest_first(client, world):
    competition = make_draft(world, mode=Mode.WSPIERANIE)
    publish_on(competition, world.officer, date(2026, 12, 3))
    publication.correct(competition, actor=world.officer, reason="Pierwsza poprawka",
                     title="Tytuł po poprawce")
    db.session.commit()
    with clock.frozen_at(clock.now() + timedelta(days=1)):
        publication.correct(competition, actor=world.officer, reason="Druga poprawka",
                         decision_date=date(2027, 1, 25))
        db.session.commit()
    page = client.get(f"/konkursy/{competition.id}").text
    assert page.index("Druga poprawka") < page.index("Pierwsza poprawka")
    assert "Sprostowanie z 04.12.2026 10:00 (wersja 3 ogłoszenia)" in page
    assert "Termin dokonania wyboru ofert" in page and "25.01.2027" in page
    assert "Posiłki dla osób w kryzysie bezdomności" in page  # the "before" of the title
    assert "Ogłoszenie zostało sprostowane" in page
