"""The verbs of contracts: generate a contract from its source (an award of a procedure or a
small-grant offer: grants.contracts.sources), edit the draft, record transfers, terminate.
Signing is in grants.contracts.signing, annexes in grants.contracts.annexes.

Services flush, never commit; the caller commits once. Refusals are domain errors with Polish
messages (field errors named as in grants.contracts.rules).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select

from grants.contracts import hooks, parties, queries, rules, sources, versions
from grants.contracts.models import (
    Contract,
    ContractResult,
    ContractStatus,
    ContractVersion,
    Payment,
)
from grants.contracts.rules import ItemRow, TrancheRow
from grants.core import audit, clock
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_, msg
from grants.core.money import q
from grants.core.notifications import queue_mail
from grants.extensions import db
from grants.organisations.models import Organisation

DEFAULT_ITEM_TOLERANCE = Decimal("10.00")
DEFAULT_SHARE_TOLERANCE = Decimal("5.00")


def next_number(organiser, year: int) -> str:
    """The first free <short_name>/D/<year>/<seq> of the organiser."""
    prefix = f"{organiser.short_name}/D/{year}/"
    count = db.session.scalar(select(func.count()).select_from(Contract).where(
        Contract.organiser_id == organiser.id, Contract.number.like(prefix + "%"))) or 0
    seq = count + 1
    while db.session.scalar(select(Contract.id).where(
            Contract.organiser_id == organiser.id,
            Contract.number == rules.default_number(organiser.short_name, year, seq))):
        seq += 1
    return rules.default_number(organiser.short_name, year, seq)


def joint_parties_of(src: sources.Source) -> list[dict]:
    """The joint offerors of the source as ContractVersion.joint_parties, each with its
    recorded representatives."""
    return [{"organisation_id": p.organisation.id, "name": p.organisation.name,
             "representatives": parties.representation_text(parties.people_of(p.organisation)),
             "actions": p.actions, "cost_share": f"{q(p.cost_share):.2f}"}
            for p in src.partners]


def party_organisations(version: ContractVersion) -> list:
    """The organisations on the organisation's side: the lead offeror, then the joint
    offerors in the order of version.joint_parties."""
    return [version.contract.organisation,
            *(db.session.get(Organisation, p["organisation_id"])
              for p in version.joint_parties or [])]


def defaults(source) -> dict:
    """What the generation form proposes: the number, one tranche of the whole grant on the
    task's start, the use-by dates, the tolerances, the parties' representatives as recorded
    (the joint offerors' too) and the organisation's bank account."""
    src = sources.source_of(source)
    return {
        "number": next_number(src.organiser, clock.today().year),
        "start_date": src.start, "end_date": src.end,
        "use_by": rules.default_use_by(src.start, src.end),
        "tranches": [TrancheRow(None, max(src.start, clock.today()), src.grant, "none")],
        "item_tolerance_pct": DEFAULT_ITEM_TOLERANCE,
        "share_tolerance_pp": DEFAULT_SHARE_TOLERANCE,
        "authority_representatives": src.organiser.authority or "",
        "organisation_representatives": parties.representation_text(
            parties.people_of(src.organisation)),
        "joint_parties": joint_parties_of(src),
        "bank_account": src.organisation.iban or "",
    }


def _number_problems(organiser_id: int, number: str, current: str | None) -> list:
    if len(number) > 60:
        return [rules.Problem("number", N_("Numer umowy jest zbyt długi."))]
    if number != current and queries.number_taken(organiser_id, number):
        return [rules.Problem("number", msg("Numer %(number)s ma już inna umowa tego "
                                            "organizatora.", number=number))]
    return []


# ---------------------------------------------------------------- generation

def generate_contract(source, *, actor, **data) -> Contract:
    """Generate the contract (version 0, a draft) from its source. `data`: number, start_date,
    end_date, use_by ({year: date}), tranches ([TrancheRow]), item_tolerance_pct,
    share_tolerance_pp, authority_representatives, organisation_representatives,
    bank_account; what is left out (None) takes the defaults."""
    kind = sources.kind_of(source)
    src = sources.source_of(source)
    existing = queries.contract_of_source(source)
    if existing is not None:
        raise InvalidTransition(msg("Umowa dla tego źródła już istnieje (%(number)s).",
                                    number=existing.number))
    base = defaults(source)
    number = (data.get("number") or "").strip() or base["number"]
    values = versions.validated(
        data, base=base, items=src.items, paid={}, existing=(),
        message=N_("Umowa nie została przygotowana - popraw zaznaczone pola."),
        parties=[src.organisation, *(p.organisation for p in src.partners)],
        more=_number_problems(src.organiser.id, number, None))
    contract = Contract(organiser_id=src.organiser.id, organisation_id=src.organisation.id,
                        procedure_id=src.procedure_id, **src.links, number=number,
                        mode=src.mode, status=ContractStatus.DRAFT, created_by_id=actor.id)
    version = ContractVersion(number=0, title=src.title[:300], purpose=src.purpose,
                              created_by_id=actor.id)
    for pos, (name, target, monitoring) in enumerate(src.results, start=1):
        version.results.append(ContractResult(position=pos, name=name[:300],
                                              target_value=target or "",
                                              monitoring=monitoring or ""))
    contract.versions.append(version)
    versions.write(version, values, item_years=src.item_years)
    db.session.add(contract)
    db.session.flush()
    audit.record(actor, "contract.generated", contract, after={
        "number": contract.number, "mode": contract.mode,
        "source": f"{kind.name}:{source.id}", "version": versions.version_snapshot(version)})
    return contract


# ---------------------------------------------------------------- the draft

def _edit_scope(version: ContractVersion, data, paid) -> tuple:
    """What an edit of `version` may change: (reason, items, previous, existing tranche
    numbers, number, problems)."""
    contract = version.contract
    problems: list[rules.Problem] = []
    if version.is_annex:
        reason = versions.text(data, "reason", problems=problems,
                               required=N_("Podaj przyczynę zawarcia aneksu."))
        existing = sorted({t.number for v in contract.versions for t in v.tranches
                           if v.id != version.id} | set(paid))
        return (reason, _items_from(version, data.get("items")),
                contract.versions[version.number - 1], existing, contract.number, problems)
    number = (data.get("number") or "").strip() or contract.number
    problems += _number_problems(contract.organiser_id, number, contract.number)
    items = [ItemRow(i.code, i.name, i.planned_total, i.planned_grant) for i in version.items]
    return "", items, None, [t.number for t in version.tranches], number, problems


def edit_version(version: ContractVersion, *, actor, **data) -> ContractVersion:
    """Edit a draft version: the original before signing (its number and settings; the
    budget comes from the offer) or an annex being prepared (dates, use-by dates, tranches,
    the budget items' planned totals and grant parts, the reason). `items` is a list of
    ItemRow by code (annexes only)."""
    contract = version.contract
    versions.ensure_open(contract)
    if version.is_signed:
        raise InvalidTransition(N_("Podpisanej wersji umowy nie można zmieniać - przygotuj "
                                   "aneks."))
    before = versions.version_snapshot(version)
    paid = versions.paid_by_tranche(contract)
    reason, items, previous, existing, number, problems = _edit_scope(version, data, paid)
    values = versions.validated(
        data, base=versions.base_of(version), items=items, paid=paid, existing=existing,
        message=N_("Zmiany nie zostały zapisane - popraw zaznaczone pola."),
        parties=party_organisations(version), more=problems)
    versions.write(version, values)
    if version.is_annex:
        version.reason = reason
    else:
        contract.number = number
    db.session.flush()
    db.session.refresh(version)
    after = versions.version_snapshot(version)
    if previous is not None:
        version.changes = rules.diff(versions.version_snapshot(previous), after)
    audit.record(actor, "contract.version_edited", version, before=before,
                 after={**after, "reason": version.reason})
    return version


def _items_from(version: ContractVersion, rows) -> list[ItemRow]:
    """The annex's items: the given rows by code (unknown codes refused); the rest unchanged."""
    current = {i.code: i for i in version.items}
    if rows is None:
        return [ItemRow(i.code, i.name, i.planned_total, i.planned_grant) for i in version.items]
    given = {r.code: r for r in rows}
    unknown = [c for c in given if c not in current]
    if unknown:
        raise ValidationFailed(msg("Nieznana pozycja kosztorysu: %(codes)s.",
                                   codes=", ".join(unknown)))
    return [ItemRow(code, item.name,
                    given[code].planned_total if code in given else item.planned_total,
                    given[code].planned_grant if code in given else item.planned_grant)
            for code, item in current.items()]


# ---------------------------------------------------------------- payments

def record_payment(contract: Contract, *, actor, tranche_number: int | None,
                   paid_on: dt.date | None, amount: Decimal | None,
                   bank_reference: str | None, note: str | None = "") -> Payment:
    """A transfer of (a part of) a tranche of the version in force, recorded by finance."""
    contract = db.session.execute(select(Contract).where(Contract.id == contract.id)
                                  .with_for_update()).scalar_one()
    version = contract.version_in_force
    tranche = None
    if version is not None:
        tranche = next((t for t in version.tranches if t.number == tranche_number), None)
    if contract.status != ContractStatus.SIGNED or version is None:
        raise InvalidTransition(N_("Umowa nie jest podpisana lub nie jest już realizowana."))
    if tranche is None:
        raise ValidationFailed(N_("Wybierz transzę z harmonogramu."),
                               field_errors={"tranche_number": [N_("Wybierz transzę z "
                                                                   "harmonogramu.")]})
    blocker = queries.tranche_blocker(contract, tranche)
    if blocker is not None:
        raise InvalidTransition(blocker, field_errors={"tranche_number": [blocker]})
    left = rules.tranche_left(tranche.amount, queries.paid_on_tranche(contract, tranche.number))
    reference = (bank_reference or "").strip()
    problems = rules.check_payment(amount=amount, left=left, paid_on=paid_on,
                                   signed_on=contract.signed_on, today=clock.today(),
                                   bank_reference=reference)
    if len(reference) > 120:
        problems.append(rules.Problem("bank_reference", N_("Identyfikator jest zbyt długi.")))
    note_text = (note or "").strip()
    if len(note_text) > versions.MAX_TEXT:
        problems.append(rules.Problem("note", N_("Tekst jest zbyt długi.")))
    versions.refuse_problems(problems, N_("Przelew nie został zapisany - popraw zaznaczone pola."))
    payment = Payment(contract_id=contract.id, tranche_number=tranche.number, paid_on=paid_on,
                      amount=q(amount), bank_reference=reference, note=note_text,
                      recorded_by_id=actor.id)
    contract.payments.append(payment)
    db.session.flush()
    audit.record(actor, "contract.payment_recorded", payment,
                 after=audit.snapshot(payment, ["contract_id", "tranche_number", "paid_on",
                                                "amount", "bank_reference", "note"]))
    hooks.payment_recorded.send(contract, payment=payment, actor=actor)
    return payment


# ---------------------------------------------------------------- termination

def terminate_contract(contract: Contract, *, actor, terminated_on: dt.date | None,
                       reason: str | None) -> Contract:
    """The officer terminates a signed contract (e.g. no final report after the call)."""
    if contract.status != ContractStatus.SIGNED:
        raise InvalidTransition(N_("Rozwiązać można tylko podpisaną, realizowaną umowę."))
    problems: list[rules.Problem] = []
    text = (reason or "").strip()
    if not text:
        problems.append(rules.Problem("reason", N_("Podaj przyczynę rozwiązania umowy.")))
    elif len(text) > versions.MAX_TEXT:
        problems.append(rules.Problem("reason", N_("Tekst jest zbyt długi.")))
    if terminated_on is None:
        problems.append(rules.Problem("terminated_on", N_("Podaj datę rozwiązania umowy.")))
    elif terminated_on > clock.today():
        problems.append(rules.Problem("terminated_on", N_("Data rozwiązania nie może być z "
                                                          "przyszłości.")))
    elif contract.signed_on and terminated_on < contract.signed_on:
        problems.append(rules.Problem("terminated_on", N_("Data rozwiązania nie może być "
                                                          "wcześniejsza niż podpisanie "
                                                          "umowy.")))
    versions.refuse_problems(problems, N_("Umowa nie została rozwiązana - popraw zaznaczone pola."))
    contract.status = ContractStatus.TERMINATED
    contract.terminated_on = terminated_on
    contract.termination_reason = text
    db.session.flush()
    audit.record(actor, "contract.terminated", contract, before={"status": "signed"},
                 after={"status": "terminated", "terminated_on": terminated_on, "reason": text})
    queue_mail(db.session, to=organisation_addresses(contract),
               subject=f"Umowa {contract.number}: rozwiązanie umowy",
               template="contract_terminated", contract=contract)
    return contract


def organisation_addresses(contract: Contract) -> list[str]:
    return [a for a in [contract.organisation.email] if a]
