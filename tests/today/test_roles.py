"""The start page of an organisation, a committee member and finance staff: each kind appears
when due and leaves when done; an NGO sees only its own organisation's work, a committee
member only their own committees and never anyone's points; English; several roles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from grants.auth.models import StaffRole, StaffRoleKind
from grants.awards.models import Award
from grants.contracts.models import Contract, ContractStatus, Payment
from grants.core import clock
from grants.evaluation.models import (
    CommitteeMember,
    Declaration,
    Score,
    ScoreState,
)
from grants.extensions import db
from grants.formal.models import FormalCheck, FormalOutcome
from grants.offers.models import Offer, OfferStatus
from grants.settlements.models import ReturnPart
from grants.taskreports.models import ReportStatus, TaskReport
from grants.today import committee as committee_queries
from grants.today import money
from tests.conftest import login
from tests.support.factories import make_user
from tests.support.finance import pay_return, set_today
from tests.support.today import TODAY, committee, offer, past_competition, seed
from tests.today.support import counts, group_html

D = Decimal


def _page(client, user) -> str:
    login(client, user)
    r = client.get("/start")
    assert r.status_code == 200
    return r.text


def _ngo_done(world) -> None:
    for o in db.session.query(Offer).filter_by(status=OfferStatus.DRAFT):
        o.status, o.filed_at = OfferStatus.FILED, clock.now()
    for check in db.session.query(FormalCheck).filter_by(outcome=FormalOutcome.TO_COMPLETE):
        check.outcome = FormalOutcome.ACCEPTED
    for award in db.session.query(Award).filter(Award.update_due.is_not(None)):
        award.update_filed_at = clock.now()
    for contract in db.session.query(Contract).filter_by(status=ContractStatus.DRAFT):
        contract.status, contract.signed_on = ContractStatus.SIGNED, TODAY
    for report in db.session.query(TaskReport).filter(
            TaskReport.status.in_([ReportStatus.DUE, ReportStatus.CORRECTIONS])):
        report.status = ReportStatus.FILED
    for part in db.session.query(ReturnPart).filter(ReturnPart.settled_at.is_(None)):
        pay_return(part, part.principal, TODAY)
    db.session.commit()


def test_ngo_work_appears_and_leaves_when_done(client, world):
    seed(world, 1)
    world.org_a.return_account = "PL61109010140000071219812874"
    db.session.commit()
    html = _page(client, world.ngo_admin)
    assert counts(html) == {"ngo": {"drafts": 1, "offer_corrections": 1, "report_corrections": 1,
                                    "updates_due": 1, "contracts_to_sign": 1, "reports_due": 3,
                                    "returns_due": 1}}
    update = group_html(html, "ngo", "updates_due")
    assert "15.12.2026" in update and "pozostało dni: 5" in update and "/update" in update
    returns = group_html(html, "ngo", "returns_due")
    assert "200,00" in returns and "Odsetki na dziś" in returns
    assert "PL61109010140000071219812874" in returns and "po terminie" in returns
    assert "26.12.2026" in group_html(html, "ngo", "drafts")   # the competition's deadline
    _ngo_done(world)
    assert counts(_page(client, world.ngo_admin)) == {"ngo": {}}


def test_an_ngo_sees_only_its_own_organisations_work(client, world):
    seed(world, 1)
    assert counts(_page(client, world.ngo_other)) == {"ngo": {}}
    assert counts(_page(client, world.ngo_member))["ngo"]["drafts"] == 1   # a member of X


def test_a_return_shows_the_interest_to_date(client, world):
    seed(world, 1)
    set_today(dt.date(2027, 6, 30))   # months late: interest above the floor
    html = group_html(_page(client, world.ngo_admin), "ngo", "returns_due")
    interest = html.split("Odsetki na dziś:", 1)[1].split("zł", 1)[0]
    assert interest.strip() not in ("0,00", "")


def test_committee_work_appears_and_leaves_when_done(client, world):
    seed(world, 1)
    html = _page(client, world.committee)
    assert counts(html) == {"committee": {"declarations": 1, "to_score": 1}}
    assert "19.01.2027" in group_html(html, "committee", "to_score")   # the decision date
    assert "Ofert do oceny: 1" in group_html(html, "committee", "to_score")
    members = db.session.query(CommitteeMember).filter_by(user_id=world.committee.id).all()
    for member in members:
        if member.declaration is None:
            db.session.add(Declaration(member_id=member.id, text="Oświadczam."))
    db.session.commit()
    # the committee without admitted offers has nothing to score yet
    assert counts(_page(client, world.committee)) == {"committee": {"to_score": 1}}
    for member in members:
        for offer_id, in db.session.query(FormalCheck.offer_id).join(
                Offer, Offer.id == FormalCheck.offer_id).filter(
                FormalCheck.outcome == FormalOutcome.ACCEPTED):
            if db.session.get(Offer, offer_id).competition.procedure_id == \
                    member.committee.procedure_id:
                db.session.add(Score(member_id=member.id, offer_id=offer_id,
                                     state=ScoreState.SUBMITTED, submitted_at=clock.now()))
    db.session.commit()
    assert counts(_page(client, world.committee)) == {"committee": {}}


def test_a_member_sees_only_their_committees_and_never_others_points(client, world):
    seed(world, 1)
    stranger = make_user("obcy.czlonek@example.org",
                         roles=[(world.org_a, StaffRoleKind.COMMITTEE)])
    assert counts(_page(client, stranger)) == {"committee": {}}
    # another member of the same committee submits a score: my count does not move
    competition = past_competition(world)
    mine = committee(world, competition, declared=True)
    scored = offer(world, competition)
    db.session.add(FormalCheck(offer_id=scored.id, outcome=FormalOutcome.ACCEPTED))
    colleague = CommitteeMember(committee_id=mine.committee_id, user_id=stranger.id,
                                kind=mine.kind)
    db.session.add(colleague)
    db.session.flush()
    db.session.add(Score(member_id=colleague.id, offer_id=scored.id, state=ScoreState.SUBMITTED,
                         submitted_at=clock.now()))
    db.session.commit()
    rows = {r[0]: r[4] for r in committee_queries.seats(world.committee.id)}
    assert rows[competition.id] == 1
    html = _page(client, world.committee)
    assert "pkt" not in group_html(html, "committee", "to_score")


def test_finance_work_appears_and_leaves_when_done(client, world):
    seed(world, 1)
    html = _page(client, world.finance)
    assert counts(html) == {"finance": {"tranches_due": 3, "returns_due": 1,
                                        "payments_today": 9}}
    assert "PL" in group_html(html, "finance", "tranches_due")      # the account to pay
    for row in money.finance_queries.tranches_due({world.org_a.id}, TODAY + dt.timedelta(14),
                                                  today=TODAY):
        db.session.add(Payment(contract_id=row.contract_id, tranche_number=row.tranche_number,
                               paid_on=TODAY, amount=row.left, bank_reference="P"))
    for part in db.session.query(ReturnPart).filter(ReturnPart.settled_at.is_(None)):
        pay_return(part, part.principal, TODAY)
    db.session.commit()
    assert set(counts(_page(client, world.finance))["finance"]) == {"payments_today"}
    set_today(TODAY + dt.timedelta(days=1))    # recorded yesterday: no longer today's
    assert counts(_page(client, world.finance)) == {"finance": {}}


def test_a_user_with_several_roles_sees_each_roles_section(client, world):
    seed(world, 1)
    for role in (StaffRoleKind.OFFICER, StaffRoleKind.FINANCE):
        db.session.add(StaffRole(user_id=world.committee.id, organiser_id=world.org_a.id,
                                 role=role))
    db.session.commit()
    db.session.expire(world.committee)
    html = _page(client, world.committee)
    assert list(counts(html)) == ["officer", "committee", "finance"]
    assert html.count("<h2") >= 3 and 'href="#rola-finance"' in html


def test_english(client, world):
    seed(world, 1)
    world.ngo_admin.locale = "en"
    db.session.commit()
    html = _page(client, world.ngo_admin)
    assert "What needs me today" in html and "Reports to file" in html
    assert "days overdue: 10" in html and "overdue" in html
    assert "Sprawozdania do złożenia" not in html


def test_headings_and_lists(client, world):
    seed(world, 1)
    html = _page(client, world.officer)
    assert html.count("<h1") == 1 and "<h2" in html and "<h3" in html
    assert '<ul class="list-unstyled">' in html and "aria-labelledby" in html


def test_no_role_goes_where_the_work_is(client, world):
    login(client, world.admin)
    assert client.get("/start").headers["Location"].endswith("/admin/rules")
