"""Every error on a refused form is shown next to its field and tied to it (WCAG 1.3.1, 3.3.1):
the message has an id, the field (or each box of a group) names it in aria-describedby and
says aria-invalid="true". Checked on the forms where it was missing: filing an offer (the
signers and the confirmation box), filing a report (the confirmation) and the XLSX import of a
report's documents."""

from __future__ import annotations

import io
import re

from grants.taskreports.models import TaskReport
from tests.conftest import login
from tests.support.offers import login_as, make_offer
from tests.support.taskreports import filled_report

FEEDBACK = re.compile(r'<div class="invalid-feedback[^"]*"([^>]*)>(.*?)</div>', re.S)
FIELD = re.compile(r"<(input|select|textarea|fieldset)\b([^>]*)>")
ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def untied_errors(text: str) -> list[str]:
    """Error messages without an id, or whose id no invalid field points at."""
    problems = []
    described: set[str] = set()
    for _tag, attrs in FIELD.findall(text):
        a = dict(ATTR.findall(attrs))
        if a.get("aria-invalid") == "true" or _tag == "fieldset":
            described.update(a.get("aria-describedby", "").split())
    for attrs, message in FEEDBACK.findall(text):
        found = re.search(r'\bid="([^"]+)"', attrs)
        words = " ".join(re.sub(r"<[^>]+>", " ", message).split())[:60]
        if not found:
            problems.append(f"{words!r} has no id")
        elif found.group(1) not in described:
            problems.append(f"{words!r} ({found.group(1)}) is tied to no invalid field")
    return problems


def test_untied_errors_sees_a_loose_message():
    assert untied_errors('<input id="a"><div class="invalid-feedback d-block">Zły</div>') == [
        "'Zły' has no id"]
    assert untied_errors('<input id="a" aria-invalid="true" aria-describedby="a-errors">'
                         '<div class="invalid-feedback" id="a-errors">Zły</div>') == []


def test_filing_an_offer_ties_the_signers_and_the_confirmation_to_their_errors(world, client):
    offer = make_offer(world)
    login_as(client, world.ngo_admin)
    r = client.post(f"/offers/{offer.id}/file", data={})
    assert r.status_code == 422
    assert "invalid-feedback" in r.text
    assert untied_errors(r.text) == []
    confirm = next(dict(ATTR.findall(a)) for t, a in FIELD.findall(r.text) if 'name="confirm"' in a)
    assert confirm.get("aria-invalid") == "true" and confirm.get("aria-describedby")
    # too few signers (the service's refusal placed on the field): each box points at it
    reps = [rep.id for rep in offer.organisation.representatives]
    r = client.post(f"/offers/{offer.id}/file", data={"signed_by": reps[:1], "confirm": "y"})
    assert r.status_code == 422 and "invalid-feedback" in r.text
    assert untied_errors(r.text) == []
    boxes = [dict(ATTR.findall(a)) for t, a in FIELD.findall(r.text)
             if 'name="signed_by"' in a]
    assert boxes and all(b.get("aria-invalid") == "true" and
                         "signed_by-errors" in b.get("aria-describedby", "") for b in boxes)


def test_filing_a_report_ties_the_confirmation_to_its_error(world, client):
    _contract, report = filled_report(world)
    login(client, world.ngo_admin)
    page = client.get(f"/sprawozdania/{report.id}/edycja").text
    assert "confirm" in page
    data = {"action": "file"}
    r = client.post(f"/sprawozdania/{report.id}/edycja", data=data)
    assert r.status_code == 422
    assert untied_errors(r.text) == []


def test_the_xlsx_import_ties_its_errors_to_the_file_field(world, client):
    _contract, report = filled_report(world)
    assert isinstance(report, TaskReport)
    login(client, world.ngo_admin)
    for data in ({}, {"file": (io.BytesIO(b"not a spreadsheet"), "dokumenty.xlsx")}):
        r = client.post(f"/sprawozdania/{report.id}/dokumenty/import", data=data,
                        content_type="multipart/form-data")
        assert r.status_code in (400, 422), r.status_code
        assert "invalid-feedback" in r.text
        assert untied_errors(r.text) == []
        field = next(dict(ATTR.findall(a)) for t, a in FIELD.findall(r.text)
                     if 'type="file"' in a and 'name="file"' in a)
        assert field.get("aria-invalid") == "true"
        assert "file-errors" in field.get("aria-describedby", "")
