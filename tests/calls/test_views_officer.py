"""The officer's pages: access, the draft form (bad input, rows), publication, corrections,
documents."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from grants.auth.models import StaffRole, StaffRoleKind
from grants.calls.catalogue import STATUTORY_CRITERIA
from grants.calls.models import CallStatus, Competition
from grants.core import clock
from grants.extensions import db
from grants.procedures.models import ProcedureDocument, Publication
from tests.conftest import login
from tests.support import files
from tests.support.awards import awarded
from tests.support.calls import form_payload, make_draft, publish_on
from tests.support.factories import make_competition, make_organiser


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def _draft_count() -> int:
    return db.session.scalar(select(func.count(Competition.id)).where(
        Competition.status == CallStatus.DRAFT))


# --- access -----------------------------------------------------------------------------------

ROUTES = [
    ("GET", "/officer/competitions"),
    ("GET", "/officer/competitions/new"),
    ("GET", "/officer/competitions/{draft}"),
    ("GET", "/officer/competitions/{draft}/edit"),
    ("POST", "/officer/competitions/{draft}/edit"),
    ("GET", "/officer/competitions/{published}/correct"),
    ("POST", "/officer/competitions/{draft}/publish"),
    ("POST", "/officer/competitions/{draft}/documents"),
    ("GET", "/officer/competitions/{draft}/documents/{doc}"),
    ("POST", "/officer/competitions/{draft}/documents/{doc}/delete"),
]
LIST_ROUTES = {"/officer/competitions", "/officer/competitions/new"}

# role -> expected status on the list pages, and on pages of organiser A's competitions
ROLES = [
    ("anonymous", 302, 302),
    ("ngo_admin", 403, 403),
    ("committee", 403, 403),
    ("finance", 403, 403),
    ("admin", 403, 403),
    ("officer_b", 200, 404),
    ("officer", 200, 200),
]


@pytest.mark.parametrize(("role", "list_status", "object_status"), ROLES)
@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_officer_pages_access(client, world, role, list_status, object_status, method, route):
    draft = make_draft(world)
    doc = draft.documents.append(ProcedureDocument(title="Regulamin", stored_file=_stored()))
    db.session.commit()
    doc = draft.documents[0]
    url = route.format(draft=draft.id, published=world.competition.id, doc=doc.id)
    if role != "anonymous":
        login(client, getattr(world, role))
    response = client.open(url, method=method, data={})
    expected = list_status if route in LIST_ROUTES else object_status
    if expected == 200:  # allowed: a page, or a redirect after a POST
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == expected
        if expected == 302:
            assert "/login" in response.headers["Location"]


def _stored():
    from grants.documents.models import StoredFile

    return StoredFile.from_bytes("regulamin.pdf", "application/pdf", b"%PDF-1.4")


def test_manage_lists_only_the_officers_organisers(client, world):
    make_competition(world.org_b, title="Konkurs Gdyni")
    draft = make_draft(world, title="Szkic MOPS")
    login(client, world.officer)
    page = client.get("/officer/competitions").text
    assert "Szkic MOPS" in page and world.competition.title in page
    assert "Konkurs Gdyni" not in page
    assert 'href="/officer/competitions/new"' in page
    assert f"/officer/competitions/{draft.id}/edit" in page
    assert "szkic" in page and "przyjmowanie ofert" in page


# --- the draft form ---------------------------------------------------------------------------

def test_new_form_has_sensible_defaults(client, world):
    login(client, world.officer)
    page = client.get("/officer/competitions/new").text
    for point in range(1, 7):
        assert f'name="criteria-{point - 1}-statutory_point"' in page
    assert 'name="criteria-6-statutory_point"' not in page
    assert 'id="max_grant_pct"' in page and 'value="80"' in page
    assert "Oferta została złożona w terminie" in page
    assert 'name="organiser_id"' not in page  # one organiser: nothing to choose


def test_create_draft_through_the_form(client, world):
    login(client, world.officer)
    response = client.post("/officer/competitions/new", data=form_payload())
    assert response.status_code == 302
    competition = db.session.scalars(select(Competition).where(
        Competition.status == CallStatus.DRAFT)).one()
    assert response.headers["Location"].endswith(f"/officer/competitions/{competition.id}")
    assert competition.organiser_id == world.org_a.id
    assert competition.offer_deadline == clock.local_instant(date(2026, 12, 28),
                                                             datetime(1, 1, 1, 12).time())
    assert competition.tasks[0].funds == Decimal("120000.00")
    assert competition.tasks[0].max_grant == Decimal("60000.00")
    assert len(competition.criteria) == 6
    assert competition.required_attachments[0].mandatory is False
    assert competition.min_own_pct == Decimal("10.00")


BAD_INPUTS = [
    pytest.param({"tasks-0-funds": "abc"}, "„abc” nie jest kwotą", "abc", id="abc in funds"),
    pytest.param({"title": ""}, "Podaj tytuł konkursu.", None, id="empty title"),
    pytest.param({"deadline_date": "2026-12-01"}, "Termin składania ofert musi przypadać w "
                 "przyszłości.", "2026-12-01", id="deadline in the past"),
    pytest.param({"deadline_date": "31.12.2026"}, "Podaj datę w formacie RRRR-MM-DD",
                 "31.12.2026", id="date typed the Polish way"),
    pytest.param({"deadline_time": "25:00"}, "Podaj godzinę w formacie GG:MM", "25:00",
                 id="bad hour"),
    pytest.param({"completion_days": "siedem"}, "Podaj liczbę całkowitą.", "siedem",
                 id="days not a number"),
    pytest.param({"max_grant_pct": "dużo"}, "„dużo” nie jest liczbą", "dużo",
                 id="share not a number"),
    pytest.param({"tasks-0-min_grant": "70 000"}, "Minimalna dotacja nie może być większa "
                 "niż maksymalna.", "70 000", id="min grant above max"),
    pytest.param({"tasks-0-end_date": "2026-12-31"}, "Zadanie nie może się kończyć przed "
                 "dniem rozpoczęcia.", "2026-12-31", id="task ends before it starts"),
    pytest.param({"mode": "powierzenie"}, "można stosować tylko w trybie wspierania",
                 'value="powierzenie"', id="criterion 4 in powierzenie"),
    pytest.param({"criteria-2-max_points": "-5"}, "Liczba nie może być ujemna.", "-5",
                 id="negative points"),
    pytest.param({"area": "kosmos"}, "Wybierz jedną z dostępnych pozycji.", None,
                 id="unknown area"),
    pytest.param({"deadline_date": "2026-12-26"}, "26.12.2026 to święto (Drugi dzień Bożego "
                 "Narodzenia) - potwierdź, że termin ma tak przypadać.", "2026-12-26",
                 id="deadline on a holiday, not confirmed"),
    pytest.param({"tie_break_point": "7"}, "Wybierz jedną z dostępnych pozycji.", None,
                 id="unknown tie-break point"),
    pytest.param({"same_kind_tasks-0-year": "2026", "same_kind_tasks-0-name": "Posiłki",
                  "same_kind_tasks-0-total_cost": "1 000", "same_kind_tasks-0-grant": "2 000"},
                 "Dotacja nie może być większa niż koszt zadania.", "2 000",
                 id="same-kind grant above cost"),
]


@pytest.mark.parametrize(("change", "message", "kept"), BAD_INPUTS)
def test_bad_input_is_explained_and_kept(client, world, change, message, kept):
    login(client, world.officer)
    response = client.post("/officer/competitions/new", data=form_payload(**change))
    assert response.status_code == 200
    page = response.text
    assert message in page
    assert "Nie zapisano – popraw błędy" in page
    if kept:
        assert kept in page
    assert "Obiady 7 dni w tygodniu" in page  # the rest of what was typed is still there
    assert _draft_count() == 0


def test_edit_form_bad_input_keeps_values(client, world):
    draft = make_draft(world)
    login(client, world.officer)
    response = client.post(f"/officer/competitions/{draft.id}/edit", data=form_payload(**{
        "tasks-0-row_id": str(draft.tasks[0].id), "tasks-0-funds": "sto tysięcy",
        "title": "Nowy tytuł"}))
    assert response.status_code == 200
    assert "„sto tysięcy” nie jest kwotą" in response.text
    assert 'value="Nowy tytuł"' in response.text
    db.session.expire_all()
    assert db.session.get(Competition, draft.id).title == "Posiłki dla osób w kryzysie bezdomności"


def test_add_row_keeps_everything_typed(client, world):
    login(client, world.officer)
    response = client.post("/officer/competitions/new", data=form_payload(**{
        "action": "add:tasks", "tasks-0-funds": "abc", "title": "Mój tytuł"}))
    assert response.status_code == 200
    page = response.text
    assert 'name="tasks-1-title"' in page
    assert 'value="abc"' in page and 'value="Mój tytuł"' in page
    assert "Nie zapisano" not in page  # adding a row is not a save: no error messages yet
    assert _draft_count() == 0


@pytest.mark.parametrize("group", ["criteria", "checklist", "required_attachments",
                                   "same_kind_tasks"])
def test_add_row_in_every_group(client, world, group):
    login(client, world.officer)
    payload = form_payload(action=f"add:{group}")
    count = len({k.split("-")[1] for k in payload if k.startswith(group + "-")})
    page = client.post("/officer/competitions/new", data=payload).text
    assert f'name="{group}-{count}-' in page
    assert f'name="{group}-{count + 1}-' not in page


def test_remove_row_keeps_the_other_rows(client, world):
    login(client, world.officer)
    payload = form_payload(**{"action": "remove:criteria:1", "criteria-3-name": "Moje kryterium",
                              "criteria-3-max_points": "12,5"})
    page = client.post("/officer/competitions/new", data=payload).text
    assert f'value="{STATUTORY_CRITERIA[2]}"' not in page
    assert f'value="{STATUTORY_CRITERIA[1]}"' in page and f'value="{STATUTORY_CRITERIA[3]}"' in page
    assert 'name="criteria-4-name"' in page and 'name="criteria-5-name"' not in page
    assert 'value="Moje kryterium"' in page and 'value="12,5"' in page
    # and saving afterwards stores the five remaining criteria in their order
    payload = form_payload()
    for key in [k for k in payload if k.startswith("criteria-1-")]:
        del payload[key]
    client.post("/officer/competitions/new", data=payload)
    competition = db.session.scalars(select(Competition).where(
        Competition.status == CallStatus.DRAFT)).one()
    assert [c.statutory_point for c in competition.criteria] == [1, 3, 4, 5, 6]


def test_blank_rows_are_dropped_on_save(client, world):
    login(client, world.officer)
    response = client.post("/officer/competitions/new", data=form_payload(**{
        "checklist-2-text": "", "same_kind_tasks-0-year": "", "same_kind_tasks-0-name": ""}))
    assert response.status_code == 302
    competition = db.session.scalars(select(Competition).where(
        Competition.status == CallStatus.DRAFT)).one()
    assert len(competition.checklist) == 2 and competition.same_kind_tasks == []


def test_fill_same_kind_from_history_button(client, world):
    awarded(world, world.competition, "40000.00")
    world.competition.status = CallStatus.DECIDED
    db.session.commit()
    login(client, world.officer)
    page = client.post("/officer/competitions/new", data=form_payload(
        action="fill_same_kind", title="Zachowany tytuł")).text
    assert 'value="Schronienie i posiłki dla osób w kryzysie bezdomności – Schronienie i posiłki"' in page
    # the cost of the funded offer and the grant awarded - not the task's funds (100 000)
    assert 'name="same_kind_tasks-0-total_cost"' in page and 'value="50\xa0000,00"' in page
    assert 'name="same_kind_tasks-0-grant"' in page and 'value="40\xa0000,00"' in page
    assert 'value="100\xa0000,00"' not in page
    assert f'value="{world.competition.id}"' in page  # the source, kept in a hidden input
    assert 'value="Zachowany tytuł"' in page
    assert "Uzupełniono tabelę" in page
    assert _draft_count() == 0


def test_fill_same_kind_with_no_history(client, world):
    login(client, world.officer)
    page = client.post("/officer/competitions/new", data=form_payload(
        action="fill_same_kind", area="kultura")).text
    assert "nie ma zadań tego samego rodzaju z lat 2025–2026" in page


def test_officer_of_two_organisers_chooses(client, world):
    db.session.add(StaffRole(user_id=world.officer.id, organiser_id=world.org_b.id,
                             role=StaffRoleKind.OFFICER))
    db.session.commit()
    login(client, world.officer)
    assert 'name="organiser_id"' in client.get("/officer/competitions/new").text
    response = client.post("/officer/competitions/new",
                           data=form_payload(organiser_id=str(world.org_b.id)))
    assert response.status_code == 302
    assert db.session.scalars(select(Competition.organiser_id).where(
        Competition.status == CallStatus.DRAFT)).one() == world.org_b.id
    other = make_organiser("OBCY")
    db.session.commit()
    response = client.post("/officer/competitions/new",
                           data=form_payload(organiser_id=str(other.id)))
    assert response.status_code == 200
    assert "Wybierz jedną z dostępnych pozycji." in response.text


def test_edit_saves_a_draft(client, world):
    draft = make_draft(world)
    login(client, world.officer)
    page = client.get(f"/officer/competitions/{draft.id}/edit").text
    assert 'value="120\xa0000,00"' in page and f'value="{draft.tasks[0].id}"' in page
    payload = form_payload(**{"tasks-0-row_id": str(draft.tasks[0].id), "tasks-0-funds": "90000"})
    assert client.post(f"/officer/competitions/{draft.id}/edit", data=payload).status_code == 302
    db.session.expire_all()
    draft = db.session.get(Competition, draft.id)
    assert draft.tasks[0].funds == Decimal("90000.00")


def test_edit_of_a_published_call_leads_to_the_correction(client, world):
    login(client, world.officer)
    response = client.get(f"/officer/competitions/{world.competition.id}/edit")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/officer/competitions/{world.competition.id}/correct")


# --- publication ------------------------------------------------------------------------------

def test_publish_refused_with_the_reasons(client, world):
    draft = make_draft(world, tasks=[])
    login(client, world.officer)
    response = client.post(f"/officer/competitions/{draft.id}/publish", data={
        "bip_on": "2026-12-10", "board_on": "2026-12-10", "website_on": "2026-12-10"})
    assert response.status_code == 200
    page = response.text
    assert "Nie opublikowano ogłoszenia" in page
    assert "Ogłoszenie nie zawiera żadnego zadania." in page
    assert "nie wcześniej niż 31.12.2026" in page
    assert 'value="2026-12-10"' in page
    db.session.expire_all()
    assert db.session.get(Competition, draft.id).status == CallStatus.DRAFT


def test_publish_with_missing_date(client, world):
    draft = make_draft(world)
    login(client, world.officer)
    response = client.post(f"/officer/competitions/{draft.id}/publish", data={
        "bip_on": "2026-12-03", "board_on": "", "website_on": "jutro"})
    assert response.status_code == 200
    assert "Podaj datę wywieszenia na tablicy ogłoszeń." in response.text
    assert "Podaj datę w formacie dd.mm.rrrr." in response.text
    assert 'value="jutro"' in response.text


def test_publish(client, world):
    draft = make_draft(world)
    login(client, world.officer)
    response = client.post(f"/officer/competitions/{draft.id}/publish", data={
        "bip_on": "2026-12-03", "board_on": "2026-12-03", "website_on": "2026-12-02"})
    assert response.status_code == 302
    db.session.expire_all()
    draft = db.session.get(Competition, draft.id)
    assert draft.status == CallStatus.PUBLISHED and draft.version == 1
    assert client.get(f"/konkursy/{draft.id}").status_code == 200
    again = client.post(f"/officer/competitions/{draft.id}/publish", data={
        "bip_on": "2026-12-03", "board_on": "2026-12-03", "website_on": "2026-12-03"})
    assert again.status_code == 302  # already published: back to the page with a message
    assert len(draft.procedure.publications) == 1


# --- corrections ------------------------------------------------------------------------------

def _published(world):
    competition = make_draft(world)
    publish_on(competition, world.officer, date(2026, 12, 3))
    return competition


def _correction_payload(competition, **changes):
    payload = form_payload(**{"tasks-0-row_id": str(competition.tasks[0].id)})
    for i, c in enumerate(competition.criteria):
        payload[f"criteria-{i}-row_id"] = str(c.id)
    for i, c in enumerate(competition.checklist):
        payload[f"checklist-{i}-row_id"] = str(c.id)
    payload["required_attachments-0-row_id"] = str(competition.required_attachments[0].id)
    payload.update(changes)
    return payload


def test_correction_through_the_form_is_published(client, world):
    competition = _published(world)
    login(client, world.officer)
    page = client.get(f"/officer/competitions/{competition.id}/correct").text
    assert "Powód sprostowania" in page and 'value="120\xa0000,00"' in page
    response = client.post(f"/officer/competitions/{competition.id}/correct",
                           data=_correction_payload(competition, **{
                               "reason": "Zwiększono środki", "tasks-0-funds": "150 000"}))
    assert response.status_code == 302
    version = db.session.scalars(select(Publication).where(Publication.number == 2)).one()
    assert version.changes == [{"field": "tasks.1.funds", "label": "Zadanie 1: wysokość środków",
                                "before": "120\xa0000,00\xa0zł", "after": "150\xa0000,00\xa0zł"}]
    public = client.get(f"/konkursy/{competition.id}").text
    assert "Sprostowania" in public and "Zwiększono środki" in public
    assert "Zadanie 1: wysokość środków" in public
    assert "120\xa0000,00\xa0zł" in public and "150\xa0000,00\xa0zł" in public


def test_correction_without_reason_keeps_input(client, world):
    competition = _published(world)
    login(client, world.officer)
    response = client.post(f"/officer/competitions/{competition.id}/correct",
                           data=_correction_payload(competition, **{"tasks-0-funds": "150 000"}))
    assert response.status_code == 200
    assert "Podaj powód sprostowania." in response.text
    assert 'value="150 000"' in response.text


def test_correction_breaking_the_21_days_is_refused_in_the_form(client, world):
    competition = _published(world)
    login(client, world.officer)
    response = client.post(f"/officer/competitions/{competition.id}/correct",
                           data=_correction_payload(competition, reason="Krótszy termin",
                                                    deadline_date="2026-12-23"))
    assert response.status_code == 200
    assert "nie wcześniej niż 24.12.2026" in response.text
    assert 'value="2026-12-23"' in response.text
    assert len(competition.versions) == 1


def test_correction_after_the_deadline_is_refused_in_the_form(client, world):
    competition = _published(world)
    login(client, world.officer)
    with clock.frozen_at(datetime(2026, 12, 29, 9, 0, tzinfo=clock.WARSAW)):
        response = client.get(f"/officer/competitions/{competition.id}/correct")
        assert response.status_code == 302
        page = client.get(response.headers["Location"]).text
    assert "Tego ogłoszenia nie można już sprostować" in page


# --- documents --------------------------------------------------------------------------------

def test_upload_download_and_delete_a_document(client, world):
    draft = make_draft(world)
    login(client, world.officer)
    response = client.post(f"/officer/competitions/{draft.id}/documents", data={
        "title": "Regulamin", "file": (io.BytesIO(b"%PDF-1.4 regulamin"), "regulamin.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    doc = db.session.scalars(select(ProcedureDocument)).one()
    page = client.get(f"/officer/competitions/{draft.id}").text
    assert "Regulamin" in page and "regulamin.pdf" in page
    download = client.get(f"/officer/competitions/{draft.id}/documents/{doc.id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 regulamin"
    assert download.mimetype == "application/pdf"
    assert client.get(f"/konkursy/{draft.id}/dokumenty/{doc.id}").status_code == 404  # draft
    assert client.post(f"/officer/competitions/{draft.id}/documents/{doc.id}/delete") \
        .status_code == 302
    assert _count(ProcedureDocument) == 0


@pytest.mark.parametrize(("filename", "message"), [
    ("program.exe", "Niedozwolony rodzaj pliku"),
    ("pusty.pdf", "Wybierz niepusty plik."),
])
def test_upload_refused(client, world, filename, message):
    draft = make_draft(world)
    login(client, world.officer)
    data = b"" if filename == "pusty.pdf" else b"MZ"
    response = client.post(f"/officer/competitions/{draft.id}/documents", data={
        "title": "Mój tytuł", "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert message in response.text and 'value="Mój tytuł"' in response.text
    assert _count(ProcedureDocument) == 0


def test_upload_without_file(client, world):
    draft = make_draft(world)
    login(client, world.officer)
    response = client.post(f"/officer/competitions/{draft.id}/documents", data={"title": "X"})
    assert response.status_code == 200
    assert "Wybierz niepusty plik." in response.text


def test_documents_of_a_published_call_stay(client, world):
    login(client, world.officer)
    competition = world.competition
    client.post(f"/officer/competitions/{competition.id}/documents", data={
        "file": (io.BytesIO(files.docx()), "wzor-oferty.docx")}, content_type="multipart/form-data")
    doc = db.session.scalars(select(ProcedureDocument)).one()
    response = client.post(f"/officer/competitions/{competition.id}/documents/{doc.id}/delete")
    assert response.status_code == 302
    assert "nie można usuwać" in client.get(response.headers["Location"]).text
    assert _count(ProcedureDocument) == 1
    public = client.get(f"/konkursy/{competition.id}/dokumenty/{doc.id}")
    assert public.status_code == 200 and public.data == files.docx()


def test_document_of_another_competition_is_404(client, world):
    draft = make_draft(world)
    draft.documents.append(ProcedureDocument(title="Regulamin", stored_file=_stored()))
    db.session.commit()
    doc = draft.documents[0]
    login(client, world.officer)
    assert client.get(f"/officer/competitions/{world.competition.id}/documents/{doc.id}") \
        .status_code == 404
    assert client.get(f"/konkursy/{world.competition.id}/dokumenty/{doc.id}").status_code == 404


def test_new_form_defaults_for_powierzenie(client, world):
    login(client, world.officer)
    page = client.get("/officer/competitions/new?mode=powierzenie").text
    assert '<option selected value="powierzenie">' in page
    assert 'name="criteria-4-statutory_point"' in page
    assert 'name="criteria-5-statutory_point"' not in page
    assert '<option selected value="4">' not in page
    assert 'id="max_grant_pct" inputmode="decimal" name="max_grant_pct" type="text" value="100"' \
        in page


def test_history_of_another_organiser_is_not_offered(client, world):
    """An officer of A and B picking an organiser he does not work for gets no history."""
    gdynia = make_competition(world.org_b, status=CallStatus.DECIDED, title="Gdynia 2026")
    awarded(world, gdynia, "10000.00")
    other = make_organiser("OBCY2")
    db.session.add(StaffRole(user_id=world.officer.id, organiser_id=world.org_b.id,
                             role=StaffRoleKind.OFFICER))
    db.session.commit()
    login(client, world.officer)
    page = client.post("/officer/competitions/new", data=form_payload(
        action="fill_same_kind", organiser_id=str(other.id))).text
    assert "Gdynia 2026" not in page
    page = client.post("/officer/competitions/new", data=form_payload(
        action="fill_same_kind", organiser_id=str(world.org_b.id))).text
    assert "Gdynia 2026" in page


def test_correction_cannot_drop_a_task_with_offers_in_the_form(client, world):
    from grants.offers.models import Offer

    competition = _published(world)
    db.session.add(Offer(competition_id=competition.id, task_id=competition.tasks[0].id,
                         organisation_id=world.ngo_x.id))
    db.session.commit()
    login(client, world.officer)
    payload = _correction_payload(competition, reason="Nowe zadanie")
    payload["tasks-0-row_id"] = ""  # the row now stands for a new task; the old one goes
    response = client.post(f"/officer/competitions/{competition.id}/correct", data=payload)
    assert response.status_code == 200
    assert "Nie można usunąć zadania „Posiłki”: złożono już do niego oferty." in response.text


def test_day_off_deadline_confirmed_and_tie_rule_chosen_in_the_form(client, world):
    login(client, world.officer)
    response = client.post("/officer/competitions/new", data=form_payload(
        deadline_date="2026-12-26", confirm_day_off="y", tie_break_point="1"))
    assert response.status_code == 302
    competition = db.session.scalars(select(Competition).where(
        Competition.status == CallStatus.DRAFT)).one()
    assert competition.deadline_day_off_confirmed == date(2026, 12, 26)
    assert competition.tie_break_point == 1
    assert "art. 15 ust. 1 pkt 1 ustawy" in competition.tie_break_rule
    page = client.get(f"/officer/competitions/{competition.id}/edit").text
    tag = re.search(r'<input[^>]*name="confirm_day_off"[^>]*>', page).group(0)
    assert "checked" in tag
    assert '<option selected value="1">' in page
