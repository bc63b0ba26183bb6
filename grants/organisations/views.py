"""Organisation pages. Thin: parse, load (404), authorize (403), one service, commit once.

A person who may not see an organisation gets 404, not 403: whether an organisation
exists behind an id is not theirs to learn. Staff of any organiser may see every one.
"""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.auth.models import User
from grants.core import actions
from grants.core.errors import DomainError
from grants.core.http import typed_id
from grants.core.i18n import translate, translated
from grants.extensions import db
from grants.organisations import permissions, queries, services
from grants.organisations.areas import AREA_NAMES
from grants.organisations.forms import (
    InviteForm,
    OrganisationForm,
    VerifyForm,
    organisation_form_data,
)
from grants.organisations.models import (
    LEGAL_FORM_LABELS,
    STATUS_LABELS,
    Invitation,
    Membership,
    Organisation,
    VerificationStatus,
)

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.app_context_processor
def _labels():
    return {"org_perms": permissions, "status_labels": STATUS_LABELS,
            "legal_form_labels": LEGAL_FORM_LABELS, "area_names": AREA_NAMES}


def _load(organisation_id: int) -> Organisation:
    org = db.session.get(Organisation, organisation_id)
    if org is None or not permissions.can_view_organisation(current_user, org):
        abort(404)
    return org


@bp.route("/mine")
@login_required
def mine():
    return render_template("organisations/mine.html",
                           memberships=queries.memberships_of(current_user))


# --- registration and changes ----------------------------------------------------------

def _form_page(form: OrganisationForm, org: Organisation | None, refusal=None):
    """The registration (org None) or the edit form; after a refusal the representatives'
    messages are listed too and what no field took is shown above the form."""
    if refusal is not None:
        whole = translated(refusal.error.field_errors.get("representatives", [])
                           if refusal.error is not None else [])
        form.list_row_errors(whole)
        refusal.flash(shown=whole)
    return render_template("organisations/form.html", form=form, organisation=org)


def _save(form: OrganisationForm, org: Organisation | None, call, **answer):
    """The one path of the registration and the edit form: a row button or an invalid form
    shows the form again; otherwise the service is called and its refusal put on the form."""
    if request.method != "POST" or form.handle_rows(request.form) or not form.validate():
        return _form_page(form, org)
    return actions.run(lambda: call(actor=current_user, data=form.data_for_service()),
                       form=form, rows=form.rows(),
                       refused=lambda r: _form_page(form, org, r), **answer)


@bp.route("/register", methods=["GET", "POST"])
@login_required
def register():
    if not permissions.can_register_organisation(current_user):
        abort(403)
    def registered(org) -> str:
        """Where to go once registered; a claim on a verified organisation is told so."""
        if queries.claimed_organisations(org):
            flash(_("Organizacja z tym numerem NIP lub KRS jest już zweryfikowana w systemie. "
                    "Twoja rejestracja trafiła do urzędników jako zgłoszenie: sprawdzą, która "
                    "organizacja jest prawdziwa. Jeśli należysz do tamtej organizacji, poproś "
                    "jej administratora o zaproszenie."), "warning")
        else:
            flash(_("Organizacja została zarejestrowana i czeka na weryfikację przez "
                    "urzędnika. Możesz już zaprosić do niej inne osoby."), "success")
        return url_for("organisations.view", organisation_id=org.id)

    return _save(OrganisationForm(), None, services.register_organisation, next=registered)


