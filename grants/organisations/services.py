"""Organisation verbs: registration, changes, verification, members and invitations.

Plain functions with explicit inputs; they flush, never commit, raise DomainError
subclasses with Polish messages, and record every change in the audit trail.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from grants.core import audit, clock
from grants.core.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from grants.core.i18n import N_, msg
from grants.core.notifications import public_url, queue_mail
from grants.extensions import db
from grants.organisations import permissions, queries
from grants.organisations.models import (
    Invitation,
    LegalForm,
    Membership,
    Organisation,
    Representative,
    VerificationStatus,
)
from grants.organisations.validation import InvalidValue, clean_organisation, normalise_email

FORM_MESSAGE = N_("Popraw zaznaczone pola formularza.")

# Data whose change sends a verified organisation back to the officers (with its label).
REVERIFY_FIELDS: dict[str, str] = {
    "nip": "NIP",
    "regon": "REGON",
    "krs": "KRS",
    "other_register_name": "inny rejestr",
    "other_register_number": "numer w innym rejestrze",
    "iban": "rachunek bankowy",
    "representatives": "osoby reprezentujące",
    "signing_rule": "sposób reprezentacji",
    "name": "nazwa",
    "legal_form": "forma prawna",
}

# Of those, what a verified organisation asks for waits in pending_<field> until verified:
# documents (contracts, annexes, the bank export) keep using the verified value.
HELD_FIELDS = ("name", "legal_form")

_COLUMNS = ("name", "legal_form", "krs", "other_register_name", "other_register_number", "nip",
            "regon", "street", "postal_code", "city", "email", "phone", "iban", "areas",
            "signing_rule")

DEFAULT_INVITATION_DAYS = 7


# --- helpers ---------------------------------------------------------------------------

def _snapshot(org: Organisation) -> dict[str, Any]:
    data = audit.snapshot(org)
    data["representatives"] = _reps_of(org)
    return data


def _reps_of(org: Organisation) -> list[dict[str, Any]]:
    return [{"full_name": r.full_name, "function": r.function, "signs_alone": r.signs_alone}
            for r in org.representatives]


def _cleaned(data: Mapping[str, Any], *, org: Organisation | None = None) -> dict[str, Any]:
    """The checked values. A registration may repeat the NIP or KRS of another (a claim the
    officers decide, see register_organisation); a change may not move an organisation onto
    the NIP or KRS another organisation holds."""
    values, errors = clean_organisation(data)
    for field, label in (("nip", "NIP"), ("krs", "KRS")):
        value = values.get(field)
        if org is None or not value or field in errors or value == getattr(org, field):
            continue
        numbers = {"nip": None, "krs": None, field: value}
        if queries.holders_of(**numbers, exclude_id=org.id):
            errors.setdefault(field, []).append(msg(
                "Organizacja z tym numerem %(label)s jest już zweryfikowana w systemie. Poproś "
                "jej administratora o zaproszenie do organizacji.", label=label))
    if errors:
        raise ValidationFailed(FORM_MESSAGE, field_errors=errors)
    return values


def _set_representatives(org: Organisation, rows: list[dict[str, Any]]) -> None:
    org.representatives = [
        Representative(position=i, full_name=r["full_name"], function=r["function"],
                       signs_alone=r["signs_alone"])
        for i, r in enumerate(rows, 1)
    ]


def admin_emails(org: Organisation) -> list[str]:
    return [m.user.email for m in org.memberships if m.is_admin and m.user.active]


def _token_hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


# --- registration and changes ----------------------------------------------------------

def register_organisation(*, actor, data: Mapping[str, Any]) -> Organisation:
    """Any signed-in user registers an organisation and becomes its admin; it awaits
    verification by an officer. A registration with the NIP or KRS of an organisation already
    verified is a claim: the officers are told and decide which one is real."""
    if not permissions.can_register_organisation(actor):
        raise NotAllowed(N_("Zaloguj się, aby zarejestrować organizację."))
    values = _cleaned(data)
    org = Organisation(**{k: values[k] for k in _COLUMNS},
                       status=VerificationStatus.PENDING, status_note="")
    _set_representatives(org, values["representatives"])
    db.session.add(org)
    db.session.add(Membership(user=actor, organisation=org, is_admin=True))
    db.session.flush()
    audit.record(actor, "organisation.register", org, after=_snapshot(org))
    claimed = queries.claimed_organisations(org)
    if claimed:
        _report_claim(org, claimed, actor=actor)
    return org


def _report_claim(org: Organisation, claimed: list[Organisation], *, actor) -> None:
    audit.record(actor, "organisation.claim", org,
                 after={"nip": org.nip, "krs": org.krs, "claimed": [o.id for o in claimed]})
    recipients = queries.officer_emails()
    if recipients:
        queue_mail(db.session, to=recipients, template="organisation_claim",
                   subject=f"Zgłoszenie do organizacji już zweryfikowanej: {org.name}",
                   organisation=org, claimed=claimed,
                   link=public_url("organisations.view", organisation_id=org.id),
                   links=[public_url("organisations.view", organisation_id=o.id)
                          for o in claimed])


def _asked(snapshot: Mapping[str, Any], field: str) -> Any:
    """The value the organisation asks for: a held change waiting, or the value itself."""
    if field in HELD_FIELDS:
        return snapshot.get(f"pending_{field}") or snapshot.get(field)
    return snapshot.get(field)


def _apply(org: Organisation, values: Mapping[str, Any]) -> None:
    """The new values onto the organisation; once verified, its name and legal form wait."""
    held = org.verified_at is not None
    for key in _COLUMNS:
        if not (held and key in HELD_FIELDS):
            setattr(org, key, values[key])
    if held:
        org.pending_name = None if values["name"] == org.name else values["name"]
        form = LegalForm(values["legal_form"])
        org.pending_legal_form = None if form == org.legal_form else form.value


def update_organisation(org: Organisation, *, actor, data: Mapping[str, Any]) -> Organisation:
    """The organisation's admin changes its data. A verified organisation whose name, legal
    form, identifiers, bank account or representation change goes back to verification; a
    name or legal form changes only when an officer verifies it."""
    if not permissions.can_edit_organisation(actor, org):
        raise NotAllowed(N_("Dane organizacji może zmieniać tylko jej administrator."))
    values = _cleaned(data, org=org)
    before = _snapshot(org)
    _apply(org, values)
    if values["representatives"] != before["representatives"]:
        _set_representatives(org, values["representatives"])
    db.session.flush()
    after = _snapshot(org)
    changed = [f for f in REVERIFY_FIELDS if _asked(before, f) != _asked(after, f)]
    if org.status == VerificationStatus.VERIFIED and changed:
        org.status = VerificationStatus.PENDING
        org.status_note = ("Zmieniono dane wymagające ponownej weryfikacji: "
                           + ", ".join(REVERIFY_FIELDS[f] for f in changed) + ".")
    elif org.status == VerificationStatus.REJECTED and audit.changes(before, after):
        org.status = VerificationStatus.PENDING
        org.status_note = "Dane poprawione po odrzuceniu - oczekuje na ponowną weryfikację."
    db.session.flush()
    after = _snapshot(org)
    diff = audit.changes(before, after)
    if diff:
        audit.record(actor, "organisation.update", org,
                     before={k: before.get(k) for k in diff},
                     after={k: after.get(k) for k in diff})
    return org


# --- verification ----------------------------------------------------------------------

def verify_organisation(org: Organisation, *, actor, note: str = "") -> Organisation:
    """An officer of any organiser confirms the organisation's data."""
    if not permissions.can_verify(actor, org):
        raise NotAllowed(permissions.verify_refusal(actor, org)
                         or N_("Organizację weryfikuje urzędnik organizatora."))
    if org.status == VerificationStatus.VERIFIED:
        raise InvalidTransition(N_("Organizacja jest już zweryfikowana."))
    holders = queries.holders_of(org.nip, org.krs, exclude_id=org.id)
    if holders:
        raise InvalidTransition(msg(
            "Organizacja z tym numerem NIP lub KRS jest już zweryfikowana: %(name)s. Jeśli "
            "prawdziwa jest ta rejestracja, najpierw odrzuć dane tamtej organizacji.",
            name=holders[0].name))
    return _judge(org, actor=actor, status=VerificationStatus.VERIFIED, note=(note or "").strip(),
                  subject="Organizacja została zweryfikowana", template="organisation_verified")


