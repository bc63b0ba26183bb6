"""Who may see and change an organisation. The one place for these rules.

An organisation's data serves every organiser: any staff user may read it and an
officer of any organiser may verify it - unless the officer belongs to it (a conflict of
role: nobody verifies their own organisation). Only its admin members change it.
"""

from __future__ import annotations

from grants.auth import roles
from grants.auth.models import StaffRoleKind
from grants.core.i18n import N_
from grants.organisations import hooks


def can_register_organisation(user) -> bool:
    return roles.is_authenticated(user)


def can_view_organisation(user, organisation) -> bool:
    """Its members, any staff user (of any organiser) and administrators."""
    if not roles.is_authenticated(user):
        return False
    return (roles.is_member(user, organisation.id) or roles.is_staff(user)
            or roles.is_admin(user))


def can_edit_organisation(user, organisation) -> bool:
    return organisation.id in roles.organisation_ids(user, admin_only=True)


def can_manage_members(user, organisation) -> bool:
    return organisation.id in roles.organisation_ids(user, admin_only=True)


def can_leave_organisation(user, membership) -> bool:
    """A member may leave; removing someone else is for the organisation's admins."""
    return roles.is_authenticated(user) and membership.user_id == user.id


def can_remove_member(user, membership) -> bool:
    return (can_manage_members(user, membership.organisation)
            or can_leave_organisation(user, membership))


def verify_refusal(user, organisation) -> str | None:
    """Why `user` may not verify (or reject) the organisation's data although they are an
    officer: they belong to it (None: no such conflict, or not an officer at all)."""
    if (organisation is not None and roles.organiser_ids(user, StaffRoleKind.OFFICER)
            and roles.is_member(user, organisation.id)):
        return N_("Należysz do tej organizacji – jej dane weryfikuje inny urzędnik "
                  "(konflikt ról).")
    return None


def can_verify(user, organisation=None) -> bool:
    """An officer of any organiser (NGO data serves every organiser), never a member of the
    organisation."""
    return (bool(roles.organiser_ids(user, StaffRoleKind.OFFICER))
            and verify_refusal(user, organisation) is None)


def can_list_organisations(user) -> bool:
    """The staff list of every organisation: staff users and administrators."""
    return roles.is_staff(user) or roles.is_admin(user)


def can_see_member_emails(user, organisation) -> bool:
    """The e-mail addresses of its members: the organisation's own members, administrators and
    the officers of an organiser it deals with (it filed an offer there) - not committee
    members, finance staff, officers of other organisers, other NGOs or the public."""
    if not roles.is_authenticated(user):
        return False
    if roles.is_member(user, organisation.id) or roles.is_admin(user):
        return True
    officer_at = roles.organiser_ids(user, StaffRoleKind.OFFICER)
    return bool(officer_at and officer_at & set(hooks.organisers_dealt_with(organisation.id)))
