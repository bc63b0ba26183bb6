"""Services of the awards: ranking and proposals, the budget held in the database, the
decision, publication, objections, annulment."""

from __future__ import annotations

import os
import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from grants.awards import queries, rules, services
from grants.awards.models import AwardState
from grants.calls.models import CallStatus
from grants.core import clock
from grants.core.audit import AuditEntry
from grants.core.deadlines import due_date
from grants.core.errors import BudgetExceeded, InvalidTransition, ValidationFailed
from grants.extensions import db
from grants.formal.models import FormalCheck, FormalOutcome
from tests.support.awards import (
    after_deadline,
    award_of,
    build,
    decide,
    filed_with_grant,
    publish,
    result,
    use_results,
)

D = Decimal


@pytest.fixture
def three(world):
    """Three filed offers of the world's task (funds 100 000): A 40 000, B 50 000 (Y), C 30 000;
    the clock after the offer deadline."""
    a = filed_with_grant(world, "40000.00", title="Oferta A")
    b = filed_with_grant(world, "50000.00", organisation=world.ngo_y, actor=world.ngo_other,
                         title="Oferta B")
    c = filed_with_grant(world, "30000.00", title="Oferta C")
    after_deadline(world.competition)
    return a, b, c


# ---------------------------------------------------------------- building the ranking

def test_ranking_orders_and_proposes_top_down(world, monkeypatch, three):
    a, b, c = three
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90), result(c, 80)])
    got = {award_of(ranking, o).offer_id: (award_of(ranking, o).rank,
                                           award_of(ranking, o).proposed_grant)
           for o in three}
    assert got == {b.id: (1, D("50000.00")), c.id: (2, D("30000.00")), a.id: (3, D("20000.00"))}
    assert queries.committed_sum(world.competition.tasks[0].id) == D("100000.00")
    assert award_of(ranking, b).score_text == "90"
    assert db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "awards.ranking_built")) is not None


def test_ineligible_offers_are_ranked_out_and_get_nothing(world, monkeypatch, three):
    a, b, c = three
    ranking = build(world, monkeypatch, [result(a, 95, eligible=False), result(b, 70),
                                         result(c, None, eligible=False, n_scores=0)])
    assert award_of(ranking, a).rank is None and award_of(ranking, a).proposed_grant == 0
    assert award_of(ranking, c).rank is None and not award_of(ranking, c).eligible
    assert award_of(ranking, b).rank == 1 and award_of(ranking, b).proposed_grant == D("50000")


def test_tie_broken_by_the_announcements_criterion(world, monkeypatch, three):
    a, b, c = three
    assert world.competition.tie_break_point == 3
    crit = world.competition.criteria[2]  # 3. Jakość wykonania (art. 15 ust. 1 pkt 3)
    ranking = build(world, monkeypatch, [result(a, 80, criteria={crit.id: 20}),
                                         result(b, 80, criteria={crit.id: 25}),
                                         result(c, 60)])
    assert ranking.tie_break_criterion_id == crit.id
    aw_a, aw_b = award_of(ranking, a), award_of(ranking, b)
    assert (aw_b.rank, aw_a.rank) == (1, 2)
    assert aw_a.tie_broken_by == aw_b.tie_broken_by == rules.BY_CRITERION
    assert crit.name in aw_a.tie_note and b.number in aw_a.tie_note
    assert "art. 15 ust. 1 pkt 3" in aw_a.tie_note


@pytest.mark.parametrize(("point", "first", "broken_by"), [
    pytest.param(1, "a", rules.BY_CRITERION, id="pkt 1 stated: a has more in criterion 1"),
    pytest.param(3, "b", rules.BY_CRITERION, id="pkt 3 stated: b has more in criterion 3"),
    pytest.param(None, "a", rules.BY_FILING, id="no criterion stated: a filed first"),
])
def test_the_tie_rule_is_the_one_the_announcement_states(world, monkeypatch, three, point,
                                                         first, broken_by):
    """The ranking applies the announcement's rule; nobody picks another once the scores
    are known."""
    a, b, c = three
    world.competition.tie_break_point = point
    one, quality = world.competition.criteria[0], world.competition.criteria[2]
    ranking = build(world, monkeypatch, [
        result(a, 80, criteria={one.id: 20, quality.id: 20}),
        result(b, 80, criteria={one.id: 15, quality.id: 25}), result(c, 60)])
    winner = {"a": a, "b": b}[first]
    assert award_of(ranking, winner).rank == 1
    assert award_of(ranking, winner).tie_broken_by == broken_by