def reject_organisation(org: Organisation, *, actor, note: str) -> Organisation:
    """An officer of any organiser refuses the data, saying why."""
    if not permissions.can_verify(actor, org):
        raise NotAllowed(permissions.verify_refusal(actor, org)
                         or N_("Organizację weryfikuje urzędnik organizatora."))
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(
            N_("Podaj powód odrzucenia - organizacja zobaczy go i poprawi dane."),
            field_errors={"note": [N_("Podaj powód odrzucenia.")]})
    if org.status == VerificationStatus.REJECTED:
        raise InvalidTransition(N_("Dane organizacji są już odrzucone."))
    return _judge(org, actor=actor, status=VerificationStatus.REJECTED, note=note,
                  subject="Dane organizacji wymagają poprawy", template="organisation_rejected")


_VERIFICATION = ["status", "status_note", "verified_at", "verified_by_id", "name", "legal_form",
                 "pending_name", "pending_legal_form"]


def _judge(org: Organisation, *, actor, status: VerificationStatus, note: str, subject: str,
           template: str) -> Organisation:
    """The officer's verdict on the data (verified or rejected), audited and mailed to the
    organisation's admins. Verified: a name or legal form asked for takes effect. The last
    verification (`verified_at`, `verified_by_id`) stays through a rejection."""
    before = audit.snapshot(org, _VERIFICATION)
    verified = status == VerificationStatus.VERIFIED
    org.status = status
    org.status_note = note
    if verified:
        org.verified_at, org.verified_by_id = clock.now(), actor.id
        org.name = org.pending_name or org.name
        org.legal_form = org.requested_legal_form
        org.pending_name = org.pending_legal_form = None
    db.session.flush()
    action = "organisation.verify" if verified else "organisation.reject"
    audit.record(actor, action, org, before=before, after=audit.snapshot(org, _VERIFICATION))
    _notify_admins(org, subject=subject, template=template)
    return org


