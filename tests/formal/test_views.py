"""Formal check pages: the officer's list and form (bad input keeps what was typed, never a
500), the offeror's offer page (outcome, reasons, due date, the correction), access."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest

from grants.core import clock
from grants.extensions import db
from grants.formal import queries
from grants.formal.models import FormalCheck, FormalOutcome
from grants.offers.models import VersionState
from tests.support.formal import accept, offer_of_x, offer_of_y, past_deadline, to_complete
from tests.support.offers import login_as, make_offer


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def check_of(offer) -> FormalCheck | None:
    db.session.expire_all()
    return queries.check_of(offer)


def items_post(*values, notes=(), **extra) -> dict:
    data = {}
    for i, value in enumerate(values):
        if value is not None:
            data[f"items-{i}-passed"] = value
        data[f"items-{i}-note"] = notes[i] if i < len(notes) else ""
    data.update(extra)
    return data


# ---------------------------------------------------------------- the officer's list

def test_list_shows_every_filed_offer_with_its_status(world, client):
    x = offer_of_x(world)
    y = offer_of_y(world)
    draft = make_offer(world, title="Szkic niewidoczny")
    past_deadline(world.competition)
    check = to_complete(x, world.officer)
    login_as(client, world.officer)
    r = client.get(f"/officer/competitions/{world.competition.id}/formal")
    assert r.status_code == 200
    page = text(r)
    assert f"/officer/offers/{x.id}/formal" in page and f"/officer/offers/{y.id}/formal" in page
    assert f"/officer/offers/{draft.id}/formal" not in page
    assert "wezwano do uzupełnienia" in page and "nie rozpoczęto" in page
    assert check.due_date.strftime("%d.%m.%Y") in page
    assert "Stowarzyszenie Pomocy Bliźniemu" in page and "Fundacja Inna" in page


def test_list_before_the_deadline_says_when_the_check_starts(world, client):
    offer_of_x(world)
    login_as(client, world.officer)
    page = text(client.get(f"/officer/competitions/{world.competition.id}/formal"))
    assert "rozpocznie się po terminie składania ofert" in page


def test_staff_detail_links_the_formal_check(world, client):
    login_as(client, world.officer)
    page = text(client.get(f"/officer/competitions/{world.competition.id}"))
    assert f"/officer/competitions/{world.competition.id}/formal" in page


# ---------------------------------------------------------------- the form

def test_form_shows_each_item_as_a_fieldset_with_its_legend(world, client):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    login_as(client, world.officer)
    r = client.get(f"/officer/offers/{offer.id}/formal")
    assert r.status_code == 200
    page = text(r)
    assert page.count("<fieldset") == 2 and "1. Oferta złożona w terminie</legend>" in page
    assert 'name="items-0-passed"' in page and 'for="items-1-note"' in page
    assert f"/offers/{offer.id}?v=1" in page
    assert check_of(offer) is None  # a GET creates nothing


def test_save_items_then_accept(world, client, mailbox):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    login_as(client, world.officer)
    url = f"/officer/offers/{offer.id}/formal"
    r = client.post(url, data=items_post("pass", None, notes=("W terminie", ""),
                                         action="save"))
    assert r.status_code == 302
    check = check_of(offer)
    assert [i.passed for i in check.items] == [True, None]
    assert check.items[0].note == "W terminie"
    page = text(client.get(url))
    assert "W terminie</textarea>" in page
    mailbox.clear()
    r = client.post(url, data=items_post("pass", "pass", action="accept"))
    assert r.status_code == 302
    assert check_of(offer).outcome == FormalOutcome.ACCEPTED
    assert len(mailbox) == 1
    page = text(client.get(url, follow_redirects=True))
    assert "przyjęta – spełnia wymogi formalne" in page and "<fieldset" not in page


@pytest.mark.parametrize("data, status, message, kept", [
    # accept with a failed item: refused, the typed note kept
    (items_post("pass", "fail", notes=("", "Brak podpisu Jana Nowaka"), action="accept"),
     422, "Oferty nie można przyjąć", "Brak podpisu Jana Nowaka"),
    # accept with an item not judged
    (items_post("pass", None, notes=("Notatka urzędnika",), action="accept"),
     422, "Nieocenione", "Notatka urzędnika"),
    # reject without reasons
    (items_post("fail", "pass", notes=("Po terminie?",), action="reject", reasons="",
                understood="y"),
     422, "Podaj przyczyny odrzucenia", "Po terminie?"),
    # to complete with a date in the past, the reasons kept
    (items_post("fail", "pass", action="to_complete", reasons="Dołącz statut",
                due_date="01.01.2020"), 422, "po dniu dzisiejszym", "Dołącz statut"),
    # to complete with a date that does not exist: the typed text kept
    (items_post("fail", "pass", action="to_complete", reasons="Dołącz statut",
                due_date="31.02.2027"), 422, "dd.mm.rrrr", "31.02.2027"),
    # a forged radio value
    (items_post("maybe", "pass", notes=("Uwaga X",), action="save"), 422,
     "spełnia albo nie spełnia", "Uwaga X"),
    # a forged extra item
    (items_post("pass", "pass", "pass", action="save"), 422, "odśwież", None),
    # a note over the limit
    (items_post("pass", "pass", notes=("x" * 2001,), action="save"), 422, "Najwyżej 2000",
     None),
])
def test_bad_input_keeps_what_was_typed(world, client, data, status, message, kept):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    login_as(client, world.officer)
    r = client.post(f"/officer/offers/{offer.id}/formal", data=data)
    assert r.status_code == status
    page = text(r)
    assert message in page
    if kept:
        assert kept in page
    check = check_of(offer)
    assert check is None or check.outcome == FormalOutcome.PENDING


def test_an_unknown_action_only_saves(world, client):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    login_as(client, world.officer)
    r = client.post(f"/officer/offers/{offer.id}/formal",
                    data=items_post("pass", "pass", action="<script>"))
    assert r.status_code == 302
    assert check_of(offer).outcome == FormalOutcome.PENDING


def test_to_complete_with_the_default_due_date(world, client, mailbox):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    login_as(client, world.officer)
    page = text(client.get(f"/officer/offers/{offer.id}/formal"))
    from grants.formal.services import default_due_date

    default = default_due_date(world.competition)
    assert f'value="{default.isoformat()}"' in page
    mailbox.clear()
    r = client.post(f"/officer/offers/{offer.id}/formal",
                    data=items_post("fail", "pass", action="to_complete",
                                    reasons="Dołącz podpis skarbnika", due_date=""))
    assert r.status_code == 302
    check = check_of(offer)
    assert check.outcome == FormalOutcome.TO_COMPLETE and check.due_date == default
    assert len(mailbox) == 1


def test_before_the_deadline_the_form_is_not_offered_and_a_post_is_refused(world, client):
    offer = offer_of_x(world)
    login_as(client, world.officer)
    url = f"/officer/offers/{offer.id}/formal"
    page = text(client.get(url))
    assert "rozpocznie się po terminie" in page and "<fieldset" not in page
    r = client.post(url, data=items_post("pass", "pass", action="accept"))
    assert r.status_code == 409 and check_of(offer) is None


def test_a_final_outcome_cannot_be_changed(world, client):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    accept(offer, world.officer)
    login_as(client, world.officer)
    r = client.post(f"/officer/offers/{offer.id}/formal",
                    data=items_post("fail", "fail", action="reject", reasons="Zmiana",
                                    understood="y"))
    assert r.status_code == 409 and "zakończona" in text(r)
    assert check_of(offer).outcome == FormalOutcome.ACCEPTED


@pytest.mark.parametrize("who, status", [("officer_b", 404), ("ngo_admin", 403),
                                         ("ngo_other", 404), ("committee", 404),
                                         ("admin", 404)])
def test_nobody_else_posts_a_check(world, client, who, status):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    login_as(client, getattr(world, who))
    r = client.post(f"/officer/offers/{offer.id}/formal",
                    data=items_post("pass", "pass", action="accept"))
    assert r.status_code == status and check_of(offer) is None


@pytest.mark.parametrize("who, status", [("officer_b", 404), ("ngo_admin", 403),
                                         ("committee", 403), ("admin", 403)])
def test_the_list_is_the_organisers_officers(world, client, who, status):
    login_as(client, getattr(world, who))
    assert client.get(
        f"/officer/competitions/{world.competition.id}/formal").status_code == status


def test_missing_objects_are_404(world, client):
    login_as(client, world.officer)
    assert client.get("/officer/offers/999999/formal").status_code == 404
    assert client.get("/officer/competitions/999999/formal").status_code == 404
    assert client.get("/officer/offers/99999999999/formal").status_code == 404
    draft = make_offer(world)
    assert client.get(f"/officer/offers/{draft.id}/formal").status_code == 404


# ---------------------------------------------------------------- the offeror's side

def test_the_offeror_sees_the_outcome_and_files_the_correction(world, client, mailbox):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = to_complete(offer, world.officer, reasons="Dołącz podpis skarbnika.\nI statut.")
    login_as(client, world.ngo_member)
    page = text(client.get(f"/offers/{offer.id}"))
    assert "Wezwanie do uzupełnienia oferty" in page
    assert "Dołącz podpis skarbnika.<br>I statut." in page
    assert check.due_date.strftime("%d.%m.%Y") in page and "23:59:59" in page
    assert f'action="/offers/{offer.id}/correction"' in page
    assert f"/offers/{offer.id}/withdraw" not in page  # nothing else reopens

    r = client.post(f"/offers/{offer.id}/correction")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/offers/{offer.id}/edit")
    edit = text(client.get(f"/offers/{offer.id}/edit"))
    assert "Uzupełnienie oferty na wezwanie w ocenie formalnej" in edit
    assert 'name="action" value="save"' in edit  # editable
    page = text(client.get(f"/offers/{offer.id}"))
    assert "Edytuj uzupełnienie" in page and "Złóż uzupełnienie" not in page  # the admin's act
    login_as(client, world.ngo_admin)
    page = text(client.get(f"/offers/{offer.id}"))
    assert "Złóż uzupełnienie" in page and "Edytuj uzupełnienie" in page
    signers = [str(r.id) for r in offer.organisation.representatives]
    assert "Złóż ofertę</button>" in text(client.get(f"/offers/{offer.id}/file"))
    r = client.post(f"/offers/{offer.id}/file", data={"signed_by": signers, "confirm": "y"})
    assert r.status_code == 302
    db.session.expire_all()
    assert [v.state for v in offer.versions] == [VersionState.SUPERSEDED, VersionState.FILED]
    page = text(client.get(f"/offers/{offer.id}"))
    assert "Czeka na ponowną ocenę" in page
    assert f'action="/offers/{offer.id}/correction"' not in page
    # the officer sees the correction to judge
    login_as(client, world.officer)
    page = text(client.get(f"/officer/offers/{offer.id}/formal"))
    assert "Oferent złożył uzupełnienie (wersja 2)" in page
    r = client.post(f"/officer/offers/{offer.id}/formal",
                    data=items_post("pass", "pass", action="accept"))
    assert r.status_code == 302
    login_as(client, world.ngo_member)
    assert "Oferta spełnia wymogi formalne" in text(client.get(f"/offers/{offer.id}"))


def test_after_the_due_date_the_offeror_sees_it_passed(world, client):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = to_complete(offer, world.officer)
    clock.set_now(clock.local_instant(check.due_date) + timedelta(seconds=1))
    login_as(client, world.ngo_admin)
    page = text(client.get(f"/offers/{offer.id}"))
    assert "Termin uzupełnienia minął" in page and "/correction" not in page
    r = client.post(f"/offers/{offer.id}/correction", follow_redirects=True)
    assert "Termin uzupełnienia oferty minął" in text(r)
    r = client.get(f"/offers/{offer.id}/edit")
    assert "Termin uzupełnienia oferty minął" in text(r)


def test_the_rejection_and_its_reasons_are_shown_at_once(world, client):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    from tests.support.formal import reject

    reject(offer, world.officer, reasons="Oferta złożona przez podmiot nieuprawniony.")
    login_as(client, world.ngo_admin)
    page = text(client.get(f"/offers/{offer.id}"))
    assert "odrzucona z przyczyn formalnych" in page
    assert "Oferta złożona przez podmiot nieuprawniony." in page


def test_no_correction_button_without_a_request(world, client):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    login_as(client, world.ngo_admin)
    page = text(client.get(f"/offers/{offer.id}"))
    assert "Oferta czeka na ocenę formalną" in page and "/correction" not in page
    r = client.post(f"/offers/{offer.id}/correction", follow_redirects=True)
    assert "tylko na wezwanie" in text(r)


@pytest.mark.parametrize("who, status", [("officer", 403), ("officer_b", 404),
                                         ("ngo_other", 404), ("committee", 404)])
def test_only_the_offeror_starts_a_correction(world, client, who, status):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    to_complete(offer, world.officer)
    login_as(client, getattr(world, who))
    assert client.post(f"/offers/{offer.id}/correction").status_code == status
    db.session.expire_all()
    assert len(offer.versions) == 1


def test_the_officer_sees_the_panel_with_a_link_to_the_check(world, client):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    login_as(client, world.officer)
    page = text(client.get(f"/offers/{offer.id}"))
    assert f"/officer/offers/{offer.id}/formal" in page


def test_rejecting_needs_confirmation_naming_the_consequence(world, client, mailbox):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    login_as(client, world.officer)
    url = f"/officer/offers/{offer.id}/formal"
    page = text(client.get(url))
    assert "odrzuconej oferty nie można przywrócić" in page
    assert 'aria-describedby="understood-consequence"' in page
    mailbox.clear()
    data = items_post("fail", "pass", action="reject", reasons="Po terminie")
    r = client.post(url, data=data)
    assert r.status_code == 422 and "zaznacz „Rozumiem”" in text(r)
    assert "Po terminie" in text(r)                              # what was typed is kept
    check = check_of(offer)
    assert (check is None or check.outcome == FormalOutcome.PENDING) and not mailbox
    assert client.post(url, data={**data, "understood": "y"}).status_code == 302
    assert check_of(offer).outcome == FormalOutcome.REJECTED and len(mailbox) == 1