@bp.route("/<int(max=2147483647):organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int):
    org = _load(organisation_id)
    if not permissions.can_edit_organisation(current_user, org):
        abort(403)
    form = (OrganisationForm() if request.method == "POST"
            else OrganisationForm(data=organisation_form_data(org)))
    was_verified = org.status == VerificationStatus.VERIFIED

    def saved(_org) -> str:
        """Where to go once saved; a verified organisation sent back to the officers is told
        so as a warning."""
        if was_verified and org.status == VerificationStatus.PENDING:
            flash(_("Zmiany zapisano. Zmieniły się dane wymagające weryfikacji, więc "
                    "organizacja ponownie czeka na weryfikację przez urzędnika."), "warning")
        else:
            flash(_("Zmiany zapisano."), "success")
        return url_for("organisations.view", organisation_id=org.id)

    return _save(form, org, lambda **data: services.update_organisation(org, **data), next=saved)


# --- one organisation and its verification ---------------------------------------------

@bp.route("/<int(max=2147483647):organisation_id>")
@login_required
def view(organisation_id: int):
    org = _load(organisation_id)
    return _render_view(org, VerifyForm(formdata=None))


def _render_view(org: Organisation, verify_form: VerifyForm, refusal=None):
    if refusal is not None:
        refusal.flash()
    verified_by = db.session.get(User, org.verified_by_id) if org.verified_by_id else None
    return render_template("organisations/view.html", organisation=org,
                           verify_form=verify_form, verified_by=verified_by,
                           members=queries.members_of(org),
                           claimed=queries.claimed_organisations(org),
                           same_numbers=(queries.same_numbers(org)
                                         if permissions.can_list_organisations(current_user)
                                         else []))


@bp.route("/<int(max=2147483647):organisation_id>/verify", methods=["POST"])
@login_required
def verify(organisation_id: int):
    org = _load(organisation_id)
    if not permissions.can_verify(current_user, org):
        abort(403)
    form = VerifyForm()
    action = request.form.get("action", "")
    if action not in ("verify", "reject"):
        abort(400)
    if not form.validate():
        return _render_view(org, form)
    call = services.verify_organisation if action == "verify" else services.reject_organisation
    return actions.run(
        lambda: call(org, actor=current_user, note=form.note.data or ""), form=form,
        next=url_for("organisations.view", organisation_id=org.id),
        success=(_("Organizacja została zweryfikowana.") if action == "verify"
                 else _("Dane organizacji odrzucono; jej administratorzy dostali wiadomość z "
                        "powodem.")),
        refused=lambda r: _render_view(org, form, r))


# --- members and invitations -----------------------------------------------------------

@bp.route("/<int(max=2147483647):organisation_id>/members", methods=["GET", "POST"])
@login_required
def members(organisation_id: int):
    org = _load(organisation_id)
    if request.method == "GET":
        return _members_page(org)
    action = request.form.get("action", "")
    if action == "invite":
        return _invite(org)
    if action in ("remove", "make_admin", "revoke_admin"):
        return _member_action(org, action)
    if action == "cancel_invitation":
        return _cancel_invitation(org)
    abort(400)


def _members_page(org: Organisation, invite_form: InviteForm | None = None, refusal=None):
    if refusal is not None:
        refusal.flash()
    return render_template("organisations/members.html", organisation=org,
                           invite_form=invite_form or InviteForm(formdata=None),
                           members=queries.members_of(org),
                           invitations=queries.pending_invitations(org),
                           show_emails=permissions.can_see_member_emails(current_user, org),
                           invitation_days=current_app.config.get(
                               "INVITATION_DAYS", services.DEFAULT_INVITATION_DAYS))


def _invite(org: Organisation):
    if not permissions.can_manage_members(current_user, org):
        abort(403)
    form = InviteForm()
    if not form.validate():
        return _members_page(org, form)
    return actions.run(
        lambda: services.invite_member(org, actor=current_user, email=form.email.data),
        form=form, next=url_for("organisations.members", organisation_id=org.id),
        success=lambda invitation: _("Wysłano zaproszenie na adres %(email)s.",
                                     email=invitation.email),
        refused=lambda r: _members_page(org, form, r))


def _member_action(org: Organisation, action: str):
    membership_id = typed_id(request.form.get("membership_id"))
    membership = db.session.get(Membership, membership_id) if membership_id else None
    if membership is None or membership.organisation_id != org.id:
        abort(404)
    allowed = (permissions.can_remove_member(current_user, membership) if action == "remove"
               else permissions.can_manage_members(current_user, org))
    if not allowed:
        abort(403)
    name = membership.user.full_name
    if membership.user_id == current_user.id and action == "remove":
        success = _("Opuściłeś(-aś) organizację %(name)s.", name=org.name)
        next_url = url_for("organisations.mine")
    else:
        success = {
            "remove": _("Usunięto członka: %(name)s.", name=name),
            "make_admin": _("%(name)s jest teraz administratorem organizacji.", name=name),
            "revoke_admin": _("%(name)s nie jest już administratorem organizacji.", name=name),
        }[action]
        next_url = url_for("organisations.members", organisation_id=org.id)
    call = (partial(services.remove_member, membership, actor=current_user)
            if action == "remove"
            else partial(services.set_member_admin, membership, actor=current_user,
                         is_admin=action == "make_admin"))
    return actions.run(call, next=next_url, success=success,
                       refused=lambda r: _members_page(org, refusal=r))


def _cancel_invitation(org: Organisation):
    if not permissions.can_manage_members(current_user, org):
        abort(403)
    invitation_id = typed_id(request.form.get("invitation_id"))
    invitation = db.session.get(Invitation, invitation_id) if invitation_id else None
    if invitation is None or invitation.organisation_id != org.id:
        abort(404)
    return actions.run(
        lambda: services.revoke_invitation(invitation, actor=current_user),
        next=url_for("organisations.members", organisation_id=org.id),
        success=_("Anulowano zaproszenie dla %(email)s.", email=invitation.email),
        refused=lambda r: _members_page(org, refusal=r))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Open to anyone holding the link; accepting needs the account of the invited address."""
    try:
        invitation = services.usable_invitation(token)
    except DomainError as exc:
        return render_template("organisations/invitation.html", invitation=None,
                               error=translate(exc.message)), exc.status_code
    if request.method == "GET":
        return _invitation_page(invitation)
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.path))
    return actions.run(
        lambda: services.accept_invitation(token, actor=current_user),
        next=lambda m: url_for("organisations.view", organisation_id=m.organisation_id),
        success=lambda m: _("Dołączyłeś(-aś) do organizacji %(name)s.",
                            name=m.organisation.name),
        refused=lambda r: _invitation_page(invitation, r))


def _invitation_page(invitation, refusal=None):
    if refusal is not None:
        refusal.flash()
    email_matches = (current_user.is_authenticated
                     and (current_user.email or "").lower() == invitation.email)
    return render_template("organisations/invitation.html", invitation=invitation, error=None,
                           email_matches=email_matches)


@bp.route("/staff")
@login_required
def staff_list():
    if not permissions.can_list_organisations(current_user):
        abort(403)
    status_arg = request.args.get("status", "")
    status = (VerificationStatus(status_arg)
              if status_arg in {s.value for s in VerificationStatus} else None)
    text = request.args.get("q", "")[:100]
    page = typed_id(request.args.get("page")) or 1
    result = db.paginate(queries.staff_list_query(status, text), page=min(page, 100_000),
                         per_page=current_app.config.get("PAGE_SIZE", 20), error_out=False)
    return render_template("organisations/staff_list.html", page=result, status=status,
                           text=text, counts=queries.status_counts(),
                           claims=queries.claim_ids(result.items),
                           statuses=list(VerificationStatus))
