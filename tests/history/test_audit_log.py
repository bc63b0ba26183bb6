"""The administrators' log: filters by person, object, action and Warsaw dates; bad filters get
a message (400), never a server error; CSV and XLSX of what the filters select, capped."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from grants.core import audit
from grants.extensions import db
from grants.history import filters, labels
from tests.conftest import login

WARSAW_MIDNIGHT = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)  # 2.12.2026 00:30 in Warsaw


def _entries(world):
    first = audit.record(world.officer, "contract.closed", world.competition,
                         before={"status": "a"}, after={"status": "b"})
    second = audit.record(world.admin, "rule.set", world.competition,
                          before=None, after={"value": "=HYPERLINK(\"x\")"})
    first.at = WARSAW_MIDNIGHT
    second.at = WARSAW_MIDNIGHT - dt.timedelta(hours=1)  # 1.12.2026 23:30 in Warsaw
    db.session.commit()
    return first, second


def _admin(app, world):
    client = app.test_client()
    login(client, world.admin)
    return client


def test_filters_by_person_object_action_and_warsaw_dates(app, world):
    _entries(world)
    client = _admin(app, world)

    def shown(query: str) -> set[str]:
        html = client.get("/admin/audit?" + query).get_data(as_text=True)
        return {a for a in ("Zamknięcie umowy", "Zmiana reguły ustawowej") if a in html}

    assert shown("person=urzednik@") == {"Zamknięcie umowy"}
    assert shown("person=Adam") == {"Zmiana reguły ustawowej"}
    assert shown(f"type=Competition&id={world.competition.id}") == {
        "Zamknięcie umowy", "Zmiana reguły ustawowej"}
    assert shown("type=Offer") == set()
    assert shown("action=rule.") == {"Zmiana reguły ustawowej"}
    assert shown("from=02.12.2026&to=02.12.2026") == {"Zamknięcie umowy"}
    assert shown("from=2026-12-01&to=2026-12-01") == {"Zmiana reguły ustawowej"}


@pytest.mark.parametrize("query", ["from=31.02.2026", "to=jutro", "id=12a", "type=<script>",
                                   "action=DROP TABLE", "from=02.12.2026&to=01.12.2026",
                                   "from=01.01.1900", "page=x&id=-1", "id=" + "9" * 30])
def test_bad_filters_get_a_message_not_a_server_error(app, world, query):
    _entries(world)
    client = _admin(app, world)
    response = client.get("/admin/audit?" + query)
    assert response.status_code == 400
    assert "Popraw filtry" in response.get_data(as_text=True)
    assert client.get("/admin/audit.csv?" + query).status_code == 400


def test_csv_export_of_the_filtered_log_neutralises_formulas(app, world):
    _entries(world)
    client = _admin(app, world)
    response = client.get("/admin/audit.csv?action=rule.")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith("audit.csv")
    text = response.get_data(as_text=True)
    lines = text.strip().splitlines()
    assert len(lines) == 2 and "rule.set" in lines[1] and "contract.closed" not in text
    assert "2026-12-02 00:30" not in text and "2026-12-01 23:30" in lines[1]  # Warsaw time
    assert ";'{" not in text  # a JSON cell starts with {, not a formula


def test_xlsx_export_holds_text_cells_and_is_capped(app, world):
    _entries(world)
    for i in range(5):
        audit.record(world.officer, "call.update", world.competition, after={"n": i})
    db.session.commit()
    client = _admin(app, world)
    app.config["AUDIT_EXPORT_MAX"] = 3
    try:
        response = client.get("/admin/audit.xlsx")
    finally:
        app.config.pop("AUDIT_EXPORT_MAX")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Czas (Warszawa)" and len(rows) == 1 + 3
    assert all(isinstance(v, str) or v is None for row in rows for v in row)


def test_xlsx_export_writes_a_formula_as_text(app, world):
    audit.record(world.officer, "call.update", world.competition, after={"n": 1})
    db.session.commit()
    client = _admin(app, world)
    response = client.get("/admin/audit.xlsx?person==HYPERLINK")
    assert response.status_code == 200
    audit.record(world.admin, "=HYPERLINK(\"http://x\")", world.competition)
    db.session.commit()
    ws = load_workbook(io.BytesIO(client.get("/admin/audit.xlsx").data)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)


def test_the_log_is_for_administrators_only(app, world):
    client = app.test_client()
    login(client, world.officer)
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit.xlsx").status_code == 403


def test_the_log_in_english(app, world):
    _entries(world)
    world.admin.locale = "en"
    db.session.commit()
    html = _admin(app, world).get("/admin/audit?from=31.02.2026").get_data(as_text=True)
    assert "Audit log" in html and "Enter a date as dd.mm.yyyy" in html
    html = _admin(app, world).get("/admin/audit").get_data(as_text=True)
    assert "Contract closed" in html


@pytest.mark.pure
def test_filters_parse_dates_in_both_forms_and_refuse_the_rest():
    assert filters.parse({"from": "02.12.2026"}).date_from == dt.date(2026, 12, 2)
    assert filters.parse({"to": "2026-12-02"}).date_to == dt.date(2026, 12, 2)
    assert set(filters.parse({"from": "2.13.2026", "id": "x", "type": "a b"}).errors) == {
        "from", "id", "type"}
    assert filters.parse({"person": "x" * 500}).person == "x" * 100


def test_changes_list_changed_fields_or_every_field_of_one_side(app):
    with app.test_request_context():
        assert labels.changes({"status": "a", "same": 1}, {"status": "b", "same": 1}) == [
            ("Stan", "a", "b")]
        assert labels.changes(None, {"title": "T", "amount": "5.00"}) == [
            ("Tytuł", "–", "T"), ("Kwota", "–", "5,00\xa0zł")]
        assert labels.action_label("unknown.action") == "unknown.action"
        assert labels.value_text("x", "y" * 300).endswith("…")

