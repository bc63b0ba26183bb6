"""Administration verbs: staff accounts and their roles, organisers. Every change audited.

The dated rule set and the rate table are changed through grants.rules.services
(set_rule, set_rate); accounts are created through grants.auth.services.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from grants.admin.permissions import can_administer
from grants.auth import services as auth_services
from grants.auth.models import StaffRole, StaffRoleKind, User
from grants.auth.passwords import check_strength, personal_words
from grants.core import audit
from grants.core.errors import InvalidTransition, NotAllowed, Problem, refuse
from grants.core.i18n import N_, msg
from grants.extensions import db
from grants.organisations.validation import (
    InvalidValue,
    normalise_email,
    normalise_nip,
    normalise_phone,
    normalise_regon,
)
from grants.organisers.models import ExecutiveBody, Organiser

FORM_MESSAGE = N_("Popraw zaznaczone pola formularza.")

ROLE_LABELS = {
    StaffRoleKind.OFFICER: N_("urzędnik (prowadzi postępowania)"),
    StaffRoleKind.COMMITTEE: N_("członek komisji konkursowej"),
    StaffRoleKind.FINANCE: N_("finanse (wypłaty i rozliczenia)"),
}


def _require_admin(actor) -> None:
    if not can_administer(actor):
        raise NotAllowed(N_("Tylko administrator może to zrobić."))


def _organiser_of(organiser_id: Any, problems: list[Problem]) -> Organiser | None:
    text = str(organiser_id or "").strip()
    organiser = (db.session.get(Organiser, int(text))
                 if text.isascii() and text.isdigit() and int(text) < 2**31 else None)
    if organiser is None:
        problems.append(Problem("organiser_id", N_("Wybierz organizatora z listy.")))
    return organiser


def _role_of(role: Any, problems: list[Problem]) -> StaffRoleKind | None:
    try:
        return StaffRoleKind(role)
    except ValueError:
        problems.append(Problem("role", N_("Wybierz rolę z listy.")))
        return None


def _full_name(full_name: str, problems: list[Problem]) -> str:
    full_name = (full_name or "").strip()
    if not full_name:
        problems.append(Problem("full_name", N_("Podaj imię i nazwisko.")))
    elif len(full_name) > 200:
        problems.append(Problem("full_name", N_("Najwyżej 200 znaków.")))
    return full_name


def _new_email(email: str, problems: list[Problem]) -> str:
    """The address of a new account: well formed and nobody's yet."""
    try:
        email = normalise_email(email)
    except InvalidValue as exc:
        problems.append(Problem("email", str(exc)))
        return email
    if auth_services.find_user(email) is not None:
        problems.append(Problem("email", N_("Konto z tym adresem e-mail już istnieje.")))
    return email


# --- accounts and roles ----------------------------------------------------------------

def create_staff_account(*, actor, full_name: str, email: str, password: str | None = None,
                         is_admin: bool = False, organiser_id: Any = None,
                         role: Any = None) -> User:
    """A staff account, with an initial password or (none given) an e-mailed reset link,
    and optionally its first role at an organiser. The administrator typed its address: it
    counts as confirmed."""
    _require_admin(actor)
    problems: list[Problem] = []
    full_name = _full_name(full_name, problems)
    email = _new_email(email, problems)
    weak = check_strength(password, personal_words(email, full_name)) if password else None
    if weak:
        problems.append(Problem("password", weak))
    organiser = kind = None
    if organiser_id or role:
        organiser, kind = _organiser_of(organiser_id, problems), _role_of(role, problems)
    refuse(problems, FORM_MESSAGE)
    user = auth_services.create_user(
        email=email, full_name=full_name, actor=actor, is_admin=bool(is_admin),
        password=password or f"x1-{secrets.token_urlsafe(32)}", verified=True)
    if organiser is not None and kind is not None:
        auth_services.grant_role(user, organiser_id=organiser.id, role=kind, actor=actor)
    if not password:
        auth_services.request_password_reset(user.email)
    return user


def grant_staff_role(user: User, *, actor, organiser_id: Any, role: Any) -> StaffRole:
    _require_admin(actor)
    problems: list[Problem] = []
    organiser, kind = _organiser_of(organiser_id, problems), _role_of(role, problems)
    if problems:
        refuse(problems, problems[0].message)
    if any(r.organiser_id == organiser.id and r.role == kind for r in user.staff_roles):
        message = msg("%(name)s ma już tę rolę u organizatora %(organiser)s.",
                      name=user.full_name, organiser=organiser.short_name)
        raise InvalidTransition(message, field_errors={"role": [message]})
    return auth_services.grant_role(user, organiser_id=organiser.id, role=kind, actor=actor)