def test_tie_without_criterion_goes_to_the_earlier_filing(world, monkeypatch, three):
    a, b, c = three  # a was filed first
    ranking = build(world, monkeypatch, [result(a, 80), result(b, 80), result(c, 60)])
    assert award_of(ranking, a).rank == 1
    assert award_of(ranking, b).tie_broken_by == rules.BY_FILING


def test_rebuilding_replaces_the_ranking(world, monkeypatch, three):
    a, b, c = three
    build(world, monkeypatch, [result(a, 70), result(b, 90), result(c, 80)])
    ranking = build(world, monkeypatch, [result(a, 99), result(b, 90), result(c, 80)])
    assert award_of(ranking, a).rank == 1
    assert len(ranking.awards) == 3


@pytest.mark.parametrize(("when", "closed", "message"), [
    ("before", True, "jeszcze nie minął"),
    ("after", False, "zamknięciu oceny"),
])
def test_ranking_refused_before_deadline_or_closing(world, monkeypatch, when, closed, message):
    offer = filed_with_grant(world, "10000.00")
    if when == "after":
        after_deadline(world.competition)
    use_results(monkeypatch, [result(offer, 80)], closed=closed)
    with pytest.raises(InvalidTransition, match=message):
        services.build_ranking(world.competition, actor=world.officer)


def test_ranking_takes_no_tie_rule_of_its_own(world, monkeypatch, three):
    use_results(monkeypatch, [result(three[0], 80)])
    with pytest.raises(TypeError):
        services.build_ranking(world.competition, actor=world.officer,
                               tie_break_criterion_id=world.competition.criteria[0].id)


# ---------------------------------------------------------------- the officer's amounts

def test_officer_lowers_a_grant_and_the_freed_amount_is_available(world, monkeypatch, three):
    a, b, c = three
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90), result(c, 80)])
    aw_a, aw_b = award_of(ranking, a), award_of(ranking, b)
    services.set_grants(world.competition, actor=world.officer,
                        amounts={aw_b.id: D("45000.00"), aw_a.id: D("25000.00")})
    db.session.commit()
    assert (aw_b.proposed_grant, aw_a.proposed_grant) == (D("45000.00"), D("25000.00"))
    block = queries.task_blocks(world.competition, ranking)[0]
    assert block.committed == D("100000.00") and block.remaining == 0


@pytest.mark.parametrize(("who", "amount", "error", "field"), [
    ("a", "-1,00", ValidationFailed, "grant-a"),
    ("a", "40000.01", ValidationFailed, "grant-a"),
    ("a", "20000.01", BudgetExceeded, "funds"),
])
def test_set_grants_refusals(world, monkeypatch, three, who, amount, error, field):
    a, b, c = three
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90), result(c, 80)])
    aw = award_of(ranking, a)
    value = D(amount.replace(",", "."))
    with pytest.raises(error) as exc:
        services.set_grants(world.competition, actor=world.officer, amounts={aw.id: value})
    key = field.replace("grant-a", f"grant-{aw.id}")
    assert key in exc.value.field_errors
    db.session.rollback()
    assert queries.committed_sum(a.task_id) == D("100000.00")


def test_set_grants_refuses_funding_an_ineligible_offer(world, monkeypatch, three):
    a, b, c = three
    ranking = build(world, monkeypatch, [result(a, 10, eligible=False), result(b, 90)])
    with pytest.raises(ValidationFailed, match="minimalnej oceny"):
        services.set_grants(world.competition, actor=world.officer,
                            amounts={award_of(ranking, a).id: D("100.00")})


def _two_zeroed_awards(world, monkeypatch, three):
    """Funds 70 000; A (40 000) and B (50 000) proposed 0: each alone fits, both do not."""
    a, b, c = three
    world.competition.tasks[0].funds = D("70000.00")
    db.session.commit()
    ranking = build(world, monkeypatch, [result(a, 90), result(b, 80),
                                         result(c, 10, eligible=False)])
    aw_a, aw_b = award_of(ranking, a), award_of(ranking, b)
    services.set_grants(world.competition, actor=world.officer,
                        amounts={aw_a.id: D("0.00"), aw_b.id: D("0.00")})
    db.session.commit()
    return (world.competition.id, world.officer.id,
            {aw_a.id: D("40000.00")}, {aw_b.id: D("50000.00")})


