"""Blind scoring in the committee's history and the administrators' log: while scoring is
open, the entries of scores name who acted and when but never the points or the reasons;
after closing, they read like any other entry."""

from __future__ import annotations

from grants.core.audit import AuditEntry
from grants.evaluation import services
from grants.extensions import db
from tests.conftest import login
from tests.support.evaluation import scene, score

SECRET = "Tajne-uzasadnienie-oceny"


def _scored(world):
    s = scene(world)
    score(s.chair, s.offer1, [17, 18, 25, 9, 8, 19], justification=SECRET)
    score(s.second, s.offer1, [3, 4, 5, 6, 7, 8], submit=False, justification=SECRET)
    return s


def _get(app, user, url: str) -> str:
    client = app.test_client()
    login(client, user)  # requests share the test's app context: one user at a time
    return client.get(url).get_data(as_text=True)


def _pages(app, world):
    comp = world.competition.id
    return [_get(app, world.officer, f"/historia/komisja/{comp}"),
            _get(app, world.admin, f"/historia/komisja/{comp}"),
            _get(app, world.admin, "/admin/audit?type=Score"),
            _get(app, world.admin, "/admin/audit.csv?type=Score")]


def test_no_points_or_reasons_of_scores_while_scoring_is_open(app, world):
    _scored(world)
    assert db.session.query(AuditEntry).filter_by(object_type="Score").count() >= 2
    officer_page, admin_page, log, csv = _pages(app, world)
    for text in (officer_page, admin_page, log, csv):
        assert SECRET not in text
        assert "Punkty" not in text and '"points"' not in text
    assert "Złożenie oceny" in officer_page and "Zapis oceny" in officer_page
    assert "Szczegóły ukryte" in officer_page
    assert "ukryte" in csv


def test_after_closing_the_scores_show(app, world):
    s = _scored(world)
    score(s.second, s.offer1, [3, 4, 5, 6, 7, 8], justification=SECRET)
    score(s.chair, s.offer2, [1, 1, 1, 1, 1, 1])
    score(s.second, s.offer2, [1, 1, 1, 1, 1, 1])
    services.close_scoring(s.chair.committee, actor=world.committee, reason="Koniec")
    db.session.commit()
    officer_page, admin_page, log, csv = _pages(app, world)
    assert SECRET in officer_page and SECRET in log and SECRET in csv
    assert "Zamknięcie oceny" in officer_page


def test_a_committee_member_does_not_read_the_committee_history(app, world):
    _scored(world)
    client = app.test_client()
    login(client, world.committee)
    assert client.get(f"/historia/komisja/{world.competition.id}").status_code == 403


def test_the_offer_history_holds_no_scores(app, world):
    s = _scored(world)
    client = app.test_client()
    login(client, world.officer)
    html = client.get(f"/historia/oferta/{s.offer1.id}").get_data(as_text=True)
    assert "Złożenie oferty" in html
    assert "Złożenie oceny" not in html and "Zapis oceny" not in html and SECRET not in html
    # what the organisation typed in its draft is its own: the entry, not the content
    assert "Zapis projektu oferty" in html and "Brak miejsc noclegowych" not in html
