"""Offer pages: drafting with rows added and removed without losing input, bad numbers kept,
filing, the officer's view, access (404 for those who may not know an offer exists), and
every verb refused after the deadline however the request is made."""

from __future__ import annotations

import io
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import func, select

from grants.extensions import db
from grants.offers import attachments as offer_attachments
from grants.offers import checks as offer_checks
from grants.offers import services
from grants.offers.models import Offer, OfferStatus, OfferVersion, VersionState
from tests.support.factories import make_competition, make_organisation
from tests.support.offers import (
    after_deadline,
    file,
    filed_offer,
    form_post,
    login_as,
    make_offer,
)
from tests.support.pdf import FAKE_PDF

D = Decimal


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def reload(version_id: int) -> OfferVersion:
    db.session.expire_all()
    return db.session.get(OfferVersion, version_id)


# ---------------------------------------------------------------- my offers, new offer

def test_my_offers_lists_own_organisations_only(world, client):
    mine = make_offer(world)
    other = make_offer(world, organisation=world.ngo_y, actor=world.ngo_other,
                       title="Cudza oferta")
    login_as(client, world.ngo_member)
    r = client.get("/offers/mine")
    assert r.status_code == 200
    page = text(r)
    assert f"/offers/{mine.id}" in page and f"/offers/{other.id}\"" not in page
    assert "Cudza oferta" not in page
    assert f"/offers/new/{world.competition.id}" in page
    assert "szkic (nie złożona)" in page


def test_new_offer_flow(world, client):
    pending = make_organisation("Fundacja Czekająca", verified=False, index=3,
                                members=[(world.ngo_admin, True)])
    login_as(client, world.ngo_admin)
    url = f"/offers/new/{world.competition.id}"
    r = client.get(url)
    assert r.status_code == 200
    page = text(r)
    assert "Fundacja Czekająca – organizacja czeka na weryfikację" in page
    assert f'value="{pending.id}"' not in page
    r = client.post(url, data={"task_id": world.competition.tasks[0].id,
                               "organisation_id": world.ngo_x.id})
    assert r.status_code == 302
    offer = db.session.scalar(select(Offer))
    assert r.headers["Location"].endswith(f"/offers/{offer.id}/edit")
    assert offer.organisation_id == world.ngo_x.id


@pytest.mark.parametrize("data", [
    {"task_id": "abc", "organisation_id": "1"},
    {"task_id": "999999", "organisation_id": "1"},
    {"task_id": "", "organisation_id": ""},
    {},
])
def test_new_offer_bad_input_is_a_message_not_a_500(world, client, data):
    login_as(client, world.ngo_admin)
    r = client.post(f"/offers/new/{world.competition.id}", data=data)
    assert r.status_code == 422
    assert "Wybierz" in text(r)
    assert db.session.scalar(select(func.count(Offer.id))) == 0


def test_new_offer_for_someone_elses_organisation_is_refused(world, client):
    login_as(client, world.ngo_other)
    r = client.post(f"/offers/new/{world.competition.id}",
                    data={"task_id": world.competition.tasks[0].id,
                          "organisation_id": world.ngo_x.id})
    assert r.status_code == 422
    assert db.session.scalar(select(func.count(Offer.id))) == 0


def test_new_offer_for_a_draft_competition_is_404(world, client):
    draft = make_competition(world.org_a, status=world.competition.status.__class__.DRAFT)
    db.session.commit()
    login_as(client, world.ngo_admin)
    assert client.get(f"/offers/new/{draft.id}").status_code == 404
    assert client.get("/offers/new/999999").status_code == 404


# ---------------------------------------------------------------- the edit page

def test_edit_page_shows_every_section_and_computed_values(world, client):
    offer = make_offer(world)
    login_as(client, world.ngo_member)
    r = client.get(f"/offers/{offer.id}/edit")
    assert r.status_code == 200
    page = text(r)
    for heading in ("I. Podstawowe informacje", "II. Dane oferenta", "III. Opis zadania",
                    "IV. Charakterystyka oferenta", "V. Kalkulacja", "V.A Zestawienie",
                    "V.B Źródła finansowania", "V.C Podział kosztów", "VI. Inne informacje",
                    "VII. Oświadczenia", "Załączniki"):
        assert heading in page, heading
    assert "49\xa0999,96\xa0zł" in page       # total
    assert "38\xa0000,00\xa0zł" in page       # grant
    assert "3\xa0999,96\xa0zł" in page        # 333,33 x 12
    assert "I.1.2" in page and "II.1" in page
    assert "76\xa0%" in page                  # grant share
    assert world.ngo_x.nip in page            # II read-only