def _load(competition_id, user_id):
    from grants.auth.models import User
    from grants.calls.models import Competition

    competition = db.session.get(Competition, competition_id)
    # the ranking as this officer's page loaded it (kept referenced: the session's identity
    # map holds objects weakly)
    competition._loaded_ranking = queries.ranking_of(competition)
    return competition, db.session.get(User, user_id)


@pytest.mark.committing  # two sessions with their own transactions
def test_sequential_sessions_cannot_overspend(world, monkeypatch, app, three):
    """Two officers load the ranking in their own sessions; the second writes and commits;
    the first, whose loaded amounts are stale, is refused by the database re-sum."""
    competition_id, user_id, first, second = _two_zeroed_awards(world, monkeypatch, three)
    with app.app_context():  # officer 1: a separate session (and connection)
        competition1, actor1 = _load(competition_id, user_id)
        with app.app_context():  # officer 2
            competition2, actor2 = _load(competition_id, user_id)
            services.set_grants(competition2, actor=actor2, amounts=second)
            db.session.commit()
        with pytest.raises(BudgetExceeded, match="przekroczyłaby"):
            services.set_grants(competition1, actor=actor1, amounts=first)
        db.session.rollback()
    db.session.expire_all()
    assert queries.committed_sum(three[0].task_id) == D("50000.00")


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
                    reason="SQLite serialises writers; the row lock is PostgreSQL's")
def test_concurrent_sessions_cannot_overspend_on_postgresql(world, monkeypatch, app, three):
    """Two threads, each with its own session and connection, propose at the same moment
    amounts that together exceed the funds; whoever locks the task first holds the lock a
    while before committing. Exactly one succeeds."""
    competition_id, user_id, first, second = _two_zeroed_awards(world, monkeypatch, three)
    barrier = threading.Barrier(2, timeout=30)
    original = services._ensure_within_funds

    def slow_check(task):
        original(task)
        time.sleep(0.4)  # hold the lock, uncommitted: the other session must wait for it

    monkeypatch.setattr(services, "_ensure_within_funds", slow_check)
    outcomes: dict[str, str] = {}

    def officer(name, amounts):
        with app.app_context():
            try:
                competition, actor = _load(competition_id, user_id)
                barrier.wait()
                services.set_grants(competition, actor=actor, amounts=amounts)
                db.session.commit()
                outcomes[name] = "ok"
            except BudgetExceeded:
                db.session.rollback()
                outcomes[name] = "refused"
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                db.session.rollback()
                outcomes[name] = f"error: {exc!r}"

    threads = [threading.Thread(target=officer, args=("first", first)),
               threading.Thread(target=officer, args=("second", second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes.values()) == ["ok", "refused"], outcomes
    db.session.expire_all()
    committed = queries.committed_sum(three[0].task_id)
    assert committed == (D("40000.00") if outcomes["first"] == "ok" else D("50000.00"))
    assert committed <= D("70000.00")


def test_amounts_cannot_change_after_the_decision(world, monkeypatch, three):
    a, b, c = three
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90), result(c, 80)])
    decide(world)
    with pytest.raises(InvalidTransition, match="Decyzja"):
        services.set_grants(world.competition, actor=world.officer,
                            amounts={award_of(ranking, a).id: D("1.00")})


# ---------------------------------------------------------------- the decision

def test_decision_confirms_and_records_changes(world, monkeypatch, three):
    a, b, c = three
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90), result(c, 80)])
    aw_a, aw_b, aw_c = (award_of(ranking, o) for o in three)
    day = clock.today()
    decision = decide(world, amounts={aw_a.id: D("15000.00")}, day=day)
    assert decision.changes == [{"award_id": aw_a.id, "offer_id": a.id, "number": a.number,
                                 "before": "20000.00", "after": "15000.00"}]
    assert all(x.state == AwardState.CONFIRMED for x in (aw_a, aw_b, aw_c))
    assert (aw_a.final_grant, aw_b.final_grant, aw_c.final_grant) == (
        D("15000.00"), D("50000.00"), D("30000.00"))
    assert aw_a.proposed_grant == D("20000.00")  # the committee's proposal is kept
    # the update's deadline runs from the results' publication, not from the decision
    assert aw_a.needs_update and aw_a.update_due is None
    assert not aw_b.needs_update and aw_b.update_due is None
    publish(world)
    assert aw_a.update_due == due_date(clock.today(), world.competition.update_days)
    assert aw_b.update_due is None


