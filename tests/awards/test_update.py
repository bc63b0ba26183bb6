"""The offer update after the award (aktualizacja): a new version checked against the grant
awarded, both versions kept; giving up the grant; the deadline's lapse frees the funds."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from grants.awards import queries, updates
from grants.awards.models import AwardState
from grants.core import clock
from grants.core.errors import DeadlinePassed, InvalidTransition, NotAllowed, ValidationFailed
from grants.extensions import db
from grants.offers import update as offer_update
from grants.offers.models import VersionState
from tests.support.awards import (
    after_deadline,
    award_of,
    build,
    decide,
    filed_with_grant,
    publish,
    result,
)

D = Decimal


@pytest.fixture
def lowered(world, monkeypatch):
    """A (X) requests 40 000 and is awarded 20 000 (funds 70 000, B requesting 50 000 ranks
    first); results published today."""
    a = filed_with_grant(world, "40000.00", title="Oferta A")
    b = filed_with_grant(world, "50000.00", organisation=world.ngo_y, actor=world.ngo_other,
                         title="Oferta B")
    after_deadline(world.competition)
    world.competition.tasks[0].funds = D("70000.00")
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90)])
    decide(world)
    publish(world)
    award = award_of(ranking, a)
    assert award.needs_update and award.final_grant == D("20000.00")
    return award


def costs_for(grant: str, own: str) -> dict:
    return {"cost_items": [
        {"section": "I", "action_no": 1, "name": "Koordynator", "unit": "miesiąc",
         "unit_cost": D(grant), "units": D("1"), "grant_part": D(grant), "year": None},
        {"section": "I", "action_no": 1, "name": "Posiłki", "unit": "usługa",
         "unit_cost": D(own), "units": D("1"), "grant_part": D("0.00"), "year": None}],
        "own_financial": D(own)}


def test_update_is_filed_as_a_new_version_and_both_are_kept(world, lowered, mailbox):
    offer = lowered.offer
    first = offer.filed_version
    draft = updates.start_update(lowered, actor=world.ngo_admin)
    assert draft.number == 2 and draft.state == VersionState.DRAFT
    assert [r.name for r in draft.cost_items] == [r.name for r in first.cost_items]
    problems = updates.save_update(lowered, actor=world.ngo_admin,
                                    data=costs_for("20000.00", "5000.00"))
    assert problems == []
    db.session.commit()
    mailbox.clear()
    version = updates.file_update(lowered, actor=world.ngo_admin,
                                   signed_by=[r.id for r in offer.organisation.representatives])
    db.session.commit()
    assert version.state == VersionState.FILED and version.sha256
    assert first.state == VersionState.SUPERSEDED and first.sha256  # kept, frozen
    assert offer.filed_version == version and version.grant_requested == D("20000.00")
    assert version.content["filing"]["update"]["grant"] == "20000.00"
    assert lowered.update_filed_at == version.filed_at
    assert lowered.update_version_id == version.id
    assert [m["Subject"] for m in mailbox] == [
        f"Potwierdzenie złożenia aktualizacji oferty {offer.number}"]
    with pytest.raises(InvalidTransition, match="już złożona"):
        updates.start_update(lowered, actor=world.ngo_admin)


@pytest.mark.parametrize(("grant", "own", "field", "phrase"), [
    ("19999.99", "5000.00", "grant", "brakuje 0,01\xa0zł"),
    ("20000.01", "5000.00", "grant", "za dużo"),
    ("20000.00", "4999.99", "grant", "80"),   # share 80.0000x % > 80 %
])
def test_update_is_checked_against_the_new_grant(world, lowered, grant, own, field, phrase):
    updates.start_update(lowered, actor=world.ngo_admin)
    problems = updates.save_update(lowered, actor=world.ngo_admin, data=costs_for(grant, own))
    assert any(p.field == field and phrase in p.message for p in problems), problems
    db.session.commit()
    with pytest.raises(ValidationFailed) as exc:
        updates.file_update(lowered, actor=world.ngo_admin,
                             signed_by=[r.id for r in lowered.offer.organisation.representatives])
    assert field in exc.value.field_errors


def test_update_cannot_change_the_title_or_purpose(world, lowered):
    draft = updates.start_update(lowered, actor=world.ngo_admin)
    with pytest.raises(ValidationFailed, match="tylko kalkulację"):
        updates.save_update(lowered, actor=world.ngo_admin, data={"title": "Inne zadanie"})
    db.session.rollback()
    draft.title = "Inne zadanie"  # however it happened, filing checks it
    problems = offer_update.check_update(draft, lowered.final_grant)
    assert any(p.field == "title" for p in problems)


def test_update_needs_the_signatories(world, lowered):
    updates.start_update(lowered, actor=world.ngo_admin)
    updates.save_update(lowered, actor=world.ngo_admin, data=costs_for("20000.00", "5000.00"))
    with pytest.raises(ValidationFailed) as exc:
        updates.file_update(lowered, actor=world.ngo_admin, signed_by=[])
    assert "signed_by" in exc.value.field_errors


def test_only_the_offerors_members_update(world, lowered):
    for user in (world.ngo_other, world.officer):
        with pytest.raises(NotAllowed):
            updates.start_update(lowered, actor=user)


def test_update_after_its_deadline_is_refused_and_counts_as_declining(world, lowered, mailbox):
    deadline = queries.update_deadline(lowered)
    assert clock.to_local(deadline).date() == lowered.update_due
    clock.set_now(deadline)
    assert queries.update_open(lowered)  # 23:59:59 on the due date still counts
    clock.set_now(deadline + timedelta(seconds=1))
    with pytest.raises(DeadlinePassed, match="rezygnację"):
        updates.start_update(lowered, actor=world.ngo_admin)
    assert queries.update_lapsed(lowered)
    block = queries.task_blocks(lowered.ranking.competition, lowered.ranking)[0]
    assert block.freed == D("20000.00") and block.committed == D("50000.00")
    mailbox.clear()
    lapsed = updates.record_lapsed_updates(lowered.ranking.competition, actor=world.officer)
    db.session.commit()
    assert lapsed == [lowered] and lowered.state == AwardState.DECLINED
    assert queries.committed_sum(lowered.task_id) == D("50000.00")
    assert len(mailbox) == 1 and "nie została złożona w terminie" in mailbox[0].get_content()


def test_giving_up_the_grant_frees_the_funds(world, lowered, mailbox):
    draft = updates.start_update(lowered, actor=world.ngo_admin)
    db.session.commit()
    updates.decline_award(lowered, actor=world.ngo_admin)
    db.session.commit()
    assert lowered.state == AwardState.WITHDRAWN
    assert draft.state == VersionState.DISCARDED
    assert queries.committed_sum(lowered.task_id) == D("50000.00")
    block = queries.task_blocks(lowered.ranking.competition, lowered.ranking)[0]
    assert block.freed == D("20000.00")
    public = {r.offer_number: r for r in queries.public_results(world.competition)[0].rows}
    assert public[lowered.offer.number].note == "given_up"
    with pytest.raises(InvalidTransition):
        updates.start_update(lowered, actor=world.ngo_admin)
    with pytest.raises(InvalidTransition):
        updates.decline_award(lowered, actor=world.ngo_admin)


def test_no_update_when_the_full_grant_was_awarded(world, lowered):
    full = next(a for a in lowered.ranking.awards if a.id != lowered.id)
    assert full.final_grant == full.requested
    with pytest.raises(InvalidTransition, match="nie wymaga aktualizacji"):
        updates.start_update(full, actor=world.ngo_other)


def test_no_update_before_the_results_are_published(world, monkeypatch):
    a = filed_with_grant(world, "40000.00")
    after_deadline(world.competition)
    world.competition.tasks[0].funds = D("30000.00")
    ranking = build(world, monkeypatch, [result(a, 70)])
    decide(world)
    with pytest.raises(InvalidTransition, match="ogłoszeniu wyników"):
        updates.start_update(award_of(ranking, a), actor=world.ngo_admin)


def test_update_deadline_runs_from_the_results_publication_not_the_decision(world, monkeypatch):
    """Decision on 26.12.2026, results published on 15.01.2027: the 14 days run from 15.01
    (due 29.01.2027), not from the decision (which gave 11.01 - before the results)."""
    from grants.awards import services
    from grants.core.deadlines import due_date
    clock.set_now(clock.local_instant(date(2026, 12, 2), time(10, 0)))
    world.competition.offer_deadline = clock.local_instant(date(2026, 12, 18), time(12, 0))
    a = filed_with_grant(world, "40000.00", title="Oferta A")
    b = filed_with_grant(world, "50000.00", organisation=world.ngo_y, actor=world.ngo_other,
                         title="Oferta B")
    world.competition.tasks[0].funds = D("70000.00")
    world.competition.update_days = 14
    clock.set_now(clock.local_instant(date(2026, 12, 26), time(10, 0)))
    assert clock.now() > world.competition.offer_deadline
    ranking = build(world, monkeypatch, [result(a, 70), result(b, 90)])
    decide(world, day=date(2026, 12, 26))
    award = award_of(ranking, a)
    assert award.needs_update
    clock.set_now(clock.local_instant(date(2027, 1, 15), time(9, 0)))
    services.publish_results(world.competition, actor=world.officer, bip_on=date(2027, 1, 15),
                             board_on=date(2027, 1, 14), website_on=date(2027, 1, 15))
    db.session.commit()
    assert award.update_due == due_date(date(2027, 1, 15), 14) == date(2027, 1, 29)
    assert queries.update_open(award)
    draft = updates.start_update(award, actor=world.ngo_admin)
    assert draft.number == 2
    clock.set_now(clock.local_instant(date(2027, 1, 28), time(12, 0)))
    assert not queries.update_lapsed(award)
    assert updates.record_lapsed_updates(world.competition, actor=world.officer) == []
