"""The verbs of control (art. 17 UDPP): the officer records a visit (scope, documents
requested, findings, recommendations) and a finding of misused spend, attached to a budget
item of the contract in force and to the tranche the money came from. Services flush, never
commit; the caller commits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from grants.contracts.models import Contract, ContractStatus
from grants.controls import hooks, permissions, queries
from grants.controls.models import ControlVisit, MisuseFinding
from grants.core import audit, clock
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.core.i18n import N_, msg
from grants.extensions import db

MAX_TEXT = 10000


def _check_contract(contract: Contract, actor) -> None:
    if not permissions.can_control(actor, contract):
        raise NotAllowed(N_("Kontrolę rejestruje pracownik merytoryczny organizatora."))
    if contract.status == ContractStatus.DRAFT or contract.version_in_force is None:
        raise InvalidTransition(N_("Kontrolować można tylko realizację podpisanej umowy."))


def _text(value, name: str, errors: dict, *, required: bool = False,
          message: str = N_("To pole jest wymagane.")) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(name, []).append(message)
    if len(value) > MAX_TEXT:
        errors.setdefault(name, []).append(N_("Tekst może mieć najwyżej 10000 znaków."))
    return value


def _day(value, name: str, errors: dict, *, required: bool, contract: Contract,
         missing: str) -> dt.date | None:
    if value is None:
        if required:
            errors.setdefault(name, []).append(missing)
        return None
    if not isinstance(value, dt.date):
        errors.setdefault(name, []).append(missing)
        return None
    if value > clock.today():
        errors.setdefault(name, []).append(N_("Data nie może być późniejsza niż dzisiejsza."))
    elif contract.signed_on and value < contract.signed_on:
        errors.setdefault(name, []).append(
            N_("Data nie może być wcześniejsza niż podpisanie umowy."))
    return value


def _item_code(contract: Contract, item_code: str | None, errors: dict) -> str:
    """An item of the contract in force (also one a settlement already covered: the finding
    is then a further part to return of that settlement)."""
    item_code = (item_code or "").strip()
    if item_code not in {it.code for it in contract.version_in_force.items}:
        errors["item_code"] = [N_("Wybierz pozycję kosztorysu umowy.")]
    return item_code


def _check_amount(contract: Contract, tranche_number: int | None, amount, errors: dict) -> None:
    """A tranche that was paid; an amount above zero and, with the earlier findings on that
    tranche, not above what was paid on it."""
    paid = queries.paid_by_tranche(contract)
    if tranche_number not in paid:
        errors["tranche_number"] = [N_("Wybierz transzę, która została wypłacona.")]
    if amount is None or not isinstance(amount, Decimal) or amount <= 0:
        errors["amount"] = [N_("Kwota musi być większa od zera.")]
    elif tranche_number in paid:
        already = queries.misused_by_tranche(contract).get(tranche_number, Decimal("0"))
        if already + amount > paid[tranche_number]:
            errors["amount"] = [
                msg("Kwota przekracza środki wypłacone w transzy %(number)s: %(paid)s "
                    "(wcześniejsze ustalenia: %(already)s).", number=tranche_number,
                    paid=Decimal(paid[tranche_number]), already=Decimal(already))]


def record_visit(contract: Contract, *, actor, visited_on: dt.date, controllers: str,
                 scope: str, documents_requested: str = "", findings: str = "",
                 recommendations: str = "",
                 recommendations_due: dt.date | None = None) -> ControlVisit:
    _check_contract(contract, actor)
    errors: dict[str, list[str]] = {}
    visited_on = _day(visited_on, "visited_on", errors, required=True, contract=contract,
                      missing=N_("Podaj datę kontroli."))
    controllers = _text(controllers, "controllers", errors, required=True,
                        message=N_("Podaj osoby przeprowadzające kontrolę."))
    scope = _text(scope, "scope", errors, required=True,
                  message=N_("Opisz zakres kontroli."))
    documents_requested = _text(documents_requested, "documents_requested", errors)
    findings = _text(findings, "findings", errors)
    recommendations = _text(recommendations, "recommendations", errors)
    if recommendations_due is not None:
        if not recommendations:
            errors.setdefault("recommendations_due", []).append(
                N_("Termin podaje się tylko wraz z zaleceniami."))
        elif visited_on is not None and recommendations_due < visited_on:
            errors.setdefault("recommendations_due", []).append(
                N_("Termin wykonania zaleceń nie może być wcześniejszy niż data kontroli."))
    if errors:
        raise ValidationFailed(N_("Kontrola nie została zapisana - popraw zaznaczone pola."),
                               field_errors=errors)
    visit = ControlVisit(contract_id=contract.id, visited_on=visited_on,
                         controllers=controllers, scope=scope,
                         documents_requested=documents_requested, findings=findings,
                         recommendations=recommendations,
                         recommendations_due=recommendations_due, recorded_at=clock.now(),
                         recorded_by_id=actor.id)
    db.session.add(visit)
    db.session.flush()
    audit.record(actor, "control.visit_recorded", visit, after=audit.snapshot(visit))
    return visit


def record_misuse(contract: Contract, *, actor, visit: ControlVisit | None = None,
                  item_code: str, tranche_number: int | None, amount: Decimal | None,
                  description: str, found_on: dt.date) -> MisuseFinding:
    """A finding of spend used contrary to purpose: an item of the contract in force, a
    tranche that was paid, an amount above zero and - with the earlier findings on that
    tranche - not above what was paid on it. Also after a settlement, and on a closed contract
    (control lasts after the task): the settlements area makes it a further part to return
    (`hooks.misuse_recorded`)."""
    _check_contract(contract, actor)
    if visit is not None and visit.contract_id != contract.id:
        raise ValidationFailed(N_("Wybrana kontrola dotyczy innej umowy."),
                               field_errors={"visit_id": [N_("Wybierz kontrolę z listy.")]})
    errors: dict[str, list[str]] = {}
    item_code = _item_code(contract, item_code, errors)
    _check_amount(contract, tranche_number, amount, errors)
    description = _text(description, "description", errors, required=True,
                        message=N_("Opisz, na co wydatkowano środki."))
    found_on = _day(found_on, "found_on", errors, required=True, contract=contract,
                    missing=N_("Podaj datę ustalenia."))
    if visit is not None and found_on is not None and found_on < visit.visited_on:
        errors.setdefault("found_on", []).append(
            N_("Data ustalenia nie może być wcześniejsza niż data kontroli."))
    if errors:
        raise ValidationFailed(N_("Ustalenie nie zostało zapisane - popraw zaznaczone pola."),
                               field_errors=errors)
    finding = MisuseFinding(contract_id=contract.id, visit_id=visit.id if visit else None,
                            item_code=item_code, tranche_number=tranche_number, amount=amount,
                            description=description, found_on=found_on,
                            recorded_at=clock.now(), recorded_by_id=actor.id)
    db.session.add(finding)
    db.session.flush()
    audit.record(actor, "control.misuse_recorded", finding, after=audit.snapshot(finding))
    hooks.misuse_recorded.send(finding, actor=actor)
    return finding
