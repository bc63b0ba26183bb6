"""The organiser's settings: the account and the transfer title for returns of grants (UFP art.
251, 252), which the settlement page, its PDF and e-mail give; the executive body it acts for
(the yearly limits of art. 19a count per body). Audited; flushes, never commits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from grants.core import audit
from grants.core.errors import NotAllowed, ValidationFailed
from grants.core.i18n import N_
from grants.extensions import db
from grants.organisers.models import ExecutiveBody, Organiser, body_named

CONTRACT_PLACEHOLDER = "{umowa}"
DEFAULT_TITLE = "Zwrot dotacji – umowa {umowa}"


def clean_account(text: str | None) -> str:
    """An IBAN (a Polish 26-digit number gets "PL"), compact; "" for nothing; ValueError for
    wrong check digits."""
    candidate = (text or "").replace(" ", "").replace("\xa0", "").upper()
    if not candidate:
        return ""
    if candidate.isdigit() and len(candidate) == 26:
        candidate = "PL" + candidate
    try:
        return stdnum_iban.validate(candidate)
    except StdnumError as exc:
        raise ValueError(str(exc)) from exc


def account_in_groups(account: str) -> str:
    """The account as people read it: a Polish IBAN as 26 digits in groups (2 + 6 x 4),
    any other IBAN in groups of four."""
    if account.startswith("PL") and len(account) == 28:
        digits = account[2:]
        return " ".join([digits[:2], *(digits[i:i + 4] for i in range(2, 26, 4))])
    return " ".join(account[i:i + 4] for i in range(0, len(account), 4))


@dataclass(frozen=True)
class ReturnInstructions:
    account: str            # in groups; "" when the organiser has not set one
    title: str              # the transfer title with the contract number


def return_instructions(organiser: Organiser, contract_number: str) -> ReturnInstructions:
    title = (organiser.return_title or DEFAULT_TITLE)
    if CONTRACT_PLACEHOLDER in title:
        title = title.replace(CONTRACT_PLACEHOLDER, contract_number)
    else:
        title = f"{title} – umowa {contract_number}"
    account = organiser.return_account or ""
    return ReturnInstructions(account_in_groups(account) if account else "", title)


def set_return_settings(organiser: Organiser, *, actor, account: str | None,
                        title: str | None) -> Organiser:
    """Administrators set the account and the title (200 characters; "{umowa}" stands for
    the contract number)."""
    if not getattr(actor, "is_admin", False):
        raise NotAllowed(N_("Ustawienia organizatora zmienia administrator."))
    errors: dict[str, list[str]] = {}
    try:
        account = clean_account(account)
    except ValueError:
        errors["return_account"] = [N_("Numer rachunku jest nieprawidłowy (sprawdź cyfry "
                                       "kontrolne IBAN).")]
    title = (title or "").strip()
    if len(title) > 200:
        errors["return_title"] = [N_("Tytuł przelewu może mieć najwyżej 200 znaków.")]
    if errors:
        raise ValidationFailed(N_("Ustawienia nie zostały zapisane - popraw zaznaczone pola."),
                               field_errors=errors)
    before = audit.snapshot(organiser, ["return_account", "return_title"])
    organiser.return_account, organiser.return_title = account, title
    db.session.flush()
    audit.record(actor, "organiser.return_settings", organiser, before=before,
                 after=audit.snapshot(organiser, ["return_account", "return_title"]))
    return organiser


def _body_of(body_id: Any, new_name: str | None,
             errors: dict[str, list[str]]) -> ExecutiveBody | None:
    name = (new_name or "").strip()
    chosen = str(body_id or "").strip()
    if bool(name) == bool(chosen):
        errors["executive_body_id"] = [N_("Wybierz organ z listy albo podaj nazwę nowego "
                                          "organu (jedno z dwojga).")]
        return None
    if name:
        if len(name) > 200:
            errors["new_body"] = [N_("Najwyżej 200 znaków.")]
            return None
        existing = db.session.scalar(select(ExecutiveBody).where(
            func.lower(ExecutiveBody.name) == name.lower()))
        return existing or body_named(db.session, name)
    body = (db.session.get(ExecutiveBody, int(chosen))
            if chosen.isdigit() and len(chosen) < 10 else None)
    if body is None:
        errors["executive_body_id"] = [N_("Wybierz organ z listy.")]
    return body


def _body_snapshot(organiser: Organiser) -> dict[str, Any]:
    body = organiser.executive_body
    return {"executive_body_id": organiser.executive_body_id,
            "executive_body": body.name if body is not None else None}


def set_executive_body(organiser: Organiser, *, actor, body_id: Any = None,
                       new_name: str | None = None) -> Organiser:
    """Administrators choose the executive body the organiser acts for: an existing one
    (`body_id`) or one named now (`new_name`; an existing body of that name is reused). The
    yearly limits of art. 19a and the yearly plans count per body: moving an organiser moves
    its small grants to the other body's totals."""
    if not getattr(actor, "is_admin", False):
        raise NotAllowed(N_("Ustawienia organizatora zmienia administrator."))
    errors: dict[str, list[str]] = {}
    body = _body_of(body_id, new_name, errors)
    if errors or body is None:
        raise ValidationFailed(N_("Organ nie został zmieniony - popraw zaznaczone pola."),
                               field_errors=errors)
    before = _body_snapshot(organiser)
    organiser.executive_body = body
    db.session.flush()
    audit.record(actor, "organiser.executive_body", organiser, before=before,
                 after=_body_snapshot(organiser))
    return organiser
