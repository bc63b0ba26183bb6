"""Offers: the NGO's drafts and filed offers, the officer's list of filed offers.

Thin views: parse -> load (404) -> authorize (offers.permissions; 404 when the user may not
even know the offer exists, 403 when they may see but not change it) -> one service ->
commit -> redirect. A refused change re-renders the page with what was typed.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

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
from grants.core import formatting
from grants.core.errors import DeadlinePassed, DomainError
from grants.core.forms import ConfirmForm, flat_fields
from grants.core.i18n import N_, translated
from grants.extensions import db
from grants.offers import attachments as offer_attachments
from grants.offers import checks as offer_checks
from grants.offers import content as offer_content
from grants.offers import filing as offer_filing
from grants.offers import permissions, queries, rules, services
from grants.offers import templates as offer_templates
from grants.offers.forms import (
    ROW_KINDS,
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
    if offer is None or not permissions.can_view_offer(current_user, offer):
        abort(404)
    return offer


def _load_for_change(offer_id: int) -> Offer:
    offer = _load_offer(offer_id)
    if not permissions.can_edit_offer(current_user, offer):
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
    pending = [o for o in organisations if not o.is_verified]
    form = NewOfferForm()
    form.task_id.choices = [SelectChoice(t.id, t.title) for t in competition.tasks]
    form.organisation_id.choices = [SelectChoice(o.id, f"{o.name} (NIP {o.nip})")
                                    for o in verified]
    if request.method == "GET":
        if len(competition.tasks) == 1:
            form.task_id.data = competition.tasks[0].id
        if len(verified) == 1:
            form.organisation_id.data = verified[0].id
    is_open = services.is_open(competition)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            task = next(t for t in competition.tasks if t.id == form.task_id.data)
            organisation = next(o for o in verified if o.id == form.organisation_id.data)
            try:
                offer = services.start_offer(competition, task, organisation,
                                             actor=current_user)
            except DomainError as exc:
                db.session.rollback()
                flash(_(exc.message), "error")
                status = exc.status_code
            else:
                db.session.commit()
                flash(_("Utworzono szkic oferty. Wypełnij wszystkie części formularza i "
                        "złóż ofertę przed terminem."), "success")
                return redirect(url_for("offers.edit", offer_id=offer.id))
        else:
            status = 422
    return render_template("offers/new.html", competition=competition, form=form,
                           verified=verified, pending=pending, is_open=is_open,
                           organisations=organisations), status


# ---------------------------------------------------------------- the edit page

def _form_data(version) -> dict:
    """The version as form data (money as Decimal, rows as dicts)."""
    data = {name: getattr(version, name) for name in offer_templates.TEXT_FIELDS}
    for name in offer_templates.MONEY_FIELDS + ("start_date", "end_date", "paid_activity",
                                         "unpaid_activity"):
        data[name] = getattr(version, name)
    data["declarations"] = {k: bool((version.declarations or {}).get(k))
                            for k in rules.DECLARATION_KEYS}
    data["schedule"] = [{f: getattr(r, f) for f in offer_templates.ROW_SPECS["schedule"][1]}
                        for r in version.schedule]
    data["results"] = [{f: getattr(r, f) for f in offer_templates.ROW_SPECS["results"][1]}
                       for r in version.results]
    data["cost_items"] = [{f: getattr(r, f) for f in offer_templates.ROW_SPECS["cost_items"][1]}
                          for r in version.cost_items]
    data["partners"] = [{"lookup": r.organisation.nip if r.organisation else "",
                         "actions": r.actions, "cost_share": r.cost_share}
                        for r in version.partners]
    return data


def _fresh_form(version, competition) -> OfferForm:
    form = OfferForm(formdata=None, data=_form_data(version))
    _upload_choices(form, competition)
    return form


def _upload_choices(form: OfferForm, competition) -> None:
    form.upload_kind.choices = [SelectChoice("", _("inny załącznik"))] + [
        SelectChoice(str(r.id), r.name + (" " + _("(wymagany)") if r.mandatory else ""))
        for r in competition.required_attachments]




def _is_blank_row(kind: str, entry) -> bool:
    """Nothing typed in the row (the section and action number of a cost row do not count)."""
    ignore = {"section", "action_no"} if kind == "cost_items" else set()
    for f in entry.form:
        if f.short_name in ignore:
            continue
        if any(r.strip() for r in (f.raw_data or []) if isinstance(r, str)):
            return False
    return True


def _resolve_partners(form: OfferForm) -> dict[int, int | None]:
    """Map each partner row index to a verified organisation id (errors on the lookup)."""
    resolved: dict[int, int | None] = {}
    for i, entry in enumerate(form.partners.entries):
        text = (entry.form.lookup.data or "").strip()
        if not text:
            resolved[i] = None
            continue
        found = queries.find_verified_organisations(text)
        if len(found) == 1:
            resolved[i] = found[0].id
        elif not found:
            entry.form.lookup.errors = list(entry.form.lookup.errors) + [
                _("Nie znaleziono zweryfikowanej organizacji o takim NIP lub nazwie.")]
        else:
            names = ", ".join(f"{o.name} (NIP {o.nip})" for o in found[:5])
            entry.form.lookup.errors = list(entry.form.lookup.errors) + [
                _("Pasuje kilka organizacji: %(names)s. Wpisz NIP.", names=names)]
    return resolved


def _row_action(action: str) -> tuple[str, str | None, int | None]:
    """"add:cost_items" / "remove:cost_items:2" -> (verb, kind, index)."""
    parts = action.split(":")
    if len(parts) >= 2 and parts[0] in ("add", "remove") and parts[1] in ROW_KINDS:
        index = None
        if parts[0] == "remove":
            try:
                index = int(parts[2])
            except (IndexError, ValueError):
                return "save", None, None
        return parts[0], parts[1], index
    return (action if action in ("save", "check", "file", "upload") else "save"), None, None


def _data_from_form(form: OfferForm, resolved: dict[int, int | None],
                    remove: tuple[str, int] | None) -> tuple[dict, dict[str, list[int]]]:
    """Service data from a valid form; blank rows are dropped. Also returns, per kind, the
    form index of each data row (to put the service's messages back on the right field)."""
    data: dict = {name: form[name].data for name in offer_templates.TEXT_FIELDS}
    for name in offer_templates.MONEY_FIELDS + ("start_date", "end_date", "paid_activity",
                                         "unpaid_activity"):
        data[name] = form[name].data
    data["declarations"] = dict(form.declarations.data)
    index_map: dict[str, list[int]] = {}
    for kind in ROW_KINDS:
        rows, indices = [], []
        for i, entry in enumerate(form[kind].entries):
            if remove == (kind, i) or _is_blank_row(kind, entry):
                continue
            row = dict(entry.form.data)
            if kind == "partners":
                row = {"organisation_id": resolved.get(i), "actions": row["actions"],
                       "cost_share": row["cost_share"]}
            rows.append(row)
            indices.append(i)
        data[kind] = rows
        index_map[kind] = indices
    return data, index_map


def _apply_service_errors(form: OfferForm, field_errors: dict[str, list[str]],
                          index_map: dict[str, list[int]]) -> list[str]:
    """Put the service's field messages on the fields; return those without a field."""
    fields = flat_fields(form)
    loose = []
    for key, messages in field_errors.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] in index_map and parts[1].isdigit():
            mapped = index_map[parts[0]]
            data_index = int(parts[1])
            if data_index < len(mapped):
                key = f"{parts[0]}-{mapped[data_index]}-{parts[2]}"
        field = fields.get(key)
        if field is not None:
            field.errors = list(field.errors) + translated(messages)
        else:
            loose.extend(translated(messages))
    return loose


