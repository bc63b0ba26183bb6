"""The administrators' list of accounts (grants.core.listing)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from grants.admin.services import ROLE_LABELS
from grants.auth.models import StaffRole, User
from grants.core.i18n import N_
from grants.core.listing import Column, Filter, ListSpec, choices_of

STATE_LABELS = {"active": N_("aktywne"), "inactive": N_("nieaktywne"),
                "admin": N_("administratorzy")}
_STATES = {"active": User.active.is_(True), "inactive": User.active.is_(False),
           "admin": User.is_admin.is_(True)}


def _with_role(**where):
    return User.id.in_(select(StaffRole.user_id).filter_by(**where))


def _roles(user) -> str:
    return "; ".join(f"{r.organiser.short_name}: {ROLE_LABELS[r.role]}" for r in user.staff_roles)


ACCOUNTS = ListSpec(
    name="konta",
    columns=(
        Column("name", N_("Osoba"), lambda u: u.full_name, sort=User.full_name),
        Column("email", N_("E-mail"), lambda u: u.email, sort=User.email),
        Column("roles", N_("Role u organizatorów"), _roles),
        Column("admin", N_("Administrator"), lambda u: u.is_admin, sort=User.is_admin),
        Column("active", N_("Konto aktywne"), lambda u: u.active, sort=User.active),
        Column("created", N_("Utworzono"), lambda u: u.created_at, sort=User.created_at),
    ),
    id_column=User.id, default_sort="name", search=(User.full_name, User.email),
    search_label=N_("Imię, nazwisko lub e-mail"),
    filters=(
        Filter("state", N_("Konta"), lambda v: _STATES[v], choices=tuple(STATE_LABELS.items())),
        Filter("role", N_("Rola"), lambda v: _with_role(role=v), choices=choices_of(ROLE_LABELS)),
        Filter("organiser", N_("Organizator"), lambda v: _with_role(organiser_id=v), kind="id"),
    ),
)


def accounts():
    return select(User).options(selectinload(User.staff_roles)
                                .selectinload(StaffRole.organiser))
