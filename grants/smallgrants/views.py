"""Small grants (art. 19a): the NGO's drafts and filing, the officer's handling, the
administrator's yearly plans, the public page with the comment form.

Thin views: parse -> load (404) -> authorize (smallgrants.permissions; 404 when the user may
not know the offer exists, 403 when they may see but not change it) -> one service ->
commit -> redirect. A refused change re-renders the page with what was typed.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from flask import (
    Blueprint,
    abort,
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

from grants.core import actions, clock, formatting, listing
from grants.core.errors import DomainError
from grants.core.forms import ConfirmForm, polish_choice
from grants.core.i18n import N_, translate
from grants.extensions import db
from grants.offers.costs import CostLine
from grants.offers.templates import SIMPLIFIED
from grants.organisations.areas import AREAS, area_name
from grants.smallgrants import (
    comments,
    content,
    lists,
    permissions,
    queries,
    rules,
    services,
)
from grants.smallgrants.forms import (
    ROW_KINDS,
    FileForm,
    NewSmallGrantForm,
    SmallGrantForm,
)
from grants.smallgrants.models import (
    CommentState,
    SmallGrantOffer,
    SmallGrantStatus,
)

bp = Blueprint("smallgrants", __name__)

STATUS_LABELS = lists.STATUS_LABELS
COMMENT_LABELS = {
    CommentState.PENDING: N_("oczekuje na moderację"),
    CommentState.APPROVED: N_("opublikowana"),
    CommentState.REJECTED: N_("odrzucona"),
}
WITHDRAWABLE = (SmallGrantStatus.FILED, SmallGrantStatus.PURPOSEFUL, SmallGrantStatus.PUBLISHED,
                SmallGrantStatus.CONSULTATION_CLOSED)


def _iso_date(value: str | None) -> str:
    return formatting.date(dt.date.fromisoformat(value)) if value else "–"


@bp.app_context_processor
def _helpers():
    return {"sg_perms": permissions, "sg_status_labels": STATUS_LABELS,
            "sg_comment_labels": COMMENT_LABELS, "sg_area_name": lambda c: _(area_name(c)),
            "sg_date": _iso_date}


# ---------------------------------------------------------------- loading

def _load(offer_id: int) -> SmallGrantOffer:
    offer = queries.get_offer(offer_id)
    if offer is None or not permissions.can_view_offer(current_user, offer):
        abort(404)
    return offer


def _load_for_change(offer_id: int, allowed=permissions.can_edit_offer) -> SmallGrantOffer:
    offer = _load(offer_id)
    if not allowed(current_user, offer):
        abort(403)
    return offer


def offer_content(offer: SmallGrantOffer) -> dict:
    """The frozen content of a filed offer, the live one of a draft."""
    return offer.content if offer.content else content.offer_content(offer)


def _translated_problems(problems) -> list[rules.Problem]:
    return [rules.Problem(p.field, translate(p.message)) for p in problems]


def _problem_map(problems) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(p.field, []).append(p.message)
    return out


def _area_choices(blank: str) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(code, _(name)) for code, name in AREAS]


# ---------------------------------------------------------------- NGO: my offers, new

@bp.route("/small-grants/mine")
@login_required
def mine():
    organisations = queries.user_organisations(current_user)
    spec = lists.MINE.with_choices(organisation=[(str(o.id), o.name) for o in organisations])
    return listing.respond(
        spec, lists.offers_of_organisations(permissions.listed_organisation_ids(current_user)),
        template="smallgrants/mine.html", session=db.session, organisations=organisations)


def _new_form(verified, organisers) -> NewSmallGrantForm:
    form = NewSmallGrantForm()
    form.organisation_id.choices = [polish_choice(o.id, f"{o.name} (NIP {o.nip})")
                                    for o in verified]
    form.organiser_id.choices = [polish_choice(o.id, o.name) for o in organisers]
    form.area.choices = _area_choices(_("– wybierz –"))
    if request.method == "GET":
        if len(verified) == 1:
            form.organisation_id.data = verified[0].id
        if len(organisers) == 1:
            form.organiser_id.data = organisers[0].id
    return form


@bp.route("/small-grants/new", methods=["GET", "POST"])
@login_required
def new():
    organisations = queries.user_organisations(current_user)
    verified = [o for o in organisations if o.is_verified]
    organisers = queries.organisers()
    form = _new_form(verified, organisers)

    def render(status: int = 200):
        return render_template("smallgrants/new.html", form=form, verified=verified,
                               pending=[o for o in organisations if not o.is_verified],
                               organisations=organisations, limits=_limits_today()), status

    def refused(r: actions.Refusal):
        for message in r.messages:
            flash(message, "error")
        return render(r.status)

    if request.method == "GET":
        return render()
    if not form.validate_on_submit():
        return render(422)
    organisation = next(o for o in verified if o.id == form.organisation_id.data)
    organiser = next(o for o in organisers if o.id == form.organiser_id.data)
    return actions.run(
        lambda: services.start_small_grant(organisation, organiser, actor=current_user,
                                           title=form.title.data or "",
                                           area=form.area.data or ""),
        next=lambda offer: url_for("smallgrants.edit", offer_id=offer.id), refused=refused,
        success=_("Utworzono szkic oferty w trybie pozakonkursowym. Wypełnij formularz i złóż "
                  "ofertę."))


def _limits_today() -> rules.Limits | None:
    try:
        return services.limits_on(clock.today())
    except DomainError:
        return None


# ---------------------------------------------------------------- NGO: the draft

def _form_data(offer: SmallGrantOffer) -> dict:
    data = {name: getattr(offer, name) for name in content.TEXT_FIELDS}
    for name in SIMPLIFIED.money_fields + ("start_date", "end_date"):
        data[name] = getattr(offer, name)
    data["declarations"] = {k: bool((offer.declarations or {}).get(k))
                            for k in rules.DECLARATION_KEYS}
    data["mode"] = offer.mode
    for kind in ROW_KINDS:
        data[kind] = [{f: getattr(r, f) for f in SIMPLIFIED.row_specs[kind][1]}
                      for r in getattr(offer, kind)]
    return data


def _set_choices(form: SmallGrantForm) -> SmallGrantForm:
    form.area.choices = _area_choices(_("– wybierz –"))
    return form


def _fresh_form(offer: SmallGrantOffer) -> SmallGrantForm:
    return _set_choices(SmallGrantForm(formdata=None, data=_form_data(offer)))


def _row_action(action: str) -> tuple[str, str | None, int | None]:
    """"add:cost_items" / "remove:results:2" -> (verb, kind, index)."""
    parts = action.split(":")
    if len(parts) >= 2 and parts[0] in ("add", "remove") and parts[1] in ROW_KINDS:
        if parts[0] == "remove":
            try:
                return "remove", parts[1], int(parts[2])
            except (IndexError, ValueError):
                return "save", None, None
        return "add", parts[1], None
    return (action if action in ("save", "check", "file") else "save"), None, None


def _is_blank_row(entry) -> bool:
    return not any(r.strip() for f in entry.form for r in (f.raw_data or [])
                   if isinstance(r, str))


def _data_from_form(form: SmallGrantForm, remove) -> tuple[dict, dict[str, list[int]]]:
    data: dict = {name: form[name].data for name in content.TEXT_FIELDS}
    for name in SIMPLIFIED.money_fields + ("start_date", "end_date"):
        data[name] = form[name].data
    data["declarations"] = dict(form.declarations.data)
    data["mode"] = form.mode.data
    index_map: dict[str, list[int]] = {}
    for kind in ROW_KINDS:
        rows, indices = [], []
        for i, entry in enumerate(form[kind].entries):
            if remove == (kind, i) or _is_blank_row(entry):
                continue
            rows.append(dict(entry.form.data))
            indices.append(i)
        data[kind] = rows
        index_map[kind] = indices
    return data, index_map




def _preview(form: SmallGrantForm) -> dict:
    zero = Decimal("0")
    lines = [CostLine(unit_cost=e.form.unit_cost.data or zero, units=e.form.units.data or zero,
                      grant_part=e.form.grant_part.data or zero)
             for e in form.cost_items.entries]
    t = rules.totals(lines, form.own_financial.data or zero, form.own_personal.data or zero,
                     form.own_in_kind.data or zero)
    return {"values": [ln.value for ln in lines], "totals": t}


def _render_edit(offer, form, *, problems=None, checked=False, loose=(), status=200,
                 focus=None):
    problems = _translated_problems(problems or [])
    return render_template(
        "smallgrants/edit.html", offer=offer, form=form, preview=_preview(form),
        problems=problems, problem_map=_problem_map(problems), checked=checked,
        loose_errors=list(loose), declarations=rules.DECLARATIONS, focus=focus,
        limits=_limits_today()), status


def _render_invalid(offer, form, verb: str, kind: str | None, index: int | None):
    """The draft was not saved (a typed value is not valid): the row asked for is still added
    or removed on the form, which keeps what was typed."""
    if verb == "add":
        form[kind].append_entry()
    elif verb == "remove" and index is not None and index < len(form[kind].entries):
        form[kind].entries.pop(index)
    return _render_edit(offer, form, status=422, loose=[
        _("Szkic nie został zapisany - popraw zaznaczone pola. Wpisane dane są zachowane "
          "na formularzu.")])


@bp.route("/small-grants/<int:offer_id>/edit", methods=["GET", "POST"])
@login_required
def edit(offer_id: int):
    offer = _load_for_change(offer_id)
    if offer.status != SmallGrantStatus.DRAFT:
        flash(_("Oferta została złożona i jest zamrożona - nie można jej już zmieniać."),
              "info")
        return redirect(url_for("smallgrants.view", offer_id=offer.id))
    if request.method == "GET":
        return _render_edit(offer, _fresh_form(offer))

    form = _set_choices(SmallGrantForm())
    verb, kind, index = _row_action(request.form.get("action", "save"))
    if not form.validate():
        return _render_invalid(offer, form, verb, kind, index)
    remove = (kind, index) if verb == "remove" and index is not None else None
    data, index_map = _data_from_form(form, remove)
    try:
        problems = services.save_draft(offer, actor=current_user, data=data)
    except DomainError as exc:
        db.session.rollback()
        refusal = actions.refusal_of(exc, form, rows=index_map)
        if remove is not None and index < len(form[kind].entries):
            form[kind].entries.pop(index)
        return _render_edit(offer, form, status=refusal.status, loose=refusal.messages)
    db.session.commit()
    if verb == "check":
        return _render_edit(offer, _fresh_form(offer), problems=problems, checked=True)
    if verb == "add":
        fresh = _fresh_form(offer)
        fresh[kind].append_entry()
        return _render_edit(offer, fresh, focus=f"{kind}-{len(fresh[kind]) - 1}")
    if verb == "file":
        return redirect(url_for("smallgrants.view", offer_id=offer.id, _anchor="zlozenie"))
    flash(_("Szkic oferty zapisany."), "success")
    anchor = f"section-{kind}" if verb == "remove" else None
    return redirect(url_for("smallgrants.edit", offer_id=offer.id, _anchor=anchor))


# ---------------------------------------------------------------- NGO: view, file, withdraw

def _render_view(offer, *, file_form=None, problems=None, message=None, status=200):
    is_member = permissions.is_member(current_user, offer)
    if problems is None and offer.status == SmallGrantStatus.DRAFT and is_member:
        problems = services.check_offer(offer)
    return render_template(
        "smallgrants/view.html", offer=offer, c=offer_content(offer), can_edit=is_member,
        problems=_translated_problems(problems or []), message=message,
        file_form=file_form or FileForm(formdata=None), confirm_form=ConfirmForm(formdata=None),
        can_file=permissions.can_file_offer(current_user, offer),
        can_withdraw=permissions.can_file_offer(current_user, offer)
        and offer.status in WITHDRAWABLE,
        comment_open=comments.comment_period_open(offer)), status


@bp.route("/small-grants/<int:offer_id>")
@login_required
def view(offer_id: int):
    return _render_view(_load(offer_id))


def send_pdf(offer: SmallGrantOffer):
    """The PDF of the filed offer (rendered at filing, with its SHA-256), as a download."""
    stored = offer.pdf_file if not offer.is_draft else None
    if stored is None:
        abort(404)
    return send_file(io.BytesIO(stored.data), mimetype="application/pdf", as_attachment=True,
                     download_name=stored.filename)


@bp.route("/small-grants/<int:offer_id>/pdf")
@login_required
def pdf(offer_id: int):
    """The filed offer's PDF: for the offering organisation and the organiser's officers."""
    return send_pdf(_load(offer_id))


@bp.route("/small-grants/<int:offer_id>/file", methods=["POST"])
@login_required
def file(offer_id: int):
    offer = _load_for_change(offer_id, permissions.can_file_offer)
    form = FileForm()
    if not form.validate_on_submit():
        return _render_view(offer, file_form=form, status=422)

    def refused(r: actions.Refusal):
        errors = r.error.field_errors or {}
        problems = [rules.Problem(k, m) for k, ms in errors.items() for m in ms]
        return _render_view(offer, file_form=form, problems=problems or None,
                            message=_("Oferty nie można złożyć.") if problems
                            else r.messages[0], status=r.status)

    return actions.run(
        lambda: services.file_small_grant(offer, actor=current_user),
        next=url_for("smallgrants.view", offer_id=offer.id), refused=refused,
        success=lambda o: _("Oferta %(number)s została złożona %(when)s. Suma kontrolna "
                            "SHA-256: %(sha)s. Potwierdzenie wysłaliśmy e-mailem.",
                            number=o.number, when=formatting.datetime(o.received_at),
                            sha=o.sha256))


@bp.route("/small-grants/<int:offer_id>/withdraw", methods=["POST"])
@login_required
def withdraw(offer_id: int):
    offer = _load_for_change(offer_id, permissions.can_file_offer)
    form = ConfirmForm()
    if not form.validate_on_submit() or not form.confirm.data:
        flash(_("Zaznacz pole potwierdzenia, aby wycofać ofertę."), "error")
        return redirect(url_for("smallgrants.view", offer_id=offer.id))
    return actions.run(lambda: services.withdraw_small_grant(offer, actor=current_user),
                       next=url_for("smallgrants.view", offer_id=offer.id),
                       success=_("Oferta została wycofana."))


# the officer's, the administrator's and the public's pages are on the same blueprint
from grants.smallgrants import officer_views, public_views  # noqa: E402,F401
