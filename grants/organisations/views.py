"""Organisation pages. Thin: parse, load (404), authorize (403), one service, commit once.

A person who may not see an organisation gets 404, not 403: whether an organisation
exists behind an id is not theirs to learn. Staff of any organiser may see every one.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.auth.models import User
from grants.core.errors import DomainError
from grants.extensions import db
from grants.organisations import permissions, queries, services
from grants.organisations.areas import AREA_NAMES
from grants.organisations.forms import (
    InviteForm,
    OrganisationForm,
    VerifyForm,
    apply_errors,
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


def _id(text: str | None) -> int | None:
    """An id typed into a form field; None unless it fits the database's integer."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) < 2**31 else None


def _load(organisation_id: int) -> Organisation:
    org = db.session.get(Organisation, organisation_id)
    if org is None or not permissions.can_view_organisation(current_user, org):
        abort(404)
    return org


def _show_errors(form, exc: DomainError) -> None:
    left = apply_errors(form, exc.field_errors)
    if left or not exc.field_errors:
        for message in left or [exc.message]:
            flash(_(message), "error")


@bp.route("/mine")
@login_required
def mine():
    return render_template("organisations/mine.html",
                           memberships=queries.memberships_of(current_user))


@bp.route("/register", methods=["GET", "POST"])
@login_required
def register():
    if not permissions.can_register_organisation(current_user):
        abort(403)
    form = OrganisationForm()
    if request.method == "POST" and not form.handle_rows(request.form) and form.validate():
        try:
            org = services.register_organisation(actor=current_user,
                                                 data=form.data_for_service())
        except DomainError as exc:
            db.session.rollback()
            _show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("Organizacja została zarejestrowana i czeka na weryfikację przez "
                    "urzędnika. Możesz już zaprosić do niej inne osoby."), "success")
            return redirect(url_for("organisations.view", organisation_id=org.id))
    return render_template("organisations/form.html", form=form, organisation=None)


@bp.route("/<int(max=2147483647):organisation_id>")
@login_required
def view(organisation_id: int):
    org = _load(organisation_id)
    return _render_view(org, VerifyForm(formdata=None))


def _render_view(org: Organisation, verify_form: VerifyForm):
    verified_by = db.session.get(User, org.verified_by_id) if org.verified_by_id else None
    return render_template("organisations/view.html", organisation=org,
                           verify_form=verify_form, verified_by=verified_by,
                           members=queries.members_of(org))


