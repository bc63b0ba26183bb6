"""Small-grant services: filing with the dated rule set (limits, the organisation's yearly
total, the mode's share of the year's plan), the frozen content, the publication deadline in
working days, the comment period, moderation, consideration and contracting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from grants.core import clock
from grants.core.audit import AuditEntry
from grants.core.errors import DeadlinePassed, InvalidTransition, NotAllowed, ValidationFailed
from grants.core.frozen import FrozenError
from grants.documents.filing import content_sha256
from grants.extensions import db
from grants.organisers.models import ExecutiveBody
from grants.rules.services import set_rule
from grants.smallgrants import comments, plans, services
from grants.smallgrants.models import CommentState, SmallGrantOffer, SmallGrantStatus
from tests.support.factories import make_organisation, make_user
from tests.support.smallgrants import (
    file,
    filed_offer,
    make_offer,
    publish,
    published_offer,
    set_plan,
    warsaw,
)

D = Decimal


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


# ---------------------------------------------------------------- drafts

def test_draft_totals_are_computed(world):
    offer = make_offer(world, grant=D("4000.00"))
    assert offer.total_cost == D("5000.00") and offer.grant_requested == D("4000.00")
    assert offer.cost_items[0].value == D("5000.00")
    assert offer.status == SmallGrantStatus.DRAFT
    assert "smallgrant.draft_saved" in actions()


@pytest.mark.parametrize("data, field", [
    ({"own_financial": D("-1")}, "own_financial"),
    ({"own_financial": D("1.001")}, "own_financial"),
    ({"title": "x" * 301}, "title"),
    ({"area": "nie-ma-takiej"}, "area"),
    ({"contact_email": "nie-email"}, "contact_email"),
    ({"start_date": date(1999, 1, 1)}, "start_date"),
    ({"cost_items": [{"name": "A", "unit_cost": D("1e12"), "units": D("1"),
                      "grant_part": D("0")}]}, "cost_items-0-unit_cost"),
])
def test_malformed_draft_input_is_refused_per_field(world, data, field):
    offer = make_offer(world)
    with pytest.raises(ValidationFailed) as exc:
        services.save_draft(offer, actor=world.ngo_admin, data=data)
    assert field in exc.value.field_errors


def test_only_members_edit_and_start(world):
    offer = make_offer(world)
    with pytest.raises(NotAllowed):
        services.save_draft(offer, actor=world.ngo_other, data={"title": "Cudza"})
    with pytest.raises(NotAllowed):
        services.start_small_grant(world.ngo_x, world.org_a, actor=world.ngo_other)
    pending = make_organisation("Fundacja Czekająca", verified=False, index=3,
                                members=[(world.ngo_admin, True)])
    with pytest.raises(NotAllowed, match="weryfikac"):
        services.start_small_grant(pending, world.org_a, actor=world.ngo_admin)


# ---------------------------------------------------------------- filing

def test_filing_freezes_the_content_and_records_the_receipt(world, mailbox):
    set_plan(world, 2026)
    offer = make_offer(world)
    with clock.frozen_at(warsaw(2026, 3, 2, 9, 30, 15)):
        file(offer)
    assert offer.status == SmallGrantStatus.FILED
    assert offer.received_at == warsaw(2026, 3, 2, 9, 30, 15)
    assert offer.number == "MOPS/MG/2026/1" and offer.filing_year == 2026
    assert offer.sha256 == content_sha256(offer.content)
    assert offer.content["IV"]["grant"] == "5000.00"
    assert offer.content["filing"]["limits"]["max_grant"] == "10000.00"
    assert offer.publish_by == date(2026, 3, 11) and offer.comment_days == 7
    subjects = sorted(m["Subject"] for m in mailbox)
    assert any("Potwierdzenie" in s for s in subjects)
    assert any("Nowa oferta" in s for s in subjects)
    officer_mail = next(m for m in mailbox if "Nowa oferta" in m["Subject"])
    assert "urzednik@example.org" in officer_mail["To"]
    assert "urzednik.b@example.org" not in officer_mail["To"]
    assert "smallgrant.filed" in actions()


def test_a_filed_offer_is_frozen_however_it_is_changed(world):
    set_plan(world, clock.today().year)
    offer = filed_offer(world)
    with pytest.raises(InvalidTransition):
        services.save_draft(offer, actor=world.ngo_admin, data={"title": "Zmiana"})
    db.session.rollback()
    offer.version.title = "Zmiana po złożeniu"
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()
    offer.cost_items[0].grant_part = D("1.00")
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()
    offer.results.append(offer.results[0].__class__(name="Nowy"))
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()
    offer.area = "kultura"  # what is particular to art. 19a is frozen too
    with pytest.raises(FrozenError):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(InvalidTransition):
        services.file_small_grant(offer, actor=world.ngo_admin)


def test_the_receipt_day_is_the_warsaw_day(world):
    set_plan(world, 2026)
    late = make_offer(world)
    with clock.frozen_at(warsaw(2026, 4, 30, 23, 59, 59)):   # 21:59:59 UTC
        file(late)
    after_midnight = make_offer(world)
    with clock.frozen_at(warsaw(2026, 5, 1, 0, 0, 1)):       # still 30 April in UTC
        file(after_midnight)
    assert late.publish_by == date(2026, 5, 12)
    assert after_midnight.publish_by == date(2026, 5, 12)    # 1 May is a holiday
    assert clock.to_local(after_midnight.received_at).date() == date(2026, 5, 1)


def test_an_incomplete_offer_is_not_filed(world):
    set_plan(world, clock.today().year)
    offer = make_offer(world, results=[], declarations={})
    with pytest.raises(ValidationFailed) as exc:
        services.file_small_grant(offer, actor=world.ngo_admin)
    assert "results" in exc.value.field_errors
    assert "declarations-statutory_scope" in exc.value.field_errors
    db.session.rollback()
    assert db.session.get(SmallGrantOffer, offer.id).status == SmallGrantStatus.DRAFT


@pytest.mark.parametrize("grant, end, fields", [
    (D("10000.00"), date(2027, 3, 31), []),                    # 90 days
    (D("10000.01"), date(2027, 3, 31), ["grant"]),
    (D("10000.00"), date(2027, 4, 1), ["end_date"]),           # 91 days
])
def test_grant_and_duration_limits_at_filing(world, grant, end, fields):
    set_plan(world, 2027)   # a task of 2027 counts in 2027
    offer = make_offer(world, grant=grant, start_date=date(2027, 1, 1), end_date=end)
    with clock.frozen_at(warsaw(2026, 6, 1)):
        if not fields:
            file(offer)
            assert offer.status == SmallGrantStatus.FILED
            return
        with pytest.raises(ValidationFailed) as exc:
            services.file_small_grant(offer, actor=world.ngo_admin)
    assert sorted(exc.value.field_errors) == sorted(fields)


def _amend_from(day: date, admin) -> None:
    for key, value in (("small_grant_max", D("20000.00")), ("small_grant_max_days", D("999999")),
                       ("small_grant_org_year_max", D("40000.00")),
                       ("small_grant_year_share", D("30"))):
        set_rule(key, value, day, actor=admin, legal_basis="nowelizacja 2026")
    db.session.commit()


def test_the_2026_amendment_applies_to_offers_filed_from_its_date(world):
    """15 000 zł for 120 days: refused under the law before the amendment, accepted when
    filed on or after the day it takes effect."""
    _amend_from(date(2026, 7, 1), world.admin)
    set_plan(world, 2026, D("100000.00"))
    kwargs = {"grant": D("15000.00"), "start_date": date(2026, 9, 1),
              "end_date": date(2026, 12, 29)}
    before = make_offer(world, **kwargs)
    with clock.frozen_at(warsaw(2026, 6, 30, 23, 59, 59)):
        with pytest.raises(ValidationFailed) as exc:
            services.file_small_grant(before, actor=world.ngo_admin)
    assert sorted(exc.value.field_errors) == ["end_date", "grant"]
    assert "10\xa0000,00\xa0zł" in exc.value.message and "90 dni" in exc.value.message
    db.session.rollback()
    with clock.frozen_at(warsaw(2026, 7, 1, 0, 0, 1)):
        file(before)
    assert before.status == SmallGrantStatus.FILED
    assert before.content["filing"]["limits"]["max_grant"] == "20000.00"
    assert before.content["filing"]["rules_on"] == "2026-07-01"


def test_the_amended_share_and_organisation_limit(world):
    _amend_from(date(2026, 7, 1), world.admin)
    set_plan(world, 2026, D("100000.00"))   # 20 % = 20 000, 30 % = 30 000
    with clock.frozen_at(warsaw(2026, 7, 2)):
        filed_offer(world, grant=D("20000.00"))
        filed_offer(world, grant=D("10000.00"), organisation=world.ngo_y,
                    actor=world.ngo_other)
        third = make_offer(world, grant=D("0.01"))
        with pytest.raises(ValidationFailed, match="30"):
            services.file_small_grant(third, actor=world.ngo_admin)


def test_the_organisation_yearly_total_across_several_offers(world):
    set_plan(world, 2026, D("1000000.00"))
    with clock.frozen_at(warsaw(2026, 3, 2)):
        first = filed_offer(world, grant=D("8000.00"))
        filed_offer(world, grant=D("8000.00"))
        third = make_offer(world, grant=D("8000.00"))
        with pytest.raises(ValidationFailed) as exc:
            services.file_small_grant(third, actor=world.ngo_admin)
        assert "24\xa0000,00\xa0zł" in exc.value.message and "4\xa0000,00\xa0zł" in exc.value.message
        db.session.rollback()
        # another organisation's offers do not count towards X's limit
        filed_offer(world, grant=D("9000.00"), organisation=world.ngo_y, actor=world.ngo_other)
        # a withdrawn offer does not count
        services.withdraw_small_grant(first, actor=world.ngo_admin)
        db.session.commit()
        file(third)
    assert third.status == SmallGrantStatus.FILED


def test_a_not_purposeful_offer_and_last_years_offers_do_not_count(world):
    set_plan(world, 2025, D("1000000.00"))
    set_plan(world, 2026, D("1000000.00"))
    with clock.frozen_at(warsaw(2025, 12, 30)):
        filed_offer(world, grant=D("10000.00"))
        filed_offer(world, grant=D("10000.00"))
    with clock.frozen_at(warsaw(2026, 1, 2)):
        refused = filed_offer(world, grant=D("10000.00"))
        services.assess_small_grant(refused, actor=world.officer, purposeful=False,
                                    note="Zadanie nie ma charakteru lokalnego.")
        db.session.commit()
        filed_offer(world, grant=D("10000.00"))
        last = filed_offer(world, grant=D("10000.00"))
    assert last.status == SmallGrantStatus.FILED


def test_the_year_share_without_and_with_a_plan(world):
    offer = make_offer(world, grant=D("6000.00"))
    with clock.frozen_at(warsaw(2026, 3, 2)):
        with pytest.raises(ValidationFailed, match="Nie wprowadzono planowanej kwoty") as exc:
            services.file_small_grant(offer, actor=world.ngo_admin)
        assert "2026" in exc.value.message
        db.session.rollback()
        set_plan(world, 2027, D("1000000.00"))           # another year's plan does not help
        with pytest.raises(ValidationFailed, match="Nie wprowadzono"):
            services.file_small_grant(offer, actor=world.ngo_admin)
        db.session.rollback()
        set_plan(world, 2026, D("50000.00"))             # 20 % = 10 000
        file(offer)
        other = make_offer(world, grant=D("4000.01"), organisation=world.ngo_y,
                           actor=world.ngo_other)
        with pytest.raises(ValidationFailed) as exc:
            services.file_small_grant(other, actor=world.ngo_other)
        assert "10\xa0000,00\xa0zł" in exc.value.message and "pozostało 4\xa0000,00\xa0zł" in exc.value.message
        db.session.rollback()
        services.save_draft(other, actor=world.ngo_other, data={"cost_items": [
            {"name": "Warsztaty", "unit": "usługa", "unit_cost": D("5000.00"),
             "units": D("1"), "grant_part": D("4000.00")}]})
        db.session.commit()
        file(other)
    assert other.status == SmallGrantStatus.FILED


def test_the_share_is_counted_per_executive_body(world):
    world.org_b.executive_body = ExecutiveBody(name="Prezydent Miasta Gdyni")
    db.session.commit()
    set_plan(world, 2026, D("50000.00"))
    set_plan(world, 2026, D("50000.00"), organiser=world.org_b)
    with clock.frozen_at(warsaw(2026, 3, 2)):
        filed_offer(world, grant=D("10000.00"))
        at_b = filed_offer(world, grant=D("10000.00"), organisation=world.ngo_y,
                           actor=world.ngo_other, organiser=world.org_b)
    assert at_b.number == "UMG/MG/2026/1"


# ---------------------------------------------------------------- assessment, publication

def test_assessment(world, mailbox):
    set_plan(world, clock.today().year)
    offer = filed_offer(world)
    mailbox.clear()
    with pytest.raises(NotAllowed):
        services.assess_small_grant(offer, actor=world.officer_b, purposeful=True)
    with pytest.raises(ValidationFailed) as exc:
        services.assess_small_grant(offer, actor=world.officer, purposeful=False, note=" ")
    assert "assessment_note" in exc.value.field_errors
    with pytest.raises(ValidationFailed):
        services.assess_small_grant(offer, actor=world.officer, purposeful=None)
    services.assess_small_grant(offer, actor=world.officer, purposeful=False,
                                note="Zadanie nie ma charakteru lokalnego.")
    db.session.commit()
    assert offer.status == SmallGrantStatus.NOT_PURPOSEFUL and offer.purposeful is False
    assert offer.assessed_by_id == world.officer.id
    mail = mailbox[-1]
    assert "nie została uznana za celową" in mail["Subject"]
    assert world.ngo_x.email in mail["To"]
    assert "charakteru lokalnego" in mail.get_content()
    with pytest.raises(InvalidTransition):
        services.assess_small_grant(offer, actor=world.officer, purposeful=True)
    with pytest.raises(InvalidTransition):
        publish(world, offer, clock.today())


def test_publication_deadline_in_working_days_with_holidays(world, mailbox):
    set_plan(world, 2026)
    offer = make_offer(world)
    with clock.frozen_at(warsaw(2026, 4, 30, 15)):
        file(offer)
        services.assess_small_grant(offer, actor=world.officer, purposeful=True)
        db.session.commit()
    assert offer.publish_by == date(2026, 5, 12)
    with clock.frozen_at(warsaw(2026, 5, 12, 8)):
        publish(world, offer, date(2026, 5, 12))
    assert offer.status == SmallGrantStatus.PUBLISHED and offer.publication_delay_days == 0
    assert offer.comment_end == date(2026, 5, 19) and offer.published_bip_on == date(2026, 5, 12)
    assert "opublikowana" in mailbox[-1]["Subject"]


def test_publication_needs_all_three_channels(world):
    set_plan(world, 2026)
    offer = make_offer(world)
    with clock.frozen_at(warsaw(2026, 3, 2)):
        file(offer)
        services.assess_small_grant(offer, actor=world.officer, purposeful=True)
        db.session.commit()
    with clock.frozen_at(warsaw(2026, 3, 4)):
        with pytest.raises(ValidationFailed) as exc:
            services.publish_small_grant(offer, actor=world.officer, bip_on=date(2026, 3, 3),
                                         website_on=date(2026, 3, 3))
        assert list(exc.value.field_errors) == ["board_on"]
        assert "tablicy ogłoszeń" in exc.value.message
    assert db.session.get(SmallGrantOffer, offer.id).status == SmallGrantStatus.PURPOSEFUL


def test_the_comment_period_runs_from_the_latest_channel(world):
    set_plan(world, 2026)
    offer = make_offer(world)
    with clock.frozen_at(warsaw(2026, 3, 2)):
        file(offer)
        services.assess_small_grant(offer, actor=world.officer, purposeful=True)
        db.session.commit()
    with clock.frozen_at(warsaw(2026, 3, 6)):
        publish(world, offer, date(2026, 3, 3), website_on=date(2026, 3, 5))
    assert offer.published_on == date(2026, 3, 5)
    assert offer.comment_end == date(2026, 3, 12)          # 7 days from 05.03, not from 03.03


def test_a_late_publication_is_allowed_and_its_delay_recorded(world):
    set_plan(world, 2026)
    offer = make_offer(world)
    with clock.frozen_at(warsaw(2026, 4, 30, 15)):
        file(offer)
        services.assess_small_grant(offer, actor=world.officer, purposeful=True)
        db.session.commit()
    with clock.frozen_at(warsaw(2026, 5, 15, 9)):          # limit 12.05: three days late
        publish(world, offer, date(2026, 5, 14), website_on=date(2026, 5, 15))
    assert offer.status == SmallGrantStatus.PUBLISHED
    assert offer.published_on == date(2026, 5, 15) and offer.publication_delay_days == 3
    assert offer.comment_end == date(2026, 5, 22)
    entry = db.session.scalars(select(AuditEntry).filter_by(
        action="smallgrant.published")).one()
    assert entry.after["delay_days"] == 3 and entry.after["publish_by"] == "2026-05-12"


def test_publication_refuses_the_future_and_before_receipt(world):
    set_plan(world, 2026)
    offer = make_offer(world)
    with clock.frozen_at(warsaw(2026, 3, 2)):
        file(offer)
        services.assess_small_grant(offer, actor=world.officer, purposeful=True)
        for day, text in ((date(2026, 3, 3), "w przyszłości"),
                          (date(2026, 2, 27), "wcześniejsza")):
            with pytest.raises(ValidationFailed, match=text):
                publish(world, offer, day)
        with pytest.raises(ValidationFailed) as exc:
            publish(world, offer, date(2026, 3, 2), board_on=date(2026, 3, 5))
        assert list(exc.value.field_errors) == ["board_on"]


# ---------------------------------------------------------------- comments

def _published_on_12_may(world) -> SmallGrantOffer:
    set_plan(world, 2026)
    with clock.frozen_at(warsaw(2026, 5, 12, 9)):
        return published_offer(world, published_on=date(2026, 5, 12))


@pytest.mark.parametrize("when, accepted", [
    (warsaw(2026, 5, 12, 9, 0, 1), True),
    (warsaw(2026, 5, 19, 23, 59, 59), True),
    (warsaw(2026, 5, 20, 0, 0, 0), False),
    (warsaw(2026, 6, 1, 12), False),
])
def test_comment_period_boundaries(world, when, accepted):
    offer = _published_on_12_may(world)
    with clock.frozen_at(when):
        if accepted:
            comment = comments.submit_comment(offer, author_name="Jan Mieszkaniec",
                                              text="Popieram ofertę.")
            assert comment.state == CommentState.PENDING
            assert comment.submitted_at == when
        else:
            with pytest.raises(DeadlinePassed, match="19.05.2026"):
                comments.submit_comment(offer, author_name="Jan", text="Za późno.")


@pytest.mark.parametrize("name, email, text, field", [
    ("", "", "Treść uwagi", "author_name"),
    ("x" * 201, "", "Treść uwagi", "author_name"),
    ("Jan", "nie-email", "Treść uwagi", "email"),
    ("Jan", "", "  ", "text"),
    ("Jan", "", "x" * 4001, "text"),
])
def test_comment_validation(world, name, email, text, field):
    offer = _published_on_12_may(world)
    with clock.frozen_at(warsaw(2026, 5, 13)):
        with pytest.raises(ValidationFailed) as exc:
            comments.submit_comment(offer, author_name=name, email=email, text=text)
    assert field in exc.value.field_errors


def test_comments_only_on_a_published_offer(world):
    set_plan(world, clock.today().year)
    offer = filed_offer(world)
    with pytest.raises(InvalidTransition):
        comments.submit_comment(offer, author_name="Jan", text="Uwaga do złożonej oferty.")


def test_moderation(world):
    offer = _published_on_12_may(world)
    with clock.frozen_at(warsaw(2026, 5, 13)):
        good = comments.submit_comment(offer, author_name="Jan", text="Dobry pomysł.")
        spam = comments.submit_comment(offer, author_name="Bot", text="Kup tanio!")
        db.session.commit()
        assert offer.approved_comments == [] and len(offer.pending_comments) == 2
        with pytest.raises(NotAllowed):
            comments.moderate_comment(good, actor=world.officer_b, approve=True)
        with pytest.raises(NotAllowed):
            comments.moderate_comment(good, actor=world.ngo_admin, approve=True)
        comments.moderate_comment(good, actor=world.officer, approve=True)
        comments.moderate_comment(spam, actor=world.officer, approve=False)
        db.session.commit()
    assert offer.approved_comments == [good]
    assert spam.state == CommentState.REJECTED and spam.moderated_by_id == world.officer.id
    assert actions().count("smallgrant.comment_moderated") == 2


def test_consideration_is_required_to_move_to_contracting(world, mailbox):
    offer = _published_on_12_may(world)
    with clock.frozen_at(warsaw(2026, 5, 14)):
        comment = comments.submit_comment(offer, author_name="Jan", text="Uwaga.")
        db.session.commit()
        with pytest.raises(InvalidTransition, match="19.05.2026"):
            services.record_consideration(offer, actor=world.officer, note="Rozpatrzono.")
        with pytest.raises(InvalidTransition, match="rozpatrzono uwagi"):
            services.start_contracting(offer, actor=world.officer)
    with clock.frozen_at(warsaw(2026, 5, 20, 8)):
        with pytest.raises(InvalidTransition, match="oczekujące"):
            services.record_consideration(offer, actor=world.officer, note="Rozpatrzono.")
        comments.moderate_comment(comment, actor=world.officer, approve=True)
        with pytest.raises(ValidationFailed) as exc:
            services.record_consideration(offer, actor=world.officer, note="   ")
        assert "consideration_note" in exc.value.field_errors
        with pytest.raises(NotAllowed):
            services.record_consideration(offer, actor=world.officer_b, note="Obcy.")
        services.record_consideration(offer, actor=world.officer,
                                      note="Uwaga uwzględniona w harmonogramie.")
        db.session.commit()
        assert offer.status == SmallGrantStatus.CONSULTATION_CLOSED
        with pytest.raises(InvalidTransition):
            comments.moderate_comment(comment, actor=world.officer, approve=False)
        services.start_contracting(offer, actor=world.officer)
        db.session.commit()
    assert offer.status == SmallGrantStatus.CONTRACTING and offer.contracting_at is not None
    assert "przygotowanie umowy" in mailbox[-1]["Subject"]
    with pytest.raises(InvalidTransition):
        services.start_contracting(offer, actor=world.officer)
    with pytest.raises(InvalidTransition):
        services.withdraw_small_grant(offer, actor=world.ngo_admin)


def test_withdrawal(world):
    set_plan(world, clock.today().year)
    draft = make_offer(world)
    with pytest.raises(InvalidTransition):
        services.withdraw_small_grant(draft, actor=world.ngo_admin)
    offer = filed_offer(world)
    with pytest.raises(NotAllowed):
        services.withdraw_small_grant(offer, actor=world.officer)
    services.withdraw_small_grant(offer, actor=world.ngo_admin)
    db.session.commit()
    assert offer.status == SmallGrantStatus.WITHDRAWN and offer.withdrawn_at is not None


# ---------------------------------------------------------------- yearly plans

def test_year_plans(world):
    plan = set_plan(world, 2026, D("2500000.00"))
    body = world.org_a.executive_body
    again = plans.set_year_plan(body, 2026, D("2600000.00"), actor=world.admin,
                                   note="Uchwała budżetowa")
    db.session.commit()
    assert again.id == plan.id and again.planned_total == D("2600000.00")
    assert actions().count("smallgrant.year_plan_set") == 2
    with pytest.raises(NotAllowed):
        plans.set_year_plan(body, 2026, D("1.00"), actor=world.officer)
    outsider = make_user()
    with pytest.raises(NotAllowed):
        plans.set_year_plan(body, 2026, D("1.00"), actor=outsider)


@pytest.mark.parametrize("year, total, field", [
    (1999, D("1.00"), "year"), (2101, D("1.00"), "year"), (2026, D("-1.00"), "planned_total"),
    (2026, None, "planned_total"), (2026, D("1.001"), "planned_total"),
])
def test_year_plan_validation(world, year, total, field):
    with pytest.raises(ValidationFailed) as exc:
        plans.set_year_plan(world.org_a.executive_body, year, total, actor=world.admin)
    assert field in exc.value.field_errors
