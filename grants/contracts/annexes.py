"""Annexes: a change to a signed contract is a new version (number n+1) copying the version in
force, edited as a draft (grants.contracts.services.edit_version) and signed
(grants.contracts.signing); the settlement uses the latest signed version."""

from __future__ import annotations

from grants.contracts import versions
from grants.contracts.models import (
    Contract,
    ContractItem,
    ContractResult,
    ContractStatus,
    ContractTranche,
    ContractVersion,
)
from grants.core import audit
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_
from grants.extensions import db


def create_annex(contract: Contract, *, actor, reason: str | None) -> ContractVersion:
    """A new draft version (number n+1) copying the version in force; one unsigned annex at a
    time; none on a terminated or closed contract, nor before the contract is signed."""
    versions.ensure_open(contract)
    if contract.status != ContractStatus.SIGNED or contract.version_in_force is None:
        raise InvalidTransition(N_("Aneks można przygotować do podpisanej umowy; projekt "
                                   "umowy edytuje się bezpośrednio."))
    if not contract.current_version.is_signed:
        raise InvalidTransition(N_("Aneks jest już w przygotowaniu - podpisz go albo "
                                   "edytuj."))
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed(N_("Podaj przyczynę zawarcia aneksu."),
                               field_errors={"reason": [N_("Podaj przyczynę zawarcia "
                                                           "aneksu.")]})
    if len(text) > versions.MAX_TEXT:
        raise ValidationFailed(N_("Tekst jest zbyt długi (najwyżej 5000 znaków)."),
                               field_errors={"reason": [N_("Tekst jest zbyt długi.")]})
    base = contract.version_in_force
    annex = ContractVersion(
        number=contract.current_version.number + 1, title=base.title, purpose=base.purpose,
        start_date=base.start_date, end_date=base.end_date, use_by=base.use_by,
        years=list(base.years or []), report_due=base.report_due,
        grant_total=base.grant_total, total_cost=base.total_cost,
        item_tolerance_pct=base.item_tolerance_pct, share_tolerance_pp=base.share_tolerance_pp,
        bank_account=base.bank_account,
        authority_representatives=base.authority_representatives,
        organisation_representatives=base.organisation_representatives,
        joint_parties=[dict(p) for p in base.joint_parties or []],
        changes=[], reason=text, created_by_id=actor.id)
    for i in base.items:
        annex.items.append(ContractItem(position=i.position, code=i.code, name=i.name,
                                        planned_total=i.planned_total,
                                        planned_grant=i.planned_grant, year=i.year))
    for r in base.results:
        annex.results.append(ContractResult(position=r.position, name=r.name,
                                            target_value=r.target_value,
                                            monitoring=r.monitoring))
    for t in base.tranches:
        annex.tranches.append(ContractTranche(number=t.number, due_on=t.due_on, amount=t.amount,
                                              year=t.year, condition=t.condition))
    contract.versions.append(annex)
    db.session.flush()
    audit.record(actor, "contract.annex_created", annex,
                 after={"contract_id": contract.id, "number": annex.number, "reason": text})
    return annex


