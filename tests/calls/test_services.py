"""Drafts, the same-kind table, documents and corrections (services)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from grants.calls import publication, services, snapshots
from grants.calls.models import (
    CallStatus,
    CallTask,
    Competition,
    Criterion,
    Mode,
)
from grants.core import clock
from grants.core.audit import AuditEntry
from grants.core.errors import DeadlinePassed, InvalidTransition, ValidationFailed
from grants.documents.models import StoredFile
from grants.extensions import db
from grants.offers.models import Offer
from grants.procedures.models import ProcedureDocument
from tests.support import files
from tests.support.awards import awarded
from tests.support.calls import draft_data, make_draft, publish_on
from tests.support.factories import make_competition

TASK = draft_data()["tasks"][0]
CRIT = draft_data()["criteria"]

# (change, field key, message fragment)
DRAFT_ERRORS = [
    pytest.param({"title": "  "}, "title", "Podaj tytuł", id="empty title"),
    pytest.param({"title": "x" * 301}, "title", "300 znaków", id="title too long"),
    pytest.param({"area": "kosmos"}, "area", "rodzaj zadania", id="unknown area"),
    pytest.param({"mode": "mieszany"}, "mode", "powierzenie albo wspieranie", id="bad mode"),
    pytest.param({"max_grant_pct": Decimal("0")}, "max_grant_pct", "większy od 0",
                 id="share 0"),
    pytest.param({"max_grant_pct": Decimal("101")}, "max_grant_pct", "100", id="share 101"),
    pytest.param({"min_own_pct": Decimal("100")}, "min_own_pct", "wkład własny",
                 id="own 100"),
    pytest.param({"min_score_pct": None}, "min_score_pct", "Podaj minimalną", id="no score"),
    pytest.param({"min_score_pct": Decimal("120")}, "min_score_pct", "100", id="score 120"),
    pytest.param({"completion_days": 0}, "completion_days", "od 1 do 365", id="0 days"),
    pytest.param({"offer_deadline": None}, "offer_deadline", "Podaj termin", id="no deadline"),
    pytest.param({"offer_deadline": clock.local_instant(date(2026, 12, 3), time(9, 59))},
                 "offer_deadline", "w przyszłości", id="deadline in the past"),
    pytest.param({"decision_date": date(2026, 12, 27)}, "decision_date",
                 "nie może być wcześniejszy", id="decision before deadline"),
    pytest.param({"tasks": [{**TASK, "title": ""}]}, "tasks.0.title", "Podaj nazwę",
                 id="task without title"),
    pytest.param({"tasks": [{**TASK, "funds": None}]}, "tasks.0.funds", "Podaj wysokość",
                 id="task without funds"),
    pytest.param({"tasks": [{**TASK, "funds": Decimal("-1")}]}, "tasks.0.funds", "ujemna",
                 id="negative funds"),
    pytest.param({"tasks": [{**TASK, "min_grant": Decimal("70000")}]}, "tasks.0.min_grant",
                 "nie może być większa niż maksymalna", id="min > max"),
    pytest.param({"tasks": [TASK, {**TASK, "end_date": date(2026, 12, 31)}]}, "tasks.1.end_date",
                 "przed dniem rozpoczęcia", id="second task ends before it starts"),
    pytest.param({"mode": Mode.POWIERZENIE}, "criteria.3.statutory_point",
                 "tylko w trybie wspierania", id="criterion 4 in powierzenie"),
    pytest.param({"criteria": [{**CRIT[0], "statutory_point": 7}]},
                 "criteria.0.statutory_point", "1–6", id="point 7"),
    pytest.param({"criteria": [{**CRIT[0], "max_points": Decimal("0")}]},
                 "criteria.0.max_points", "większa od 0", id="0 points"),
    pytest.param({"criteria": [{**CRIT[0], "min_points": Decimal("25")}]},
                 "criteria.0.min_points", "między 0 a maksymalną", id="min points > max"),
    pytest.param({"checklist": [{"text": ""}]}, "checklist.0.text", "Podaj treść",
                 id="empty checklist item"),
    pytest.param({"required_attachments": [{"name": "", "mandatory": True}]},
                 "required_attachments.0.name", "Podaj nazwę", id="unnamed attachment"),
    pytest.param({"same_kind_tasks": [{"year": 1800, "name": "X", "total_cost": Decimal("1"),
                                       "grant": Decimal("1")}]},
                 "same_kind_tasks.0.year", "Podaj rok", id="same-kind year"),
    pytest.param({"same_kind_tasks": [{"year": 2026, "name": "X", "total_cost": Decimal("1"),
                                       "grant": Decimal("2")}]},
                 "same_kind_tasks.0.grant", "większa niż koszt", id="grant above cost"),
]


@pytest.mark.parametrize(("change", "key", "fragment"), DRAFT_ERRORS)
def test_create_draft_refuses_bad_data(world, change, key, fragment):
    with pytest.raises(ValidationFailed) as exc:
        services.create_draft(world.org_a, actor=world.officer, **draft_data(**change))
    assert key in exc.value.field_errors, exc.value.field_errors
    assert any(fragment in m for m in exc.value.field_errors[key]), exc.value.field_errors
    db.session.rollback()
    assert db.session.scalar(select(func.count(Competition.id))) == 1  # only the world's


def test_create_draft_stores_everything_and_audits(world):
    competition = make_draft(world, same_kind_tasks=[
        {"year": 2026, "name": "Posiłki 2026", "total_cost": Decimal("100000"),
         "grant": Decimal("95000")}])
    db.session.expire_all()
    competition = db.session.get(Competition, competition.id)
    assert competition.status == CallStatus.DRAFT
    assert competition.organiser_id == world.org_a.id
    assert competition.created_by_id == world.officer.id
    assert competition.offer_deadline == datetime(2026, 12, 28, 11, 0, tzinfo=UTC)
    assert [t.title for t in competition.tasks] == ["Posiłki"]
    assert competition.tasks[0].funds == Decimal("120000.00")
    assert [c.statutory_point for c in competition.criteria] == [1, 2, 3, 4, 5, 6]
    assert [c.position for c in competition.criteria] == [1, 2, 3, 4, 5, 6]
    assert competition.same_kind_tasks[0].grant == Decimal("95000.00")
    assert db.session.scalar(select(AuditEntry.action).where(
        AuditEntry.object_id == str(competition.id))) == "call.create"


def test_powierzenie_forces_a_100_percent_share(world):
    criteria = [c for c in CRIT if c["statutory_point"] != 4]
    competition = make_draft(world, mode=Mode.POWIERZENIE, max_grant_pct=Decimal("60"),
                             criteria=criteria)
    assert competition.max_grant_pct == Decimal("100")


def test_update_draft_keeps_rows_by_id(world):
    competition = make_draft(world)
    task_id = competition.tasks[0].id
    criterion_ids = [c.id for c in competition.criteria]
    tasks = [{"id": task_id, **{**TASK, "funds": Decimal("150000")}},
             {**TASK, "title": "Schronienie"}]
    criteria = [{"id": criterion_ids[0], **CRIT[0]}, {"id": criterion_ids[2], **CRIT[2]}]
    services.update_draft(competition, actor=world.officer, tasks=tasks, criteria=criteria,
                          title="Nowy tytuł")
    db.session.commit()
    assert [t.id for t in competition.tasks][0] == task_id
    assert [t.title for t in competition.tasks] == ["Posiłki", "Schronienie"]
    assert competition.tasks[0].funds == Decimal("150000.00")
    assert [c.id for c in competition.criteria] == [criterion_ids[0], criterion_ids[2]]
    assert db.session.scalar(select(func.count(Criterion.id)).where(
        Criterion.competition_id == competition.id)) == 2
    assert competition.title == "Nowy tytuł"


def test_update_draft_refuses_published(world):
    with pytest.raises(InvalidTransition):
        services.update_draft(world.competition, actor=world.officer, title="X")


def test_update_draft_refuses_unknown_keys(world):
    competition = make_draft(world)
    with pytest.raises(ValidationFailed, match="Nieznane pola"):
        services.update_draft(competition, actor=world.officer, status="published")


# --- same-kind tasks from history --------------------------------------------------------------

def _past(world, *, title, status, announced, area="pomoc_spoleczna", organiser=None,
          funds=Decimal("50000.00")):
    comp = make_competition(organiser or world.org_a, status=status, title=title, funds=funds,
                            max_grant=funds)
    comp.area = area
    comp.rules_date = announced
    db.session.commit()
    return comp


def test_fill_same_kind_tasks_from_history(world):
    decided = _past(world, title="Posiłki 2025", status=CallStatus.DECIDED,
                    announced=date(2025, 2, 1), funds=Decimal("80000.00"))
    awarded(world, decided, "60000.00")
    open_one = _past(world, title="Schronienie 2026", status=CallStatus.PUBLISHED,
                     announced=date(2026, 3, 1), funds=Decimal("30000.00"))
    awarded(world, open_one, "30000.00")  # not decided: no grant given yet
    _past(world, title="Za stary", status=CallStatus.DECIDED, announced=date(2024, 12, 31))
    _past(world, title="Inna sfera", status=CallStatus.DECIDED, announced=date(2026, 1, 5),
          area="kultura")
    _past(world, title="Inny organizator", status=CallStatus.DECIDED,
          announced=date(2026, 1, 5), organiser=world.org_b)
    _past(world, title="Unieważniony", status=CallStatus.ANNULLED, announced=date(2026, 1, 5))
    world.competition.rules_date = date(2024, 6, 1)  # the world's call: too old
    db.session.commit()
    competition = make_draft(world)
    rows = services.fill_same_kind_tasks(competition, actor=world.officer)
    db.session.commit()
    assert [(r.year, r.name, r.total_cost, r.grant, r.source_competition_id) for r in rows] == [
        (2025, "Posiłki 2025 – Schronienie i posiłki", Decimal("75000.00"),
         Decimal("60000.00"), decided.id),
    ]


def test_fill_same_kind_tasks_only_in_drafts(world):
    with pytest.raises(InvalidTransition):
        services.fill_same_kind_tasks(world.competition, actor=world.officer)


# --- documents --------------------------------------------------------------------------------

ALLOWED = ("pdf", "odt", "docx", "xlsx")


@pytest.mark.parametrize(("filename", "data", "fragment"), [
    ("wirus.exe", b"MZ", "Niedozwolony rodzaj pliku"),
    ("regulamin", b"x", "Niedozwolony rodzaj pliku"),
    ("regulamin.pdf", b"", "pusty"),
    ("", b"x", "Wybierz niepusty plik"),
])
def test_add_document_refuses(world, filename, data, fragment):
    competition = make_draft(world)
    with pytest.raises(ValidationFailed) as exc:
        publication.add_document(competition, actor=world.officer, filename=filename, data=data)
    assert fragment in exc.value.message


def test_add_and_remove_document_of_a_draft(world):
    competition = make_draft(world)
    doc = publication.add_document(competition, actor=world.officer,
                                filename="C:\\Users\\ula\\Regulamin konkursu.PDF",
                                data=b"%PDF-1.4 test", title="")
    db.session.commit()
    assert doc.title == "Regulamin konkursu"
    assert doc.stored_file.filename == "Regulamin konkursu.PDF"
    assert doc.stored_file.content_type == "application/pdf"
    publication.remove_document(competition, doc, actor=world.officer)
    db.session.commit()
    assert db.session.scalar(select(func.count(ProcedureDocument.id))) == 0
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0


def test_documents_of_a_published_call_can_be_added_not_removed(world):
    doc = publication.add_document(world.competition, actor=world.officer, filename="wzór.docx",
                                data=files.docx())
    db.session.commit()
    with pytest.raises(InvalidTransition):
        publication.remove_document(world.competition, doc, actor=world.officer)


# --- corrections ------------------------------------------------------------------------------

@pytest.fixture
def published(world):
    competition = make_draft(world)
    publish_on(competition, world.officer, date(2026, 12, 3))
    return competition


def test_correction_creates_a_version_with_the_diff(world):
    extra = {"statutory_point": 3, "name": "Kwalifikacje kadry", "max_points": Decimal("5"),
             "min_points": None}  # a second criterion of pkt 3: it may go
    published = make_draft(world, criteria=draft_data()["criteria"] + [extra])
    publish_on(published, world.officer, date(2026, 12, 3))
    task = {"id": published.tasks[0].id, **{**TASK, "funds": Decimal("150000")}}
    criteria = [{"id": c.id, "statutory_point": c.statutory_point, "name": c.name,
                 "max_points": c.max_points, "min_points": c.min_points}
                for c in published.criteria]
    criteria[2]["max_points"] = Decimal("35")
    removed = criteria.pop(6)
    new_deadline = clock.local_instant(date(2026, 12, 30), time(15, 30))
    version = publication.correct(
        published, actor=world.officer, reason="Zwiększenie środków",
        offer_deadline=new_deadline, tasks=[task, {**TASK, "title": "Schronienie"}],
        criteria=criteria)
    db.session.commit()
    assert version.number == 2 and published.version == 2
    assert version.reason == "Zwiększenie środków"
    changes = {c["field"]: c for c in version.changes}
    assert changes["offer_deadline"] == {
        "field": "offer_deadline", "label": "Termin składania ofert",
        "before": "28.12.2026 12:00", "after": "30.12.2026 15:30"}
    assert changes["tasks.1.funds"]["before"] == "120\xa0000,00\xa0zł"
    assert changes["tasks.1.funds"]["after"] == "150\xa0000,00\xa0zł"
    assert changes["tasks.1.funds"]["label"] == "Zadanie 1: wysokość środków"
    assert changes["tasks.2"]["before"] == ""
    assert changes["tasks.2"]["after"].startswith("Schronienie")
    assert changes["criteria.3.max_points"]["before"] == "30"
    assert changes["criteria.3.max_points"]["after"] == "35"
    assert changes["criteria.7"]["label"] == "Kryterium 7 (usunięty)"
    assert changes["criteria.7"]["before"].startswith("3 · " + removed["name"])
    assert set(changes) == {"offer_deadline", "tasks.1.funds", "tasks.2",
                            "criteria.3.max_points", "criteria.7"}
    assert db.session.scalar(select(func.count(CallTask.id)).where(
        CallTask.competition_id == published.id)) == 2


def test_second_correction_compares_with_the_first(world, published):
    publication.correct(published, actor=world.officer, reason="Pierwsza", title="Tytuł B")
    db.session.commit()
    version = publication.correct(published, actor=world.officer, reason="Druga",
                               title="Tytuł C")
    db.session.commit()
    assert version.number == 3
    assert version.changes == [{"field": "title", "label": "Tytuł konkursu",
                                "before": "Tytuł B", "after": "Tytuł C"}]


def test_correction_of_a_call_published_without_versions(world):
    """Calls made outside the services (demo data, factories) have no version 1 stored."""
    version = publication.correct(world.competition, actor=world.officer, reason="Literówka",
                               title="Schronienie i posiłki dla osób w kryzysie")
    assert version.number == 2
    assert version.changes == [{
        "field": "title", "label": "Tytuł konkursu",
        "before": "Schronienie i posiłki dla osób w kryzysie bezdomności",
        "after": "Schronienie i posiłki dla osób w kryzysie"}]


@pytest.mark.parametrize(("deadline_day", "accepted"), [
    (date(2026, 12, 24), True),
    (date(2026, 12, 23), False),
])
def test_correction_moving_the_deadline_keeps_the_21_days(world, published, deadline_day,
                                                          accepted):
    new = clock.local_instant(deadline_day, time(12, 0))
    if accepted:
        publication.correct(published, actor=world.officer, reason="Skrócenie terminu",
                         offer_deadline=new, confirm_day_off=True)
        assert published.offer_deadline == new
    else:
        with pytest.raises(publication.PublicationRefused) as exc:
            publication.correct(published, actor=world.officer, reason="Skrócenie terminu",
                             offer_deadline=new)
        db.session.rollback()
        assert "nie wcześniej niż 24.12.2026" in exc.value.message
        assert db.session.get(Competition, published.id).version == 1


def test_correction_after_the_deadline_is_refused(world, published):
    with clock.frozen_at(datetime(2026, 12, 28, 12, 0, tzinfo=clock.WARSAW)):
        with pytest.raises(DeadlinePassed):
            publication.correct(published, actor=world.officer, reason="Za późno", title="X")


@pytest.mark.parametrize("status", [CallStatus.DECIDED, CallStatus.ANNULLED])
def test_decided_or_annulled_cannot_be_corrected(world, status):
    world.competition.status = status
    db.session.commit()
    with pytest.raises(InvalidTransition):
        publication.correct(world.competition, actor=world.officer, reason="X", title="Y")


def test_draft_is_not_corrected(world):
    competition = make_draft(world)
    with pytest.raises(InvalidTransition):
        publication.correct(competition, actor=world.officer, reason="X", title="Y")


@pytest.mark.parametrize(("reason", "changes", "fragment"), [
    ("", {"title": "Inny"}, "Podaj powód"),
    ("Bez zmian", {}, "nie zmienia treści"),
    ("Bez zmian", {"title": "Posiłki dla osób w kryzysie bezdomności"}, "nie zmienia treści"),
])
def test_correction_needs_a_reason_and_a_change(world, published, reason, changes, fragment):
    with pytest.raises(ValidationFailed) as exc:
        publication.correct(published, actor=world.officer, reason=reason, **changes)
    assert fragment in exc.value.message or any(
        fragment in m for ms in exc.value.field_errors.values() for m in ms)


def test_correction_cannot_drop_a_task_with_offers(world, published):
    db.session.add(Offer(competition_id=published.id, task_id=published.tasks[0].id,
                         organisation_id=world.ngo_x.id))
    db.session.commit()
    with pytest.raises(ValidationFailed) as exc:
        publication.correct(published, actor=world.officer, reason="Zmiana zadań",
                         tasks=[{**TASK, "title": "Inne zadanie"}])
    assert "złożono już do niego oferty" in exc.value.field_errors["tasks"][0]


def test_correction_point_4_in_powierzenie_refused(world, published):
    with pytest.raises(ValidationFailed) as exc:
        publication.correct(published, actor=world.officer, reason="Zmiana trybu",
                         mode=Mode.POWIERZENIE)
    assert "tylko w trybie wspierania" in exc.value.field_errors["criteria.3.statutory_point"][0]


# --- snapshots (pure) -------------------------------------------------------------------------

def test_snapshot_is_stable_whatever_the_decimal_form(world):
    competition = make_draft(world)
    first = snapshots.snapshot(competition)
    competition.tasks[0].funds = Decimal("120000")
    competition.max_grant_pct = Decimal("80.0")
    assert snapshots.diff(first, snapshots.snapshot(competition)) == []
    db.session.rollback()


@pytest.mark.parametrize(("kind", "raw", "text"), [
    ("money", "1234.50", "1\xa0234,50\xa0zł"),
    ("percent", "80.00", "80\xa0%"),
    ("percent", "12.50", "12,5\xa0%"),
    ("date", "2026-12-24", "24.12.2026"),
    ("datetime", "2026-12-24T11:00:00+00:00", "24.12.2026 12:00"),
    ("datetime", "2026-07-01T10:00:00+00:00", "01.07.2026 12:00"),
    ("bool", True, "tak"),
    ("area", "pomoc_spoleczna", "pomoc społeczna, w tym pomoc rodzinom i osobom w trudnej "
     "sytuacji życiowej oraz wyrównywanie szans tych rodzin i osób (pkt 1)"),
    ("text", None, ""),
])
def test_display_values(kind, raw, text):
    assert snapshots.display(kind, raw) == text
