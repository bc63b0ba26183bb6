"""Formal check services: start, items, outcomes and their required fields, the default due
date, the correction (a new version filed until the due date), the refusals that stay after
the offer deadline, the e-mails, and the offers admitted to scoring."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from grants.calls.models import CallStatus
from grants.core import clock
from grants.core.audit import AuditEntry
from grants.core.errors import (
    DeadlinePassed,
    InvalidTransition,
    NotAllowed,
    ValidationFailed,
)
from grants.extensions import db
from grants.formal import queries, services
from grants.formal.models import FormalCheck, FormalOutcome
from grants.formal.queries import CheckStatus
from grants.offers import filing as offer_filing
from grants.offers import services as offer_services
from grants.offers.models import OfferStatus, VersionState
from tests.support.factories import make_organisation
from tests.support.formal import (
    accept,
    evaluation_at,
    fail_first,
    judge_all,
    offer_of_x,
    offer_of_y,
    past_deadline,
    reject,
    to_complete,
)
from tests.support.offers import make_offer, signatories

# ---------------------------------------------------------------- start


def test_start_copies_the_checklist_and_is_idempotent(world):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = services.start_check(offer, actor=world.officer)
    db.session.commit()
    assert check.outcome == FormalOutcome.PENDING
    assert [(i.position, i.text, i.passed) for i in check.items] == [
        (1, "Oferta złożona w terminie", None),
        (2, "Oferta podpisana przez osoby uprawnione", None)]
    assert [i.checklist_item_id for i in check.items] == [
        c.id for c in world.competition.checklist]
    assert services.start_check(offer, actor=world.officer).id == check.id
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "formal.started"))


@pytest.mark.parametrize("who", ["officer_b", "committee", "finance", "admin", "ngo_admin",
                                 "ngo_other"])
def test_only_the_organisers_officer_runs_the_check(world, who):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    with pytest.raises(NotAllowed):
        services.start_check(offer, actor=getattr(world, who))


def test_the_check_starts_only_after_the_offer_deadline(world):
    offer = offer_of_x(world)
    clock.set_now(world.competition.offer_deadline - timedelta(seconds=1))
    with pytest.raises(InvalidTransition) as exc:
        services.start_check(offer, actor=world.officer)
    assert "po terminie składania ofert" in exc.value.message
    clock.set_now(world.competition.offer_deadline)  # the deadline itself: evaluation
    assert services.start_check(offer, actor=world.officer).id


@pytest.mark.parametrize("case, error, text", [
    ("withdrawn", InvalidTransition, "wycofana"),
    ("draft", NotAllowed, "urzędnik"),           # never filed: not the officer's to see
    ("decided", InvalidTransition, "etapie oceny"),
])
def test_the_check_needs_a_filed_offer_in_evaluation(world, case, error, text):
    offer = offer_of_x(world)
    if case == "withdrawn":
        offer_services.withdraw_offer(offer, actor=world.ngo_admin)
    elif case == "draft":
        offer = make_offer(world, organisation=world.ngo_y, actor=world.ngo_other)
    db.session.commit()
    past_deadline(world.competition)
    if case == "decided":
        world.competition.status = CallStatus.DECIDED
    with pytest.raises(error) as exc:
        services.start_check(offer, actor=world.officer)
    assert text in exc.value.message


# ---------------------------------------------------------------- items

def test_record_items_changes_only_what_is_given_and_audits(world):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = services.start_check(offer, actor=world.officer)
    services.record_items(check, actor=world.officer,
                          results={2: {"passed": "fail", "note": "  Brak podpisu  "}})
    db.session.commit()
    assert [(i.passed, i.note) for i in check.items] == [(None, ""), (False, "Brak podpisu")]
    services.record_items(check, actor=world.officer, results={1: {"passed": True, "note": ""}})
    assert [i.passed for i in check.items] == [True, False]
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "formal.items_recorded")).all()
    assert len(entries) == 2


@pytest.mark.parametrize("results, key", [
    ({1: {"passed": "maybe"}}, "items-0-passed"),
    ({2: {"passed": "pass", "note": "x" * 2001}}, "items-1-note"),
])
def test_record_items_refuses_bad_values(world, results, key):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = services.start_check(offer, actor=world.officer)
    with pytest.raises(ValidationFailed) as exc:
        services.record_items(check, actor=world.officer, results=results)
    assert key in exc.value.field_errors


def test_record_items_refuses_an_unknown_item(world):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = services.start_check(offer, actor=world.officer)
    with pytest.raises(ValidationFailed, match="odśwież"):
        services.record_items(check, actor=world.officer, results={9: {"passed": True}})


# ---------------------------------------------------------------- outcomes

@pytest.mark.parametrize("items, outcome, reasons, due, error_key, ok", [
    ("pass", "accepted", "", None, None, True),
    ("pass", "accepted", "Bez uwag.", None, None, True),
    ("none", "accepted", "", None, "items-0-passed", False),     # not judged
    ("fail1", "accepted", "", None, "items-0-passed", False),    # a failed item
    ("fail1", "rejected", "Brak podpisów.", None, None, True),
    ("fail1", "rejected", "   ", None, "reasons", False),        # reasons required
    ("none", "rejected", "Oferta złożona na innym formularzu.", None, None, True),
    ("fail1", "to_complete", "Dołącz podpis skarbnika.", None, None, True),  # default due
    ("fail1", "to_complete", "", None, "reasons", False),        # what to complete required
    ("fail1", "to_complete", "Podpis", "today", "due_date", False),
    ("fail1", "to_complete", "Podpis", "yesterday", "due_date", False),
    ("fail1", "to_complete", "Podpis", "in400days", "due_date", False),
    ("fail1", "to_complete", "Podpis", "tomorrow", None, True),
    ("fail1", "to_complete", "Podpis", "not-a-date", "due_date", False),
    ("pass", "pending", "", None, "outcome", False),             # not a decision
    ("pass", "approved", "", None, "outcome", False),
    ("pass", "rejected", "x" * 5001, None, "reasons", False),
])
def test_decide(world, items, outcome, reasons, due, error_key, ok, mailbox):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = services.start_check(offer, actor=world.officer)
    if items == "pass":
        judge_all(check, world.officer)
    elif items == "fail1":
        fail_first(check, world.officer)
    db.session.commit()
    mailbox.clear()
    today = clock.today()
    due_date = {None: None, "today": today, "yesterday": today - timedelta(days=1),
                "tomorrow": today + timedelta(days=1),
                "in400days": today + timedelta(days=400), "not-a-date": "2027-01-01"}[due]
    if not ok:
        with pytest.raises(ValidationFailed) as exc:
            services.decide_check(check, actor=world.officer, outcome=outcome,
                                  reasons=reasons, due_date=due_date)
        assert error_key in exc.value.field_errors
        db.session.rollback()
        assert queries.check_of(offer).outcome == FormalOutcome.PENDING
        assert not queries.check_of(offer).rounds
        return
    round_ = services.decide_check(check, actor=world.officer, outcome=outcome,
                                   reasons=reasons, due_date=due_date)
    db.session.commit()
    assert check.outcome == FormalOutcome(outcome) == round_.outcome
    assert check.reasons == reasons.strip() == round_.reasons
    assert check.checked_version_id == offer.filed_version.id == round_.version_id
    assert check.decided_by_id == world.officer.id and check.decided_at == clock.now()
    assert round_.number == 1 and [i["text"] for i in round_.items] == [
        i.text for i in check.items]
    if outcome == "to_complete":
        expected = due_date or services.default_due_date(world.competition)
        assert check.due_date == round_.due_date == expected
    else:
        assert check.due_date is None
    [mail] = mailbox
    assert offer.number in mail["Subject"]


def test_an_accepted_check_is_final(world):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    accepted = accept(offer, world.officer)
    for verb in (
        lambda: services.decide_check(accepted, actor=world.officer, outcome="rejected",
                                      reasons="Pomyłka"),
        lambda: services.record_items(accepted, actor=world.officer,
                                      results={1: {"passed": False}}),
    ):
        with pytest.raises(InvalidTransition, match="zakończona"):
            verb()


def test_a_rejected_check_is_final(world):
    offer_y = offer_of_y(world)
    past_deadline(world.competition)
    check = reject(offer_y, world.officer)
    with pytest.raises(InvalidTransition, match="zakończona"):
        services.decide_check(check, actor=world.officer, outcome="accepted")


@pytest.mark.parametrize("day, days, expected", [
    (date(2026, 12, 18), 7, date(2026, 12, 28)),   # 25th-26th Christmas, 27th Sunday
    (date(2026, 11, 4), 7, date(2026, 11, 12)),    # 11 November, Independence Day
    (date(2026, 3, 30), 7, date(2026, 4, 7)),      # 6 April 2026: Easter Monday
    (date(2026, 12, 17), 7, date(2026, 12, 28)),   # 24 December is a holiday from 2025
    (date(2026, 6, 1), 5, date(2026, 6, 8)),       # a Saturday moves to Monday
    (date(2026, 6, 2), 3, date(2026, 6, 5)),       # a plain Friday stays
    (date(2026, 6, 1), 3, date(2026, 6, 5)),       # lands on Corpus Christi, moved to Friday
])
def test_default_due_date_skips_saturdays_and_holidays(world, day, days, expected):
    offer = evaluation_at(world, day, completion_days=days)
    assert services.default_due_date(offer.competition) == expected
    check = services.start_check(offer, actor=world.officer)
    fail_first(check, world.officer)
    services.decide_check(check, actor=world.officer, outcome="to_complete",
                          reasons="Uzupełnij podpis.")
    assert check.due_date == expected


# ---------------------------------------------------------------- e-mail

def test_every_outcome_is_mailed_to_the_members_of_the_lead_organisation(world, mailbox):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    mailbox.clear()
    check = to_complete(offer, world.officer, reasons="Dołącz podpis skarbnika.")
    [mail] = mailbox
    assert set(mail["To"].split(", ")) == {world.ngo_admin.email, world.ngo_member.email}
    assert "do uzupełnienia" in mail["Subject"]
    body = mail.get_content()
    assert "Dołącz podpis skarbnika." in body
    due = clock.local_instant(check.due_date).astimezone(clock.WARSAW)
    assert due.strftime("%d.%m.%Y 23:59:59") in body
    mailbox.clear()
    clock.set_now(clock.local_instant(check.due_date) + timedelta(seconds=1))
    services.decide_check(check, actor=world.officer, outcome="rejected",
                          reasons="Oferta nie została uzupełniona w terminie.")
    db.session.commit()
    [mail] = mailbox
    assert "odrzucona" in mail["Subject"]
    assert "nie została uzupełniona w terminie" in mail.get_content()


def test_no_mail_before_commit_and_none_after_rollback(world, mailbox):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    mailbox.clear()
    accept(offer, world.officer, commit=False)
    db.session.rollback()
    assert mailbox == []


# ---------------------------------------------------------------- the correction

def test_correction_end_to_end(world, mailbox):
    offer = offer_of_x(world)
    first = offer.filed_version
    past_deadline(world.competition)
    check = to_complete(offer, world.officer)
    assert queries.status_of(offer, check) == CheckStatus.AWAITING_CORRECTION
    assert offer_services.filing_window(offer) == clock.local_instant(check.due_date)
    clock.set_now(clock.now() + timedelta(days=1))

    draft = services.start_correction(offer, actor=world.ngo_member)
    db.session.commit()
    assert draft.number == 2 and draft.state == VersionState.DRAFT
    assert [c.name for c in draft.cost_items] == [c.name for c in first.cost_items]
    assert services.start_correction(offer, actor=world.ngo_member).id == draft.id  # same
    offer_services.save_draft(draft, actor=world.ngo_member,
                              data={"other_info": "Podpis skarbnika dołączony."})
    db.session.commit()
    mailbox.clear()
    filed = offer_filing.file_offer(offer, actor=world.ngo_admin,   # the member prepared it
                                      signed_by=signatories(offer))
    db.session.commit()
    assert [v.state for v in offer.versions] == [VersionState.SUPERSEDED, VersionState.FILED]
    assert offer.filed_version.id == filed.id and offer.status == OfferStatus.FILED
    assert first.sha256 and filed.sha256 and first.sha256 != filed.sha256
    assert first.pdf_file_id and filed.pdf_file_id and first.pdf_file_id != filed.pdf_file_id
    assert first.content["III"]["title"] == filed.content["III"]["title"]
    assert filed.content["VI"]["other_info"] == "Podpis skarbnika dołączony."
    [mail] = mailbox
    assert mail["To"] == world.ngo_admin.email and "uzupełnienia" in mail["Subject"]
    assert "ponowną ocenę" in mail.get_content()
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "offer.filed")
                              .order_by(AuditEntry.id.desc()))
    assert audit.after["formal_correction"] is True and audit.after["supersedes"] == 1

    assert queries.status_of(offer, check) == CheckStatus.CORRECTION_FILED
    assert offer_services.filing_window(offer) is None  # one correction per request
    with pytest.raises(InvalidTransition, match="już złożone"):
        services.start_correction(offer, actor=world.ngo_member)
    with pytest.raises(InvalidTransition, match="już złożone"):
        offer_services.start_replacement(offer, actor=world.ngo_member)

    judge_all(check, world.officer)
    services.decide_check(check, actor=world.officer, outcome="accepted")
    db.session.commit()
    assert check.outcome == FormalOutcome.ACCEPTED
    assert check.checked_version_id == filed.id
    assert [(r.outcome, r.version_id) for r in check.rounds] == [
        (FormalOutcome.TO_COMPLETE, first.id), (FormalOutcome.ACCEPTED, filed.id)]
    assert [i["passed"] for i in check.rounds[0].items] == [False, True]
    assert [i["passed"] for i in check.rounds[1].items] == [True, True]
    assert queries.offers_for_scoring(world.competition) == [offer]


def test_correction_can_be_filed_until_235959_of_the_due_date(world):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = to_complete(offer, world.officer)
    services.start_correction(offer, actor=world.ngo_admin)
    db.session.commit()
    due = clock.local_instant(check.due_date)
    assert due.astimezone(clock.WARSAW).strftime("%H:%M:%S") == "23:59:59"
    clock.set_now(due + timedelta(microseconds=999_999))  # still the last second
    assert offer_services.filing_window(offer) == due
    offer_filing.file_offer(offer, actor=world.ngo_admin, signed_by=signatories(offer))
    db.session.commit()
    assert offer.filed_version.number == 2


@pytest.mark.parametrize("prepared", [True, False])
def test_correction_after_the_due_date_is_refused(world, prepared):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = to_complete(offer, world.officer)
    if prepared:
        services.start_correction(offer, actor=world.ngo_admin)
        db.session.commit()
    clock.set_now(clock.local_instant(check.due_date) + timedelta(seconds=1))
    assert offer_services.filing_window(offer) is None
    assert queries.status_of(offer, check) == CheckStatus.CORRECTION_OVERDUE
    calls = [lambda: services.start_correction(offer, actor=world.ngo_admin),
             lambda: offer_services.start_replacement(offer, actor=world.ngo_admin)]
    if prepared:
        calls += [
            lambda: offer_filing.file_offer(offer, actor=world.ngo_admin,
                                              signed_by=signatories(offer)),
            lambda: offer_services.save_draft(offer.draft_version, actor=world.ngo_admin,
                                              data={"title": "po terminie"}),
            lambda: offer_services.discard_replacement(offer, actor=world.ngo_admin),
        ]
    for call in calls:
        with pytest.raises(DeadlinePassed, match="Termin uzupełnienia oferty minął"):
            call()
        db.session.rollback()
    assert offer.filed_version.number == 1


@pytest.mark.parametrize("state", ["no_check", "pending", "accepted", "rejected"])
def test_no_correction_without_a_request(world, state):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    if state == "pending":
        services.start_check(offer, actor=world.officer)
    elif state == "accepted":
        accept(offer, world.officer)
    elif state == "rejected":
        reject(offer, world.officer)
    db.session.commit()
    assert offer_services.filing_window(offer) is None
    with pytest.raises(InvalidTransition, match="na wezwanie"):
        services.start_correction(offer, actor=world.ngo_admin)
    with pytest.raises(DeadlinePassed, match="Termin składania ofert minął"):
        offer_services.start_replacement(offer, actor=world.ngo_admin)


@pytest.mark.parametrize("who", ["ngo_other", "officer", "committee"])
def test_only_the_offerors_members_prepare_the_correction(world, who):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    to_complete(offer, world.officer)
    with pytest.raises(NotAllowed):
        services.start_correction(offer, actor=getattr(world, who))


def test_every_other_change_stays_refused_after_the_deadline(world):
    """The correction window of offer X opens nothing else: not X's withdrawal, not another
    offer, not a new offer."""
    offer = offer_of_x(world)
    other = offer_of_y(world)
    third_org = make_organisation("Trzecia", index=2, members=[(world.ngo_admin, True)])
    draft = make_offer(world, organisation=third_org)
    past_deadline(world.competition)
    to_complete(offer, world.officer)
    to_complete(other, world.officer)  # Y awaits too, but files nothing below
    comp = world.competition
    calls = [
        lambda: offer_services.withdraw_offer(offer, actor=world.ngo_admin),
        lambda: offer_services.start_offer(comp, comp.tasks[0], world.ngo_x,
                                           actor=world.ngo_admin),
        lambda: offer_filing.file_offer(draft, actor=world.ngo_admin,
                                          signed_by=signatories(draft)),
        lambda: offer_services.save_draft(draft.versions[0], actor=world.ngo_admin,
                                          data={"title": "po terminie"}),
    ]
    for call in calls:
        with pytest.raises(DeadlinePassed, match="Termin składania ofert minął"):
            call()
        db.session.rollback()
    # X's correction window does not let X touch Y's offer, nor Y act as X
    with pytest.raises(NotAllowed):
        services.start_correction(other, actor=world.ngo_admin)
    assert offer.status == OfferStatus.FILED and draft.status == OfferStatus.DRAFT


def test_reject_waits_for_the_correction_or_its_due_date(world):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = to_complete(offer, world.officer)
    with pytest.raises(InvalidTransition, match="można odrzucić"):
        services.decide_check(check, actor=world.officer, outcome="rejected",
                              reasons="Nie uzupełniono.")
    db.session.rollback()
    clock.set_now(clock.local_instant(check.due_date) + timedelta(seconds=1))
    services.decide_check(check, actor=world.officer, outcome="rejected",
                          reasons="Oferta nie została uzupełniona w terminie.")
    db.session.commit()
    assert check.outcome == FormalOutcome.REJECTED and len(check.rounds) == 2
    assert queries.offers_for_scoring(world.competition) == []


def test_a_new_request_after_a_correction_opens_a_new_window(world):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = to_complete(offer, world.officer)
    services.start_correction(offer, actor=world.ngo_admin)
    offer_filing.file_offer(offer, actor=world.ngo_admin, signed_by=signatories(offer))
    db.session.commit()
    services.decide_check(check, actor=world.officer, outcome="to_complete",
                          reasons="Nadal brak podpisu.",
                          due_date=clock.today() + timedelta(days=3))
    db.session.commit()
    assert queries.status_of(offer, check) == CheckStatus.AWAITING_CORRECTION
    services.start_correction(offer, actor=world.ngo_admin)
    offer_filing.file_offer(offer, actor=world.ngo_admin, signed_by=signatories(offer))
    db.session.commit()
    assert [v.state for v in offer.versions] == [
        VersionState.SUPERSEDED, VersionState.SUPERSEDED, VersionState.FILED]
    assert [r.version_id for r in check.rounds] == [v.id for v in offer.versions[:2]]


def test_judge_offer_does_the_form_in_one_call(world):
    offer = offer_of_x(world)
    past_deadline(world.competition)
    check = services.judge_offer(offer, actor=world.officer,
                                 items={1: {"passed": "pass"}, 2: {"passed": "pass"}},
                                 outcome="accepted")
    db.session.commit()
    assert check.outcome == FormalOutcome.ACCEPTED


# ---------------------------------------------------------------- offers admitted to scoring

def test_offers_for_scoring_are_the_accepted_filed_ones(world):
    accepted = offer_of_x(world)
    rejected = offer_of_y(world)
    third = offer_of_x(world, organisation=make_organisation(
        "Trzecia", index=2, members=[(world.ngo_admin, True)]))
    fourth = offer_of_x(world, organisation=make_organisation(
        "Czwarta", index=3, members=[(world.ngo_admin, True)]))
    withdrawn = offer_of_x(world, organisation=make_organisation(
        "Piąta", index=4, members=[(world.ngo_admin, True)]))
    offer_services.withdraw_offer(withdrawn, actor=world.ngo_admin)
    db.session.commit()
    past_deadline(world.competition)
    accept(accepted, world.officer)
    reject(rejected, world.officer)
    services.start_check(third, actor=world.officer)        # pending
    to_complete(fourth, world.officer)                       # awaiting a correction
    db.session.commit()
    assert queries.offers_for_scoring(world.competition) == [accepted]
    rows = {r.offer.id: r.status for r in queries.check_rows(world.competition)}
    assert rows == {accepted.id: CheckStatus.ACCEPTED, rejected.id: CheckStatus.REJECTED,
                    third.id: CheckStatus.PENDING,
                    fourth.id: CheckStatus.AWAITING_CORRECTION,
                    withdrawn.id: CheckStatus.WITHDRAWN}
    assert db.session.scalar(select(db.func.count()).select_from(FormalCheck)) == 4