def _notify_admins(org: Organisation, *, subject: str, template: str) -> None:
    recipients = admin_emails(org)
    if not recipients:
        return
    link = public_url("organisations.view", organisation_id=org.id)
    queue_mail(db.session, to=recipients, subject=f"{subject}: {org.name}", template=template,
               organisation=org, link=link)


# --- members and invitations -----------------------------------------------------------

def invite_member(org: Organisation, *, actor, email: str) -> Invitation:
    """The organisation's admin invites a person by e-mail: a single-use, expiring link.

    Only the SHA-256 of the token is stored; the returned invitation carries the plain
    token in `token` (not persisted) for the caller that needs it (the CLI, tests).
    """
    if not permissions.can_manage_members(actor, org):
        raise NotAllowed(N_("Zapraszać może tylko administrator organizacji."))
    try:
        email = normalise_email(email)
    except InvalidValue as exc:
        raise ValidationFailed(str(exc), field_errors={"email": [str(exc)]}) from exc
    if any(m.user.email == email for m in org.memberships):
        message = N_("Ta osoba już należy do organizacji.")
        raise ValidationFailed(message, field_errors={"email": [message]})
    now = clock.now()
    # an earlier pending invitation to the same address dies with the new one
    for old in db.session.scalars(select(Invitation).where(
            Invitation.organisation_id == org.id, Invitation.email == email,
            Invitation.accepted_at.is_(None), Invitation.expires_at > now)):
        old.expires_at = now
    days = current_app.config.get("INVITATION_DAYS", DEFAULT_INVITATION_DAYS)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(organisation=org, email=email, token_hash=_token_hash(token),
                            invited_by_id=actor.id, created_at=now,
                            expires_at=now + timedelta(days=days))
    db.session.add(invitation)
    db.session.flush()
    audit.record(actor, "invitation.create", invitation,
                 after={"organisation_id": org.id, "email": email,
                        "expires_at": invitation.expires_at})
    link = public_url("organisations.accept_invitation", token=token)
    queue_mail(db.session, to=email, subject=f"Zaproszenie do organizacji {org.name}",
               template="invitation", organisation=org, inviter=actor, link=link,
               expires_at=invitation.expires_at, days=days)
    invitation.token = token
    return invitation