def test_save_draft_from_the_form(world, client):
    offer = make_offer(world)
    version = offer.versions[0]
    login_as(client, world.ngo_admin)
    data = form_post(version, title="Nowy tytuł", **{"cost_items-0-unit_cost": "3 100,50"})
    r = client.post(f"/offers/{offer.id}/edit", data=data)
    assert r.status_code == 302
    v = reload(version.id)
    assert v.title == "Nowy tytuł"
    assert v.cost_items[0].unit_cost == D("3100.50")
    assert v.cost_items[0].value == D("37206.00")
    assert v.total_cost == D("51205.96")


@pytest.mark.parametrize("field, typed", [
    ("cost_items-1-unit_cost", "12,345"),
    ("cost_items-1-unit_cost", "abc"),
    ("cost_items-1-units", "-3"),
    ("cost_items-1-grant_part", "1.234,56,7"),
    ("cost_items-1-grant_part", "1e400"),
    ("cost_items-1-units", "NaN"),
    ("own_financial", "pięć tysięcy"),
    ("own_personal", "-1,00"),
    ("cost_items-0-year", "dwa tysiące"),
    ("cost_items-0-action_no", "0"),
    ("start_date", "31.02.2027"),
    ("schedule-0-end_date", "jutro"),
    ("contact_email", "nie-mail"),
    ("title", "x" * 301),
])
def test_bad_input_keeps_what_was_typed(world, client, field, typed):
    offer = make_offer(world)
    version = offer.versions[0]
    login_as(client, world.ngo_admin)
    data = form_post(version, place="Wpisane, ale niezapisane", **{field: typed})
    r = client.post(f"/offers/{offer.id}/edit", data=data)
    assert r.status_code == 200
    page = text(r)
    assert "Szkic nie został zapisany" in page
    assert f'value="{typed}"' in page or f">{typed}</textarea>" in page
    assert "Wpisane, ale niezapisane" in page
    assert 'aria-invalid="true"' in page
    assert reload(version.id).place == "Sopot, ul. Kolejowa 5"   # nothing saved


def test_add_row_saves_and_keeps_everything_typed(world, client):
    offer = make_offer(world)
    version = offer.versions[0]
    login_as(client, world.ngo_admin)
    data = form_post(version, need="Potrzeba wpisana przed dodaniem",
                     **{"cost_items-2-name": "Księgowość", "action": "add:cost_items"})
    r = client.post(f"/offers/{offer.id}/edit", data=data)
    assert r.status_code == 200
    page = text(r)
    assert 'name="cost_items-3-name"' in page            # the new blank row
    assert 'value="Księgowość"' in page
    assert "Potrzeba wpisana przed dodaniem" in page
    v = reload(version.id)
    assert v.need == "Potrzeba wpisana przed dodaniem" and len(v.cost_items) == 3
    # the blank row, posted back empty, is dropped; a filled one is stored
    data = form_post(v, **{"cost_items-3-section": "II", "cost_items-3-action_no": "1",
                           "cost_items-3-name": "", "cost_items-3-unit": ""})
    client.post(f"/offers/{offer.id}/edit", data=data)
    assert len(reload(version.id).cost_items) == 3
    data = form_post(reload(version.id), **{
        "cost_items-3-section": "II", "cost_items-3-name": "Telefon",
        "cost_items-3-unit": "miesiąc", "cost_items-3-unit_cost": "50",
        "cost_items-3-units": "12", "cost_items-3-grant_part": "0"})
    client.post(f"/offers/{offer.id}/edit", data=data)
    v = reload(version.id)
    assert [c.code for c in v.cost_items] == ["I.1.1", "I.1.2", "II.1", "II.2"]
    assert v.cost_items[3].value == D("600.00")


@pytest.mark.parametrize("kind, count", [("schedule", 1), ("results", 1), ("cost_items", 3),
                                         ("partners", 0)])
