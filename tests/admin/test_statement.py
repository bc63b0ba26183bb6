"""The accessibility statement (act of 4 April 2019): stored, edited by administrators only,
validated (update not before publication), audited, rendered with the template's parts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from grants.admin import statement as statements
from grants.core.audit import AuditEntry
from grants.core.errors import NotAllowed, ValidationFailed
from grants.extensions import db
from tests.support.organisations import as_user

VALID = {
    "body_name": "Miejski Ośrodek Pomocy Społecznej w Sopocie",
    "site_url": "https://granty.mops.sopot.pl",
    "published_on": date(2026, 12, 1), "updated_on": date(2026, 12, 6),
    "prepared_on": date(2026, 12, 6), "status": "partial",
    "inaccessible": "Pliki PDF organizacji – bez struktury (treści podmiotów zewnętrznych).",
    "assessment": "self", "assessed_by": "", "contact_name": "Anna Kowalska",
    "contact_email": "dostepnosc@mops.sopot.pl", "contact_phone": "58 551 17 10",
    "additional": "Winda przy wejściu od ul. Kolejowej.",
}
FORM = {**VALID, "published_on": "01.12.2026", "updated_on": "06.12.2026",
        "prepared_on": "2026-12-06"}


def _fields(problems) -> dict[str, str]:
    return {p.field: p.message for p in problems}


# --- the rules (pure) --------------------------------------------------------------------

@pytest.mark.pure
def test_a_valid_statement_has_no_problems():
    problems, values = statements.statement_problems(VALID)
    assert problems == [] and values["updated_on"] == date(2026, 12, 6)


@pytest.mark.pure
@pytest.mark.parametrize(("change", "field", "text"), [
    ({"updated_on": date(2026, 11, 30)}, "updated_on", "wcześniejsza niż data publikacji"),
    ({"prepared_on": date(2026, 11, 1)}, "prepared_on", "nie wcześniej"),
    ({"published_on": None}, "published_on", "datę publikacji"),
    ({"status": "almost"}, "status", "stan zgodności"),
    ({"status": "none", "inaccessible": " "}, "inaccessible", "Wymień treści niedostępne"),
    ({"assessment": "third_party"}, "assessed_by", "podmiotu"),
    ({"contact_email": "nie-email"}, "contact_email", "poprawny adres"),
    ({"contact_name": ""}, "contact_name", "osobę do kontaktu"),
    ({"body_name": "x" * 301}, "body_name", "Najwyżej 300"),
    ({"site_url": "javascript:alert(1)"}, "site_url", "https://"),
])
def test_each_problem_is_tied_to_its_field(change, field, text):
    problems, _values = statements.statement_problems({**VALID, **change})
    assert text in _fields(problems)[field]


@pytest.mark.pure
def test_an_update_on_the_day_of_publication_is_accepted():
    problems, _ = statements.statement_problems({**VALID, "updated_on": VALID["published_on"]})
    assert problems == []


# --- the service ----------------------------------------------------------------------------

def test_only_an_administrator_saves_the_statement(world):
    with pytest.raises(NotAllowed):
        statements.save_statement(actor=world.officer, data=VALID)


def test_saving_records_what_changed_in_the_audit_trail(world):
    before = statements.current_statement()
    assert before is not None and before.needs_review  # seeded by migration 0023
    old_contact = before.contact_name
    saved = statements.save_statement(actor=world.admin, data=VALID)
    assert saved.id == before.id and not saved.needs_review
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "accessibility_statement.update")).one()
    assert entry.actor_id == world.admin.id and entry.object_id == str(saved.id)
    assert entry.before["contact_name"] == old_contact
    assert entry.after["contact_name"] == "Anna Kowalska"
    assert "body_name" not in entry.after  # unchanged fields are not listed


def test_a_refused_statement_changes_nothing(world):
    with pytest.raises(ValidationFailed) as caught:
        statements.save_statement(actor=world.admin,
                                  data={**VALID, "updated_on": date(2026, 1, 1)})
    assert "updated_on" in caught.value.field_errors


# --- the pages -------------------------------------------------------------------------------

def test_an_update_before_publication_is_refused_on_its_field(client, world):
    as_user(client, world.admin)
    response = client.post("/admin/deklaracja-dostepnosci",
                           data={**FORM, "updated_on": "30.11.2026"})
    assert response.status_code == 422
    html = response.text
    field = re.search(r'<input[^>]*id="updated_on"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="updated_on-errors' in field
    errors = re.search(r'id="updated_on-errors">([^<]*)<', html).group(1)
    assert "wcześniejsza niż data publikacji" in errors
    assert statements.current_statement().updated_on != date(2026, 11, 30)


def test_a_date_typed_wrong_stays_on_its_field(client, world):
    as_user(client, world.admin)
    response = client.post("/admin/deklaracja-dostepnosci",
                           data={**FORM, "published_on": "32.13.2026"})
    assert response.status_code == 422 and 'value="32.13.2026"' in response.text


def test_the_administrator_edits_and_the_public_page_shows_it(client, world):
    as_user(client, world.admin)
    page = client.get("/admin/deklaracja-dostepnosci").text
    assert "sprawdź je i zapisz" in page  # the seeded values are marked for review
    response = client.post("/admin/deklaracja-dostepnosci", data=FORM)
    assert response.status_code == 302
    public = client.get("/deklaracja-dostepnosci").text
    assert "Anna Kowalska" in public and "Winda przy wejściu" in public
    assert 'href="https://granty.mops.sopot.pl"' in public
    assert "sprawdź je i zapisz" not in client.get("/admin/deklaracja-dostepnosci").text


@pytest.mark.parametrize("who", ["officer", "committee", "finance", "ngo_admin"])
def test_nobody_else_edits_the_statement(client, world, who):
    as_user(client, getattr(world, who))
    assert client.post("/admin/deklaracja-dostepnosci", data=FORM).status_code == 403
    assert statements.current_statement().contact_name != "Anna Kowalska"


TEMPLATE_IDS = ["a11y-deklaracja", "a11y-wstep", "a11y-podmiot", "a11y-url",
                "a11y-data-publikacja", "a11y-data-aktualizacja", "a11y-status",
                "a11y-data-sporzadzenie", "a11y-ocena", "a11y-kontakt", "a11y-osoba",
                "a11y-email", "a11y-telefon", "a11y-procedura"]


def test_the_public_statement_has_every_part_of_the_template(client, world):
    html = client.get("/deklaracja-dostepnosci").text
    for element_id in TEMPLATE_IDS:
        assert html.count(f'id="{element_id}"') == 1, element_id
    assert '<time id="a11y-data-publikacja" datetime="2026-12-01">01.12.2026</time>' in html
    assert '<time id="a11y-data-aktualizacja" datetime="2026-12-06">06.12.2026</time>' in html
    assert "częściowo zgodna" in html and "Treści niedostępne" in html
    assert "Pliki PDF" in html  # what is not accessible, and why
    assert "samooceny" in html
    for heading in ("Stan dostępności cyfrowej", "Przygotowanie deklaracji dostępności",
                    "Informacje zwrotne i dane kontaktowe", "Procedura wnioskowo-skargowa"):
        assert f">{heading}</h2>" in html
    # art. 18: 7 days, at most 2 months, the complaint, then the Ombudsman with the link
    assert "nie później niż w ciągu 7 dni" in html and "dłuższy niż 2 miesiące" in html
    assert "skargę" in html and 'href="https://www.rpo.gov.pl/">Rzecznika Praw Obywatelskich' in html


def test_the_public_statement_follows_the_status_and_assessment(client, world):
    statements.save_statement(actor=world.admin, data={
        **VALID, "status": "full", "inaccessible": "", "assessment": "third_party",
        "assessed_by": "Fundacja Widzialni"})
    html = client.get("/deklaracja-dostepnosci").text
    assert "Strona internetowa jest zgodna z ustawą" in html
    assert "Treści niedostępne" not in html
    assert '<span id="a11y-ocena-podmiot">Fundacja Widzialni</span>' in html


def test_the_public_statement_in_english(client, world):
    client.post("/language", data={"lang": "en", "next": "/deklaracja-dostepnosci"})
    html = client.get("/deklaracja-dostepnosci").text
    assert ">Request and complaint procedure</h2>" in html
    assert "no later than within 7 days" in html and "Commissioner for Human Rights</a>" in html
    assert 'lang="pl"' in html  # the stored Polish facts are marked as Polish
