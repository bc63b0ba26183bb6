"""The demo loads twice without duplicating anything, and its data passes the checksums."""

from sqlalchemy import func, select
from stdnum import iban
from stdnum.pl import nip, regon

from grants.calls.models import Competition, Phase
from grants.demo import load_demo
from grants.demo.people import ACCOUNTS
from grants.extensions import db
from grants.models import Offer, Organisation, Organiser, User
from grants.organisations.models import LegalForm


def _counts():
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m))
            for m in (User, Organiser, Organisation, Competition, Offer)}


def test_demo_is_idempotent_and_complete():
    load_demo()
    db.session.commit()
    first = _counts()
    load_demo()
    db.session.commit()
    assert _counts() == first
    assert first["Organiser"] == 2
    emails = set(db.session.scalars(select(User.email)))
    assert {e for e, _ in ACCOUNTS} <= emails
    orgs = db.session.scalars(select(Organisation)).all()
    assert {o.legal_form for o in orgs} >= {LegalForm.ASSOCIATION, LegalForm.FOUNDATION,
                                            LegalForm.CHURCH, LegalForm.SOCIAL_COOPERATIVE}
    for o in orgs:
        assert o.is_verified
        assert nip.is_valid(o.nip) and regon.is_valid(o.regon) and iban.is_valid(o.iban)
    phases = {c.phase for c in db.session.scalars(select(Competition))}
    assert {Phase.OPEN, Phase.EVALUATION} <= phases
    past = [c for c in db.session.scalars(select(Competition)) if c.phase == Phase.EVALUATION]
    filed = db.session.scalars(select(Offer).where(Offer.competition_id == past[0].id)).all()
    assert len(filed) >= 2 and all(o.filed_version and o.filed_version.sha256 for o in filed)
    from grants.evaluation.models import Committee
    from grants.formal.queries import offers_for_scoring

    assert len(offers_for_scoring(past[0])) == len(filed)
    committee = db.session.scalar(select(Committee).filter_by(procedure_id=past[0].procedure_id))
    assert [m.user.email for m in committee.members] == ["komisja@mops.sopot.pl"]


def test_demo_contracts_show_a_grant_to_settle_and_one_under_way():
    from grants.contracts.models import Contract, ContractStatus
    from grants.taskreports.models import ReportKind, ReportStatus, TaskReport

    load_demo()
    db.session.commit()
    load_demo()
    db.session.commit()
    contracts = db.session.scalars(select(Contract).order_by(Contract.id)).all()
    assert len(contracts) == 2 and all(c.status == ContractStatus.SIGNED for c in contracts)
    finished, running = contracts
    assert finished.paid_total == finished.version_in_force.grant_total
    final = db.session.scalar(select(TaskReport).filter_by(contract_id=finished.id,
                                                           kind=ReportKind.FINAL))
    assert final.status == ReportStatus.ACCEPTED
    assert running.paid_total < running.version_in_force.grant_total
