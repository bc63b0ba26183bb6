"""What a user means by an object's history: the audit entries of the object and of its parts
(an offer's versions, attachments and formal checks; a contract's versions, transfers and
controls ...). Each scope is a few id queries, whatever the number of entries.

A scope is a list of (object type, ids, action prefix or None). A part deleted since is found
when its removal recorded its parent (a removed attachment, a removed document); a removed
committee member is not (the trail names only the member)."""

from __future__ import annotations

from sqlalchemy import select

from grants.awards.models import Annulment, Award, AwardDecision, Objection, Ranking
from grants.calls.models import Competition
from grants.contracts.models import Contract, ContractVersion, Payment
from grants.controls.models import ControlVisit, MisuseFinding
from grants.core.audit import AuditEntry
from grants.evaluation.models import (
    Committee,
    CommitteeMember,
    Conflict,
    Declaration,
    NameMatchConfirmation,
    Score,
    ScoringClosure,
)
from grants.extensions import db
from grants.formal.models import FormalCheck
from grants.offers.models import Offer, OfferAttachment, OfferVersion
from grants.organisations.models import Invitation, Membership, Organisation
from grants.procedures.models import ProcedureDocument
from grants.settlements.models import ReturnPart, ReturnPayment, Settlement
from grants.smallgrants.models import SmallGrantOffer
from grants.taskreports.models import ReportCall, ReportVersion, TaskReport

Scope = list[tuple[str, list[int], str | None]]


def _ids(stmt) -> list[int]:
    return list(db.session.scalars(stmt))


def _removed(object_type: str, action: str, parent_key: str, parent_ids: list[int]) -> list[int]:
    """Ids of parts deleted since, found by the parent their removal recorded (`before`)."""
    if not parent_ids:
        return []
    stmt = select(AuditEntry.object_id).where(
        AuditEntry.object_type == object_type, AuditEntry.action == action,
        AuditEntry.before[parent_key].as_integer().in_(parent_ids))
    return [int(i) for i in db.session.scalars(stmt) if i and i.isdigit()]


def committee_of(competition: Competition) -> Committee | None:
    return db.session.scalar(select(Committee).where(
        Committee.procedure_id == competition.procedure_id))


def competition_scope(competition: Competition) -> Scope:
    docs = _ids(select(ProcedureDocument.id).where(
        ProcedureDocument.procedure_id == competition.procedure_id))
    docs += _removed("ProcedureDocument", "procedure.document_removed", "procedure_id",
                     [competition.procedure_id])
    return [("Competition", [competition.id], None), ("Procedure", [competition.procedure_id], None),
            ("ProcedureDocument", docs, None)]


def offer_scope(offer: Offer) -> Scope:
    versions = _ids(select(OfferVersion.id).where(OfferVersion.offer_id == offer.id))
    attachments = _ids(select(OfferAttachment.id).where(OfferAttachment.version_id.in_(versions)))
    attachments += _removed("OfferAttachment", "offer.attachment_removed", "version_id", versions)
    checks = _ids(select(FormalCheck.id).where(FormalCheck.offer_id == offer.id))
    awards = _ids(select(Award.id).where(Award.offer_id == offer.id))
    small = _ids(select(SmallGrantOffer.id).where(SmallGrantOffer.offer_id == offer.id))
    return [("Offer", [offer.id], None), ("OfferVersion", versions, None),
            ("OfferAttachment", attachments, None), ("FormalCheck", checks, None),
            ("Award", awards, "awards."), ("SmallGrantOffer", small, None)]


def committee_scope(committee: Committee) -> Scope:
    members = _ids(select(CommitteeMember.id).where(CommitteeMember.committee_id == committee.id))
    def of_members(model) -> list[int]:
        return _ids(select(model.id).where(model.member_id.in_(members)))
    closures = _ids(select(ScoringClosure.id).where(ScoringClosure.committee_id == committee.id))
    return [("Committee", [committee.id], None), ("CommitteeMember", members, None),
            ("Declaration", of_members(Declaration), None),
            ("Conflict", of_members(Conflict), None),
            ("NameMatchConfirmation", of_members(NameMatchConfirmation), None),
            ("Score", of_members(Score), None), ("ScoringClosure", closures, None)]


def awards_scope(competition: Competition) -> Scope:
    def of_competition(model) -> list[int]:
        return _ids(select(model.id).where(model.competition_id == competition.id))
    rankings = of_competition(Ranking)
    awards = _ids(select(Award.id).where(Award.ranking_id.in_(rankings)))
    return [("Competition", [competition.id], "awards."), ("Ranking", rankings, None),
            ("Award", awards, None), ("AwardDecision", of_competition(AwardDecision), None),
            ("Objection", of_competition(Objection), None),
            ("Annulment", of_competition(Annulment), None)]


def contract_scope(contract: Contract) -> Scope:
    def of_contract(model) -> list[int]:
        return _ids(select(model.id).where(model.contract_id == contract.id))
    return [("Contract", [contract.id], None), ("ContractVersion", of_contract(ContractVersion), None),
            ("Payment", of_contract(Payment), None), ("ControlVisit", of_contract(ControlVisit), None),
            ("MisuseFinding", of_contract(MisuseFinding), None)]


def report_scope(report: TaskReport) -> Scope:
    versions = _ids(select(ReportVersion.id).where(ReportVersion.report_id == report.id))
    calls = _ids(select(ReportCall.id).where(ReportCall.report_id == report.id))
    return [("TaskReport", [report.id], None), ("ReportVersion", versions, None),
            ("ReportCall", calls, None)]


def settlement_scope(settlement: Settlement) -> Scope:
    parts = _ids(select(ReturnPart.id).where(ReturnPart.settlement_id == settlement.id))
    payments = _ids(select(ReturnPayment.id).where(ReturnPayment.part_id.in_(parts)))
    return [("Settlement", [settlement.id], None), ("ReturnPart", parts, None),
            ("ReturnPayment", payments, None)]


def organisation_scope(organisation: Organisation) -> Scope:
    def of_org(model) -> list[int]:
        return _ids(select(model.id).where(model.organisation_id == organisation.id))
    return [("Organisation", [organisation.id], None), ("Membership", of_org(Membership), None),
            ("Invitation", of_org(Invitation), None)]