def test_add_row_for_each_table(world, client, kind, count):
    offer = make_offer(world)
    login_as(client, world.ngo_admin)
    r = client.post(f"/offers/{offer.id}/edit",
                    data=form_post(offer.versions[0], action=f"add:{kind}"))
    assert r.status_code == 200
    assert f'name="{kind}-{count}-' in text(r)
    assert f'name="{kind}-{count + 1}-' not in text(r)


def test_add_row_with_a_bad_number_keeps_it_and_adds_the_row(world, client):
    offer = make_offer(world)
    version = offer.versions[0]
    login_as(client, world.ngo_admin)
    data = form_post(version, **{"cost_items-0-unit_cost": "trzy tysiące",
                                 "action": "add:schedule"})
    r = client.post(f"/offers/{offer.id}/edit", data=data)
    page = text(r)
    assert r.status_code == 200
    assert 'value="trzy tysiące"' in page and 'name="schedule-1-action"' in page
    assert reload(version.id).cost_items[0].unit_cost == D("3000.00")


def test_remove_row_keeps_the_other_rows_and_values(world, client):
    offer = make_offer(world)
    version = offer.versions[0]
    login_as(client, world.ngo_admin)
    data = form_post(version, title="Tytuł wpisany przy usuwaniu",
                     **{"cost_items-2-unit_cost": "400,00", "action": "remove:cost_items:1"})
    r = client.post(f"/offers/{offer.id}/edit", data=data)
    assert r.status_code == 302
    v = reload(version.id)
    assert [(c.code, c.name, c.unit_cost) for c in v.cost_items] == [
        ("I.1.1", "Koordynator", D("3000.00")), ("II.1", "Obsługa księgowa", D("400.00"))]
    assert v.title == "Tytuł wpisany przy usuwaniu"


def test_remove_row_with_a_bad_number_elsewhere(world, client):
    offer = make_offer(world)
    version = offer.versions[0]
    login_as(client, world.ngo_admin)
    data = form_post(version, **{"cost_items-2-units": "dwanaście",
                                 "action": "remove:cost_items:0"})
    r = client.post(f"/offers/{offer.id}/edit", data=data)
    page = text(r)
    assert r.status_code == 200
    assert 'value="dwanaście"' in page and 'value="Koordynator"' not in page
    assert 'value="Posiłki"' in page
    assert len(reload(version.id).cost_items) == 3   # nothing saved


@pytest.mark.parametrize("action", ["remove:cost_items:99", "remove:schedule:x", "add:nothing",
                                    "remove_attachment:abc", "remove_attachment:99999",
                                    "whatever"])
def test_odd_actions_do_not_fail(world, client, action):
    offer = make_offer(world)
    login_as(client, world.ngo_admin)
    r = client.post(f"/offers/{offer.id}/edit", data=form_post(offer.versions[0], action=action))
    assert r.status_code in (200, 302)


def test_check_shows_problems_with_links(world, client):
    offer = make_offer(world)
    login_as(client, world.ngo_admin)
    r = client.post(f"/offers/{offer.id}/edit", data=form_post(offer.versions[0],
                                                               action="check"))
    assert "Oferta spełnia wszystkie warunki" in text(r)
    data = form_post(offer.versions[0], own_financial="4 999,99", action="check")
    data.pop("declarations-no_tax_arrears")
    r = client.post(f"/offers/{offer.id}/edit", data=data)
    page = text(r)
    assert r.status_code == 200
    assert "Oferty nie można jeszcze złożyć" in page
    assert 'href="#sources"' in page and "brakuje 0,01\xa0zł" in page
    assert 'href="#declarations-no_tax_arrears"' in page


def test_partner_chosen_by_nip_or_name(world, client):
    offer = make_offer(world)
    version = offer.versions[0]
    login_as(client, world.ngo_admin)
    base = form_post(version, lead_cost_share="39 999,96")
    partner = {"partners-0-lookup": world.ngo_y.nip, "partners-0-actions": "Noclegi",
               "partners-0-cost_share": "10 000,00"}
    r = client.post(f"/offers/{offer.id}/edit", data={**base, **partner})
    assert r.status_code == 302
    v = reload(version.id)
    assert [p.organisation_id for p in v.partners] == [world.ngo_y.id]
    assert offer_checks.check_version(v) == []
    partner["partners-0-lookup"] = "fundacja inna"
    assert client.post(f"/offers/{offer.id}/edit", data={**base, **partner}).status_code == 302
    partner["partners-0-lookup"] = "Nie ma takiej"
    r = client.post(f"/offers/{offer.id}/edit", data={**base, **partner})
    assert r.status_code == 200
    assert "Nie znaleziono zweryfikowanej organizacji" in text(r)
    assert 'value="Nie ma takiej"' in text(r)


