"""Offer services: start, drafts, filing (frozen content, SHA-256, PDF), withdrawal,
replacement, the deadline, and the guard against changing a filed version."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from decimal import Decimal

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
from grants.core.frozen import FrozenError
from grants.extensions import db
from grants.offers import checks as offer_checks
from grants.offers import content as offer_content
from grants.offers import filing as offer_filing
from grants.offers import services
from grants.offers.models import (
    CostItem,
    JointPartner,
    Offer,
    OfferStatus,
    OfferVersion,
    ResultRow,
    ScheduleRow,
    VersionState,
)
from tests.support.factories import make_competition, make_organisation
from tests.support.offers import (
    after_deadline,
    before_deadline,
    file,
    filed_offer,
    make_offer,
    signatories,
    valid_data,
)

D = Decimal


# ---------------------------------------------------------------- start

def test_start_offer_creates_a_draft(world):
    offer = services.start_offer(world.competition, world.competition.tasks[0], world.ngo_x,
                                 actor=world.ngo_member)
    db.session.commit()
    assert offer.status == OfferStatus.DRAFT and offer.number == ""
    [v] = offer.versions
    assert v.state == VersionState.DRAFT and v.number == 1
    assert v.contact_name == world.ngo_member.full_name
    assert v.start_date == world.competition.tasks[0].start_date
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "offer.started"))


@pytest.mark.parametrize("who, org, error", [
    ("ngo_other", "ngo_x", NotAllowed),     # not a member
    ("officer", "ngo_x", NotAllowed),
    ("admin", "ngo_x", NotAllowed),
    ("ngo_admin", "pending", NotAllowed),   # unverified organisation
])
def test_start_offer_refused(world, who, org, error):
    organisation = world.ngo_x
    if org == "pending":
        organisation = make_organisation("Czekająca", verified=False, index=3,
                                         members=[(world.ngo_admin, True)])
    with pytest.raises(error) as exc:
        services.start_offer(world.competition, world.competition.tasks[0], organisation,
                             actor=getattr(world, who))
    if org == "pending":
        assert "weryfikację" in exc.value.message


def test_start_offer_refused_after_the_deadline_and_for_a_draft_call(world):
    comp = world.competition
    with after_deadline(comp, 0), pytest.raises(DeadlinePassed):
        services.start_offer(comp, comp.tasks[0], world.ngo_x, actor=world.ngo_admin)
    with before_deadline(comp):
        services.start_offer(comp, comp.tasks[0], world.ngo_x, actor=world.ngo_admin)
    draft = make_competition(world.org_a, status=CallStatus.DRAFT)
    with pytest.raises(InvalidTransition):
        services.start_offer(draft, draft.tasks[0], world.ngo_x, actor=world.ngo_admin)


# ---------------------------------------------------------------- drafts

def test_save_draft_computes_values_codes_and_totals(world):
    offer = make_offer(world)
    v = offer.versions[0]
    assert [c.code for c in v.cost_items] == ["I.1.1", "I.1.2", "II.1"]
    assert [c.value for c in v.cost_items] == [D("36000.00"), D("10000.00"), D("3999.96")]
    assert v.total_cost == D("49999.96")
    assert v.grant_requested == D("38000.00")
    assert offer_checks.check_version(v) == []


def test_save_draft_keeps_an_invalid_draft_and_reports_problems(world):
    offer = make_offer(world)
    v = offer.versions[0]
    data = valid_data(2027)
    data["cost_items"][0]["grant_part"] = D("40000.00")   # more than the item's value
    data["own_financial"] = D("1.00")
    data["title"] = ""
    problems = services.save_draft(v, actor=world.ngo_admin, data=data)
    db.session.commit()
    keys = {p.field for p in problems}
    assert {"cost_items-0-grant_part", "sources", "title", "grant"} <= keys
    db.session.expire_all()
    v = db.session.get(OfferVersion, v.id)
    assert v.cost_items[0].grant_part == D("40000.00") and v.title == ""


def test_save_draft_partial_data_leaves_other_fields(world):
    offer = make_offer(world)
    v = offer.versions[0]
    services.save_draft(v, actor=world.ngo_admin, data={"title": "Nowy tytuł"})
    assert v.title == "Nowy tytuł" and len(v.cost_items) == 3


def test_save_draft_rows_update_in_place_and_remove(world):
    offer = make_offer(world)
    v = offer.versions[0]
    ids = [c.id for c in v.cost_items]
    data = valid_data(2027)
    del data["cost_items"][1]
    services.save_draft(v, actor=world.ngo_admin, data={"cost_items": data["cost_items"]})
    db.session.commit()
    assert [c.id for c in v.cost_items] == ids[:2]
    assert [c.code for c in v.cost_items] == ["I.1.1", "II.1"]
    assert [c.name for c in v.cost_items] == ["Koordynator", "Obsługa księgowa"]
    assert db.session.scalar(select(CostItem).where(CostItem.id == ids[2])) is None


@pytest.mark.parametrize("data, key", [
    ({"own_financial": D("-1.00")}, "own_financial"),
    ({"own_financial": D("1.001")}, "own_financial"),
    ({"own_financial": D("99999999999.00")}, "own_financial"),
    ({"title": "x" * 301}, "title"),
    ({"contact_phone": "1" * 41}, "contact_phone"),
    ({"cost_items": [{"unit_cost": D("-5"), "units": D("1")}]}, "cost_items-0-unit_cost"),
    ({"cost_items": [{"section": "III"}]}, "cost_items-0-section"),
    ({"cost_items": [{"year": 1999}]}, "cost_items-0-year"),
    ({"cost_items": [{"action_no": "x"}]}, "cost_items-0-action_no"),
    ({"schedule": [{"action": "a" * 301}]}, "schedule-0-action"),
    ({"partners": [{"organisation_id": 999999, "cost_share": D("1")}]}, "partners-0-lookup"),
    ({"start_date": "2027-01-01"}, "start_date"),
    ({"cost_items": [{"unit_cost": D("9999999999.99"), "units": D("9999999999.99")}]},
     "cost_items-0-units"),
    ({"cost_items": [{"unit_cost": D("9999999999.99"), "units": D("1")}] * 2}, "cost_items"),
])
def test_save_draft_refuses_malformed_input(world, data, key):
    offer = make_offer(world)
    with pytest.raises(ValidationFailed) as exc:
        services.save_draft(offer.versions[0], actor=world.ngo_admin, data=data)
    assert key in exc.value.field_errors


def test_save_draft_refuses_unverified_partner(world):
    offer = make_offer(world)
    pending = make_organisation("Czekająca", verified=False, index=4)
    with pytest.raises(ValidationFailed) as exc:
        services.save_draft(offer.versions[0], actor=world.ngo_admin,
                            data={"partners": [{"organisation_id": pending.id}]})
    assert "partners-0-lookup" in exc.value.field_errors


@pytest.mark.parametrize("who", ["ngo_other", "officer", "committee", "admin"])
def test_only_members_of_the_lead_organisation_edit(world, who):
    offer = make_offer(world)
    with pytest.raises(NotAllowed):
        services.save_draft(offer.versions[0], actor=getattr(world, who), data={"title": "x"})


def test_joint_offer_split(world):
    year = world.competition.tasks[0].start_date.year
    partner = {"organisation_id": world.ngo_y.id, "actions": "Noclegi",
               "cost_share": D("10000.00")}
    offer = make_offer(world, partners=[partner], lead_cost_share=D("39999.95"))
    problems = offer_checks.check_version(offer.versions[0])
    assert [p.field for p in problems] == ["lead_cost_share"]
    assert "brakuje 0,01\xa0zł" in problems[0].message
    services.save_draft(offer.versions[0], actor=world.ngo_admin,
                        data={"lead_cost_share": D("39999.96")})
    assert offer_checks.check_version(offer.versions[0]) == []
    assert year


# ---------------------------------------------------------------- filing

def test_filing_freezes_the_version(world, real_pdf, mailbox):
    offer = make_offer(world)
    moment = clock.now().replace(microsecond=0) + timedelta(hours=1)
    with clock.frozen_at(moment):
        version = file(offer, world.ngo_admin)
    db.session.expire_all()
    offer = db.session.get(Offer, offer.id)
    version = offer.versions[0]
    assert version.state == VersionState.FILED and offer.status == OfferStatus.FILED
    assert version.filed_at == moment and offer.filed_at == moment
    assert offer.number == f"{world.competition.reference}/1"
    # the content and its checksum
    canonical = json.dumps(version.content, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False).encode("utf-8")
    assert version.sha256 == hashlib.sha256(canonical).hexdigest()
    c = version.content
    assert c["V_A"]["total"] == "49999.96" and c["V_A"]["grant"] == "38000.00"
    assert [i["code"] for i in c["V_A"]["items"]] == ["I.1.1", "I.1.2", "II.1"]
    assert c["II"]["organisation"]["nip"] == world.ngo_x.nip
    assert c["filing"]["filed_at"] == moment.isoformat()
    assert c["filing"]["filed_at_local"] == clock.to_local(moment).strftime("%d.%m.%Y %H:%M:%S")
    assert len(c["filing"]["signed_by"]) == 2
    assert "Anna Kowalska" in version.signed_by
    # the PDF
    assert version.pdf_file.data.startswith(b"%PDF")
    assert version.pdf_file.content_type == "application/pdf"
    # the confirmation e-mail
    [mail] = mailbox
    assert mail["To"] == world.ngo_admin.email
    assert offer.number in mail["Subject"]
    assert version.sha256 in mail.get_content()


def test_organisation_data_is_kept_as_filed(world):
    offer = filed_offer(world)
    world.ngo_x.name = "Nowa nazwa po złożeniu"
    db.session.commit()
    assert offer.versions[0].content["II"]["organisation"]["name"] == \
        "Stowarzyszenie Pomocy Bliźniemu"


def test_filing_refuses_while_any_rule_fails_listing_every_problem(world):
    offer = make_offer(world, own_financial=D("4999.99"), title="",
                       declarations={})
    with pytest.raises(ValidationFailed) as exc:
        file(offer, world.ngo_admin)
    errors = exc.value.field_errors
    assert "sources" in errors and "title" in errors
    assert sum(1 for k in errors if k.startswith("declarations-")) == 7
    assert "brakuje 0,01\xa0zł" in exc.value.message
    db.session.rollback()
    assert offer.versions[0].state == VersionState.DRAFT


@pytest.mark.parametrize("over", ["max", "share"])
def test_filing_refuses_grant_over_the_caps(world, over):
    data = valid_data(2027)
    if over == "max":   # 50 000,01 > max grant 50 000,00 (share 79.99 %)
        data["cost_items"] = [{"section": "I", "action_no": 1, "name": "Koszt",
                               "unit": "usługa", "unit_cost": D("62510.00"), "units": D("1"),
                               "grant_part": D("50000.01")}]
        own = D("12509.99")
    else:               # 80 % of 49 999,96 is 39 999,968 -> 39 999,97 is 1 grosz over
        data["cost_items"][0]["grant_part"] = D("29999.97")
        own = D("49999.96") - D("39999.97")
    data.update(own_financial=own, own_personal=D("0"), own_in_kind=D("0"))
    offer = make_offer(world, **{k: v for k, v in data.items()
                                 if k in ("cost_items", "own_financial", "own_personal",
                                          "own_in_kind")})
    with pytest.raises(ValidationFailed) as exc:
        file(offer, world.ngo_admin)
    assert list(exc.value.field_errors) == ["grant"]


@pytest.mark.parametrize("ticked, ok", [
    ("both", True), ("first", False), ("none", False), ("alone", True), ("stranger", False),
])
def test_signatories(world, ticked, ok):
    offer = make_offer(world)
    reps = offer.organisation.representatives
    if ticked == "alone":
        reps[1].signs_alone = True
    ids = {"both": [r.id for r in reps], "first": [reps[0].id], "none": [],
           "alone": [reps[1].id], "stranger": [reps[0].id, 999999]}[ticked]
    if ok:
        offer_filing.file_offer(offer, actor=world.ngo_admin, signed_by=ids)
    else:
        with pytest.raises(ValidationFailed) as exc:
            offer_filing.file_offer(offer, actor=world.ngo_admin, signed_by=ids)
        assert "signed_by" in exc.value.field_errors


def test_numbers_follow_first_filings(world):
    first = filed_offer(world)
    second = filed_offer(world, organisation=world.ngo_y, actor=world.ngo_other)
    assert first.number.endswith("/1") and second.number.endswith("/2")
    services.start_replacement(first, actor=world.ngo_admin)
    file(first, world.ngo_admin)
    assert first.number.endswith("/1")


def test_filing_refused_for_unverified_organisation(world):
    offer = make_offer(world)
    world.ngo_x.status = world.ngo_x.status.__class__.PENDING
    with pytest.raises(NotAllowed):
        file(offer, world.ngo_admin)


# ---------------------------------------------------------------- replacement, withdrawal

def test_replacement_copies_rows_and_keeps_the_filed_version_in_force(world):
    offer = filed_offer(world)
    first = offer.versions[0]
    draft = services.start_replacement(offer, actor=world.ngo_admin)
    db.session.commit()
    assert draft.number == 2 and draft.state == VersionState.DRAFT
    assert offer.filed_version is first and first.state == VersionState.FILED
    assert [(c.code, c.value, c.grant_part) for c in draft.cost_items] == \
        [(c.code, c.value, c.grant_part) for c in first.cost_items]
    assert len(draft.schedule) == len(first.schedule) == 1
    assert draft.declarations == first.declarations and draft.title == first.title
    assert draft.sha256 is None and draft.content is None
    with pytest.raises(InvalidTransition):
        services.start_replacement(offer, actor=world.ngo_admin)   # one at a time
    data = valid_data(2027)
    data["title"] = "Tytuł poprawiony"
    services.save_draft(draft, actor=world.ngo_admin, data=data)
    second = file(offer, world.ngo_admin)
    assert second is draft and second.state == VersionState.FILED
    assert first.state == VersionState.SUPERSEDED
    assert offer.filed_version is second
    assert second.content["filing"]["replaces_version"] == 1
    assert first.content["III"]["title"] != second.content["III"]["title"]
    assert first.sha256 != second.sha256


def test_discard_replacement(world):
    offer = filed_offer(world)
    services.start_replacement(offer, actor=world.ngo_admin)
    draft = services.discard_replacement(offer, actor=world.ngo_admin)
    db.session.commit()
    assert draft.state == VersionState.DISCARDED
    assert offer.filed_version.state == VersionState.FILED and offer.draft_version is None
    again = services.start_replacement(offer, actor=world.ngo_admin)
    assert again.number == 3
    with pytest.raises(InvalidTransition):
        services.discard_replacement(make_offer(world), actor=world.ngo_admin)


def test_withdrawal_keeps_the_versions(world, mailbox):
    offer = filed_offer(world)
    services.start_replacement(offer, actor=world.ngo_admin)
    services.withdraw_offer(offer, actor=world.ngo_admin)
    db.session.commit()
    assert offer.status == OfferStatus.WITHDRAWN and offer.withdrawn_at is not None
    assert [v.state for v in offer.versions] == [VersionState.WITHDRAWN, VersionState.DISCARDED]
    assert offer.versions[0].sha256 and offer.versions[0].content
    assert any("Wycofanie" in m["Subject"] for m in mailbox)
    for verb in (services.withdraw_offer, services.start_replacement):
        with pytest.raises(InvalidTransition):
            verb(offer, actor=world.ngo_admin)
    with pytest.raises(InvalidTransition):
        offer_filing.file_offer(offer, actor=world.ngo_admin, signed_by=signatories(offer))


def test_withdraw_a_draft_is_refused(world):
    with pytest.raises(InvalidTransition):
        services.withdraw_offer(make_offer(world), actor=world.ngo_admin)


@pytest.mark.parametrize("who", ["ngo_other", "officer", "officer_b", "committee", "finance",
                                 "admin"])
def test_verbs_refused_to_others(world, who):
    offer = filed_offer(world)
    actor = getattr(world, who)
    for verb in (services.withdraw_offer, services.start_replacement,
                 services.discard_replacement):
        with pytest.raises(NotAllowed):
            verb(offer, actor=actor)
    with pytest.raises(NotAllowed):
        offer_filing.file_offer(offer, actor=actor, signed_by=signatories(offer))


# ---------------------------------------------------------------- the deadline

def test_nothing_after_the_deadline(world):
    comp = world.competition
    filed = filed_offer(world)
    services.start_replacement(filed, actor=world.ngo_admin)
    db.session.commit()
    draft = make_offer(world, organisation=world.ngo_y, actor=world.ngo_other)
    withdrawn_candidate = filed_offer(world, organisation=make_organisation(
        "Trzecia", index=2, members=[(world.ngo_admin, True)]))
    for seconds in (0, 1, 86400):     # at the deadline itself, a second and a day after
        with after_deadline(comp, seconds):
            calls = [
                lambda: offer_filing.file_offer(draft, actor=world.ngo_other,
                                            signed_by=signatories(draft)),
                lambda: offer_filing.file_offer(filed, actor=world.ngo_admin,
                                            signed_by=signatories(filed)),
                lambda: services.save_draft(draft.versions[0], actor=world.ngo_other,
                                            data={"title": "po terminie"}),
                lambda: services.save_draft(filed.draft_version, actor=world.ngo_admin,
                                            data={"title": "po terminie"}),
                lambda: services.withdraw_offer(withdrawn_candidate, actor=world.ngo_admin),
                lambda: services.start_replacement(withdrawn_candidate,
                                                   actor=world.ngo_admin),
                lambda: services.discard_replacement(filed, actor=world.ngo_admin),
                lambda: services.start_offer(comp, comp.tasks[0], world.ngo_x,
                                             actor=world.ngo_admin),
            ]
            for call in calls:
                with pytest.raises(DeadlinePassed) as exc:
                    call()
                assert "Termin składania ofert minął" in exc.value.message
                db.session.rollback()
    assert draft.status == OfferStatus.DRAFT and draft.versions[0].title != "po terminie"
    assert withdrawn_candidate.status == OfferStatus.FILED


def test_filing_one_second_before_the_deadline_works(world):
    offer = make_offer(world)
    with before_deadline(world.competition, 1):
        version = file(offer, world.ngo_admin)
    assert version.filed_at == world.competition.offer_deadline - timedelta(seconds=1)


# ---------------------------------------------------------------- the frozen-version guard

@pytest.fixture
def frozen(world):
    offer = filed_offer(world)
    db.session.expire_all()
    return db.session.get(Offer, offer.id).versions[0]


@pytest.mark.parametrize("change", [
    lambda v: setattr(v, "title", "zmiana"),
    lambda v: setattr(v, "own_financial", D("1.00")),
    lambda v: setattr(v, "sha256", "0" * 64),
    lambda v: setattr(v, "content", {"x": 1}),
    lambda v: setattr(v, "filed_at", clock.now()),
    lambda v: setattr(v, "signed_by", "ktoś"),
    lambda v: setattr(v, "state", VersionState.DRAFT),
    lambda v: setattr(v, "state", VersionState.DISCARDED),
    lambda v: setattr(v.cost_items[0], "grant_part", D("1.00")),
    lambda v: setattr(v.schedule[0], "action", "zmiana"),
    lambda v: setattr(v.results[0], "target_value", "1"),
    lambda v: v.cost_items.append(CostItem(section="I", action_no=1, name="x", unit="x",
                                           unit_cost=D("1"), units=D("1"), value=D("1"),
                                           grant_part=D("0"))),
    lambda v: v.cost_items.pop(),
    lambda v: v.schedule.clear(),
    lambda v: db.session.delete(v.results[0]),
    lambda v: db.session.add(ScheduleRow(version_id=v.id, action="dopisane")),
    lambda v: db.session.add(ResultRow(version_id=v.id, name="dopisane")),
    lambda v: db.session.add(JointPartner(version_id=v.id, organisation_id=v.offer.organisation_id)),
    lambda v: db.session.delete(v),
    lambda v: db.session.delete(v.offer),
])
def test_direct_orm_changes_of_a_filed_version_raise(frozen, change):
    change(frozen)
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()


def test_a_new_version_must_start_as_a_draft(frozen):
    db.session.add(OfferVersion(offer_id=frozen.offer_id, number=9, state=VersionState.FILED,
                                sha256="0" * 64))
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()


def test_row_moved_out_of_a_filed_version_raises(world, frozen):
    draft = make_offer(world, organisation=world.ngo_y, actor=world.ngo_other).versions[0]
    frozen.cost_items[0].version_id = draft.id
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("state", [VersionState.SUPERSEDED, VersionState.WITHDRAWN])
def test_the_service_transitions_are_allowed(frozen, state):
    frozen.state = state
    db.session.flush()
    db.session.commit()
    assert db.session.get(OfferVersion, frozen.id).state == state


def test_a_superseded_version_cannot_change_state_again(frozen):
    frozen.state = VersionState.SUPERSEDED
    db.session.commit()
    frozen.state = VersionState.FILED
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()


def test_drafts_change_freely(world):
    v = make_offer(world).versions[0]
    v.title = "zmiana"
    v.cost_items[0].name = "zmiana"
    db.session.add(ScheduleRow(version_id=v.id, action="dopisane", position=2))
    db.session.flush()
    db.session.commit()


def test_a_version_whose_content_was_untouched_may_be_loaded_and_flushed(frozen):
    _ = (frozen.title, frozen.cost_items[0].value, frozen.schedule, frozen.attachments)
    frozen.title = frozen.title  # same value: no change
    db.session.flush()


def test_changing_a_partner_shows_the_new_organisation_in_the_content(world):
    third = make_organisation("Trzecia Organizacja", index=2)
    offer = make_offer(world, partners=[{"organisation_id": world.ngo_y.id,
                                         "cost_share": D("10000.00")}],
                       lead_cost_share=D("39999.96"))
    v = offer.versions[0]
    assert v.partners[0].organisation.name == "Fundacja Inna"
    services.save_draft(v, actor=world.ngo_admin, data={"partners": [
        {"organisation_id": third.id, "cost_share": D("10000.00")}]})
    content = offer_content.version_content(v)
    assert content["V_C"]["partners"][0]["organisation"]["name"] == "Trzecia Organizacja"


def test_demo_offers_are_filed_once(world):
    from grants.demo.offers import file_demo_offers

    comp = world.competition
    file_demo_offers(comp, [world.ngo_x, world.ngo_y])
    file_demo_offers(comp, [world.ngo_x, world.ngo_y])
    db.session.commit()
    offers = db.session.scalars(select(Offer).order_by(Offer.id)).all()
    assert [o.status for o in offers] == [OfferStatus.FILED, OfferStatus.FILED]
    assert offers[0].filed_at == comp.offer_deadline - timedelta(days=3)
    assert offers[1].versions[0].total_cost == D("44000.00")


def test_pdf_layout_has_the_sections_checksum_and_warsaw_time_in_polish(world):
    from flask_babel import force_locale

    from grants.offers.pdf import render_offer_html

    offer = filed_offer(world)
    v = offer.versions[0]
    with force_locale("en"):
        html = render_offer_html(v.content, v.sha256)
    assert "OFERTA REALIZACJI ZADANIA PUBLICZNEGO" in html
    for heading in ("I. Podstawowe informacje", "II. Dane oferenta", "III. Opis zadania",
                    "IV. Charakterystyka oferenta", "V.A Zestawienie kosztów",
                    "V.B Źródła finansowania", "V.C Podział kosztów", "VI. Inne informacje",
                    "VII. Oświadczenia"):
        assert heading in html, heading
    assert v.sha256 in html
    assert v.content["filing"]["filed_at_local"] in html and "Europe/Warsaw" in html
    assert "49\xa0999,96\xa0zł" in html
