"""Who may administer the installation: users with the administrator flag, nobody else."""

from __future__ import annotations

from grants.auth import roles


def can_administer(user) -> bool:
    return roles.is_admin(user)