def test_ambiguous_partner_name_asks_for_nip(world, client):
    make_organisation("Fundacja Inna Druga", index=4, legal_form=world.ngo_y.legal_form)
    db.session.commit()
    offer = make_offer(world)
    login_as(client, world.ngo_admin)
    r = client.post(f"/offers/{offer.id}/edit", data=form_post(
        offer.versions[0], **{"partners-0-lookup": "Fundacja Inna D",
                              "partners-0-cost_share": "1,00"}))
    assert r.status_code == 302   # unique partial match
    r = client.post(f"/offers/{offer.id}/edit", data=form_post(
        offer.versions[0], **{"partners-0-lookup": "fundacja", "partners-0-cost_share": "1"}))
    assert "Pasuje kilka organizacji" in text(r)


def test_attachments_upload_whitelist_and_download(world, client):
    offer = make_offer(world)
    version = offer.versions[0]
    req = world.competition.required_attachments[0]
    login_as(client, world.ngo_admin)
    data = form_post(version, action="upload", upload_kind=str(req.id))
    data["upload"] = (io.BytesIO(b"%PDF statut"), "statut.pdf")
    r = client.post(f"/offers/{offer.id}/edit", data=data, content_type="multipart/form-data")
    assert r.status_code == 302
    v = reload(version.id)
    [att] = v.attachments
    assert att.required_attachment_id == req.id and att.stored_file.filename == "statut.pdf"
    r = client.get(f"/offers/{offer.id}/attachments/{att.id}")
    assert r.status_code == 200 and r.data == b"%PDF statut"
    data = form_post(v, action="upload", title="Tytuł przy złym pliku")
    data["upload"] = (io.BytesIO(b"MZ"), "wirus.exe")
    r = client.post(f"/offers/{offer.id}/edit", data=data, content_type="multipart/form-data")
    assert r.status_code == 200
    assert "Niedozwolony rodzaj pliku" in text(r) and "Tytuł przy złym pliku" in text(r)
    assert len(reload(version.id).attachments) == 1
    r = client.post(f"/offers/{offer.id}/edit",
                    data=form_post(reload(version.id), action=f"remove_attachment:{att.id}"))
    assert r.status_code == 302
    assert reload(version.id).attachments == []


def test_mandatory_attachment_blocks_filing(world, client):
    world.competition.required_attachments[0].mandatory = True
    db.session.commit()
    offer = make_offer(world)
    assert [p.field for p in offer_checks.check_version(offer.versions[0])] == [
        f"attachments-{world.competition.required_attachments[0].id}"]


# ---------------------------------------------------------------- filing through the page

def test_file_page_and_filing(world, client, mailbox):
    offer = make_offer(world)
    login_as(client, world.ngo_admin)
    r = client.get(f"/offers/{offer.id}/file")
    assert r.status_code == 200
    page = text(r)
    assert "Anna Kowalska – Prezes Zarządu" in page and "Jan Nowak – Skarbnik" in page
    reps = [r.id for r in offer.organisation.representatives]
    r = client.post(f"/offers/{offer.id}/file", data={"signed_by": reps[:1]})
    assert r.status_code == 422 and "Potwierdź złożenie oferty" in text(r)
    r = client.post(f"/offers/{offer.id}/file", data={"signed_by": reps[:1], "confirm": "y"})
    assert r.status_code == 422 and "łącznie" in text(r)
    r = client.post(f"/offers/{offer.id}/file", data={"signed_by": reps, "confirm": "y"})
    assert r.status_code == 302
    db.session.expire_all()
    offer = db.session.get(Offer, offer.id)
    assert offer.status == OfferStatus.FILED and offer.versions[0].sha256
    assert len(mailbox) == 1 and offer.number in mailbox[0]["Subject"]
    r = client.get(f"/offers/{offer.id}")
    page = text(r)
    assert offer.versions[0].sha256 in page and "złożona (obowiązująca)" in page
    r = client.get(f"/offers/{offer.id}/versions/1/pdf")
    assert r.status_code == 200 and r.data == FAKE_PDF
    assert r.mimetype == "application/pdf"
    # the edit page of a filed offer without a replacement leads to the offer page
    assert client.get(f"/offers/{offer.id}/edit").status_code == 302


