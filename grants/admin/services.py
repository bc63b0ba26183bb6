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
from grants.auth.passwords import check_strength
from grants.core import audit
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.core.i18n import N_
from grants.extensions import db
from grants.organisations.validation import (
    InvalidValue,
    normalise_email,
    normalise_nip,
    normalise_phone,
    normalise_regon,
)
from grants.organisers.models import Organiser

FORM_MESSAGE = N_("Popraw zaznaczone pola formularza.")

ROLE_LABELS = {
    StaffRoleKind.OFFICER: N_("urzędnik (prowadzi postępowania)"),
    StaffRoleKind.COMMITTEE: N_("członek komisji konkursowej"),
    StaffRoleKind.FINANCE: N_("finanse (wypłaty i rozliczenia)"),
}


def _require_admin(actor) -> None:
    if not can_administer(actor):
        raise NotAllowed(N_("Tylko administrator może to zrobić."))


def _organiser(organiser_id: Any) -> Organiser:
    text = str(organiser_id or "").strip()
    organiser = (db.session.get(Organiser, int(text))
                 if text.isascii() and text.isdigit() and int(text) < 2**31 else None)
    if organiser is None:
        raise ValidationFailed(N_("Wybierz organizatora z listy."),
                               field_errors={"organiser_id": [N_("Wybierz organizatora z listy.")]})
    return organiser


def _role(role: Any) -> StaffRoleKind:
    try:
        return StaffRoleKind(role)
    except ValueError as exc:
        raise ValidationFailed(N_("Wybierz rolę z listy."),
                               field_errors={"role": [N_("Wybierz rolę z listy.")]}) from exc


# --- accounts and roles ----------------------------------------------------------------

def create_staff_account(*, actor, full_name: str, email: str, password: str | None = None,
                         is_admin: bool = False, organiser_id: Any = None,
                         role: Any = None) -> User:
    """A staff account, with an initial password or (none given) an e-mailed reset link,
    and optionally its first role at an organiser."""
    _require_admin(actor)
    errors: dict[str, list[str]] = {}
    full_name = (full_name or "").strip()
    if not full_name:
        errors["full_name"] = [N_("Podaj imię i nazwisko.")]
    elif len(full_name) > 200:
        errors["full_name"] = [N_("Najwyżej 200 znaków.")]
    try:
        email = normalise_email(email)
    except InvalidValue as exc:
        errors["email"] = [str(exc)]
    else:
        if auth_services.find_user(email) is not None:
            errors["email"] = [N_("Konto z tym adresem e-mail już istnieje.")]
    weak = check_strength(password) if password else None
    if weak:
        errors["password"] = [weak]
    organiser = kind = None
    if organiser_id or role:
        try:
            organiser = _organiser(organiser_id)
        except ValidationFailed as exc:
            errors.update(exc.field_errors)
        try:
            kind = _role(role)
        except ValidationFailed as exc:
            errors.update(exc.field_errors)
    if errors:
        raise ValidationFailed(FORM_MESSAGE, field_errors=errors)
    send_link = not password
    user = auth_services.create_user(
        email=email, full_name=full_name, actor=actor, is_admin=bool(is_admin),
        password=password or f"x1-{secrets.token_urlsafe(32)}")
    if organiser is not None and kind is not None:
        auth_services.grant_role(user, organiser_id=organiser.id, role=kind, actor=actor)
    if send_link:
        auth_services.request_password_reset(user.email)
    return user


def grant_staff_role(user: User, *, actor, organiser_id: Any, role: Any) -> StaffRole:
    _require_admin(actor)
    organiser = _organiser(organiser_id)
    kind = _role(role)
    if any(r.organiser_id == organiser.id and r.role == kind for r in user.staff_roles):
        raise InvalidTransition(f"{user.full_name} ma już tę rolę u organizatora "
                                f"{organiser.short_name}.")
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


def create_organiser(*, actor, data: Mapping[str, Any]) -> Organiser:
    """A public body that runs procedures: the centre, the city office, a neighbouring commune."""
    _require_admin(actor)
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}

    def text(field: str, required: str | None = None) -> None:
        value = str(data.get(field) or "").strip()
        if required and not value:
            errors.setdefault(field, []).append(required)
        elif len(value) > ORGANISER_LIMITS[field]:
            errors.setdefault(field, []).append(f"Najwyżej {ORGANISER_LIMITS[field]} znaków.")
        values[field] = value

    text("name", N_("Podaj nazwę organizatora."))
    text("short_name", N_("Podaj skrót nazwy (np. MOPS)."))
    text("authority", N_("Podaj organ (np. Prezydent Miasta Sopotu)."))
    text("address")
    for field, fn in (("regon", normalise_regon), ("nip", normalise_nip)):
        raw = str(data.get(field) or "").strip()
        try:
            values[field] = fn(raw) if raw else None
        except InvalidValue as exc:
            errors.setdefault(field, []).append(str(exc))
    for field, fn in (("email", normalise_email), ("phone", normalise_phone)):
        raw = str(data.get(field) or "").strip()
        try:
            values[field] = fn(raw) if raw else ""
        except InvalidValue as exc:
            errors.setdefault(field, []).append(str(exc))
    text("bip_url")
    if values["bip_url"] and not re.fullmatch(r"https?://[^\s/]+\.[^\s]+", values["bip_url"]):
        errors.setdefault("bip_url", []).append(
            N_("Podaj pełny adres strony BIP (np. https://bip.mops.sopot.pl)."))
    short = values.get("short_name")
    if short and "short_name" not in errors and db.session.scalar(
            select(Organiser.id).where(func.lower(Organiser.short_name) == short.lower())):
        errors.setdefault("short_name", []).append(N_("Organizator z tym skrótem już istnieje."))
    if errors:
        raise ValidationFailed(FORM_MESSAGE, field_errors=errors)
    organiser = Organiser(**values)
    db.session.add(organiser)
    db.session.flush()
    audit.record(actor, "organiser.create", organiser, after=audit.snapshot(organiser))
    return organiser
