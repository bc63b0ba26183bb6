"""Small-grant pages: the NGO's draft with rows added and removed without losing input, bad
numbers kept, filing; the officer's handling; the administrator's plans; the public page
with its anti-spam measures (CSRF, honeypot, minimum fill time, rate limit)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import func, select

from grants.core import clock
from grants.extensions import db
from grants.smallgrants import comments as sg_comments
from grants.smallgrants.models import (
    CommentState,
    SmallGrantComment,
    SmallGrantOffer,
    SmallGrantStatus,
    SmallGrantYearPlan,
)
from tests.conftest import login
from tests.support.smallgrants import (
    filed_offer,
    make_offer,
    published_offer,
    set_plan,
    warsaw,
)

D = Decimal


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def reload(offer_id: int) -> SmallGrantOffer:
    db.session.expire_all()
    return db.session.get(SmallGrantOffer, offer_id)


def edit_post(offer: SmallGrantOffer, **overrides) -> dict:
    """The edit form as a browser posts it, from the saved offer."""
    data = {name: getattr(offer, name) or "" for name in (
        "title", "area", "description", "place", "target_group", "contact_name",
        "contact_email", "contact_phone")}
    for name in ("own_financial", "own_personal", "own_in_kind"):
        data[name] = f"{getattr(offer, name):.2f}".replace(".", ",")
    for name in ("start_date", "end_date"):
        value = getattr(offer, name)
        data[name] = value.isoformat() if value else ""
    for key, value in (offer.declarations or {}).items():
        if value:
            data[f"declarations-{key}"] = "y"
    for i, r in enumerate(offer.results):
        data.update({f"results-{i}-name": r.name, f"results-{i}-target_value": r.target_value,
                     f"results-{i}-monitoring": r.monitoring})
    for i, c in enumerate(offer.cost_items):
        data.update({f"cost_items-{i}-name": c.name, f"cost_items-{i}-unit": c.unit,
                     f"cost_items-{i}-unit_cost": f"{c.unit_cost:.2f}".replace(".", ","),
                     f"cost_items-{i}-units": f"{c.units}".replace(".", ","),
                     f"cost_items-{i}-grant_part": f"{c.grant_part:.2f}".replace(".", ",")})
    data.update(overrides)
    return data


# ---------------------------------------------------------------- NGO

def test_my_offers_lists_own_organisations_only(world, client):
    mine = make_offer(world, title="Moje warsztaty")
    other = make_offer(world, organisation=world.ngo_y, actor=world.ngo_other,
                       title="Cudze warsztaty")
    login(client, world.ngo_member)
    page = text(client.get("/small-grants/mine"))
    assert f"/small-grants/{mine.id}" in page and "Moje warsztaty" in page
    assert f"/small-grants/{other.id}\"" not in page and "Cudze warsztaty" not in page


def test_new_offer_flow(world, client):
    login(client, world.ngo_admin)
    assert client.get("/small-grants/new").status_code == 200
    r = client.post("/small-grants/new", data={
        "organisation_id": world.ngo_x.id, "organiser_id": world.org_a.id,
        "title": "Warsztaty", "area": "seniorzy"})
    assert r.status_code == 302
    offer = db.session.scalar(select(SmallGrantOffer))
    assert r.headers["Location"].endswith(f"/small-grants/{offer.id}/edit")
    assert (offer.organisation_id, offer.organiser_id, offer.area) == (
        world.ngo_x.id, world.org_a.id, "seniorzy")


@pytest.mark.parametrize("data", [
    {"organisation_id": "abc", "organiser_id": "1", "title": "Wpisany tytuł"},
    {"organisation_id": "999999", "organiser_id": "", "title": "Wpisany tytuł"},
    {"organisation_id": "", "organiser_id": "99999999999", "title": "Wpisany tytuł",
     "area": "nie-ma"},
    {"title": "Wpisany tytuł"},
])
def test_new_offer_bad_input_is_a_message_not_a_500(world, client, data):
    login(client, world.ngo_admin)
    r = client.post("/small-grants/new", data=data)
    assert r.status_code == 422
    assert "Wpisany tytuł" in text(r)
    assert db.session.scalar(select(func.count(SmallGrantOffer.id))) == 0


def test_the_other_organisation_cannot_be_chosen(world, client):
    login(client, world.ngo_other)
    r = client.post("/small-grants/new", data={"organisation_id": world.ngo_x.id,
                                                "organiser_id": world.org_a.id})
    assert r.status_code == 422


def test_edit_bad_numbers_keep_what_was_typed(world, client):
    offer = make_offer(world)
    login(client, world.ngo_admin)
    r = client.post(f"/small-grants/{offer.id}/edit", data=edit_post(
        offer, **{"cost_items-0-unit_cost": "12,345", "cost_items-0-units": "abc",
                  "own_financial": "dużo", "description": "Nowy opis wpisany",
                  "start_date": "31.02.2027"}))
    assert r.status_code == 422
    page = text(r)
    for typed in ("12,345", 'value="abc"', 'value="dużo"', "Nowy opis wpisany",
                  "31.02.2027", "nie został zapisany"):
        assert typed in page, typed
    assert reload(offer.id).description != "Nowy opis wpisany"


def test_service_refusals_land_on_their_fields(world, client):
    offer = make_offer(world)
    login(client, world.ngo_admin)
    r = client.post(f"/small-grants/{offer.id}/edit", data=edit_post(
        offer, **{"cost_items-0-unit_cost": "99 999 999 999,00", "title": "Tytuł zachowany"}))
    assert r.status_code == 422
    page = text(r)
    assert "Liczba jest za duża" in page and "Tytuł zachowany" in page


def test_rows_are_added_and_removed_keeping_input(world, client):
    offer = make_offer(world)
    login(client, world.ngo_admin)
    r = client.post(f"/small-grants/{offer.id}/edit", data=edit_post(
        offer, action="add:cost_items", description="Opis przed dodaniem wiersza"))
    assert r.status_code == 200
    page = text(r)
    assert 'name="cost_items-1-name"' in page and "Opis przed dodaniem wiersza" in page
    assert reload(offer.id).description == "Opis przed dodaniem wiersza"
    # a bad value while adding a row: not saved, the row added anyway, input kept
    r = client.post(f"/small-grants/{offer.id}/edit", data=edit_post(
        reload(offer.id), action="add:results", **{"own_in_kind": "x1"}))
    assert r.status_code == 422
    assert 'name="results-1-name"' in text(r) and 'value="x1"' in text(r)
    # remove the only result
    offer = reload(offer.id)
    r = client.post(f"/small-grants/{offer.id}/edit",
                    data=edit_post(offer, action="remove:results:0"))
    assert r.status_code == 302
    assert reload(offer.id).results == []


def test_check_lists_the_problems_and_file_redirects(world, client):
    offer = make_offer(world, results=[])
    login(client, world.ngo_admin)
    r = client.post(f"/small-grants/{offer.id}/edit", data=edit_post(offer, action="check"))
    assert r.status_code == 200
    page = text(r)
    assert "Podaj co najmniej jeden zakładany rezultat" in page
    assert "Nie wprowadzono planowanej kwoty" in page
    r = client.post(f"/small-grants/{offer.id}/edit", data=edit_post(offer, action="file"))
    assert r.status_code == 302 and r.headers["Location"].endswith("#zlozenie")


def test_filing_from_the_page(world, client, mailbox):
    offer = make_offer(world)
    login(client, world.ngo_admin)
    r = client.post(f"/small-grants/{offer.id}/file", data={})
    assert r.status_code == 422 and "Potwierdź złożenie oferty" in text(r)
    r = client.post(f"/small-grants/{offer.id}/file", data={"confirm": "y"})
    assert r.status_code == 422
    assert "Nie wprowadzono planowanej kwoty" in text(r)
    assert reload(offer.id).status == SmallGrantStatus.DRAFT
    set_plan(world, clock.today().year)
    r = client.post(f"/small-grants/{offer.id}/file", data={"confirm": "y"})
    assert r.status_code == 302
    offer = reload(offer.id)
    assert offer.status == SmallGrantStatus.FILED and offer.sha256
    assert any("Potwierdzenie" in m["Subject"] for m in mailbox)
    r = client.get(f"/small-grants/{offer.id}/edit")
    assert r.status_code == 302   # frozen: back to the offer's page
    page = text(client.get(f"/small-grants/{offer.id}"))
    assert offer.sha256 in page and offer.number in page


def test_withdraw_needs_the_confirmation(world, client):
    set_plan(world, clock.today().year)
    offer = filed_offer(world)
    login(client, world.ngo_admin)
    client.post(f"/small-grants/{offer.id}/withdraw", data={})
    assert reload(offer.id).status == SmallGrantStatus.FILED
    client.post(f"/small-grants/{offer.id}/withdraw", data={"confirm": "y"})
    assert reload(offer.id).status == SmallGrantStatus.WITHDRAWN


def test_drafts_are_hidden_from_officers_and_the_public(world, client):
    draft = make_offer(world)
    for user in (world.officer, world.officer_b, world.ngo_other, world.admin):
        login(client, user)
        assert client.get(f"/small-grants/{draft.id}").status_code == 404
    login(client, world.officer)
    assert client.get(f"/officer/small-grants/{draft.id}").status_code == 404
    assert client.get(f"/male-granty/{draft.id}").status_code == 404


def test_a_filed_offer_is_not_public_before_publication(world, client):
    set_plan(world, clock.today().year)
    offer = filed_offer(world)
    assert client.get(f"/male-granty/{offer.id}").status_code == 404
    assert offer.title not in text(client.get("/male-granty"))


# ---------------------------------------------------------------- officer

def test_officer_flow(world, client, mailbox):
    set_plan(world, 2026)
    offer = make_offer(world)
    with clock.frozen_at(warsaw(2026, 4, 30, 15)):
        from tests.support.smallgrants import file

        file(offer)
    login(client, world.officer)
    url = f"/officer/small-grants/{offer.id}"
    with clock.frozen_at(warsaw(2026, 5, 4, 9)):
        listing = text(client.get("/officer/small-grants"))
        assert offer.number in listing and "12.05.2026" in listing
        r = client.post(url, data={"action": "assess", "purposeful": "no",
                                   "assessment_note": ""})
        assert r.status_code == 422 and "Podaj uzasadnienie" in text(r)
        r = client.post(url, data={"action": "assess", "purposeful": "yes"})
        assert r.status_code == 302
        assert reload(offer.id).status == SmallGrantStatus.PURPOSEFUL
    with clock.frozen_at(warsaw(2026, 5, 13, 9)):
        r = client.post(url, data={"action": "publish", "bip_on": "12.05.2026",
                                   "website_on": "12.05.2026"})
        assert r.status_code == 422
        page = text(r)
        assert "tablicy ogłoszeń" in page and 'value="12.05.2026"' in page
        r = client.post(url, data={"action": "publish", "bip_on": "32.05.2026"})
        assert r.status_code == 422 and 'value="32.05.2026"' in text(r)
        r = client.post(url, data={"action": "publish", "bip_on": "2026-05-12",
                                   "board_on": "12.05.2026", "website_on": "12.05.2026"})
        assert r.status_code == 302
    offer = reload(offer.id)
    assert offer.status == SmallGrantStatus.PUBLISHED and offer.comment_end == date(2026, 5, 19)
    assert offer.publication_delay_days == 0
    with clock.frozen_at(warsaw(2026, 5, 14, 9)):
        comment = sg_comments.submit_comment(offer, author_name="Jan Mieszkaniec",
                                             text="Warto rozszerzyć grupę docelową.")
        db.session.commit()
        assert "Warto rozszerzyć" in text(client.get(url))
        r = client.post(url, data={"action": "approve", "comment_id": "abc"})
        assert r.status_code == 422
        r = client.post(url, data={"action": "approve", "comment_id": str(comment.id)})
        assert r.status_code == 302
        r = client.post(url, data={"action": "consider", "consideration_note": "Za wcześnie"})
        assert r.status_code == 409 and "19.05.2026" in text(r)
        r = client.post(url, data={"action": "contract"})
        assert r.status_code == 409 and "rozpatrzono uwagi" in text(r)
    with clock.frozen_at(warsaw(2026, 5, 20, 9)):
        r = client.post(url, data={"action": "consider", "consideration_note": ""})
        assert r.status_code == 422 and "Opisz, jak rozpatrzono" in text(r)
        r = client.post(url, data={"action": "consider",
                                   "consideration_note": "Grupa docelowa rozszerzona."})
        assert r.status_code == 302
        r = client.post(url, data={"action": "contract"})
        assert r.status_code == 302
        assert reload(offer.id).status == SmallGrantStatus.CONTRACTING
        r = client.post(url, data={"action": "nonsense"})
        assert r.status_code == 400


def test_other_organisers_officer_gets_404(world, client):
    set_plan(world, clock.today().year)
    offer = filed_offer(world)
    login(client, world.officer_b)
    assert client.get(f"/officer/small-grants/{offer.id}").status_code == 404
    assert client.post(f"/officer/small-grants/{offer.id}",
                       data={"action": "assess", "purposeful": "yes"}).status_code == 404
    assert offer.number not in text(client.get("/officer/small-grants"))
    assert reload(offer.id).status == SmallGrantStatus.FILED


# ---------------------------------------------------------------- administrator

def test_admin_enters_year_plans(world, client):
    login(client, world.admin)
    r = client.post("/admin/small-grant-plans", data={
        "executive_body_id": world.org_a.executive_body_id, "year": "2026",
        "planned_total": "2 500 000,00", "note": "Uchwała budżetowa"})
    assert r.status_code == 302
    plan = db.session.scalar(select(SmallGrantYearPlan))
    assert plan.planned_total == D("2500000.00") and plan.year == 2026
    assert plan.executive_body_id == world.org_a.executive_body_id
    page = text(client.get("/admin/small-grant-plans"))
    assert "2\xa0500\xa0000,00\xa0zł" in page and world.org_a.authority in page
    assert ">500\xa0000,00\xa0zł (20\xa0%)" in page   # the mode's cap: 20 % of the plan


@pytest.mark.parametrize("data, typed", [
    ({"year": "dwa tysiące", "planned_total": "100,00"}, "dwa tysiące"),
    ({"year": "1999", "planned_total": "100,00"}, "1999"),
    ({"year": "2026", "planned_total": "sto złotych"}, "sto złotych"),
    ({"year": "2026", "planned_total": "-5,00"}, "-5,00"),
    ({"year": "2026", "planned_total": ""}, "2026"),
])
def test_admin_plan_bad_input_keeps_it(world, client, data, typed):
    login(client, world.admin)
    r = client.post("/admin/small-grant-plans",
                    data={"executive_body_id": world.org_a.executive_body_id, **data})
    assert r.status_code == 422
    assert typed in text(r)
    assert db.session.scalar(select(func.count(SmallGrantYearPlan.id))) == 0


# ---------------------------------------------------------------- the public page

def _token(response) -> str:
    return re.search(r'name="started" type="hidden" value="([^"]+)"',
                     response.get_data(as_text=True)).group(1)


@pytest.fixture
def published(world):
    set_plan(world, 2026)
    with clock.frozen_at(warsaw(2026, 5, 12, 9)):
        return published_offer(world, published_on=date(2026, 5, 12))


def _shown_form(client, offer, when) -> str:
    with clock.frozen_at(when):
        r = client.get(f"/male-granty/{offer.id}")
    assert r.status_code == 200
    return _token(r)


def _comment(client, offer, token, when, **data):
    body = {"author_name": "Jan Mieszkaniec", "email": "", "text": "Popieram tę ofertę.",
            "website": "", "started": token, **data}
    with clock.frozen_at(when):
        return client.post(f"/male-granty/{offer.id}", data=body)


def comments() -> list[SmallGrantComment]:
    db.session.expire_all()
    return list(db.session.scalars(select(SmallGrantComment)))


def test_public_list_and_a_comment_moderated_before_it_is_shown(world, client, published):
    shown = warsaw(2026, 5, 13, 10)
    with clock.frozen_at(shown):
        page = text(client.get("/male-granty"))
    assert published.title in page and "trwa – można zgłaszać uwagi" in page
    token = _shown_form(client, published, shown)
    r = _comment(client, published, token, shown + timedelta(seconds=30),
                 text="Uwaga mieszkańca do oferty.")
    assert r.status_code == 302
    [comment] = comments()
    assert comment.state == CommentState.PENDING
    with clock.frozen_at(shown + timedelta(minutes=1)):
        assert "Uwaga mieszkańca do oferty." not in text(client.get(f"/male-granty/{published.id}"))
        comment.state = CommentState.APPROVED
        db.session.commit()
        assert "Uwaga mieszkańca do oferty." in text(client.get(f"/male-granty/{published.id}"))
    with clock.frozen_at(warsaw(2026, 6, 1)):
        page = text(client.get("/male-granty"))
        assert published.title in page and "zakończony" in page   # recently closed
        detail = text(client.get(f"/male-granty/{published.id}"))
        assert "Okres zgłaszania uwag zakończył się" in detail and 'name="text"' not in detail
    with clock.frozen_at(warsaw(2026, 7, 1)):
        assert published.title not in text(client.get("/male-granty"))
        assert client.get(f"/male-granty/{published.id}").status_code == 200


def test_honeypot_filled_is_refused_silently(world, client, published):
    shown = warsaw(2026, 5, 13, 10)
    token = _shown_form(client, published, shown)
    r = _comment(client, published, token, shown + timedelta(seconds=30),
                 website="http://spam.example")
    assert r.status_code == 302
    assert comments() == []


def test_a_too_fast_submit_is_refused_keeping_the_text(world, client, published):
    shown = warsaw(2026, 5, 13, 10)
    token = _shown_form(client, published, shown)
    r = _comment(client, published, token, shown + timedelta(seconds=1),
                 text="Szybko wpisana uwaga.")
    assert r.status_code == 422
    page = text(r)
    assert "zbyt szybko" in page and "Szybko wpisana uwaga." in page
    assert comments() == []
    # the page gives a fresh token; the person sends it again after a while
    fresh = _token(r)
    r = _comment(client, published, fresh, shown + timedelta(seconds=40),
                 text="Szybko wpisana uwaga.")
    assert r.status_code == 302 and len(comments()) == 1


@pytest.mark.parametrize("token", ["", "nonsense", "eyJvIjoxLCJ0IjoxfQ.bad"])
def test_a_missing_or_forged_token_is_refused(world, client, published, token):
    r = _comment(client, published, token, warsaw(2026, 5, 13, 10))
    assert r.status_code == 422 and "Formularz jest nieprawidłowy" in text(r)
    assert comments() == []


def test_a_token_of_another_offer_or_too_old_is_refused(world, client, published):
    from grants.smallgrants import antispam

    shown = warsaw(2026, 5, 13, 10)
    foreign = antispam.form_token("test-secret", published.id + 1, shown)
    r = _comment(client, published, foreign, shown + timedelta(minutes=1))
    assert r.status_code == 422
    old = _shown_form(client, published, shown)
    r = _comment(client, published, old, shown + timedelta(hours=7))
    assert r.status_code == 422 and "wygasł" in text(r)


@pytest.mark.parametrize("data, typed, message", [
    ({"author_name": "", "text": "Treść zachowana"}, "Treść zachowana", "Podaj imię"),
    ({"email": "zly-adres", "text": "Treść zachowana"}, "zly-adres", "poprawny adres"),
    ({"text": "x" * 4001}, "x" * 4001, "najwyżej 4000"),
])
def test_bad_comment_input_keeps_it(world, client, published, data, typed, message):
    shown = warsaw(2026, 5, 13, 10)
    token = _shown_form(client, published, shown)
    r = _comment(client, published, token, shown + timedelta(seconds=30), **data)
    assert r.status_code == 422
    page = text(r)
    assert typed in page and message.lower() in page.lower()
    assert comments() == []


def test_comments_after_the_period_are_refused(world, client, published):
    shown = warsaw(2026, 5, 19, 23, 59, 0)
    token = _shown_form(client, published, shown)
    r = _comment(client, published, token, warsaw(2026, 5, 20, 0, 0, 5),
                 text="Spóźniona uwaga.")
    assert r.status_code == 409
    page = text(r)
    assert "uwag nie można już zgłaszać" in page
    assert comments() == []


def test_the_rate_limit(world, client, published):
    shown = warsaw(2026, 5, 13, 10)
    token = _shown_form(client, published, shown)
    statuses = [_comment(client, published, token, shown + timedelta(seconds=30),
                         website="bot").status_code for _ in range(6)]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429
    assert client.get(f"/male-granty/{published.id}").status_code == 200   # reading is free


def test_csrf_is_required(world, client, published, app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    shown = warsaw(2026, 5, 13, 10)
    token = _shown_form(client, published, shown)
    r = _comment(client, published, token, shown + timedelta(seconds=30))
    assert r.status_code == 400
    assert comments() == []