def revoke_role(staff_role: StaffRole, *, actor) -> None:
    """Take a role at an organiser away from a user (the counterpart of auth's grant_role)."""
    _require_admin(actor)
    before = audit.snapshot(staff_role)
    audit.record(actor, "staff_role.revoke", staff_role, before=before)
    user = staff_role.user
    user.staff_roles.remove(staff_role)
    db.session.delete(staff_role)
    db.session.flush()


def _active_admins() -> int:
    return db.session.scalar(select(func.count(User.id)).where(
        User.is_admin.is_(True), User.active.is_(True))) or 0


def set_user_active(user: User, *, actor, active: bool) -> User:
    """Activate or deactivate an account; nobody locks themselves or the last admin out."""
    _require_admin(actor)
    active = bool(active)
    if user.active == active:
        return user
    if not active and user.id == actor.id:
        raise InvalidTransition(N_("Nie możesz dezaktywować własnego konta."))
    if not active and user.is_admin and _active_admins() <= 1:
        raise InvalidTransition(N_("To ostatnie aktywne konto administratora - nie można go "
                                   "dezaktywować."))
    before = {"active": user.active}
    user.active = active
    db.session.flush()
    audit.record(actor, "user.activate" if active else "user.deactivate", user, before=before,
                 after={"active": active})
    return user


# --- organisers --------------------------------------------------------------------------

ORGANISER_LIMITS = {"name": 200, "short_name": 40, "authority": 200, "address": 300,
                    "email": 200, "bip_url": 300}
# The typed text of an organiser, with the message when it is required but left empty.
ORGANISER_TEXTS = {"name": N_("Podaj nazwę organizatora."),
                   "short_name": N_("Podaj skrót nazwy (np. MOPS)."),
                   "authority": N_("Podaj organ (np. Prezydent Miasta Sopotu)."),
                   "address": None, "bip_url": None}
# Numbers and contacts, normalised when typed; (the check, the value when left empty).
ORGANISER_NUMBERS = {"regon": (normalise_regon, None), "nip": (normalise_nip, None),
                     "email": (normalise_email, ""), "phone": (normalise_phone, "")}
BIP_URL = re.compile(r"https?://[^\s/]+\.[^\s]+")


def _organiser_values(data: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field, required in ORGANISER_TEXTS.items():
        value = values[field] = str(data.get(field) or "").strip()
        if required and not value:
            problems.append(Problem(field, required))
        elif len(value) > ORGANISER_LIMITS[field]:
            problems.append(Problem(field, msg("Najwyżej %(limit)s znaków.",
                                               limit=ORGANISER_LIMITS[field])))
    for field, (check, empty) in ORGANISER_NUMBERS.items():
        raw = str(data.get(field) or "").strip()
        try:
            values[field] = check(raw) if raw else empty
        except InvalidValue as exc:
            problems.append(Problem(field, str(exc)))
    if values["bip_url"] and not BIP_URL.fullmatch(values["bip_url"]):
        problems.append(Problem("bip_url", N_("Podaj pełny adres strony BIP "
                                              "(np. https://bip.mops.sopot.pl).")))
    return values


def _chosen_body(body_id: Any, problems: list[Problem]) -> ExecutiveBody | None:
    """The executive body chosen from the list; None (nothing chosen): the one the authority
    names (grants.organisers.models)."""
    text = str(body_id or "").strip()
    if not text:
        return None
    body = db.session.get(ExecutiveBody, int(text)) if text.isdigit() and len(text) < 10 \
        else None
    if body is None:
        problems.append(Problem("executive_body_id", N_("Wybierz organ z listy.")))
    return body


def create_organiser(*, actor, data: Mapping[str, Any]) -> Organiser:
    """A public body that runs procedures: the centre, the city office, a neighbouring commune.
    It acts for the executive body chosen, or else the one its authority names."""
    _require_admin(actor)
    problems: list[Problem] = []
    values = _organiser_values(data, problems)
    short = values["short_name"]
    if short and not any(p.field == "short_name" for p in problems) and db.session.scalar(
            select(Organiser.id).where(func.lower(Organiser.short_name) == short.lower())):
        problems.append(Problem("short_name", N_("Organizator z tym skrótem już istnieje.")))
    body = _chosen_body(data.get("executive_body_id"), problems)
    refuse(problems, FORM_MESSAGE)
    organiser = Organiser(**values, executive_body=body)
    db.session.add(organiser)
    db.session.flush()
    audit.record(actor, "organiser.create", organiser, after=audit.snapshot(organiser))
    return organiser
