"""Amounts typed through the web in both interface languages (core.forms.MoneyField and the
other inputs that read amounts): "1.000" in Polish and "1,000" in English are a thousand, a
value that could mean two amounts is refused with the expected form and kept as typed, and
saved values are shown as format_amount gives them in the user's language."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import pytest
from flask_babel import refresh

from grants.awards import queries
from grants.calls.models import Competition
from grants.core import clock
from grants.extensions import db
from tests.conftest import login
from tests.support.awards import after_deadline, award_of, build, filed_with_grant, result
from tests.support.calls import form_payload, make_draft
from tests.support.taskreports import BEFORE_DUE, documents_xlsx, filled_report

D = Decimal
NBSP = "\xa0"
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=clock.WARSAW)


def _as(client, user, locale: str) -> None:
    user.locale = locale
    db.session.commit()
    login(client, user)
    refresh()


def _post(client, url: str, data: dict):
    refresh()  # requests share the test's app context: let each one choose its language
    return client.post(url, data=data)


def _get(client, url: str):
    refresh()
    return client.get(url)


@pytest.fixture
def draft(world):
    with clock.frozen_at(NOW):
        yield make_draft(world)


def _edit(client, draft, locale, **fields):
    """The draft's edit form as posted in the user's language, with `fields` changed."""
    english = {"tasks-0-funds": "120,000.00", "tasks-0-max_grant": "60,000"}
    return _post(client, f"/officer/competitions/{draft.id}/edit", form_payload(**{
        "tasks-0-row_id": str(draft.tasks[0].id),
        **(english if locale == "en" else {}), **fields}))


def _task(draft):
    db.session.expire_all()
    return db.session.get(Competition, draft.id).tasks[0]


@pytest.mark.parametrize(("locale", "funds", "max_grant", "min_grant"), [
    ("pl", "150.000", "60.000,00", "1.000"),
    ("pl", f"150{NBSP}000,00 zł", "60 000", "1000.5"),
    ("en", "150,000", "60,000.00", "1,000"),
    ("en", "PLN 150,000.00", "60 000", "1000.5"),
])
def test_amounts_are_read_in_the_users_language(client, world, draft, locale, funds,
                                                max_grant, min_grant):
    _as(client, world.officer, locale)
    response = _edit(client, draft, locale, **{"tasks-0-funds": funds, "tasks-0-max_grant": max_grant,
                                       "tasks-0-min_grant": min_grant})
    assert response.status_code == 302, response.text
    task = _task(draft)
    assert task.funds == D("150000.00")
    assert task.max_grant == D("60000.00")
    assert task.min_grant in (D("1000.00"), D("1000.50"))


@pytest.mark.parametrize(("locale", "shown"), [
    ("pl", f'value="120{NBSP}000,00"'), ("en", 'value="120,000.00"')])
def test_saved_amounts_are_shown_in_the_users_language(client, world, draft, locale, shown):
    _as(client, world.officer, locale)
    page = _get(client, f"/officer/competitions/{draft.id}/edit").text
    assert shown in page
    # what is shown is read back as the same amount
    response = _edit(client, draft, locale, **{"tasks-0-funds": shown[7:-1]})
    assert response.status_code == 302, response.text
    assert _task(draft).funds == D("120000.00")


@pytest.mark.parametrize(("locale", "typed", "message"), [
    ("pl", "1,000", "Kwota może mieć najwyżej dwa miejsca po przecinku (grosze) – wpisz ją "
                    f"tak: 1{NBSP}234,56."),
    ("pl", "1,234.56", f"„1,234.56” można odczytać jako dwie różne kwoty – wpisz ją tak: "
                       f"1{NBSP}234,56."),
    ("pl", "1e5", f"„1e5” nie jest kwotą – wpisz ją tak: 1{NBSP}234,56."),
    ("en", "1.000", "An amount can have at most two decimal places (grosze) – type it like "
                    "this: 1,234.56."),
    ("en", "1500,50", "“1500,50” could mean two different amounts – type it like this: "
                      "1,234.56."),
    ("en", "NaN", "“NaN” is not an amount – type it like this: 1,234.56."),
])
def test_an_amount_that_is_not_clear_is_refused_and_kept(client, world, draft, locale, typed,
                                                          message):
    _as(client, world.officer, locale)
    response = _edit(client, draft, locale, **{"tasks-0-funds": typed, "title": "Nowy tytuł"})
    assert response.status_code == 200
    assert message in response.text
    assert f'value="{typed}"' in response.text and 'value="Nowy tytuł"' in response.text
    assert _task(draft).funds == D("120000.00")


@pytest.mark.parametrize(("locale", "typed", "message"), [
    ("pl", "70.000", "Minimalna dotacja nie może być większa niż maksymalna."),
    ("en", "70,000", "The minimum grant cannot be greater than the maximum."),
])
def test_a_refused_service_keeps_the_amount_as_typed(client, world, draft, locale, typed,
                                                     message):
    _as(client, world.officer, locale)
    response = _edit(client, draft, locale, **{"tasks-0-min_grant": typed})
    assert response.status_code == 200
    assert message in response.text and f'value="{typed}"' in response.text
    assert _task(draft).min_grant == D("1000.00")


@pytest.mark.parametrize(("locale", "amount", "grant"), [
    ("pl", "1.000", "500,50"), ("en", "1,000", "500.50")])
def test_the_documents_import_reads_text_amounts_in_the_users_language(client, world, locale,
                                                                       amount, grant):
    with clock.frozen_at(BEFORE_DUE):
        _contract, report = filled_report(world)
        _as(client, world.ngo_admin, locale)
        data = documents_xlsx([["F/1", "01.03.2026", "X", amount, "I.1.1", grant, None]])
        response = client.post(f"/sprawozdania/{report.id}/dokumenty/import",
                               data={"file": (io.BytesIO(data), "dokumenty.xlsx")},
                               content_type="multipart/form-data")
        assert response.status_code == 302, response.text
    db.session.expire_all()
    [document] = report.draft_version.documents
    assert (document.amount, document.grant_part) == (D("1000.00"), D("500.50"))


# ---------------------------------------------------------------- the ranking's grant inputs

@pytest.mark.parametrize(("locale", "shown", "typed", "refused"), [
    ("pl", f'value="20{NBSP}000,00"', "15.000", "15,000"),
    ("en", 'value="20,000.00"', "15,000", "15.000"),
])
def test_ranking_grants_in_the_users_language(client, world, monkeypatch, locale, shown, typed,
                                              refused):
    a = filed_with_grant(world, "40000.00", title="Oferta A")
    b = filed_with_grant(world, "50000.00", organisation=world.ngo_y, actor=world.ngo_other,
                         title="Oferta B")
    after_deadline(world.competition)
    world.competition.tasks[0].funds = D("70000.00")
    db.session.commit()
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90)])
    key = f"grant-{award_of(ranking, a).id}"
    url = f"/officer/competitions/{world.competition.id}/ranking"
    _as(client, world.officer, locale)
    assert shown in _get(client, url).text
    response = _post(client, url, {"action": "save", key: refused})
    assert response.status_code == 422 and f'value="{refused}"' in response.text
    assert _post(client, url, {"action": "save", key: typed}).status_code == 302
    db.session.expire_all()
    assert award_of(queries.ranking_of(world.competition), a).proposed_grant == D("15000.00")
