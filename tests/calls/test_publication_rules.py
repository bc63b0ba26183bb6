"""Publication: the minimum offer period of the rules in force on the announcement date,
completeness of the announcement, version 1."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from sqlalchemy import select

from grants.calls import publication, validation
from grants.calls.models import CallStatus, Mode
from grants.core import clock
from grants.core.audit import AuditEntry
from grants.core.errors import InvalidTransition
from grants.extensions import db
from grants.rules.services import set_rule
from tests.support.calls import draft_data, make_draft


def _deadline(day: date, hour: int = 12):
    return clock.local_instant(day, time(hour, 0))


# (BIP, notice board, website, deadline day, accepted?) - the last of the three dates counts.
MIN_PERIOD_CASES = [
    pytest.param(date(2026, 12, 3), date(2026, 12, 3), date(2026, 12, 3), date(2026, 12, 24),
                 True, id="settlement.md: 03.12 -> 24.12 is the earliest"),
    pytest.param(date(2026, 12, 3), date(2026, 12, 3), date(2026, 12, 3), date(2026, 12, 23),
                 False, id="settlement.md: 23.12 is one day short"),
    pytest.param(date(2026, 12, 1), date(2026, 12, 3), date(2026, 12, 2), date(2026, 12, 23),
                 False, id="the notice board came last"),
    pytest.param(date(2026, 12, 1), date(2026, 12, 1), date(2026, 12, 1), date(2026, 12, 22),
                 True, id="01.12 -> 22.12"),
    pytest.param(date(2026, 12, 3), date(2026, 12, 3), date(2026, 12, 10), date(2026, 12, 28),
                 False, id="website a week later: 10.12 -> 31.12 at the earliest"),
    pytest.param(date(2026, 12, 3), date(2026, 12, 3), date(2026, 12, 10), date(2026, 12, 31),
                 True, id="website 10.12 -> 31.12"),
]


@pytest.mark.parametrize(("bip", "board", "website", "deadline_day", "accepted"),
                         MIN_PERIOD_CASES)
def test_minimum_offer_period(world, bip, board, website, deadline_day, accepted):
    competition = make_draft(world, offer_deadline=_deadline(deadline_day),
                             decision_date=date(2027, 1, 31), confirm_day_off=True)
    if accepted:
        publication.publish(competition, actor=world.officer, bip_on=bip, board_on=board,
                         website_on=website)
        assert competition.status == CallStatus.PUBLISHED
        assert competition.rules_date == max(bip, board, website)
    else:
        with pytest.raises(publication.PublicationRefused) as exc:
            publication.publish(competition, actor=world.officer, bip_on=bip, board_on=board,
                             website_on=website)
        db.session.rollback()
        assert "co najmniej 21 dni po dniu ostatniej publikacji" in exc.value.message
        assert db.session.get(type(competition), competition.id).status == CallStatus.DRAFT


def test_the_refusal_names_the_earliest_allowed_day(world):
    competition = make_draft(world, offer_deadline=_deadline(date(2026, 12, 23)))
    with pytest.raises(publication.PublicationRefused) as exc:
        publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 3),
                         board_on=date(2026, 12, 3), website_on=date(2026, 12, 3))
    assert exc.value.problems == [
        "Termin składania ofert (23.12.2026) musi przypadać co najmniej 21 dni po dniu "
        "ostatniej publikacji ogłoszenia (03.12.2026), czyli nie wcześniej niż 24.12.2026."
    ]


# A law change: 30 days for announcements from 1 January 2027.
RULE_DATE_CASES = [
    pytest.param(date(2026, 12, 31), date(2027, 1, 21), True, id="announced before: 21 days"),
    pytest.param(date(2027, 1, 2), date(2027, 1, 23), False, id="announced after: 21 too few"),
    pytest.param(date(2027, 1, 2), date(2027, 1, 31), False, id="announced after: 29 too few"),
    pytest.param(date(2027, 1, 2), date(2027, 2, 1), True, id="announced after: 30 days"),
]


@pytest.mark.parametrize(("announced", "deadline_day", "accepted"), RULE_DATE_CASES)
def test_the_rules_in_force_on_the_announcement_date_apply(world, announced, deadline_day,
                                                           accepted):
    set_rule("offer_min_days", Decimal("30"), date(2027, 1, 1), actor=world.admin)
    db.session.commit()
    competition = make_draft(world, offer_deadline=_deadline(deadline_day),
                             decision_date=date(2027, 2, 28), confirm_day_off=True)
    if accepted:
        publication.publish(competition, actor=world.officer, bip_on=announced,
                         board_on=announced, website_on=announced)
        assert competition.rules_date == announced
    else:
        with pytest.raises(publication.PublicationRefused) as exc:
            publication.publish(competition, actor=world.officer, bip_on=announced,
                             board_on=announced, website_on=announced)
        assert "co najmniej 30 dni" in exc.value.message


def test_a_correction_keeps_the_rules_of_the_announcement_date(world):
    """Published under the 21-day rule; a later law change does not bind its corrections."""
    competition = make_draft(world, offer_deadline=_deadline(date(2027, 1, 20)),
                             decision_date=date(2027, 2, 28))
    publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 3),
                     board_on=date(2026, 12, 3), website_on=date(2026, 12, 3))
    set_rule("offer_min_days", Decimal("30"), date(2026, 12, 4), actor=world.admin)
    db.session.commit()
    with clock.frozen_at(datetime(2026, 12, 10, 9, 0, tzinfo=clock.WARSAW)):
        version = publication.correct(competition, actor=world.officer, reason="Skrócenie",
                                   offer_deadline=_deadline(date(2026, 12, 28)))
    assert version.number == 2


# (change to a complete draft, expected fragment of the problem)
INCOMPLETE_CASES = [
    pytest.param({"tasks": []}, "nie zawiera żadnego zadania", id="no task"),
    pytest.param({"tasks": [{**draft_data()["tasks"][0], "funds": Decimal("0")}]},
                 "wysokość środków przeznaczonych na zadanie musi być większa od zera",
                 id="funds 0"),
    pytest.param({"tasks": [{**draft_data()["tasks"][0], "max_grant": Decimal("130000")}]},
                 "maksymalna dotacja (130\xa0000,00\xa0zł) przekracza środki", id="max > funds"),
    pytest.param({"criteria": []}, "nie zawiera kryteriów", id="no criteria"),
    pytest.param({"checklist": []}, "Lista wymogów formalnych", id="no checklist"),
    pytest.param({"description": ""}, "Brak opisu zadania", id="no description"),
    pytest.param({"grant_rules": ""}, "Brak zasad przyznawania dotacji", id="no grant rules"),
    pytest.param({"task_conditions": ""}, "Brak warunków realizacji", id="no conditions"),
    pytest.param({"selection_procedure": " "}, "Brak opisu trybu", id="no procedure"),
    pytest.param({"mode": Mode.POWIERZENIE, "max_grant_pct": Decimal("100"),
                  "criteria": [c for c in draft_data()["criteria"] if c["statutory_point"] != 4],
                  "tie_break_point": 4},
                 "Remis ma rozstrzygać kryterium z art. 15 ust. 1 pkt 4",
                 id="tie-break criterion not in the announcement"),
    pytest.param({"decision_date": None}, "Brak terminu dokonania wyboru", id="no decision date"),
]


@pytest.mark.parametrize(("change", "problem"), INCOMPLETE_CASES)
def test_incomplete_announcement_is_refused(world, change, problem):
    competition = make_draft(world, **change)
    with pytest.raises(publication.PublicationRefused) as exc:
        publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 3),
                         board_on=date(2026, 12, 3), website_on=date(2026, 12, 3))
    assert any(problem in p for p in exc.value.problems), exc.value.problems


def test_every_problem_is_listed_at_once(world):
    competition = make_draft(world, tasks=[], criteria=[], checklist=[], description="")
    with pytest.raises(publication.PublicationRefused) as exc:
        publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 3),
                         board_on=None, website_on=date(2026, 12, 3))
    text = " ".join(exc.value.problems)
    for fragment in ("tablicy ogłoszeń", "zadania", "kryteriów", "wymogów", "opisu"):
        assert fragment in text
    assert exc.value.field_errors == {
        "board_on": ["Podaj datę wywieszenia na tablicy ogłoszeń."]}


def test_problems_the_form_cannot_produce_are_still_caught(world):
    """validate_for_publication checks the model, whatever path built it."""
    competition = make_draft(world)
    competition.mode = Mode.POWIERZENIE  # point 4 stays among the criteria
    competition.max_grant_pct = Decimal("80")
    competition.decision_date = date(2026, 12, 1)
    problems = validation.validate_for_publication(competition)
    db.session.rollback()
    assert any("pkt 4" in p or "punkt 4" in p for p in problems)
    assert any("100 %" in p for p in problems)
    assert any("wcześniejszy niż termin składania ofert" in p for p in problems)


def test_deadline_passed_before_publication(world):
    competition = make_draft(world)
    with clock.frozen_at(datetime(2026, 12, 28, 12, 0, 1, tzinfo=clock.WARSAW)):
        problems = validation.validate_for_publication(competition)
    assert "Termin składania ofert już minął." in problems


def test_publication_creates_version_one(world):
    competition = make_draft(world)
    version = publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 2),
                               board_on=date(2026, 12, 3), website_on=date(2026, 12, 1))
    db.session.commit()
    assert competition.status == CallStatus.PUBLISHED
    assert competition.version == 1
    assert competition.published_at == clock.now()
    announcement = competition.announcement
    assert (announcement.bip_on, announcement.board_on, announcement.website_on) == (
        date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 1))
    assert competition.rules_date == date(2026, 12, 3)
    stored = competition.versions
    assert [v.number for v in stored] == [1]
    assert version.changes == []
    assert version.snapshot["fields"]["title"] == "Posiłki dla osób w kryzysie bezdomności"
    assert version.snapshot["fields"]["offer_deadline"] == "2026-12-28T11:00:00+00:00"
    assert version.snapshot["tasks"][0]["funds"] == "120000.00"
    assert len(version.snapshot["criteria"]) == 6
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "call.publish" in actions


def test_published_announcement_cannot_be_published_again(world):
    with pytest.raises(InvalidTransition):
        publication.publish(world.competition, actor=world.officer, bip_on=date(2026, 12, 3),
                         board_on=date(2026, 12, 3), website_on=date(2026, 12, 3))


def test_missing_rule_set_is_a_problem_not_a_crash(world):
    competition = make_draft(world)
    with pytest.raises(publication.PublicationRefused) as exc:
        publication.publish(competition, actor=world.officer, bip_on=date(2020, 1, 1),
                         board_on=date(2020, 1, 1), website_on=date(2020, 1, 1))
    assert any("Brak zestawu reguł" in p for p in exc.value.problems)


# --- art. 15 ust. 1: every statutory criterion that applies ------------------------------------

def _criteria(points):
    from grants.calls.catalogue import STATUTORY_CRITERIA
    return [{"statutory_point": p, "name": STATUTORY_CRITERIA[p], "max_points": Decimal("20"),
             "min_points": None} for p in points]


@pytest.mark.parametrize(("mode", "points", "missing"), [
    pytest.param(Mode.WSPIERANIE, [3], [1, 2, 4, 5, 6], id="one criterion in wspieranie"),
    pytest.param(Mode.POWIERZENIE, [3], [1, 2, 5, 6], id="one criterion in powierzenie"),
    pytest.param(Mode.WSPIERANIE, [1, 2, 3, 5, 6], [4], id="wspieranie without point 4"),
    pytest.param(Mode.POWIERZENIE, [1, 2, 3, 5], [6], id="powierzenie without point 6"),
    pytest.param(Mode.WSPIERANIE, [1, 2, 3, 4, 5, 6], [], id="wspieranie: all six"),
    pytest.param(Mode.POWIERZENIE, [1, 2, 3, 5, 6], [], id="powierzenie: 1-3, 5, 6"),
    pytest.param(Mode.WSPIERANIE, [1, 2, 3, 3, 4, 5, 6], [], id="two criteria from point 3"),
])
def test_every_statutory_criterion_that_applies_is_required(world, mode, points, missing):
    extra = {"max_grant_pct": Decimal("100")} if mode == Mode.POWIERZENIE else {}
    competition = make_draft(world, mode=mode, criteria=_criteria(points), **extra)
    problems = [p for p in validation.validate_for_publication(competition)
                if "art. 15 ust. 1 pkt" in p and p.startswith("Brak kryterium")]
    assert problems == [f"Brak kryterium z art. 15 ust. 1 pkt {p}: „{name}”."
                        for p, name in _statutory(missing)]


def _statutory(points):
    from grants.calls.catalogue import STATUTORY_CRITERIA
    return [(p, STATUTORY_CRITERIA[p]) for p in points]


def test_publication_with_one_criterion_is_refused(world):
    competition = make_draft(world, criteria=_criteria([3]))
    with pytest.raises(publication.PublicationRefused) as exc:
        publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 3),
                            board_on=date(2026, 12, 3), website_on=date(2026, 12, 3))
    assert sum("Brak kryterium z art. 15 ust. 1 pkt" in p for p in exc.value.problems) == 5


# --- an offer deadline on a Saturday, Sunday or public holiday needs the officer's confirmation -

@pytest.mark.parametrize(("day", "message"), [
    pytest.param(date(2026, 12, 26), "26.12.2026 to święto (Drugi dzień Bożego Narodzenia) - "
                 "potwierdź, że termin ma tak przypadać.", id="holiday on a Saturday"),
    pytest.param(date(2026, 12, 24), "24.12.2026 to święto (Wigilia Bożego Narodzenia) - "
                 "potwierdź, że termin ma tak przypadać.", id="Christmas Eve"),
    pytest.param(date(2027, 1, 2), "02.01.2027 to sobota - potwierdź, że termin ma tak "
                 "przypadać.", id="Saturday"),
    pytest.param(date(2027, 1, 3), "03.01.2027 to niedziela - potwierdź, że termin ma tak "
                 "przypadać.", id="Sunday"),
])
def test_a_deadline_on_a_day_off_needs_confirmation(world, day, message):
    from grants.calls import services
    from grants.core.errors import ValidationFailed
    with pytest.raises(ValidationFailed) as exc:
        make_draft(world, offer_deadline=_deadline(day))
    assert exc.value.field_errors["offer_deadline"] == [message]
    db.session.rollback()
    competition = make_draft(world, offer_deadline=_deadline(day), confirm_day_off=True)
    assert competition.deadline_day_off_confirmed == day
    services.update_draft(competition, actor=world.officer, title="Inny tytuł")  # stays
    assert competition.deadline_day_off_confirmed == day
    publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 3),
                        board_on=date(2026, 12, 3), website_on=date(2026, 12, 3))
    assert competition.status == CallStatus.PUBLISHED


def test_moving_a_confirmed_deadline_to_another_day_off_asks_again(world):
    from grants.calls import services
    from grants.core.errors import ValidationFailed
    competition = make_draft(world, offer_deadline=_deadline(date(2027, 1, 2)),
                             confirm_day_off=True)
    with pytest.raises(ValidationFailed) as exc:
        services.update_draft(competition, actor=world.officer,
                              offer_deadline=_deadline(date(2027, 1, 3)))
    assert "03.01.2027 to niedziela" in exc.value.field_errors["offer_deadline"][0]
    db.session.rollback()
    services.update_draft(competition, actor=world.officer,
                          offer_deadline=_deadline(date(2027, 1, 4)))  # a Monday
    assert competition.deadline_day_off_confirmed is None


def test_an_unconfirmed_day_off_deadline_is_not_published(world):
    """Whatever path set the deadline, publication checks the confirmation."""
    competition = make_draft(world)
    competition.offer_deadline = _deadline(date(2026, 12, 26))
    with pytest.raises(publication.PublicationRefused) as exc:
        publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 3),
                            board_on=date(2026, 12, 3), website_on=date(2026, 12, 3))
    assert ("26.12.2026 to święto (Drugi dzień Bożego Narodzenia) - potwierdź, że termin ma "
            "tak przypadać.") in exc.value.problems


def test_a_correction_to_a_day_off_needs_confirmation(world):
    from grants.core.errors import ValidationFailed
    competition = make_draft(world)
    publication.publish(competition, actor=world.officer, bip_on=date(2026, 12, 3),
                        board_on=date(2026, 12, 3), website_on=date(2026, 12, 3))
    db.session.commit()
    with pytest.raises(ValidationFailed) as exc:
        publication.correct(competition, actor=world.officer, reason="Przesunięcie",
                            offer_deadline=_deadline(date(2027, 1, 6)))
    assert exc.value.field_errors["offer_deadline"] == [
        "06.01.2027 to święto (Święto Trzech Króli) - potwierdź, że termin ma tak przypadać."]
    db.session.rollback()
    publication.correct(competition, actor=world.officer, reason="Przesunięcie",
                        offer_deadline=_deadline(date(2027, 1, 6)), confirm_day_off=True)
    assert competition.deadline_day_off_confirmed == date(2027, 1, 6)