@bp.route("/<int(max=2147483647):organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int):
    org = _load(organisation_id)
    if not permissions.can_edit_organisation(current_user, org):
        abort(403)
    if request.method == "POST":
        form = OrganisationForm()
    else:
        form = OrganisationForm(data=organisation_form_data(org))
    if request.method == "POST" and not form.handle_rows(request.form) and form.validate():
        was_verified = org.status == VerificationStatus.VERIFIED
        try:
            services.update_organisation(org, actor=current_user, data=form.data_for_service())
        except DomainError as exc:
            db.session.rollback()
            _show_errors(form, exc)
        else:
            db.session.commit()
            if was_verified and org.status == VerificationStatus.PENDING:
                flash(_("Zmiany zapisano. Zmieniły się dane wymagające weryfikacji, więc "
                        "organizacja ponownie czeka na weryfikację przez urzędnika."), "warning")
            else:
                flash(_("Zmiany zapisano."), "success")
            return redirect(url_for("organisations.view", organisation_id=org.id))
    return render_template("organisations/form.html", form=form, organisation=org)


@bp.route("/<int(max=2147483647):organisation_id>/members", methods=["GET", "POST"])
@login_required
def members(organisation_id: int):
    org = _load(organisation_id)
    invite_form = InviteForm(formdata=None)
    if request.method == "POST":
        action = request.form.get("action", "")
        if action == "invite":
            invite_form = InviteForm()
            response = _invite(org, invite_form)
        elif action in ("remove", "make_admin", "revoke_admin"):
            response = _member_action(org, action)
        elif action == "cancel_invitation":
            response = _cancel_invitation(org)
        else:
            abort(400)
        if response is not None:
            return response
    return render_template("organisations/members.html", organisation=org,
                           invite_form=invite_form, members=queries.members_of(org),
                           invitations=queries.pending_invitations(org),
                           invitation_days=current_app.config.get(
                               "INVITATION_DAYS", services.DEFAULT_INVITATION_DAYS))


def _invite(org: Organisation, form: InviteForm):
    if not permissions.can_manage_members(current_user, org):
        abort(403)
    if not form.validate():
        return None
    try:
        invitation = services.invite_member(org, actor=current_user, email=form.email.data)
    except DomainError as exc:
        db.session.rollback()
        _show_errors(form, exc)
        return None
    db.session.commit()
    flash(_("Wysłano zaproszenie na adres %(email)s.", email=invitation.email), "success")
    return redirect(url_for("organisations.members", organisation_id=org.id))


def _member_action(org: Organisation, action: str):
    membership_id = _id(request.form.get("membership_id"))
    membership = db.session.get(Membership, membership_id) if membership_id else None
    if membership is None or membership.organisation_id != org.id:
        abort(404)
    allowed = (permissions.can_remove_member(current_user, membership) if action == "remove"
               else permissions.can_manage_members(current_user, org))
    if not allowed:
        abort(403)
    leaving = membership.user_id == current_user.id and action == "remove"
    name = membership.user.full_name
    try:
        if action == "remove":
            services.remove_member(membership, actor=current_user)
        else:
            services.set_member_admin(membership, actor=current_user,
                                      is_admin=action == "make_admin")
    except DomainError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
        return None
    db.session.commit()
    if leaving:
        flash(_("Opuściłeś(-aś) organizację %(name)s.", name=org.name), "success")
        return redirect(url_for("organisations.mine"))
    messages = {
        "remove": _("Usunięto członka: %(name)s.", name=name),
        "make_admin": _("%(name)s jest teraz administratorem organizacji.", name=name),
        "revoke_admin": _("%(name)s nie jest już administratorem organizacji.", name=name),
    }
    flash(messages[action], "success")
    return redirect(url_for("organisations.members", organisation_id=org.id))


def _cancel_invitation(org: Organisation):
    if not permissions.can_manage_members(current_user, org):
        abort(403)
    invitation_id = _id(request.form.get("invitation_id"))
    invitation = db.session.get(Invitation, invitation_id) if invitation_id else None
    if invitation is None or invitation.organisation_id != org.id:
        abort(404)
    try:
        services.revoke_invitation(invitation, actor=current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
        return None
    db.session.commit()
    flash(_("Anulowano zaproszenie dla %(email)s.", email=invitation.email), "success")
    return redirect(url_for("organisations.members", organisation_id=org.id))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Open to anyone holding the link; accepting needs the account of the invited address."""
    try:
        invitation = services.usable_invitation(token)
    except DomainError as exc:
        return render_template("organisations/invitation.html", invitation=None,
                               error=_(exc.message)), exc.status_code
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.path))
        try:
            membership = services.accept_invitation(token, actor=current_user)
        except DomainError as exc:
            db.session.rollback()
            flash(_(exc.message), "error")
        else:
            db.session.commit()
            flash(_("Dołączyłeś(-aś) do organizacji %(name)s.",
                    name=membership.organisation.name), "success")
            return redirect(url_for("organisations.view",
                                    organisation_id=membership.organisation_id))
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
    page = _id(request.args.get("page")) or 1
    result = db.paginate(queries.staff_list_query(status, text), page=min(page, 100_000),
                         per_page=current_app.config.get("PAGE_SIZE", 20), error_out=False)
    return render_template("organisations/staff_list.html", page=result, status=status,
                           text=text, counts=queries.status_counts(),
                           statuses=list(VerificationStatus))


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
    if form.validate():
        try:
            if action == "verify":
                services.verify_organisation(org, actor=current_user, note=form.note.data or "")
            else:
                services.reject_organisation(org, actor=current_user, note=form.note.data or "")
        except DomainError as exc:
            db.session.rollback()
            _show_errors(form, exc)
        else:
            db.session.commit()
            flash(_("Organizacja została zweryfikowana.") if action == "verify"
                  else _("Dane organizacji odrzucono; jej administratorzy dostali wiadomość z "
                         "powodem."), "success")
            return redirect(url_for("organisations.view", organisation_id=org.id))
    return _render_view(org, form)