def _preview(form: OfferForm) -> dict:
    """Codes, values, totals and shares computed from what the form holds (None as 0)."""
    zero = Decimal("0")
    lines = []
    for entry in form.cost_items.entries:
        f = entry.form
        lines.append(rules.CostLine(
            section=f.section.data if f.section.data in ("I", "II") else "I",
            action_no=f.action_no.data or 1, unit_cost=f.unit_cost.data or zero,
            units=f.units.data or zero, grant_part=f.grant_part.data or zero))
    t = rules.totals(lines)
    src = rules.Sources(total=t.total, grant=t.grant,
                        own_financial=form.own_financial.data or zero,
                        own_personal=form.own_personal.data or zero,
                        own_in_kind=form.own_in_kind.data or zero,
                        beneficiaries_cash=form.beneficiaries_cash.data or zero)
    partners_sum = (form.lead_cost_share.data or zero) + sum(
        ((e.form.cost_share.data or zero) for e in form.partners.entries), zero)
    return {"codes": rules.item_codes(lines), "values": [ln.value for ln in lines],
            "totals": t, "sources": src, "shares": src.shares(),
            "split_sum": partners_sum, "split_diff": t.total - partners_sum}


def _problem_map(problems: list[rules.Problem]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(p.field, []).append(p.message)
    return out


def _translated_problems(problems: list[rules.Problem]) -> list[rules.Problem]:
    return [rules.Problem(p.field, _(p.message)) for p in problems]


def _render_edit(offer, version, form, *, problems=None, checked=False, loose=(),
                 status=200, focus=None):
    competition = offer.competition
    problems = _translated_problems(problems or [])
    return render_template(
        "offers/edit.html", offer=offer, version=version, competition=competition,
        task=offer.task, organisation=offer.organisation, form=form, preview=_preview(form),
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
    competition = offer.competition
    version = offer.draft_version
    if services.filing_window(offer) is None:
        shown = version or offer.filed_version or offer.latest_version
        message = _("Termin składania ofert minął %(when)s. Oferty nie można już zmienić, "
                    "złożyć, zastąpić ani wycofać.",
                    when=formatting.datetime(competition.offer_deadline))
        if competition.status != CallStatus.PUBLISHED:
            message = _("Konkurs nie przyjmuje ofert. Oferty nie można zmienić.")
        refusal = services.correction_refusal(offer)
        if refusal is not None:  # a correction requested in the formal check
            message = _(refusal.message)
        return _render_read_only(offer, shown, message,
                                 409 if request.method == "POST" else 200)
    if version is None:
        if offer.status == OfferStatus.WITHDRAWN:
            flash(_("Oferta została wycofana i nie może być zmieniana."), "warning")
        elif services.in_correction(offer):
            flash(_("Aby uzupełnić ofertę, przygotuj uzupełnienie na stronie oferty."), "info")
        else:
            flash(_("Oferta jest złożona i zamrożona. Aby ją zmienić przed terminem, "
                    "przygotuj ofertę zastępczą."), "info")
        return redirect(url_for("offers.view", offer_id=offer.id))

    if request.method == "GET":
        return _render_edit(offer, version, _fresh_form(version, competition))

    form = OfferForm()
    _upload_choices(form, competition)
    verb, kind, index = _row_action(request.form.get("action", "save"))
    raw_action = request.form.get("action", "save")
    attachment_to_remove = None
    if raw_action.startswith("remove_attachment:"):
        try:
            attachment_to_remove = int(raw_action.split(":", 1)[1])
        except ValueError:
            attachment_to_remove = None
    valid = form.validate()
    resolved = _resolve_partners(form)
    has_errors = not valid or any(
        e.form.lookup.errors for e in form.partners.entries)
    if has_errors:
        if verb == "add":
            form[kind].append_entry()
        elif verb == "remove" and index is not None and index < len(form[kind].entries):
            form[kind].entries.pop(index)
        loose = [_("Szkic nie został zapisany - popraw zaznaczone pola. Wpisane dane są "
                   "zachowane na formularzu.")]
        if request.files.get("upload") and request.files["upload"].filename:
            loose.append(_("Wybrany plik nie został dołączony - wybierz go ponownie po "
                           "poprawieniu formularza."))
        return _render_edit(offer, version, form, loose=loose)

    remove = (kind, index) if verb == "remove" and index is not None else None
    data, index_map = _data_from_form(form, resolved, remove)
    try:
        problems = services.save_draft(version, actor=current_user, data=data)
        upload = request.files.get("upload")
        if verb == "upload" or (upload is not None and upload.filename):
            if upload is None or not upload.filename:
                raise DomainError(_("Wybierz plik do dołączenia."),
                                  field_errors={"upload": [_("Wybierz plik.")]})
            kind_id = form.upload_kind.data
            offer_attachments.add_attachment(
                version, actor=current_user, filename=upload.filename,
                content_type=upload.mimetype, data=upload.read(),
                allowed_extensions=current_app.config["UPLOAD_ALLOWED_EXTENSIONS"],
                required_attachment_id=int(kind_id) if kind_id and kind_id.isdigit() else None)
            problems = offer_checks.check_version(version)
        if attachment_to_remove is not None:
            offer_attachments.remove_attachment(version, attachment_to_remove, actor=current_user)
            problems = offer_checks.check_version(version)
        db.session.commit()
    except DeadlinePassed as exc:
        db.session.rollback()
        return _render_read_only(offer, offer.draft_version or offer.latest_version,
                                 _(exc.message), 409)
    except DomainError as exc:
        db.session.rollback()
        if remove is not None and index < len(form[kind].entries):
            form[kind].entries.pop(index)
            index_map = {k: [j - 1 if (k == kind and j > index) else j for j in v]
                         for k, v in index_map.items()}
        loose = _apply_service_errors(form, exc.field_errors, index_map)
        if not exc.field_errors or loose:
            loose = [_(exc.message)] + loose
        else:
            loose = [_(exc.message)]
        return _render_edit(offer, version, form, loose=loose)

    if verb == "check":
        return _render_edit(offer, version, _fresh_form(version, competition),
                            problems=problems, checked=True)
    if verb == "add":
        fresh = _fresh_form(version, competition)
        fresh[kind].append_entry()
        return _render_edit(offer, version, fresh, focus=f"{kind}-{len(fresh[kind]) - 1}")
    if verb == "file":
        return redirect(url_for("offers.file", offer_id=offer.id))
    flash(_("Szkic oferty zapisany."), "success")
    anchor = {"remove": f"section-{kind}", "upload": "section-attachments"}.get(verb)
    if attachment_to_remove is not None:
        anchor = "section-attachments"
    return redirect(url_for("offers.edit", offer_id=offer.id) + (f"#{anchor}" if anchor else ""))


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
    stored = att.stored_file
    return send_file(io.BytesIO(stored.data), mimetype=stored.content_type, as_attachment=True,
                     download_name=stored.filename)


# ---------------------------------------------------------------- filing and the other verbs

def _file_page(offer, form, *, problems=None, message=None, status=200):
    version = offer.draft_version
    if problems is None and version is not None:
        problems = offer_checks.check_version(version)
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
    offer = _load_for_change(offer_id)
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
    try:
        version = offer_filing.file_offer(offer, actor=current_user, signed_by=form.signed_by.data)
    except DomainError as exc:
        db.session.rollback()
        problems = None
        if exc.field_errors.get("signed_by"):
            form.signed_by.errors = (list(form.signed_by.errors)
                                     + translated(exc.field_errors["signed_by"]))
        return _file_page(offer, form, problems=problems, message=_(exc.message),
                          status=exc.status_code)
    db.session.commit()
    flash(_("Oferta %(number)s została złożona %(when)s. Suma kontrolna SHA-256: %(sha)s. "
            "Potwierdzenie wysłaliśmy e-mailem.", number=offer.number,
            when=formatting.datetime(version.filed_at), sha=version.sha256), "success")
    return redirect(url_for("offers.view", offer_id=offer.id))


def _simple_verb(offer_id: int, verb, success: str, *, needs_confirm: bool = False,
                 to_edit: bool = False):
    offer = _load_for_change(offer_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if needs_confirm and not form.confirm.data:
        flash(_("Zaznacz pole potwierdzenia."), "error")
        return redirect(url_for("offers.view", offer_id=offer.id))
    try:
        verb(offer, actor=current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
        return redirect(url_for("offers.view", offer_id=offer.id))
    db.session.commit()
    flash(success, "success")
    return redirect(url_for("offers.edit" if to_edit else "offers.view", offer_id=offer.id))


@bp.route("/offers/<int:offer_id>/withdraw", methods=["POST"])
@login_required
def withdraw(offer_id: int):
    return _simple_verb(offer_id, services.withdraw_offer,
                        _("Oferta została wycofana. Jej wersje pozostają w historii."),
                        needs_confirm=True)


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
