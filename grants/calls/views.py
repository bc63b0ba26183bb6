"""Competitions: the officer's pages (draft, publish, correct, documents) and the public pages.

Officer pages: 403 for a user who is not an officer anywhere; 404 for a competition of an
organiser the officer does not work for (its existence is not revealed). Public pages: no
login; drafts are 404.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.calls import forms, permissions, publication, queries, services
from grants.calls.catalogue import MODE_LABELS, PHASE_LABELS, PUBLIC_PHASES
from grants.calls.models import CallStatus, Competition, Mode, Phase
from grants.calls.snapshots import ROWS as SNAPSHOT_ROWS
from grants.calls.validation import validate_for_publication
from grants.core import actions, clock
from grants.core.http import typed_id
from grants.core.i18n import translate, translated
from grants.documents.serving import send_stored
from grants.extensions import db
from grants.organisations.areas import AREA_NAMES, area_name

bp = Blueprint("calls", __name__)


def _area_label(code: str) -> str:
    return _(area_name(code))


def _template_context(**extra) -> dict:
    return {"perms_calls": permissions, "mode_labels": MODE_LABELS,
            "phase_labels": PHASE_LABELS, "area_name": _area_label, **extra}


# --- loading and authorising ------------------------------------------------------------------

def _require_officer() -> None:
    if not permissions.can_manage_calls(current_user):
        abort(403)


def _staff_competition(competition_id: int, *, full: bool = False) -> Competition:
    _require_officer()
    competition = (queries.competition_full(competition_id) if full
                   else db.session.get(Competition, competition_id))
    if competition is None or not permissions.can_edit_call(current_user, competition):
        abort(404)
    return competition


# --- officer: list, new, edit ---------------------------------------------------------------

@bp.route("/officer/competitions")
@login_required
def manage():
    _require_officer()
    competitions = queries.officer_competitions(permissions.officer_organiser_ids(current_user))
    return render_template("calls/manage.html", competitions=competitions,
                           **_template_context())


def _row_action(form: forms.CompetitionForm, action: forms.RowAction, *, organiser_id: int | None,
                area: str | None, year: int, exclude_id: int | None) -> None:
    """Apply an add/remove/fill button to the form (nothing is saved; nothing typed is lost)."""
    if action.kind == "add":
        form.add_row(action.group)
    elif action.kind == "remove":
        form.remove_row(action.group, action.index)
    elif action.kind == "fill_same_kind":
        if not organiser_id:
            form.general_errors.append(
                _("Aby uzupełnić tabelę z historii, wybierz najpierw organizatora."))
            return
        if area not in AREA_NAMES:
            form.general_errors.append(
                _("Aby uzupełnić tabelę z historii, wybierz najpierw rodzaj zadania."))
            return
        rows = queries.same_kind_history(organiser_id, area, year, exclude_id=exclude_id)
        if rows:
            form.replace_rows("same_kind_tasks", rows)
            flash(_("Uzupełniono tabelę zadań tego samego rodzaju z historii systemu (%(n)d "
                    "wierszy). Sprawdź ją i zapisz ogłoszenie.", n=len(rows)), "info")
        else:
            flash(_("W systemie nie ma zadań tego samego rodzaju z lat %(a)d–%(b)d. Tabelę "
                    "możesz wypełnić ręcznie.", a=year - 1, b=year), "info")


def _render_form(form, *, competition: Competition | None, kind: str):
    title = {"new": _("Nowy konkurs"), "edit": _("Edycja szkicu ogłoszenia"),
             "correct": _("Sprostowanie ogłoszenia")}[kind]
    return render_template("calls/edit.html", form=form, competition=competition, kind=kind,
                           page_title=title, groups=forms.GROUPS,
                           **_template_context())


def _chosen_organiser_id(form, organisers) -> int | None:
    """The organiser picked in the form, only if the officer works for it."""
    allowed = {o.id for o in organisers}
    if "organiser_id" in form._fields:
        chosen = form.organiser_id.data
        return chosen if chosen in allowed else None
    return organisers[0].id if organisers else None


def _refused_draft(form, *, competition, kind: str):
    """A refused draft: the service's messages on the form's inputs, the form again."""
    def show(refusal: actions.Refusal):
        form.apply_errors(refusal.error.field_errors, translate(refusal.error.message))
        return _render_form(form, competition=competition, kind=kind)
    return show


@bp.route("/officer/competitions/new", methods=["GET", "POST"])
@login_required
def new():
    _require_officer()
    organisers = queries.organisers_by_ids(permissions.officer_organiser_ids(current_user))
    if request.method == "POST":
        form = forms.CompetitionForm()
    else:
        mode = Mode.POWIERZENIE if request.args.get("mode") == "powierzenie" else Mode.WSPIERANIE
        form = forms.CompetitionForm(data=forms.form_data(defaults=services.draft_defaults(mode)))
    form.set_organisers(organisers)
    if request.method == "POST":
        action = forms.parse_action(request.form.get("action"))
        if action.kind != "save":
            _row_action(form, action, organiser_id=_chosen_organiser_id(form, organisers),
                        area=form.area.data, year=clock.today().year,
                        exclude_id=None)
            return _render_form(form, competition=None, kind="new")
        form.drop_blank_rows()
        if form.validate():
            organiser_id = _chosen_organiser_id(form, organisers)
            organiser = next((o for o in organisers if o.id == organiser_id), None)
            if organiser is None or not permissions.can_create_call(current_user, organiser.id):
                abort(403)
            return actions.run(
                lambda: services.create_draft(organiser, actor=current_user, **form.to_data()),
                refused=_refused_draft(form, competition=None, kind="new"),
                success=_("Zapisano szkic ogłoszenia."),
                next=lambda competition: url_for("calls.staff_detail",
                                                 competition_id=competition.id))
    return _render_form(form, competition=None, kind="new")


@bp.route("/officer/competitions/<int:competition_id>/edit", methods=["GET", "POST"])
@login_required
def edit(competition_id: int):
    competition = _staff_competition(competition_id)
    if competition.status != CallStatus.DRAFT:
        flash(_("Ogłoszenie jest opublikowane: zmiany wprowadza się sprostowaniem."), "warning")
        return redirect(url_for("calls.correct", competition_id=competition.id))
    if request.method == "POST":
        form = forms.CompetitionForm()
    else:
        form = forms.CompetitionForm(data=forms.form_data(competition))
    form.set_organisers([])
    if request.method == "POST":
        action = forms.parse_action(request.form.get("action"))
        if action.kind != "save":
            _row_action(form, action, organiser_id=competition.organiser_id, area=form.area.data,
                        year=queries.announcement_year(competition), exclude_id=competition.id)
            return _render_form(form, competition=competition, kind="edit")
        form.drop_blank_rows()
        if form.validate():
            return actions.run(
                lambda: services.update_draft(competition, actor=current_user,
                                              **form.to_data()),
                refused=_refused_draft(form, competition=competition, kind="edit"),
                success=_("Zapisano szkic ogłoszenia."),
                next=url_for("calls.staff_detail", competition_id=competition.id))
    return _render_form(form, competition=competition, kind="edit")


@bp.route("/officer/competitions/<int:competition_id>/correct", methods=["GET", "POST"])
@login_required
def correct(competition_id: int):
    competition = _staff_competition(competition_id)
    if competition.status == CallStatus.DRAFT:
        return redirect(url_for("calls.edit", competition_id=competition.id))
    if not permissions.can_correct_call(current_user, competition):
        flash(_("Tego ogłoszenia nie można już sprostować: termin składania ofert minął albo "
                "konkurs został rozstrzygnięty lub unieważniony."), "error")
        return redirect(url_for("calls.staff_detail", competition_id=competition.id))
    if request.method == "POST":
        form = forms.CorrectionForm()
    else:
        form = forms.CorrectionForm(data=forms.form_data(competition))
    form.set_organisers([])
    if request.method == "POST":
        action = forms.parse_action(request.form.get("action"))
        if action.kind != "save":
            _row_action(form, action, organiser_id=competition.organiser_id, area=form.area.data,
                        year=queries.announcement_year(competition), exclude_id=competition.id)
            return _render_form(form, competition=competition, kind="correct")
        form.drop_blank_rows()
        if form.validate():
            def refused(r: actions.Refusal):
                if isinstance(r.error, publication.PublicationRefused):
                    form.general_errors.extend(translated(r.error.problems))
                else:
                    form.apply_errors(r.error.field_errors, translate(r.error.message))
                return _render_form(form, competition=competition, kind="correct")

            return actions.run(
                lambda: publication.correct(competition, actor=current_user,
                                            reason=form.reason.data, **form.to_data()),
                success=lambda v: _("Opublikowano sprostowanie (wersja %(n)d ogłoszenia).",
                                    n=v.number),
                next=url_for("calls.staff_detail", competition_id=competition.id),
                refused=refused)
    return _render_form(form, competition=competition, kind="correct")


# --- officer: detail, publish, documents ---------------------------------------------------------

def _render_staff_detail(competition: Competition, *, publish_form=None, document_form=None,
                         publish_problems=None, status: int = 200):
    if publish_form is None and competition.status == CallStatus.DRAFT:
        today = clock.today()
        publish_form = forms.PublishForm(formdata=None, data={
            "bip_on": today, "board_on": today, "website_on": today})
    return render_template(
        "calls/staff_detail.html", competition=competition,
        publish_form=publish_form, publish_problems=publish_problems or [],
        document_form=document_form or forms.DocumentForm(formdata=None),
        readiness=(translated(validate_for_publication(competition))
                   if competition.status == CallStatus.DRAFT else []),
        allowed_extensions=current_app.config["UPLOAD_ALLOWED_EXTENSIONS"],
        snapshot_rows=SNAPSHOT_ROWS, **_template_context(),
    ), status


@bp.route("/officer/competitions/<int:competition_id>")
@login_required
def staff_detail(competition_id: int):
    competition = _staff_competition(competition_id, full=True)
    return _render_staff_detail(competition)


@bp.route("/officer/competitions/<int:competition_id>/publish", methods=["POST"])
@login_required
def publish(competition_id: int):
    competition = _staff_competition(competition_id)
    if not permissions.can_publish_call(current_user, competition):
        flash(_("To ogłoszenie zostało już opublikowane."), "warning")
        return redirect(url_for("calls.staff_detail", competition_id=competition.id))
    form = forms.PublishForm()

    def refused(r: actions.Refusal):
        problems = ([] if r.error is None
                    else translated(r.error.problems)
                    if isinstance(r.error, publication.PublicationRefused) else [r.messages[0]])
        return _render_staff_detail(queries.competition_full(competition_id), publish_form=form,
                                    publish_problems=problems)

    return actions.run(
        lambda: publication.publish(competition, actor=current_user, **form.channels()),
        form=form, invalid="", success=_("Ogłoszenie zostało opublikowane."),
        next=url_for("calls.staff_detail", competition_id=competition.id), refused=refused)


@bp.route("/officer/competitions/<int:competition_id>/documents", methods=["POST"])
@login_required
def upload_document(competition_id: int):
    competition = _staff_competition(competition_id)
    if not permissions.can_add_document(current_user, competition):
        abort(409)
    form = forms.DocumentForm()
    upload = form.file.data

    def refused(r: actions.Refusal):
        if r.error is not None and not r.error.field_errors:
            form.file.errors = [r.messages[0]]
        return _render_staff_detail(queries.competition_full(competition_id),
                                    document_form=form)

    return actions.run(
        lambda: publication.add_document(
            competition, actor=current_user, filename=getattr(upload, "filename", ""),
            data=upload.read() if upload else b"", title=form.title.data or ""),
        form=form, invalid="", success=_("Dodano dokument."), refused=refused,
        next=url_for("calls.staff_detail", competition_id=competition.id, _anchor="dokumenty"))


@bp.route("/officer/competitions/<int:competition_id>/documents/<int:document_id>/delete",
          methods=["POST"])
@login_required
def delete_document(competition_id: int, document_id: int):
    competition = _staff_competition(competition_id)
    document = queries.call_document(competition, document_id)
    if document is None:
        abort(404)
    return actions.run(
        lambda: publication.remove_document(competition, document, actor=current_user),
        success=_("Usunięto dokument."),
        next=url_for("calls.staff_detail", competition_id=competition.id, _anchor="dokumenty"))


def _send_document(document):
    stored = document.stored_file
    return send_stored(stored, max_age=0, etag=stored.sha256, last_modified=stored.created_at)


@bp.route("/officer/competitions/<int:competition_id>/documents/<int:document_id>")
@login_required
def staff_document(competition_id: int, document_id: int):
    competition = _staff_competition(competition_id)
    document = queries.call_document(competition, document_id)
    if document is None:
        abort(404)
    return _send_document(document)


# --- public -----------------------------------------------------------------------------------

@bp.route("/konkursy")
def public_list():
    organisers = queries.public_organisers()
    form = forms.PublicFilterForm(formdata=request.args)
    form.set_choices(organisers)
    organiser_id = typed_id(form.organiser.data)
    area = form.area.data if form.area.data in AREA_NAMES else None
    phase_values = {p.value: p for p in PUBLIC_PHASES}
    phase = phase_values.get(form.phase.data or "")
    page_number = request.args.get("page", 1, type=int) or 1
    page = queries.public_competitions(
        organiser_id=organiser_id, area=area, phase=phase, page=page_number,
        per_page=current_app.config["PAGE_SIZE"])
    filters = {k: v for k, v in (("organiser", organiser_id), ("area", area),
                                 ("phase", phase.value if phase else None)) if v}
    return render_template("calls/public_list.html", page=page, form=form, filters=filters,
                           **_template_context())


@bp.route("/konkursy/<int:competition_id>")
def public_detail(competition_id: int):
    competition = queries.competition_full(competition_id)
    if competition is None or not permissions.can_view_call_public(current_user, competition):
        abort(404)
    can_offer = competition.phase == Phase.OPEN and "offers.new" in current_app.view_functions
    return render_template("calls/public_detail.html", competition=competition,
                           can_offer=can_offer, snapshot_rows=SNAPSHOT_ROWS,
                           **_template_context())


@bp.route("/konkursy/<int:competition_id>/dokumenty/<int:document_id>")
def public_document(competition_id: int, document_id: int):
    competition = db.session.get(Competition, competition_id)
    if competition is None or not permissions.can_view_call_public(current_user, competition):
        abort(404)
    document = queries.call_document(competition, document_id)
    if document is None:
        abort(404)
    return _send_document(document)