def test_filing_an_invalid_offer_lists_the_problems(world, client):
    offer = make_offer(world, own_financial=D("4999.99"))
    login_as(client, world.ngo_admin)
    reps = [r.id for r in offer.organisation.representatives]
    r = client.post(f"/offers/{offer.id}/file", data={"signed_by": reps, "confirm": "y"})
    assert r.status_code == 422
    assert "brakuje 0,01\xa0zł" in text(r)
    assert reload(offer.versions[0].id).state == VersionState.DRAFT


@pytest.mark.parametrize("signed_by", [["abc"], ["999999"], []])
def test_filing_with_odd_signatories(world, client, signed_by):
    offer = make_offer(world)
    login_as(client, world.ngo_admin)
    r = client.post(f"/offers/{offer.id}/file", data={"signed_by": signed_by, "confirm": "y"})
    assert r.status_code == 422


def test_replace_discard_withdraw_through_the_pages(world, client):
    offer = filed_offer(world)
    login_as(client, world.ngo_admin)
    r = client.post(f"/offers/{offer.id}/replace")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/offers/{offer.id}/edit")
    r = client.get(f"/offers/{offer.id}/edit")
    assert "Oferta zastępcza – edycja" in text(r)
    assert client.post(f"/offers/{offer.id}/discard").status_code == 302
    r = client.post(f"/offers/{offer.id}/withdraw")            # without the confirmation
    assert "Zaznacz pole potwierdzenia" in text(client.get(f"/offers/{offer.id}"))
    r = client.post(f"/offers/{offer.id}/withdraw", data={"confirm": "y"})
    assert r.status_code == 302
    db.session.expire_all()
    offer = db.session.get(Offer, offer.id)
    assert offer.status == OfferStatus.WITHDRAWN
    assert [v.state for v in offer.versions] == [VersionState.WITHDRAWN, VersionState.DISCARDED]
    r = client.post(f"/offers/{offer.id}/replace")
    assert "Przygotowano" not in text(client.get(r.headers["Location"]))


# ---------------------------------------------------------------- after the deadline

def test_after_the_deadline_every_endpoint_refuses(world, client):
    comp = world.competition
    draft = make_offer(world)
    filed = filed_offer(world, organisation=make_organisation(
        "Trzecia", index=2, members=[(world.ngo_admin, True)]))
    replaced = filed_offer(world, organisation=make_organisation(
        "Czwarta", index=3, members=[(world.ngo_admin, True)]))
    services.start_replacement(replaced, actor=world.ngo_admin)
    db.session.commit()
    reps = [r.id for r in draft.organisation.representatives]
    login_as(client, world.ngo_admin)
    with after_deadline(comp):
        r = client.get(f"/offers/{draft.id}/edit")
        assert r.status_code == 200 and "Termin składania ofert minął" in text(r)
        assert 'name="action"' not in text(r)              # read-only
        r = client.post(f"/offers/{draft.id}/edit", data=form_post(
            draft.versions[0], title="Po terminie"))
        assert r.status_code == 409 and "Termin składania ofert minął" in text(r)
        for offer in (draft, replaced):
            r = client.post(f"/offers/{offer.id}/file", data={"signed_by": reps, "confirm": "y"})
            assert r.status_code == 409 and "Termin składania ofert minął" in text(r)
        for verb, offer in (("withdraw", filed), ("replace", filed), ("discard", replaced),
                            ("withdraw", replaced)):
            r = client.post(f"/offers/{offer.id}/{verb}", data={"confirm": "y"})
            assert r.status_code == 302
            assert "Termin składania ofert minął" in text(client.get(r.headers["Location"]))
        r = client.post(f"/offers/new/{comp.id}", data={"task_id": comp.tasks[0].id,
                                                        "organisation_id": world.ngo_x.id})
        assert r.status_code == 409
        r = client.get(f"/offers/{filed.id}")
        assert r.status_code == 200 and "Termin minął" in text(r)
    db.session.expire_all()
    assert db.session.get(Offer, draft.id).status == OfferStatus.DRAFT
    assert db.session.get(Offer, draft.id).versions[0].title != "Po terminie"
    assert db.session.get(Offer, filed.id).status == OfferStatus.FILED
    assert [v.state for v in db.session.get(Offer, replaced.id).versions] == [
        VersionState.FILED, VersionState.DRAFT]
    assert db.session.scalar(select(func.count(Offer.id))) == 3