@pytest.mark.parametrize(("number", "day_offset", "signer", "field"), [
    ("", 0, "Prezydent", "number"),
    ("ZA/1", 0, "  ", "signer"),
    ("ZA/1", 1, "Prezydent", "decided_on"),
    ("ZA/1", None, "Prezydent", "decided_on"),
    ("x" * 101, 0, "Prezydent", "number"),
])
def test_decision_refusals(world, monkeypatch, three, number, day_offset, signer, field):
    build(world, monkeypatch, [result(o, 80 - i) for i, o in enumerate(three)])
    day = None if day_offset is None else clock.today() + timedelta(days=day_offset)
    with pytest.raises(ValidationFailed) as exc:
        services.record_decision(world.competition, actor=world.officer, number=number,
                                 decided_on=day, signer=signer)
    assert field in exc.value.field_errors


def test_decision_refuses_a_change_over_the_funds(world, monkeypatch, three):
    a, b, c = three
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90), result(c, 80)])
    with pytest.raises(BudgetExceeded):
        services.record_decision(world.competition, actor=world.officer, number="ZA/1",
                                 decided_on=clock.today(), signer="Prezydent",
                                 amounts={award_of(ranking, a).id: D("40000.00")})


def test_decision_needs_a_ranking(world, monkeypatch, three):
    use_results(monkeypatch, [])
    with pytest.raises(InvalidTransition, match="ranking"):
        services.record_decision(world.competition, actor=world.officer, number="ZA/1",
                                 decided_on=clock.today(), signer="Prezydent")


# ---------------------------------------------------------------- publication

def test_publication_sets_decided_and_mails_every_offeror(world, monkeypatch, mailbox, three):
    a, b, c = three
    clock.set_now(None)
    extra = filed_with_grant(world, "12000.00", title="Oferta odrzucona formalnie")
    after_deadline(world.competition)
    world.competition.tasks[0].funds = D("80000.00")
    build(world, monkeypatch, [result(a, 70), result(b, 90), result(c, 40, eligible=False)])
    decide(world)
    mailbox.clear()
    decision = publish(world)
    assert world.competition.status == CallStatus.DECIDED
    assert decision.published_at is not None
    subjects = sorted(m["Subject"] for m in mailbox)
    assert len(subjects) == 4
    assert any(extra.number in s for s in subjects)
    bodies = {m["Subject"].rsplit(" ", 1)[-1]: m.get_content() for m in mailbox}
    assert "Przyznana dotacja: 30\xa0000,00\xa0zł" in bodies[a.number]
    assert "zaktualizować" in bodies[a.number]
    assert "nie uzyskała wymaganej minimalnej oceny" in bodies[c.number]
    assert "nie została dopuszczona" in bodies[extra.number]
    results = queries.public_results(world.competition)
    rows = {r.offer_number: r for r in results[0].rows}
    assert rows[a.number].grant == D("30000.00") and rows[a.number].funded
    assert not rows[c.number].funded and rows[c.number].note == "not_eligible"
    assert rows[extra.number].note == "not_scored"


@pytest.mark.parametrize(("missing", "future"), [("bip_on", False), ("website_on", False),
                                                  (None, True)])
def test_publication_dates_are_required_and_not_future(world, monkeypatch, three, missing,
                                                        future):
    build(world, monkeypatch, [result(o, 80) for o in three])
    decide(world)
    today = clock.today()
    dates = {"bip_on": today, "board_on": today, "website_on": today}
    if missing:
        dates[missing] = None
    if future:
        dates["board_on"] = today + timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        services.publish_results(world.competition, actor=world.officer, **dates)
    assert (missing or "board_on") in exc.value.field_errors


