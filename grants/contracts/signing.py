"""Signing a version of the contract: the original (the contract becomes signed) or an annex (it
comes into force). A signed version is filed like any signed document (grants.documents.filing):
its content as canonical JSON and the SHA-256 of it, and its PDF, rendered once and stored;
from then on the version and its rows are frozen (grants.contracts.models)."""

from __future__ import annotations

import datetime as dt
import json

from grants.contracts import hooks, pdf, pdf_cache, rules, versions
from grants.contracts.models import ContractStatus, ContractVersion
from grants.contracts.services import organisation_addresses, party_organisations
from grants.core import audit, clock
from grants.core.errors import InvalidTransition
from grants.core.i18n import N_, msg
from grants.core.notifications import queue_mail
from grants.documents.filing import file_document
from grants.documents.models import StoredFile
from grants.extensions import db


def _date_problems(version: ContractVersion, signed_on: dt.date | None) -> list[rules.Problem]:
    contract = version.contract
    created = clock.to_local(version.created_at).date()
    if signed_on is None:
        return [rules.Problem("signed_on", N_("Podaj datę podpisania."))]
    if signed_on > clock.today():
        return [rules.Problem("signed_on", N_("Data podpisania nie może być z przyszłości."))]
    if signed_on < created:
        return [rules.Problem("signed_on", msg("Data podpisania nie może być wcześniejsza "
                                               "niż przygotowanie tej wersji umowy "
                                               "(%(created)s).", created=created))]
    if version.is_annex and contract.signed_on and signed_on < contract.signed_on:
        return [rules.Problem("signed_on", N_("Aneks nie może być podpisany przed umową."))]
    return []


def _representation(version: ContractVersion, organisation: str) -> list[rules.Problem]:
    """Every party on the organisation's side signs by as many of its recorded
    representatives as its signing rule needs (grants.contracts.parties)."""
    return [p for party in party_organisations(version)
            for p in versions.represents(organisation, party, "for_organisation")]


def _problems(version: ContractVersion, signed_on, authority: str,
              organisation: str) -> list[rules.Problem]:
    problems: list[rules.Problem] = _representation(version, organisation)
    if not authority:
        problems.append(rules.Problem("for_authority", N_("Podaj, kto podpisał umowę w imieniu "
                                                          "organu.")))
    if not organisation:
        problems.append(rules.Problem("for_organisation", N_("Podaj, kto podpisał umowę w "
                                                             "imieniu organizacji.")))
    if len(authority) > versions.MAX_TEXT or len(organisation) > versions.MAX_TEXT:
        problems.append(rules.Problem("for_authority", N_("Tekst jest zbyt długi.")))
    problems += _date_problems(version, signed_on)
    if version.is_annex and not (version.reason or "").strip():
        problems.append(rules.Problem("reason", N_("Podaj przyczynę zawarcia aneksu.")))
    return problems


def signed_content(version: ContractVersion) -> dict:
    """What the parties signed, as JSON values (hashed at signing)."""
    contract = version.contract
    snapshot = versions.version_snapshot(version)
    return {"contract": contract.number, "organiser_id": contract.organiser_id,
            "organisation_id": contract.organisation_id, "purpose": version.purpose,
            "results": [{"name": r.name, "target_value": r.target_value,
                         "monitoring": r.monitoring} for r in version.results],
            "changes": version.changes or [], "reason": version.reason,
            "signed_on": version.signed_on, "signed_for_authority": version.signed_for_authority,
            "signed_for_organisation": version.signed_for_organisation, **snapshot}


def filed_content(version: ContractVersion) -> dict:
    """signed_content() as JSON data: dates as ISO text, amounts as their decimal text."""
    return json.loads(json.dumps(signed_content(version), default=str))


def _file(version: ContractVersion, *, actor) -> StoredFile:
    """The signed version's SHA-256 and its PDF, stored once."""
    contract = version.contract
    filed = file_document(filed_content(version), actor=actor)
    content = pdf.render_contract_pdf(**pdf.context_for(version))
    name = contract.number.replace("/", "-").replace(" ", "_")
    suffix = f"-aneks-{version.number}" if version.is_annex else ""
    stored = StoredFile.from_bytes(f"umowa-{name}{suffix}.pdf", "application/pdf", content,
                                   created_by=actor)
    db.session.add(stored)
    version.content_sha256 = filed.sha256
    version.pdf_file = stored
    return stored


def sign_version(version: ContractVersion, *, actor, signed_on: dt.date | None,
                 for_authority: str | None, for_organisation: str | None) -> ContractVersion:
    """Record the signing of the original (the contract becomes signed) or of an annex (it
    comes into force). The version is filed (SHA-256, PDF) and frozen; the final report(s)
    are expected (contract_signed); the organisation is told by e-mail."""
    contract = version.contract
    versions.ensure_open(contract)
    if version.is_signed:
        raise InvalidTransition(N_("Ta wersja umowy jest już podpisana."))
    if version is not contract.current_version:
        raise InvalidTransition(N_("Podpisać można tylko najnowszą wersję umowy."))
    authority, organisation = (for_authority or "").strip(), (for_organisation or "").strip()
    versions.refuse_problems(_problems(version, signed_on, authority, organisation),
                             N_("Podpisanie nie zostało zapisane - popraw zaznaczone pola."))
    with db.session.no_autoflush:  # signed and filed in one flush: then frozen
        version.signed_on = signed_on
        version.signed_for_authority = authority
        version.signed_for_organisation = organisation
        version.signed_recorded_by_id = actor.id
        if not version.is_annex:
            contract.status = ContractStatus.SIGNED
            contract.signed_on = signed_on
        stored = _file(version, actor=actor)
    db.session.flush()
    pdf_cache.forget(version)
    hooks.contract_signed.send(contract, version=version, actor=actor)
    audit.record(actor, "contract.annex_signed" if version.is_annex else "contract.signed",
                 version, after={"contract_id": contract.id, "number": version.number,
                                 "signed_on": signed_on, "for_authority": authority,
                                 "for_organisation": organisation, "pdf_sha256": stored.sha256,
                                 "content_sha256": version.content_sha256})
    subject = (f"Umowa {contract.number}: aneks nr {version.number} podpisany"
               if version.is_annex else f"Umowa {contract.number} podpisana")
    queue_mail(db.session, to=organisation_addresses(contract), subject=subject,
               template="contract_signed", contract=contract, version=version)
    return version