# ---------------------------------------------------------------- who sees what

@pytest.fixture
def offers(world):
    """A draft of X, a filed offer of X with a replacement draft, a draft of Y."""
    draft = make_offer(world, title="Szkic X")
    filed = filed_offer(world, title="Złożona X")
    services.start_replacement(filed, actor=world.ngo_admin)
    services.save_draft(filed.draft_version, actor=world.ngo_admin,
                        data={"title": "Tajny szkic zastępczy"})
    other = make_offer(world, organisation=world.ngo_y, actor=world.ngo_other)
    db.session.commit()
    return {"draft": draft, "filed": filed, "other": other}


VIEW_TABLE = [
    # role, draft of X, filed offer of X, draft of Y
    ("ngo_admin", 200, 200, 404),
    ("ngo_member", 200, 200, 404),
    ("ngo_other", 404, 404, 200),
    ("officer", 404, 200, 404),
    ("officer_b", 404, 404, 404),
    ("committee", 404, 404, 404),
    ("finance", 404, 404, 404),
    ("admin", 404, 404, 404),
]


@pytest.mark.parametrize("role, draft, filed, other", VIEW_TABLE)
def test_who_sees_which_offer(world, client, offers, role, draft, filed, other):
    login_as(client, getattr(world, role))
    for key, expected in (("draft", draft), ("filed", filed), ("other", other)):
        offer = offers[key]
        assert client.get(f"/offers/{offer.id}").status_code == expected, (role, key)
        pdf = client.get(f"/offers/{offer.id}/versions/1/pdf")
        assert pdf.status_code == (200 if key == "filed" and expected == 200 else 404)


EDIT_TABLE = [  # (role, edit and prepare, file and withdraw - the organisation's act)
    ("ngo_admin", 200, 200), ("ngo_member", 200, 403), ("ngo_other", 404, 404),
    ("officer", 403, 403), ("officer_b", 404, 404), ("committee", 404, 404),
    ("finance", 404, 404), ("admin", 404, 404),
]


@pytest.mark.parametrize("role, expected, acts", EDIT_TABLE)
def test_who_may_change_the_filed_offer(world, client, offers, role, expected, acts):
    offer = offers["filed"]
    login_as(client, getattr(world, role))
    assert client.get(f"/offers/{offer.id}/edit").status_code == expected
    assert client.get(f"/offers/{offer.id}/file").status_code == acts
    for verb, allowed in (("withdraw", acts), ("replace", expected), ("discard", expected)):
        r = client.post(f"/offers/{offer.id}/{verb}", data={"confirm": "y"})
        assert r.status_code == (302 if allowed == 200 else allowed), verb
    r = client.post(f"/offers/{offer.id}/edit", data={"title": "x"})
    assert r.status_code == (302 if expected == 200 else expected)  # withdrawn: to the view


def test_anonymous_is_sent_to_login(world, client, offers):
    offer = offers["filed"]
    for url in (f"/offers/{offer.id}", f"/offers/{offer.id}/edit", "/offers/mine",
                f"/offers/{offer.id}/versions/1/pdf",
                f"/officer/competitions/{world.competition.id}/offers"):
        r = client.get(url)
        assert r.status_code == 302 and "/login" in r.headers["Location"]
    r = client.post(f"/offers/{offer.id}/withdraw", data={"confirm": "y"})
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_officer_sees_the_filed_version_not_the_replacement_draft(world, client, offers):
    offer = offers["filed"]
    login_as(client, world.officer)
    page = text(client.get(f"/offers/{offer.id}"))
    assert "Złożona X" in page and "Tajny szkic zastępczy" not in page
    assert client.get(f"/offers/{offer.id}?v=2").status_code == 404
    assert client.get(f"/offers/{offer.id}/versions/2/pdf").status_code == 404
    assert client.get(f"/offers/{offer.id}?v=1").status_code == 200
    # the owner sees both
    login_as(client, world.ngo_admin)
    assert "Tajny szkic zastępczy" in text(client.get(f"/offers/{offer.id}"))


