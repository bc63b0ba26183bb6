"""The committee's services: composition, declarations, conflicts, scoring, closing, results."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from grants.auth.models import StaffRoleKind
from grants.core.audit import AuditEntry
from grants.core.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from grants.evaluation import composition, declarations, queries, services
from grants.evaluation.models import (
    CommitteeMember,
    MemberKind,
    NameMatchConfirmation,
    Score,
    ScoreState,
)
from grants.extensions import db
from grants.formal.models import FormalCheck, FormalOutcome
from tests.support.evaluation import (
    accepted_offer,
    committee_user,
    scene,
    score,
    seat,
)
from tests.support.factories import make_competition, make_organisation, make_user
from tests.support.offers import filed_offer

D = Decimal
FULL = [20, 20, 30, 10, 10, 20]   # the world's wspieranie competition: maximum total 110
HALF = [10, 10, 15, 5, 5, 10]     # 55 (no justification needed: not below 50 %)


def _committee(world):
    committee = composition.ensure_committee(world.competition.procedure, actor=world.officer)
    db.session.commit()
    return committee


# ------------------------------------------------------------------ composition


def test_an_officer_composes_the_committee_and_the_member_is_told(world, mailbox):
    committee = _committee(world)
    member = composition.add_member(committee, actor=world.officer, user=world.committee,
                                 kind=MemberKind.AUTHORITY, function="chair")
    db.session.commit()
    assert committee.chair is member and committee.secretary is None
    assert [m["To"] for m in mailbox] == ["komisja@example.org"]
    assert "Powołanie do komisji" in mailbox[0]["Subject"]
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert {"committee.create", "committee.add_member"} <= set(actions)


@pytest.mark.parametrize("actor", ["officer_b", "committee", "ngo_admin", "admin"])
def test_only_the_organisers_officer_composes(world, actor):
    with pytest.raises(NotAllowed):
        composition.ensure_committee(world.competition.procedure, actor=getattr(world, actor))


def test_a_person_named_by_an_ngo_taking_part_is_refused_with_a_clear_message(world):
    filed_offer(world)  # organisation X takes part
    committee = _committee(world)
    with pytest.raises(ValidationFailed) as caught:
        composition.add_member(committee, actor=world.officer, user=world.committee,
                            kind=MemberKind.NGO, naming_organisation=world.ngo_x)
    assert "bierze udział w konkursie" in caught.value.message
    assert "art. 15 ust. 2b" in caught.value.message
    assert set(caught.value.field_errors) == {"naming_organisation_id"}
    # a person named by an organisation that does not take part is welcome
    member = composition.add_member(committee, actor=world.officer, user=world.committee,
                                 kind=MemberKind.NGO, naming_organisation=world.ngo_y)
    assert member.naming_organisation_id == world.ngo_y.id


def test_a_withdrawn_or_draft_offer_does_not_make_an_organisation_take_part(world):
    from grants.offers import services as offer_services
    from tests.support.offers import make_offer

    make_offer(world)  # a draft of X: not taking part (and nobody else's business)
    offer_y = filed_offer(world, organisation=world.ngo_y, actor=world.ngo_other)
    offer_services.withdraw_offer(offer_y, actor=world.ngo_other)
    db.session.commit()
    assert queries.participating_organisation_ids(world.competition) == set()


@pytest.mark.parametrize("case, field", [
    ("no_user", "user_id"),
    ("no_role", "user_id"),
    ("role_elsewhere", "user_id"),
    ("no_kind", "kind"),
    ("ngo_without_org", "naming_organisation_id"),
    ("org_for_authority", "naming_organisation_id"),
    ("expert_chair", "function"),
    ("bad_function", "function"),
])
def test_composition_refusals(world, case, field):
    committee = _committee(world)
    data = {"user": world.committee, "kind": MemberKind.AUTHORITY, "function": "none",
            "naming_organisation": None}
    if case == "no_user":
        data["user"] = None
    elif case == "no_role":
        data["user"] = world.finance
    elif case == "role_elsewhere":
        from tests.support.factories import make_organiser

        data["user"] = make_user(roles=[(make_organiser(), StaffRoleKind.COMMITTEE)])
    elif case == "no_kind":
        data["kind"] = ""
    elif case == "ngo_without_org":
        data["kind"] = MemberKind.NGO
    elif case == "org_for_authority":
        data["naming_organisation"] = world.ngo_y
    elif case == "expert_chair":
        data.update(kind=MemberKind.EXPERT, function="chair")
    elif case == "bad_function":
        data["function"] = "king"
    with pytest.raises(ValidationFailed) as caught:
        composition.add_member(committee, actor=world.officer, **data)
    assert field in caught.value.field_errors


def test_a_person_sits_once(world):
    seat(world, world.committee, sign=False)
    with pytest.raises(ValidationFailed) as caught:
        composition.add_member(queries.committee_of(world.competition), actor=world.officer,
                            user=world.committee, kind=MemberKind.AUTHORITY)
    assert "już członkiem" in caught.value.field_errors["user_id"][0]


def test_one_chair_and_one_secretary_the_function_moves(world):
    a = seat(world, world.committee, function="chair", sign=False)
    b = seat(world, committee_user(world), function="secretary", sign=False)
    composition.set_function(b, actor=world.officer, function="chair")
    db.session.commit()
    assert (a.is_chair, b.is_chair, b.is_secretary) == (False, True, False)
    composition.set_function(a, actor=world.officer, function="secretary")
    db.session.commit()
    committee = queries.committee_of(world.competition)
    assert committee.chair is b and committee.secretary is a


def test_the_database_refuses_two_chairs(world):
    a = seat(world, world.committee, function="chair", sign=False)
    b = seat(world, committee_user(world), sign=False)
    assert a.is_chair
    b.is_chair = True
    with pytest.raises(Exception):  # noqa: B017 - IntegrityError from either database
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_an_expert_chair_and_an_ngo_member_without_organisation(world):
    member = seat(world, world.committee, kind=MemberKind.EXPERT, sign=False)
    member.is_chair = True
    with pytest.raises(Exception):  # noqa: B017
        db.session.flush()
    db.session.rollback()
    member = db.session.get(CommitteeMember, member.id)
    member.kind = MemberKind.NGO
    with pytest.raises(Exception):  # noqa: B017
        db.session.flush()
    db.session.rollback()


def test_a_committee_may_have_no_ngo_members_and_still_close(world):
    s = scene(world)
    for m in (s.chair, s.second):
        score(m, s.offer1, FULL)
        score(m, s.offer2, HALF)
    closure = services.close_scoring(queries.committee_of(world.competition),
                                     actor=world.committee)
    assert closure.complete


def test_a_member_is_removed_until_they_submit_a_score(world):
    s = scene(world)
    score(s.second, s.offer1, FULL, submit=False)
    composition.remove_member(s.second, actor=world.officer)
    db.session.commit()
    assert db.session.scalars(select(Score)).all() == []  # the draft went with the seat
    score(s.expert, s.offer1, FULL)
    with pytest.raises(InvalidTransition):
        composition.remove_member(s.expert, actor=world.officer)


@pytest.mark.parametrize("values, field", [
    ((D("-1"), D("30"), D("15")), "justification_below_pct"),
    ((D("101"), D("30"), D("15")), "justification_below_pct"),
    ((D("50"), D("0"), D("15")), "disagreement_pct"),
    ((D("50"), D("30"), D("100.5")), "deviation_pct"),
    ((D("50"), None, D("15")), "disagreement_pct"),
    ((D("50.123"), D("30"), D("15")), "justification_below_pct"),
])
def test_settings_are_percentages(world, values, field):
    committee = _committee(world)
    with pytest.raises(ValidationFailed) as caught:
        composition.update_settings(committee, actor=world.officer,
                                 justification_below_pct=values[0], disagreement_pct=values[1],
                                 deviation_pct=values[2])
    assert field in caught.value.field_errors


def test_the_thresholds_are_fixed_once_scoring_opens(world):
    """Every threshold, the justification one included, is fixed at the first declaration
    (tests/evaluation/test_blind.py has the attack this stops)."""
    s = scene(world)
    committee = queries.committee_of(world.competition)
    assert committee.scoring_opened_at is not None
    score(s.chair, s.offer1, FULL)
    for values in ((D("60"), D("30"), D("15")), (D("50"), D("35"), D("20"))):
        with pytest.raises(InvalidTransition):
            composition.update_settings(committee, actor=world.officer,
                                        justification_below_pct=values[0],
                                        disagreement_pct=values[1], deviation_pct=values[2])
    assert (committee.justification_below_pct, committee.disagreement_pct,
            committee.deviation_pct) == (D("50"), D("30"), D("15"))


# ------------------------------------------------------------------ declarations


def test_the_declaration_is_signed_by_the_member_with_its_text(world):
    member = seat(world, world.committee, sign=False)
    with pytest.raises(ValidationFailed) as caught:
        declarations.sign_declaration(member, actor=world.committee, confirmed=False)
    assert "confirm" in caught.value.field_errors
    with pytest.raises(NotAllowed):
        declarations.sign_declaration(member, actor=world.officer, confirmed=True)
    declaration = declarations.sign_declaration(member, actor=world.committee, confirmed=True)
    assert "art. 24 Kodeksu postępowania administracyjnego" in declaration.text
    assert "Kamila Komisyjna" in declaration.text and world.competition.title in declaration.text
    with pytest.raises(InvalidTransition):
        declarations.sign_declaration(member, actor=world.committee, confirmed=True)


def test_no_scoring_before_the_declaration(world):
    offer = accepted_offer(world)
    member = seat(world, world.committee, sign=False)
    with pytest.raises(NotAllowed) as caught:
        score(member, offer, FULL)
    assert "oświadczenie" in caught.value.message


def test_a_member_named_by_an_organisation_that_then_files_is_disqualified(world):
    member = seat(world, world.committee, kind=MemberKind.NGO, naming_organisation=world.ngo_y,
                  sign=False)
    accepted_offer(world, organisation=world.ngo_y, actor=world.ngo_other)
    with pytest.raises(NotAllowed) as caught:
        declarations.sign_declaration(member, actor=world.committee, confirmed=True)
    assert "art. 15 ust. 2b" in caught.value.message


# ------------------------------------------------------------------ conflicts


def test_a_conflict_with_an_offer_excludes_from_it_and_drops_the_scores(world):
    s = scene(world)
    score(s.second, s.offer1, FULL)
    declarations.declare_conflict(s.second, actor=s.second.user, offer=s.offer1,
                              reason="Mój brat jest prezesem oferenta.")
    db.session.commit()
    assert queries.score_of(s.second, s.offer1) is None
    assert queries.excluded_offer_ids(s.second, [s.offer1, s.offer2]) == {s.offer1.id}
    with pytest.raises(NotAllowed):
        score(s.second, s.offer1, FULL)
    score(s.second, s.offer2, FULL)  # the other offer is fine
    rows = queries.exclusions(queries.committee_of(world.competition))
    assert [(r.member.id, r.offer.id) for r in rows] == [(s.second.id, s.offer1.id)]


def test_a_conflict_with_an_organisation_excludes_from_all_its_offers(world):
    s = scene(world)
    task_2 = accepted_offer(world, title="Druga oferta X")
    declarations.declare_conflict(s.second, actor=s.second.user, organisation=world.ngo_x,
                              reason="Jestem członkiem stowarzyszenia.")
    db.session.commit()
    assert queries.excluded_offer_ids(s.second, [s.offer1, s.offer2, task_2]) == {
        s.offer1.id, task_2.id}


@pytest.mark.parametrize("case, field", [
    ("no_target", "target"),
    ("both", "target"),
    ("reason", "reason"),
    ("foreign_offer", "target"),
    ("not_an_offeror", "target"),
    ("twice", "target"),
])
def test_conflict_refusals(world, case, field):
    s = scene(world)
    kw = {"offer": s.offer1, "organisation": None, "reason": "Powód"}
    if case == "no_target":
        kw["offer"] = None
    elif case == "both":
        kw["organisation"] = world.ngo_x
    elif case == "reason":
        kw["reason"] = "   "
    elif case == "foreign_offer":
        other = make_competition(world.org_a)
        kw["offer"] = filed_offer(world, competition=other)
    elif case == "not_an_offeror":
        kw.update(offer=None, organisation=make_organisation(index=4))
    elif case == "twice":
        declarations.declare_conflict(s.chair, actor=world.committee, **kw)
    with pytest.raises(ValidationFailed) as caught:
        declarations.declare_conflict(s.chair, actor=world.committee, **kw)
    assert field in caught.value.field_errors


def test_only_the_member_declares_their_conflict(world):
    s = scene(world)
    with pytest.raises(NotAllowed):
        declarations.declare_conflict(s.chair, actor=world.officer, offer=s.offer1, reason="x")


# ------------------------------------------------------------------ name match


def test_a_name_matching_a_representative_asks_to_confirm_or_declare(world):
    offer1 = accepted_offer(world)
    offer2 = accepted_offer(world, organisation=world.ngo_y, actor=world.ngo_other)
    # both organisations have a representative "Anna Kowalska" (factories)
    anna = seat(world, committee_user(world, "KOWALSKA anna"))
    matches = queries.name_matches(anna, [offer1, offer2])
    assert {m.organisation.id for m in matches} == {world.ngo_x.id, world.ngo_y.id}
    with pytest.raises(NotAllowed) as caught:
        score(anna, offer1, FULL)
    assert "imię i nazwisko" in caught.value.message
    declarations.confirm_no_conflict(anna, actor=anna.user, organisation=world.ngo_x)
    db.session.commit()
    assert db.session.scalar(select(NameMatchConfirmation.representative_name)) == (
        "Anna Kowalska")
    score(anna, offer1, FULL)
    # declaring a conflict with the other one settles it too
    declarations.declare_conflict(anna, actor=anna.user, organisation=world.ngo_y,
                              reason="To ja jestem prezesem fundacji.")
    db.session.commit()
    assert queries.unresolved_name_match_ids(anna, [offer1, offer2]) == set()


def test_no_confirmation_without_a_match(world):
    offer = accepted_offer(world)
    member = seat(world, world.committee)
    assert queries.name_matches(member, [offer]) == []
    with pytest.raises(ValidationFailed):
        declarations.confirm_no_conflict(member, actor=world.committee, organisation=world.ngo_x)


# ------------------------------------------------------------------ scoring


def test_a_draft_may_be_incomplete_a_submission_may_not(world):
    s = scene(world)
    draft = score(s.chair, s.offer1, [15, None, None, None, None, None], submit=False)
    assert draft.state == ScoreState.DRAFT
    with pytest.raises(ValidationFailed) as caught:
        score(s.chair, s.offer1, [15, None, None, None, None, None])
    criteria = queries.criteria_of(world.competition)
    assert set(caught.value.field_errors) == {f"points_{c.id}" for c in criteria[1:]}
    submitted = score(s.chair, s.offer1, FULL)
    assert submitted.state == ScoreState.SUBMITTED and submitted.submitted_at is not None
    assert submitted.id == draft.id


def test_points_over_the_maximum_are_refused_even_in_a_draft(world):
    s = scene(world)
    criteria = queries.criteria_of(world.competition)
    with pytest.raises(ValidationFailed) as caught:
        score(s.chair, s.offer1, [21, None, None, None, None, None], submit=False)
    assert caught.value.field_errors == {f"points_{criteria[0].id}": [
        "Liczba punktów przekracza maksimum kryterium."]}


def test_a_low_score_needs_a_justification_at_submission(world):
    s = scene(world)
    criteria = queries.criteria_of(world.competition)
    low = [9.5, 20, 30, 10, 10, 20]  # 9,5 < 50 % of 20
    with pytest.raises(ValidationFailed) as caught:
        score(s.chair, s.offer1, low, justification="")
    assert set(caught.value.field_errors) == {f"justification_{criteria[0].id}"}
    score(s.chair, s.offer1, low, justification="Brak doświadczenia w prowadzeniu schroniska.")


def test_a_submitted_score_is_changed_only_after_taking_it_back(world):
    s = scene(world)
    score(s.chair, s.offer1, FULL)
    with pytest.raises(InvalidTransition):
        score(s.chair, s.offer1, HALF)
    services.reopen_score(s.chair, s.offer1, actor=world.committee)
    db.session.commit()
    assert score(s.chair, s.offer1, HALF).items[0].points == D("10")


def test_an_offer_not_admitted_cannot_be_scored(world):
    s = scene(world)
    rejected = filed_offer(world)
    db.session.add(FormalCheck(offer_id=rejected.id, outcome=FormalOutcome.REJECTED,
                               reasons="Brak podpisu"))
    db.session.commit()
    with pytest.raises(NotFound):
        score(s.chair, rejected, FULL)


def test_criteria_not_applying_to_powierzenie_are_not_scored(world):
    from grants.calls.models import Criterion, Mode

    competition = make_competition(world.org_a, mode=Mode.POWIERZENIE)
    # a point 4 criterion left over from a wspieranie draft does not apply
    competition.criteria.append(Criterion(position=9, statutory_point=4, name="Środki własne",
                                          max_points=D("10")))
    db.session.commit()
    assert [c.statutory_point for c in queries.criteria_of(competition)] == [1, 2, 3, 5, 6]
    offer = accepted_offer(world, competition=competition)
    member = seat(world, world.committee, competition=competition)
    s = score(member, offer, [20, 20, 30, 10, 20])
    assert {i.criterion.statutory_point for i in s.items} == {1, 2, 3, 5, 6}
    [result] = queries.offer_results(competition)
    assert result.mean_total == D("100")


# ------------------------------------------------------------------ blind scoring


def test_a_member_reads_only_their_own_scores_while_scoring_is_open(world):
    s = scene(world)
    score(s.chair, s.offer1, FULL)
    score(s.second, s.offer1, HALF)
    mine = queries.scores_of(s.second)
    assert {sc.member_id for sc in mine.values()} == {s.second.id}


# ------------------------------------------------------------------ closing


def test_only_the_chair_closes(world):
    s = scene(world)
    committee = queries.committee_of(world.competition)
    with pytest.raises(NotAllowed):
        services.close_scoring(committee, actor=s.second.user, reason="x")
    with pytest.raises(NotAllowed):
        services.close_scoring(committee, actor=world.officer, reason="x")


def test_closing_needs_every_voting_score_or_a_reason(world):
    s = scene(world)
    committee = queries.committee_of(world.competition)
    score(s.chair, s.offer1, FULL)
    score(s.chair, s.offer2, FULL)
    score(s.second, s.offer1, HALF)
    score(s.second, s.offer2, HALF, submit=False)  # a draft is not a score
    with pytest.raises(ValidationFailed) as caught:
        services.close_scoring(committee, actor=world.committee)
    assert "reason" in caught.value.field_errors
    sheet = queries.build_sheet(committee)
    assert [(m.id, o.id) for m, o in sheet.missing] == [(s.second.id, s.offer2.id)]
    closure = services.close_scoring(committee, actor=world.committee,
                                     reason="Członek komisji zachorował.")
    assert closure.complete is False and closure.reason == "Członek komisji zachorował."


def test_excluded_members_and_experts_are_not_waited_for(world, mailbox):
    s = scene(world)
    committee = queries.committee_of(world.competition)
    declarations.declare_conflict(s.second, actor=s.second.user, offer=s.offer2, reason="Brat")
    for offer in (s.offer1, s.offer2):
        score(s.chair, offer, FULL)
    score(s.second, s.offer1, HALF)
    mailbox.clear()
    closure = services.close_scoring(committee, actor=world.committee)
    db.session.commit()
    assert closure.complete is True
    assert sorted(m["To"] for m in mailbox) == [
        ", ".join(sorted(m.user.email for m in committee.members))]


def test_a_chair_who_has_not_signed_cannot_close(world):
    accepted_offer(world)
    seat(world, world.committee, function="chair", sign=False)
    with pytest.raises(NotAllowed):
        services.close_scoring(queries.committee_of(world.competition), actor=world.committee,
                               reason="x")


def test_after_closing_nothing_changes(world):
    s = scene(world)
    score(s.second, s.offer1, HALF)
    committee = queries.committee_of(world.competition)
    services.close_scoring(committee, actor=world.committee, reason="Koniec posiedzenia")
    db.session.commit()
    attempts = [
        lambda: score(s.chair, s.offer1, FULL),
        lambda: services.reopen_score(s.second, s.offer1, actor=s.second.user),
        lambda: declarations.declare_conflict(s.chair, actor=world.committee, offer=s.offer1,
                                          reason="x"),
        lambda: composition.add_member(committee, actor=world.officer,
                                    user=committee_user(world), kind=MemberKind.AUTHORITY),
        lambda: composition.remove_member(s.expert, actor=world.officer),
        lambda: composition.set_function(s.second, actor=world.officer, function="secretary"),
        lambda: composition.update_settings(committee, actor=world.officer,
                                         justification_below_pct=D("50"),
                                         disagreement_pct=D("30"), deviation_pct=D("15")),
        lambda: services.close_scoring(committee, actor=world.committee, reason="x"),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidTransition):
            attempt()
        db.session.rollback()


# ------------------------------------------------------------------ results


def test_the_offers_score_is_the_mean_of_voting_members_experts_are_not_counted(world):
    s = scene(world)
    score(s.chair, s.offer1, FULL)                        # 110
    score(s.second, s.offer1, [10, 10, 15, 5, 5, 11])     # 56
    score(s.expert, s.offer1, [0, 0, 0, 0, 0, 0], justification="Ekspert")
    score(s.chair, s.offer2, [10, 10, 15, 5, 5, 10])      # 55
    score(s.second, s.offer2, [10, 10, 15, 5, 5, 11])     # 56
    third = seat(world, committee_user(world, "Tomasz Trzeci"))
    score(third, s.offer2, [10, 10, 15, 5, 5, 11])        # 56
    results = {r.offer.id: r for r in queries.offer_results(world.competition)}
    r1, r2 = results[s.offer1.id], results[s.offer2.id]
    assert r1.mean_total == D("83") and r1.n_scores == 2 and r1.eligible  # 83 >= 66
    assert r2.mean_total == D("167") / D("3") and r2.n_scores == 3
    assert r2.mean_display == D("55.67")
    assert not r2.eligible  # 55,67 < 60 % of 110
    assert r1.task is s.offer1.task
    criteria = queries.criteria_of(world.competition)
    assert r1.criterion_means[criteria[5].id] == D("15.5")


def test_a_criterion_minimum_makes_an_offer_ineligible(world):
    s = scene(world)
    criteria = queries.criteria_of(world.competition)
    criteria[2].min_points = D("20")  # quality at least 20 of 30 on average
    db.session.commit()
    score(s.chair, s.offer1, [20, 20, 19, 10, 10, 20], justification="")
    score(s.second, s.offer1, [20, 20, 20, 10, 10, 20])
    [r1, _r2] = queries.offer_results(world.competition)
    assert r1.mean_total == D("99.5") and not r1.eligible
    assert any("minimum kryterium" in reason for reason in r1.reasons)


def test_the_sheet_flags_disagreement_and_deviating_members(world):
    s = scene(world)
    committee = queries.committee_of(world.competition)
    third = seat(world, committee_user(world, "Tomasz Trzeci"))
    # offer 1: 110, 56, 55 -> spread 55 > 30 % of 110 (33)
    score(s.chair, s.offer1, FULL)
    score(s.second, s.offer1, [10, 10, 15, 5, 5, 11])
    score(third, s.offer1, HALF)
    # offer 2: 100, 56, 56 -> spread 44 (flagged)
    score(s.chair, s.offer2, [20, 20, 30, 10, 10, 10])
    score(s.second, s.offer2, [10, 10, 15, 5, 5, 11])
    score(third, s.offer2, [10, 10, 15, 5, 5, 11])
    sheet = queries.build_sheet(committee)
    assert set(sheet.disagreements) == {s.offer1.id, s.offer2.id}
    assert sheet.disagreements[s.offer1.id] == D("55")
    # the chair: (110 - 55.5 + 100 - 56) / 2 = 49.25; the others about -24 (the chair's
    # outlying totals pull the others' mean up): at 25 % of 110 (27.5) only the chair
    committee.deviation_pct = D("25")
    sheet = queries.build_sheet(committee)
    assert sheet.deviations == {s.chair.id: D("49.25")}
    # with more tolerant thresholds, nothing is flagged
    committee.disagreement_pct = D("60")
    committee.deviation_pct = D("50")
    sheet = queries.build_sheet(committee)
    assert sheet.disagreements == {} and sheet.deviations == {}


def test_results_before_any_committee(world):
    accepted_offer(world)
    assert queries.offer_results(world.competition) == []
    assert queries.scoring_closed(world.competition) is False


def test_criterion_6_history_lists_earlier_offers_of_the_organisation(world):
    earlier_competition = make_competition(world.org_a, title="Konkurs z ubiegłego roku")
    earlier = filed_offer(world, competition=earlier_competition)
    offer = accepted_offer(world)
    rows = queries.offeror_history(world.ngo_x, world.competition)
    assert [r.offer.id for r in rows] == [earlier.id]
    assert rows[0].grant_requested == D("38000.00")
    assert offer.id not in [r.offer.id for r in rows]
    assert queries.offeror_history(world.ngo_y, world.competition) == []