def find_invitation(token: str) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(
        Invitation.token_hash == _token_hash(token)))


def usable_invitation(token: str) -> Invitation:
    """The invitation of this link, or a clear refusal (unknown, used or expired)."""
    invitation = find_invitation(token)
    if invitation is None:
        raise NotFound(N_("Ten link zaproszenia jest nieprawidłowy. Sprawdź, czy skopiowano go "
                          "w całości."))
    if invitation.accepted_at is not None:
        raise InvalidTransition(N_("To zaproszenie zostało już wykorzystane."))
    if invitation.expires_at <= clock.now():
        raise InvalidTransition(N_("To zaproszenie wygasło lub zostało anulowane. Poproś "
                                   "administratora organizacji o nowe."))
    return invitation


def accept_invitation(token: str, *, actor) -> Membership:
    """The signed-in user with the invited e-mail address joins the organisation."""
    invitation = usable_invitation(token)
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed(N_("Zaloguj się, aby przyjąć zaproszenie."))
    if (actor.email or "").strip().lower() != invitation.email:
        raise NotAllowed(N_("To zaproszenie wysłano na inny adres e-mail. Zaloguj się na konto "
                            "z adresem, na który przyszło zaproszenie."))
    org = invitation.organisation
    if any(m.user_id == actor.id for m in org.memberships):
        raise InvalidTransition(N_("Już należysz do tej organizacji."))
    membership = Membership(user=actor, organisation=org, is_admin=False)
    db.session.add(membership)
    invitation.accepted_at = clock.now()
    db.session.flush()
    audit.record(actor, "membership.accept_invitation", membership,
                 after={"organisation_id": org.id, "user_id": actor.id,
                        "invitation_id": invitation.id})
    return membership


def revoke_invitation(invitation: Invitation, *, actor) -> Invitation:
    if not permissions.can_manage_members(actor, invitation.organisation):
        raise NotAllowed(N_("Zaproszenia anuluje administrator organizacji."))
    if invitation.accepted_at is not None:
        raise InvalidTransition(N_("To zaproszenie zostało już przyjęte."))
    now = clock.now()
    if invitation.expires_at > now:
        before = {"expires_at": invitation.expires_at}
        invitation.expires_at = now
        db.session.flush()
        audit.record(actor, "invitation.revoke", invitation, before=before,
                     after={"expires_at": now})
    return invitation


def _admin_count(org: Organisation) -> int:
    return db.session.scalar(select(func.count(Membership.id)).where(
        Membership.organisation_id == org.id, Membership.is_admin.is_(True))) or 0


LAST_ADMIN = (N_("Organizacja musi mieć co najmniej jednego administratora. Najpierw nadaj "
                 "uprawnienia administratora innemu członkowi."))


def remove_member(membership: Membership, *, actor) -> None:
    """An admin removes a member, or a member leaves; the last admin always stays."""
    if not permissions.can_remove_member(actor, membership):
        raise NotAllowed(N_("Członków usuwa administrator organizacji."))
    org = membership.organisation
    if membership.is_admin and _admin_count(org) <= 1:
        raise InvalidTransition(LAST_ADMIN)
    before = audit.snapshot(membership)
    audit.record(actor, "membership.remove", membership, before=before)
    org.memberships.remove(membership)
    db.session.delete(membership)
    db.session.flush()


def set_member_admin(membership: Membership, *, actor, is_admin: bool) -> Membership:
    if not permissions.can_manage_members(actor, membership.organisation):
        raise NotAllowed(N_("Uprawnienia nadaje administrator organizacji."))
    is_admin = bool(is_admin)
    if membership.is_admin == is_admin:
        return membership
    if not is_admin and _admin_count(membership.organisation) <= 1:
        raise InvalidTransition(LAST_ADMIN)
    membership.is_admin = is_admin
    db.session.flush()
    audit.record(actor, "membership.set_admin", membership, before={"is_admin": not is_admin},
                 after={"is_admin": is_admin})
    return membership