@pytest.mark.parametrize("role, expected", [
    ("officer", 200), ("officer_b", 404), ("committee", 404), ("finance", 404),
    ("admin", 404), ("ngo_admin", 404), ("ngo_other", 404),
])
def test_officer_list_of_filed_offers(world, client, offers, role, expected):
    login_as(client, getattr(world, role))
    r = client.get(f"/officer/competitions/{world.competition.id}/offers")
    assert r.status_code == expected
    if expected == 200:
        page = text(r)
        filed = offers["filed"]
        assert filed.number in page and filed.versions[0].sha256 in page
        assert "38\xa0000,00\xa0zł" in page and "49\xa0999,96\xa0zł" in page
        assert "Szkic X" not in page and world.ngo_y.name not in page


def test_officer_list_unknown_competition_is_404(world, client):
    login_as(client, world.officer)
    assert client.get("/officer/competitions/999999/offers").status_code == 404


def test_attachment_access(world, client):
    offer = make_offer(world)
    version = offer.versions[0]
    att = offer_attachments.add_attachment(version, actor=world.ngo_admin, filename="statut.pdf",
                                  content_type="application/pdf", data=b"%PDF x",
                                  allowed_extensions=["pdf"])
    db.session.commit()
    url = f"/offers/{offer.id}/attachments/{att.id}"
    for role, expected in (("ngo_member", 200), ("officer", 404), ("ngo_other", 404),
                           ("admin", 404)):
        login_as(client, getattr(world, role))
        assert client.get(url).status_code == expected, role
    file(offer, world.ngo_admin)
    login_as(client, world.officer)
    assert client.get(url).status_code == 200
    other = make_offer(world, organisation=world.ngo_y, actor=world.ngo_other)
    login_as(client, world.ngo_other)
    assert client.get(f"/offers/{other.id}/attachments/{att.id}").status_code == 404


def test_joint_partner_members_may_view_but_not_edit(world, client):
    offer = make_offer(world, partners=[{"organisation_id": world.ngo_y.id,
                                         "cost_share": D("10000.00")}],
                       lead_cost_share=D("39999.96"))
    login_as(client, world.ngo_other)
    assert client.get(f"/offers/{offer.id}").status_code == 200
    assert client.get(f"/offers/{offer.id}/edit").status_code == 403
    assert f"/offers/{offer.id}" in text(client.get("/offers/mine"))


def test_refused_save_with_a_row_removal_keeps_the_form(world, client):
    offer = make_offer(world)
    login_as(client, world.ngo_admin)
    for action in ("remove:cost_items:1", "remove:cost_items:99"):
        data = form_post(offer.versions[0], action=action,
                         **{"partners-0-lookup": world.ngo_y.nip,
                            "partners-0-cost_share": "99999999999,00"})
        r = client.post(f"/offers/{offer.id}/edit", data=data)
        assert r.status_code == 200
        assert "Liczba jest za duża" in text(r) or "nie został zapisany" in text(r)
    assert len(reload(offer.versions[0].id).cost_items) == 3


def test_my_offers_lists_the_nearest_open_competitions_and_links_the_rest(client, world):
    from datetime import timedelta

    from grants.core import clock
    from grants.offers.views import OPEN_LISTED

    for i in range(OPEN_LISTED + 2):
        make_competition(world.org_a, title=f"Konkurs numer {i:02d}",
                         deadline=clock.now() + timedelta(days=30 + i))
    db.session.commit()
    login_as(client, world.ngo_admin)
    page = client.get("/offers/mine").text
    assert page.count("Rozpocznij ofertę<") == OPEN_LISTED
    assert world.competition.title in page  # the nearest deadline comes first
    assert "Konkurs numer 11" not in page
    assert "/konkursy?phase=open" in page


def test_officer_list_is_paginated(world, client, offers, monkeypatch):
    from dataclasses import replace

    from grants.offers import lists

    monkeypatch.setattr(lists, "COMPETITION_OFFERS",
                        replace(lists.COMPETITION_OFFERS, per_page=1))
    second = filed_offer(world, title="Druga złożona X")
    db.session.commit()
    login_as(client, world.officer)
    url = f"/officer/competitions/{world.competition.id}/offers"
    first = text(client.get(url))
    assert offers["filed"].number in first and second.number not in first
    assert f"{url}?page=2" in first and "(2)" in first
    assert second.number in text(client.get(f"{url}?page=2"))
    for junk in ("abc", "-5", "0", "99999999999999999999999999"):
        assert client.get(f"{url}?page={junk}").status_code == 200