def test_publication_needs_a_decision_and_happens_once(world, monkeypatch, three):
    build(world, monkeypatch, [result(o, 80) for o in three])
    today = clock.today()
    with pytest.raises(InvalidTransition):
        services.publish_results(world.competition, actor=world.officer, bip_on=today,
                                 board_on=today, website_on=today)
    decide(world)
    publish(world)
    with pytest.raises(InvalidTransition):
        services.publish_results(world.competition, actor=world.officer, bip_on=today,
                                 board_on=today, website_on=today)


# ---------------------------------------------------------------- objections

def test_objection_is_recorded_after_publication(world, monkeypatch, three):
    build(world, monkeypatch, [result(o, 80) for o in three])
    decide(world)
    with pytest.raises(InvalidTransition):
        services.record_objection(world.competition, actor=world.officer,
                                  received_on=clock.today(), author="X", content="Y")
    publish(world)
    objection = services.record_objection(world.competition, actor=world.officer,
                                          received_on=clock.today(),
                                          author="Stowarzyszenie Pomocy Bliźniemu",
                                          content="Nie zgadzamy się z oceną.",
                                          offer=three[0])
    db.session.commit()
    assert queries.objections_of(world.competition) == [objection]
    with pytest.raises(ValidationFailed) as exc:
        services.record_objection(world.competition, actor=world.officer, received_on=None,
                                  author="", content="")
    assert set(exc.value.field_errors) == {"received_on", "author", "content"}


# ---------------------------------------------------------------- annulment

def test_annulment_proposed_when_no_offer_was_filed(world, monkeypatch, mailbox):
    use_results(monkeypatch, [], closed=False)
    assert queries.annulment_ground(world.competition) is None  # still open
    after_deadline(world.competition)
    assert queries.annulment_ground(world.competition) == rules.NO_OFFERS
    today = clock.today()
    annulment = services.annul_competition(world.competition, actor=world.officer,
                                           reason="Nie wpłynęła żadna oferta.", bip_on=today,
                                           board_on=today, website_on=today)
    db.session.commit()
    assert world.competition.status == CallStatus.ANNULLED
    assert annulment.ground == rules.NO_OFFERS


def test_annulment_when_every_offer_was_formally_rejected(world, monkeypatch, mailbox, three):
    use_results(monkeypatch, [], closed=False)
    for o in three:
        db.session.add(FormalCheck(offer_id=o.id, outcome=FormalOutcome.REJECTED,
                                   reasons="Brak podpisu"))
    db.session.commit()
    assert queries.annulment_ground(world.competition) == rules.NONE_MET_CONDITIONS
    mailbox.clear()
    today = clock.today()
    services.annul_competition(world.competition, actor=world.officer, reason="Brak ofert.",
                               bip_on=today, board_on=today, website_on=today)
    db.session.commit()
    assert len(mailbox) == 3
    assert "unieważniony" in mailbox[0].get_content()


def test_annulment_when_no_scored_offer_is_eligible(world, monkeypatch, three):
    for o in three:
        db.session.add(FormalCheck(offer_id=o.id, outcome=FormalOutcome.ACCEPTED))
    db.session.commit()
    use_results(monkeypatch, [result(o, 20, eligible=False) for o in three])
    assert queries.annulment_ground(world.competition) == rules.NONE_MET_CONDITIONS
    use_results(monkeypatch, [result(three[0], 80)] + [result(o, 20, eligible=False)
                                                       for o in three[1:]])
    assert queries.annulment_ground(world.competition) is None


def test_annulment_refused_without_ground_or_reason(world, monkeypatch, three):
    use_results(monkeypatch, [result(o, 80) for o in three])
    for o in three:
        db.session.add(FormalCheck(offer_id=o.id, outcome=FormalOutcome.ACCEPTED))
    db.session.commit()
    today = clock.today()
    with pytest.raises(InvalidTransition, match="Brak podstawy"):
        services.annul_competition(world.competition, actor=world.officer, reason="x",
                                   bip_on=today, board_on=today, website_on=today)
    use_results(monkeypatch, [], closed=False)
    for check in db.session.scalars(select(FormalCheck)):
        check.outcome, check.reasons = FormalOutcome.REJECTED, "Brak podpisu"
    db.session.commit()
    with pytest.raises(ValidationFailed) as exc:
        services.annul_competition(world.competition, actor=world.officer, reason=" ",
                                   bip_on=today, board_on=None, website_on=today)
    assert "reason" in exc.value.field_errors
