"""Offers: the NGO's drafts and filed offers, the officer's list of filed offers.

Thin views: parse -> load (404) -> authorize (offers.permissions; 404 when the user may not
even know the offer exists, 403 when they may see but not change it) -> one service through
core.actions (commit, flash, redirect). A refused change re-renders the page with what was
typed. The edit form's data, buttons and preview are in offers/editing.py.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import partial

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from grants.calls.models import CallStatus, Competition
from grants.core import actions, formatting
from grants.core.errors import DeadlinePassed, DomainError, Problem
from grants.core.forms import ConfirmForm, polish_choice
from grants.core.i18n import N_, translate
from grants.documents.serving import send_stored
from grants.extensions import db
from grants.offers import attachments as offer_attachments
from grants.offers import content as offer_content
from grants.offers import editing, permissions, queries, rules, services
from grants.offers import filing as offer_filing
from grants.offers.forms import (
    FileOfferForm,
    NewOfferForm,
    OfferForm,
)
from grants.offers.models import Offer, OfferAttachment, OfferStatus, VersionState
from grants.organisations.models import LEGAL_FORM_LABELS

# "My offers" lists the open competitions with the nearest deadlines; the rest are on /konkursy.
OPEN_LISTED = 10

bp = Blueprint("offers", __name__)

STATUS_LABELS = {
    OfferStatus.DRAFT: N_("szkic (nie złożona)"),
    OfferStatus.FILED: N_("złożona"),
    OfferStatus.WITHDRAWN: N_("wycofana"),
}
VERSION_LABELS = {
    VersionState.DRAFT: N_("wersja robocza"),
    VersionState.FILED: N_("złożona (obowiązująca)"),
    VersionState.SUPERSEDED: N_("zastąpiona"),
    VersionState.WITHDRAWN: N_("wycofana"),
    VersionState.DISCARDED: N_("porzucona"),
}


# ---------------------------------------------------------------- template helpers

@bp.app_template_filter("iso_date")
def _iso_date(value: str | None) -> str:
    if not value:
        return "–"
    return formatting.date(dt.date.fromisoformat(value))


@bp.app_template_filter("iso_datetime")
def _iso_datetime(value: str | None) -> str:
    if not value:
        return "–"
    return formatting.datetime(dt.datetime.fromisoformat(value))


@bp.app_context_processor
def _offer_helpers():
    return {"offer_perms": permissions, "offer_status_labels": STATUS_LABELS,
            "version_labels": VERSION_LABELS, "legal_form_labels": LEGAL_FORM_LABELS}


# ---------------------------------------------------------------- loading

def _load_offer(offer_id: int) -> Offer:
    offer = queries.get_offer(offer_id)
    # a small grant's offer (no competition) has its own pages under /small-grants
    if offer is None or offer.competition_id is None \
            or not permissions.can_view_offer(current_user, offer):
        abort(404)
    return offer


def _load_for_change(offer_id: int, allowed=permissions.can_edit_offer) -> Offer:
    """The offer, when `allowed` lets the user act on it (403 to who sees it otherwise)."""
    offer = _load_offer(offer_id)
    if not allowed(current_user, offer):
        abort(403)
    return offer


def _shown_version(offer: Offer, number: int | None = None):
    visible = permissions.visible_versions(current_user, offer)
    if number is not None:
        found = next((v for v in visible if v.number == number), None)
        if found is None:
            abort(404)
        return found, visible
    preferred = (offer.draft_version if permissions.can_edit_offer(current_user, offer)
                 else None) or offer.filed_version
    if preferred is not None and preferred in visible:
        return preferred, visible
    if not visible:
        abort(404)
    return visible[-1], visible


def _content_of(version) -> dict:
    return version.content if version.content else offer_content.version_content(version)


# ---------------------------------------------------------------- my offers, new offer

@bp.route("/offers/mine")
@login_required
def my_offers():
    return render_template(
        "offers/mine.html",
        offers=queries.offers_of_user(current_user),
        partner_offers=queries.partner_offers_of_user(current_user),
        competitions=queries.open_competitions(limit=OPEN_LISTED),
        organisations=queries.user_organisations(current_user),
    )


@bp.route("/offers/new/<int:competition_id>", methods=["GET", "POST"])
@login_required
def new(competition_id: int):
    competition = db.session.get(Competition, competition_id)
    if competition is None or competition.status == CallStatus.DRAFT:
        abort(404)
    organisations = queries.user_organisations(current_user)
    verified = [o for o in organisations if o.is_verified]
    form = NewOfferForm()
    form.task_id.choices = [polish_choice(t.id, t.title) for t in competition.tasks]
    form.organisation_id.choices = [polish_choice(o.id, f"{o.name} (NIP {o.nip})")
                                    for o in verified]
    page = partial(_new_page, competition, form, organisations)
    if request.method == "GET":
        if len(competition.tasks) == 1:
            form.task_id.data = competition.tasks[0].id
        if len(verified) == 1:
            form.organisation_id.data = verified[0].id
        return page()
    if not form.validate_on_submit():
        return page(status=422)
    task = next(t for t in competition.tasks if t.id == form.task_id.data)
    organisation = next(o for o in verified if o.id == form.organisation_id.data)
    return actions.run(
        lambda: services.start_offer(competition, task, organisation, actor=current_user),
        success=_("Utworzono szkic oferty. Wypełnij wszystkie części formularza i złóż ofertę "
                  "przed terminem."),
        next=lambda offer: url_for("offers.edit", offer_id=offer.id),
        refused=lambda r: page(refusal=r))


def _new_page(competition, form, organisations, *, status: int = 200, refusal=None):
    if refusal is not None:
        for message in refusal.messages:
            flash(message, "error")
        status = refusal.status
    return render_template("offers/new.html", competition=competition, form=form,
                           verified=[o for o in organisations if o.is_verified],
                           pending=[o for o in organisations if not o.is_verified],
                           is_open=services.is_open(competition),
                           organisations=organisations), status


# ---------------------------------------------------------------- the edit page

def _problem_map(problems: list[Problem]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(p.field, []).append(p.message)
    return out


def _translated_problems(problems: list[Problem]) -> list[Problem]:
    return [Problem(p.field, translate(p.message)) for p in problems]


def _render_edit(offer, version, form, *, problems=None, checked=False, loose=(),
                 status=200, focus=None):
    competition = offer.competition
    problems = _translated_problems(problems or [])
    return render_template(
        "offers/edit.html", offer=offer, version=version, competition=competition,
        task=offer.task, organisation=offer.organisation, form=form, preview=editing.preview(form),
        problems=problems, problem_map=_problem_map(problems), checked=checked,
        loose_errors=list(loose), declarations=rules.DECLARATIONS, read_only=False,
        focus=focus, partner_orgs={p.organisation.nip: p.organisation
                                   for p in version.partners if p.organisation},
    ), status


def _render_read_only(offer, version, message: str, status: int = 200):
    return render_template(
        "offers/edit.html", offer=offer, version=version, competition=offer.competition,
        task=offer.task, organisation=offer.organisation, read_only=True,
        read_only_message=message, c=_content_of(version),
    ), status


@bp.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@login_required
def edit(offer_id: int):
    offer = _load_for_change(offer_id)
    version = offer.draft_version
    if services.filing_window(offer) is None:
        return _closed(offer, version)
    if version is None:
        return _not_a_draft(offer)
    if request.method == "GET":
        return _render_edit(offer, version, editing.fresh_form(version, offer.competition))
    return _save_edit(offer, version)


def _closed(offer, version):
    """The page of an offer outside its filing window: read only, with the reason."""
    competition = offer.competition
    shown = version or offer.filed_version or offer.latest_version
    message = _("Termin składania ofert minął %(when)s. Oferty nie można już zmienić, "
                "złożyć, zastąpić ani wycofać.",
                when=formatting.datetime(competition.offer_deadline))
    if competition.status != CallStatus.PUBLISHED:
        message = _("Konkurs nie przyjmuje ofert. Oferty nie można zmienić.")
    refusal = services.correction_refusal(offer)
    if refusal is not None:  # a correction requested in the formal check
        message = translate(refusal.message)
    return _render_read_only(offer, shown, message, 409 if request.method == "POST" else 200)


def _not_a_draft(offer):
    """A filed or withdrawn offer with no draft: back to its page, saying why."""
    if offer.status == OfferStatus.WITHDRAWN:
        flash(_("Oferta została wycofana i nie może być zmieniana."), "warning")
    elif services.in_correction(offer):
        flash(_("Aby uzupełnić ofertę, przygotuj uzupełnienie na stronie oferty."), "info")
    else:
        flash(_("Oferta jest złożona i zamrożona. Aby ją zmienić przed terminem, "
                "przygotuj ofertę zastępczą."), "info")
    return redirect(url_for("offers.view", offer_id=offer.id))


def _save_edit(offer, version):
    """A button of the edit page: save the draft (and add / remove a row or an attachment,
    upload a file), then check it, show the added row, go to filing or back to the page."""
    form = OfferForm()
    editing.upload_choices(form, offer.competition)
    action = editing.parse_action(request.form.get("action", "save"))
    valid = form.validate()
    resolved = editing.resolve_partners(form)
    if not valid or any(e.form.lookup.errors for e in form.partners.entries):
        return _unsaved(offer, version, form, action)
    data, index_map = editing.data_from_form(form, resolved, action.removed_row)
    rows = editing.drop_removed_row(form, action, index_map)  # the form shown if refused
    call = partial(_save_draft, version, form, action, data)
    refused = partial(_edit_refused, offer, version, form)
    if action.verb in ("check", "add"):
        return _save_and_show(offer, version, action, call, refused, form, rows)
    return actions.run(call, form=form, rows=rows, refused=refused,
                       success=None if action.verb == "file" else _("Szkic oferty zapisany."),
                       next=_after_save(offer, action))


def _save_draft(version, form: OfferForm, action: editing.EditAction, data: dict):
    """The services a button calls; returns the problems of the saved draft."""
    problems = services.save_draft(version, actor=current_user, data=data)
    upload = request.files.get("upload")
    if action.verb == "upload" or (upload is not None and upload.filename):
        _attach(version, form, upload)
        problems = services.check_version(version)
    if action.attachment_id is not None:
        offer_attachments.remove_attachment(version, action.attachment_id, actor=current_user)
        problems = services.check_version(version)
    return problems


def _attach(version, form: OfferForm, upload) -> None:
    if upload is None or not upload.filename:
        raise DomainError(_("Wybierz plik do dołączenia."),
                          field_errors={"upload": [_("Wybierz plik.")]})
    kind_id = form.upload_kind.data
    offer_attachments.add_attachment(
        version, actor=current_user, filename=upload.filename,
        content_type=upload.mimetype, data=upload.read(),
        allowed_extensions=current_app.config["UPLOAD_ALLOWED_EXTENSIONS"],
        required_attachment_id=int(kind_id) if kind_id and kind_id.isdigit() else None)


def _save_and_show(offer, version, action, call, refused, form, rows):
    """Check and add-a-row save the draft and show the page at once (the problems found, the
    new blank row) rather than redirect: the transaction of core.actions, answered here."""
    try:
        problems = actions.commit(call)
    except DomainError as exc:
        return refused(actions.refusal_of(exc, form, rows=rows))
    fresh = editing.fresh_form(version, offer.competition)
    if action.verb == "check":
        return _render_edit(offer, version, fresh, problems=problems, checked=True)
    fresh[action.kind].append_entry()
    return _render_edit(offer, version, fresh,
                        focus=f"{action.kind}-{len(fresh[action.kind]) - 1}")


def _edit_refused(offer, version, form, refusal: actions.Refusal):
    if isinstance(refusal.error, DeadlinePassed):
        return _render_read_only(offer, offer.draft_version or offer.latest_version,
                                 translate(refusal.error.message), 409)
    return _render_edit(offer, version, form, loose=refusal.messages)


def _unsaved(offer, version, form, action: editing.EditAction):
    """The form is not valid: nothing is saved, the page shows what was typed."""
    editing.apply_row_change(form, action)
    loose = [_("Szkic nie został zapisany - popraw zaznaczone pola. Wpisane dane są "
               "zachowane na formularzu.")]
    if request.files.get("upload") and request.files["upload"].filename:
        loose.append(_("Wybrany plik nie został dołączony - wybierz go ponownie po "
                       "poprawieniu formularza."))
    return _render_edit(offer, version, form, loose=loose)


def _after_save(offer, action: editing.EditAction) -> str:
    if action.verb == "file" and permissions.can_file_offer(current_user, offer):
        return url_for("offers.file", offer_id=offer.id)
    anchor = {"remove": f"section-{action.kind}", "upload": "section-attachments"}.get(
        action.verb)
    if action.attachment_id is not None:
        anchor = "section-attachments"
    return url_for("offers.edit", offer_id=offer.id) + (f"#{anchor}" if anchor else "")


# ---------------------------------------------------------------- view, pdf, attachment

@bp.route("/offers/<int:offer_id>")
@login_required
def view(offer_id: int):
    offer = _load_offer(offer_id)
    number = request.args.get("v", type=int)
    version, visible = _shown_version(offer, number)
    can_edit = permissions.can_edit_offer(current_user, offer)
    return render_template(
        "offers/view.html", offer=offer, version=version, versions=visible,
        c=_content_of(version), can_edit=can_edit, is_open=services.is_open(offer.competition),
        can_file=permissions.can_file_offer(current_user, offer),
        can_withdraw=permissions.can_withdraw_offer(current_user, offer),
        competition=offer.competition, confirm_form=ConfirmForm(),
    )


@bp.route("/offers/<int:offer_id>/versions/<int:version_no>/pdf")
@login_required
def pdf(offer_id: int, version_no: int):
    offer = _load_offer(offer_id)
    version = next((v for v in offer.versions if v.number == version_no), None)
    if (version is None or version.pdf_file is None
            or not permissions.can_view_version(current_user, version)):
        abort(404)
    stored = version.pdf_file
    return send_file(io.BytesIO(stored.data), mimetype="application/pdf", as_attachment=True,
                     download_name=stored.filename)


@bp.route("/offers/<int:offer_id>/attachments/<int:attachment_id>")
@login_required
def attachment(offer_id: int, attachment_id: int):
    offer = _load_offer(offer_id)
    att = db.session.get(OfferAttachment, attachment_id)
    version = next((v for v in offer.versions if att is not None and v.id == att.version_id),
                   None)
    if version is None or not permissions.can_view_attachment(current_user, att, version):
        abort(404)
    return send_stored(att.stored_file)


# ---------------------------------------------------------------- filing and the other verbs

def _file_page(offer, form, *, problems=None, message=None, status=200):
    version = offer.draft_version
    if problems is None and version is not None:
        problems = services.check_version(version)
    return render_template(
        "offers/file.html", offer=offer, version=version, form=form,
        problems=_translated_problems(problems or []), message=message,
        competition=offer.competition,
        representatives=offer.organisation.representatives,
        is_open=services.filing_window(offer) is not None,
    ), status


@bp.route("/offers/<int:offer_id>/file", methods=["GET", "POST"])
@login_required
def file(offer_id: int):
    offer = _load_for_change(offer_id, permissions.can_file_offer)
    form = FileOfferForm()
    form.signed_by.choices = [
        SelectChoice(r.id, f"{r.full_name} – {r.function}"
                     + (" " + _("(reprezentuje samodzielnie)") if r.signs_alone else ""))
        for r in offer.organisation.representatives]
    if request.method == "GET":
        if offer.draft_version is None:
            return redirect(url_for("offers.view", offer_id=offer.id))
        return _file_page(offer, form)
    if not form.validate_on_submit():
        return _file_page(offer, form, status=422)
    return actions.run(
        lambda: offer_filing.file_offer(offer, actor=current_user, signed_by=form.signed_by.data),
        form=form, next=url_for("offers.view", offer_id=offer.id),
        success=lambda version: _(
            "Oferta %(number)s została złożona %(when)s. Suma kontrolna SHA-256: %(sha)s. "
            "Potwierdzenie wysłaliśmy e-mailem.", number=offer.number,
            when=formatting.datetime(version.filed_at), sha=version.sha256),
        refused=lambda r: _file_page(offer, form, message=r.messages[0], status=r.status))


def _simple_verb(offer_id: int, verb, success: str, *, needs_confirm: bool = False,
                 to_edit: bool = False, allowed=permissions.can_edit_offer):
    offer = _load_for_change(offer_id, allowed)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if needs_confirm and not form.confirm.data:
        flash(_("Zaznacz pole potwierdzenia."), "error")
        return redirect(url_for("offers.view", offer_id=offer.id))
    return actions.run(
        lambda: verb(offer, actor=current_user), success=success,
        next=url_for("offers.edit" if to_edit else "offers.view", offer_id=offer.id),
        refused_next=url_for("offers.view", offer_id=offer.id))


@bp.route("/offers/<int:offer_id>/withdraw", methods=["POST"])
@login_required
def withdraw(offer_id: int):
    return _simple_verb(offer_id, services.withdraw_offer,
                        _("Oferta została wycofana. Jej wersje pozostają w historii."),
                        needs_confirm=True, allowed=permissions.can_withdraw_offer)


@bp.route("/offers/<int:offer_id>/replace", methods=["POST"])
@login_required
def replace(offer_id: int):
    return _simple_verb(offer_id, services.start_replacement,
                        _("Przygotowano ofertę zastępczą (kopię złożonej). Złożona wersja "
                          "obowiązuje, dopóki nie złożysz zastępczej."), to_edit=True)


@bp.route("/offers/<int:offer_id>/discard", methods=["POST"])
@login_required
def discard(offer_id: int):
    return _simple_verb(offer_id, services.discard_replacement,
                        _("Oferta zastępcza została porzucona; obowiązuje złożona wersja."))


# ---------------------------------------------------------------- the officer's list

@bp.route("/officer/competitions/<int:competition_id>/offers")
@login_required
def for_competition(competition_id: int):
    competition = db.session.get(Competition, competition_id)
    if competition is None or not permissions.can_list_competition_offers(current_user,
                                                                           competition):
        abort(404)
    page = queries.filed_offers_page(competition,
                                     min(request.args.get("page", 1, type=int) or 1, 100_000))
    return render_template("offers/for_competition.html", competition=competition,
                           page=page, offers=page.items)
