"""Pages of the task reports (art. 18 UDPP): the report (NGO: draft, filing, history; officer:
the filed version, review, call; finance: read only), the draft's form, the XLSX template and
import of the documents list, the partial-report request and a contract's list of reports.

Thin views: parse -> load (404) -> authorize (taskreports.permissions) -> one service ->
commit -> flash + redirect. A refused input re-renders the form with what was typed.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.contracts.models import Contract
from grants.core import clock
from grants.core.deadlines import due_date
from grants.core.errors import DomainError
from grants.core.forms import apply_refusal, refusal_messages
from grants.core.i18n import N_, translated
from grants.extensions import db
from grants.rules.services import rules_in_force
from grants.settlements import permissions as settlement_permissions
from grants.settlements import queries as settlement_queries
from grants.taskreports import calls, drafts, filing, forms, imports, permissions, queries, services
from grants.taskreports import review as reviews
from grants.taskreports.models import (
    ReportKind,
    ReportStatus,
    ReportVersion,
    ReportVersionState,
    TaskReport,
)

bp = Blueprint("taskreports", __name__)

STATUS_LABELS = {
    ReportStatus.DUE: N_("oczekuje na złożenie"),
    ReportStatus.FILED: N_("złożone – czeka na ocenę"),
    ReportStatus.CORRECTIONS: N_("wezwanie do poprawek"),
    ReportStatus.ACCEPTED: N_("przyjęte"),
}
VERSION_LABELS = {
    ReportVersionState.DRAFT: N_("robocza"),
    ReportVersionState.FILED: N_("złożona"),
    ReportVersionState.SUPERSEDED: N_("zastąpiona poprawioną wersją"),
}
KIND_LABELS = {ReportKind.FINAL: N_("Sprawozdanie końcowe"),
               ReportKind.PARTIAL: N_("Sprawozdanie częściowe")}
DEADLINE_LABELS = {"report": N_("termin sprawozdania"), "call": N_("termin z wezwania"),
                   "corrections": N_("termin poprawek")}
DOCUMENT_FIELDS = ("number", "issued_on", "issuer", "amount", "item_code", "grant_part",
                   "paid_on")


@bp.app_context_processor
def _report_helpers():
    return {"report_status_labels": STATUS_LABELS, "report_version_labels": VERSION_LABELS,
            "report_kind_labels": KIND_LABELS, "report_deadline_labels": DEADLINE_LABELS}


# ---------------------------------------------------------------- loading

def _report(report_id: int) -> TaskReport:
    report = db.session.get(TaskReport, report_id)
    if report is None or not permissions.can_view_report(current_user, report):
        abort(404)
    return report


def _editable_report(report_id: int) -> TaskReport:
    report = _report(report_id)
    if not permissions.can_edit_report(current_user, report):
        abort(403)
    return report


def _reviewable_report(report_id: int) -> TaskReport:
    report = _report(report_id)
    if not permissions.can_review(current_user, report):
        abort(403)
    return report


def _contract(contract_id: int) -> Contract:
    contract = db.session.get(Contract, contract_id)
    if contract is None or not permissions.can_list_reports(current_user, contract):
        abort(404)
    return contract


def _title(report: TaskReport) -> str:
    title = _(KIND_LABELS[report.kind])
    if report.kind == ReportKind.PARTIAL:
        return _("%(title)s nr %(n)d/%(year)d", title=title, n=report.sequence, year=report.year)
    return _("%(title)s (%(year)d)", title=title, year=report.year)


# ---------------------------------------------------------------- view models

def _plan(report: TaskReport) -> dict[str, object]:
    version = report.contract.version_in_force
    return {i.code: i for i in version.items} if version is not None else {}


def _cost_rows(report: TaskReport, version: ReportVersion) -> list[dict]:
    """Per item: plan (from the contract in force) next to the actual costs by source."""
    plan = _plan(report)
    rows = []
    for c in version.costs:
        item = plan.get(c.item_code)
        rows.append({
            "code": c.item_code, "name": c.item_name,
            "planned_total": item.planned_total if item is not None else None,
            "planned_grant": item.planned_grant if item is not None else None,
            "actual_grant": c.actual_grant, "actual_own": c.actual_own,
            "actual_other": c.actual_other, "actual_personal": c.actual_personal,
            "actual_in_kind": c.actual_in_kind, "actual_total": c.actual_total,
            "grant_diff": (c.actual_grant - item.planned_grant) if item is not None else None,
        })
    return rows


def _cost_totals(rows: list[dict]) -> dict:
    keys = ("planned_total", "planned_grant", "actual_grant", "actual_own", "actual_other",
            "actual_personal", "actual_in_kind", "actual_total")
    return {k: sum((r[k] or Decimal("0")) for r in rows) for k in keys}


def _item_choices(report: TaskReport) -> list[tuple[str, str]]:
    version = report.contract.version_in_force
    return [(i.code, i.name) for i in version.items] if version is not None else []


def _filing_info(version: ReportVersion | None) -> dict | None:
    if version is None or not version.content:
        return None
    filing = dict(version.content.get("filing") or {})
    if filing.get("deadline"):
        filing["deadline_date"] = dt.date.fromisoformat(filing["deadline"])
    return filing


# ---------------------------------------------------------------- the report page

def _render_show(report: TaskReport, *, review_form=None, call_form=None, loose=(),
                 status=200):
    can_edit = permissions.can_edit_report(current_user, report)
    can_review = permissions.can_review(current_user, report)
    filed = report.filed_version
    today = clock.today()
    history = [v for v in report.versions
               if v.state != ReportVersionState.DRAFT or can_edit]
    rows = _cost_rows(report, filed) if filed is not None else []
    return render_template(
        "taskreports/show.html", report=report, contract=report.contract,
        title=_title(report), can_edit=can_edit, can_review=can_review,
        draft=report.draft_version if can_edit else None, filed=filed,
        filing=_filing_info(filed), cost_rows=rows, cost_totals=_cost_totals(rows),
        history=history, deadline=queries.deadline_of(report),
        may_start=can_edit and report.draft_version is None and report.status in (
            ReportStatus.DUE, ReportStatus.CORRECTIONS),
        may_call=can_review and report.kind == ReportKind.FINAL
        and report.status == ReportStatus.DUE and today > report.due_on,
        call_lapsed=calls.call_lapsed(report, today),
        review_form=review_form or forms.ReviewForm(formdata=None),
        call_form=call_form or forms.CallForm(formdata=None, data={"called_on": today}),
        start_form=forms.StartForm(formdata=None), loose_errors=list(loose),
        settlement=settlement_queries.settlement_of_report(report),
        can_settle=settlement_permissions.can_settle_report(current_user, report),
    ), status


@bp.get("/sprawozdania/<int:report_id>")
@login_required
def show(report_id: int):
    return _render_show(_report(report_id))


@bp.get("/sprawozdania/<int:report_id>/wersje/<int:number>")
@login_required
def version(report_id: int, number: int):
    report = _report(report_id)
    found = next((v for v in report.versions if v.number == number), None)
    if found is None or (found.state == ReportVersionState.DRAFT
                         and not permissions.can_see_drafts(current_user, report)):
        abort(404)
    rows = _cost_rows(report, found)
    return render_template("taskreports/version.html", report=report, contract=report.contract,
                           title=_title(report), version=found, filing=_filing_info(found),
                           cost_rows=rows, cost_totals=_cost_totals(rows))


@bp.post("/sprawozdania/<int:report_id>/rozpocznij")
@login_required
def start(report_id: int):
    report = _editable_report(report_id)
    if not forms.StartForm().validate():
        abort(400)
    try:
        drafts.start_report_version(report, actor=current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
        return redirect(url_for("taskreports.show", report_id=report.id))
    db.session.commit()
    flash(_("Przygotowano wersję roboczą sprawozdania."), "success")
    return redirect(url_for("taskreports.edit", report_id=report.id))


# ---------------------------------------------------------------- the draft

def _form_data(version: ReportVersion) -> dict:
    data = {name: getattr(version, name) for name in (
        *drafts.TEXT_FIELDS, *drafts.MONEY_FIELDS)}
    data["results"] = [{"achieved_value": r.achieved_value, "comment": r.comment}
                       for r in version.results]
    data["costs"] = [{f: getattr(c, f) for f in drafts.COST_FIELDS} for c in version.costs]
    data["documents"] = [{f: getattr(d, f) for f in DOCUMENT_FIELDS}
                         for d in version.documents]
    return data


def _is_blank(entry) -> bool:
    return not any(isinstance(r, str) and r.strip()
                   for f in entry.form for r in (f.raw_data or []))


def _submitted(form) -> tuple[dict, list[int]]:
    data = {name: form[name].data for name in (*drafts.TEXT_FIELDS, *drafts.MONEY_FIELDS)}
    data["results"] = [dict(e.form.data) for e in form.results.entries]
    data["costs"] = [dict(e.form.data) for e in form.costs.entries]
    docs, index_map = [], []
    for i, entry in enumerate(form.documents.entries):
        if _is_blank(entry):
            continue
        docs.append(dict(entry.form.data))
        index_map.append(i)
    data["documents"] = docs
    return data, index_map


def _map_errors(form, field_errors: dict[str, list[str]], index_map: list[int]) -> list[str]:
    """Put each message next to its field (documents-<stored index>-<field> mapped back to
    the form's row); the others are returned."""
    fields = {}
    for f in form:
        if f.type == "FieldList":
            for entry in f.entries:
                for sub in entry.form:
                    fields[sub.name] = sub
        else:
            fields[f.name] = f
    loose = []
    for key, messages in field_errors.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "documents" and parts[1].isdigit():
            i = int(parts[1])
            if i < len(index_map):
                key = f"documents-{index_map[i]}-{parts[2]}"
        field = fields.get(key)
        if field is not None:
            field.errors = list(field.errors) + translated(messages)
        else:
            loose.extend(translated(messages))
    return loose


def _complete_rows(form, version: ReportVersion) -> None:
    """A posted form lacking rows of results or costs (the rows come from the contract; the
    service refuses such a form) gets the saved rows back, so that the page can show them:
    the template reads one form row per row of the version."""
    saved = None
    for name, rows in (("results", version.results), ("costs", version.costs)):
        entries = form[name]
        if len(entries.entries) < len(rows):
            saved = saved or _form_data(version)
            for data in saved[name][len(entries.entries):]:
                entries.append_entry(data)


def _render_edit(report, *, form=None, import_form=None, import_errors=(), loose=(),
                 problems=None, status=200, focus=None):
    version = report.draft_version
    if form is None:
        form = forms.ReportForm(formdata=None, data=_form_data(version))
    else:
        _complete_rows(form, version)
    forms.set_item_choices(form, _item_choices(report))
    rows = [{"code": c.item_code, "name": c.item_name} for c in version.costs]
    plan = _plan(report)
    for r in rows:
        item = plan.get(r["code"])
        r["planned_total"] = item.planned_total if item is not None else None
        r["planned_grant"] = item.planned_grant if item is not None else None
    return render_template(
        "taskreports/edit.html", report=report, contract=report.contract, title=_title(report),
        version=version, form=form, cost_rows=rows,
        import_form=import_form or forms.ImportForm(formdata=None),
        import_errors=list(import_errors), loose_errors=list(loose),
        problems=translated(problems) if problems is not None else None,
        deadline=queries.deadline_of(report), paid=services.paid_so_far(
            report.contract, clock.today()), focus=focus,
        max_rows=imports.MAX_ROWS,
    ), status


def _action() -> tuple[str, int | None]:
    action = request.form.get("action", "save")
    if action.startswith("remove:"):
        try:
            index = int(action.split(":", 1)[1])
        except ValueError:
            return "save", None
        # "remove:-1" would pop the last row (Python's negative index): not a button's value
        return ("remove", index) if index >= 0 else ("save", None)
    return (action if action in ("save", "add", "check", "file") else "save"), None


@bp.route("/sprawozdania/<int:report_id>/edycja", methods=["GET", "POST"])
@login_required
def edit(report_id: int):
    report = _editable_report(report_id)
    if report.draft_version is None:
        flash(_("Nie ma wersji roboczej sprawozdania do edycji."), "info")
        return redirect(url_for("taskreports.show", report_id=report.id))
    if request.method == "GET":
        return _render_edit(report)
    verb, index = _action()
    form = forms.ReportForm()
    forms.set_item_choices(form, _item_choices(report))
    if verb == "remove" and index is not None and index < len(form.documents.entries):
        form.documents.entries.pop(index)
    if not form.validate():
        if verb == "add":
            form.documents.append_entry()
        return _render_edit(report, form=form, status=422, loose=[
            _("Sprawozdanie nie zostało zapisane - popraw zaznaczone pola. Wpisane dane są "
              "zachowane na formularzu.")])
    data, index_map = _submitted(form)
    try:
        drafts.save_report_draft(report, actor=current_user, data=data)
    except DomainError as exc:
        db.session.rollback()
        loose = _map_errors(form, exc.field_errors, index_map)
        return _render_edit(report, form=form, status=exc.status_code,
                            loose=refusal_messages(exc, loose))
    if verb in ("check", "file"):
        problems = filing.check_report(report)
        if verb == "file" and not problems and not form.confirm.data:
            db.session.commit()
            form.confirm.errors = [_("Zaznacz oświadczenie, aby złożyć sprawozdanie.")]
            return _render_edit(report, form=form, status=422, loose=[
                _("Zapisano zmiany, ale sprawozdanie nie zostało złożone - potwierdź "
                  "oświadczenie.")])
        if verb == "file" and not problems:
            try:
                filing.file_report(report, actor=current_user)
            except DomainError as exc:
                db.session.rollback()
                return _render_edit(report, form=form, status=exc.status_code,
                                    loose=[_(exc.message)])
            db.session.commit()
            flash(_("Sprawozdanie zostało złożone. Urząd otrzymał powiadomienie."), "success")
            return redirect(url_for("taskreports.show", report_id=report.id))
        db.session.commit()
        fresh = forms.ReportForm(formdata=None, data=_form_data(report.draft_version))
        forms.set_item_choices(fresh, _item_choices(report))
        _map_errors(fresh, _problem_map(problems), list(range(len(fresh.documents.entries))))
        return _render_edit(report, form=fresh, problems=[p.message for p in problems],
                            status=422 if problems and verb == "file" else 200)
    db.session.commit()
    if verb == "add":
        fresh = forms.ReportForm(formdata=None, data=_form_data(report.draft_version))
        fresh.documents.append_entry()
        return _render_edit(report, form=fresh,
                            focus=f"documents-{len(fresh.documents.entries) - 1}-number")
    flash(_("Zapisano wersję roboczą sprawozdania."), "success")
    return redirect(url_for("taskreports.edit", report_id=report.id))


def _problem_map(problems) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(p.field, []).append(p.message)
    return out


# ---------------------------------------------------------------- XLSX

@bp.get("/sprawozdania/<int:report_id>/dokumenty/wzor.xlsx")
@login_required
def documents_template(report_id: int):
    report = _report(report_id)
    data = imports.template_xlsx([code for code, _name in _item_choices(report)])
    return send_file(io.BytesIO(data), mimetype=imports.XLSX_MIME, as_attachment=True,
                     download_name=f"dokumenty-sprawozdanie-{report.id}.xlsx")


@bp.post("/sprawozdania/<int:report_id>/dokumenty/import")
@login_required
def import_documents(report_id: int):
    report = _editable_report(report_id)
    if report.draft_version is None:
        flash(_("Nie ma wersji roboczej sprawozdania - najpierw ją rozpocznij."), "error")
        return redirect(url_for("taskreports.show", report_id=report.id))
    form = forms.ImportForm()
    if not form.validate():
        return _render_edit(report, import_form=form, status=400,
                            import_errors=[_("Formularz wygasł - odśwież stronę.")])
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _render_edit(report, import_form=form, status=422,
                            import_errors=[_("Wybierz plik XLSX do zaimportowania.")])
    data = upload.stream.read(imports.MAX_BYTES + 1)
    try:
        parsed = imports.parse_documents(data, filename=upload.filename,
                                         item_codes=[c for c, _n in _item_choices(report)])
        drafts.import_documents(report, actor=current_user, rows=parsed.rows)
    except imports.ImportFailed as exc:
        db.session.rollback()
        return _render_edit(report, import_form=form, status=422,
                            import_errors=translated(exc.errors))
    except DomainError as exc:
        db.session.rollback()
        errors = [_(exc.message)]
        for key, messages in exc.field_errors.items():
            parts = key.split("-")
            row = (parsed.row_numbers[int(parts[1])]
                   if len(parts) == 3 and parts[1].isdigit() else None)
            errors += [_("Wiersz %(row)s: %(message)s", row=row, message=_(m)) if row
                       else _(m) for m in messages]
        return _render_edit(report, import_form=form, status=exc.status_code,
                            import_errors=errors)
    db.session.commit()
    flash(_("Zaimportowano dokumenty: %(n)d. Lista dokumentów wersji roboczej została "
            "zastąpiona zawartością pliku.", n=len(parsed.rows)), "success")
    return redirect(url_for("taskreports.edit", report_id=report.id))


# ---------------------------------------------------------------- the officer



@bp.post("/sprawozdania/<int:report_id>/ocena")
@login_required
def review(report_id: int):
    report = _reviewable_report(report_id)
    form = forms.ReviewForm()
    if not form.validate():
        return _render_show(report, review_form=form, status=422)
    try:
        reviews.review_report(report, actor=current_user, decision=form.decision.data,
                               note=form.note.data or "",
                               correction_due=form.correction_due.data)
    except DomainError as exc:
        db.session.rollback()
        return _render_show(report, review_form=form, status=exc.status_code,
                            loose=apply_refusal(form, exc))
    db.session.commit()
    flash(_("Sprawozdanie zostało przyjęte.") if report.status == ReportStatus.ACCEPTED
          else _("Wezwano do poprawienia sprawozdania."), "success")
    return redirect(url_for("taskreports.show", report_id=report.id))


@bp.post("/sprawozdania/<int:report_id>/wezwanie")
@login_required
def call(report_id: int):
    report = _reviewable_report(report_id)
    form = forms.CallForm()
    if not form.validate():
        return _render_show(report, call_form=form, status=422)
    try:
        calls.record_report_call(report, actor=current_user, called_on=form.called_on.data,
                                    delivered_on=form.delivered_on.data,
                                    note=form.note.data or "")
    except DomainError as exc:
        db.session.rollback()
        return _render_show(report, call_form=form, status=exc.status_code,
                            loose=apply_refusal(form, exc))
    db.session.commit()
    flash(_("Zapisano wezwanie do złożenia sprawozdania."), "success")
    return redirect(url_for("taskreports.show", report_id=report.id))


# ---------------------------------------------------------------- a contract's reports

@bp.get("/umowy/<int:contract_id>/sprawozdania")
@login_required
def for_contract(contract_id: int):
    contract = _contract(contract_id)
    reports = queries.reports_of_contract(contract)
    return render_template(
        "taskreports/list.html", contract=contract,
        rows=[{"report": r, "title": _title(r), "deadline": queries.deadline_of(r),
               "filed": r.filed_version,
               "late": r.filed_version is not None and filing.is_version_late(
                   r.filed_version)} for r in reports],
        can_request=permissions.can_request_partial(current_user, contract))


def _render_request(contract, form=None, *, loose=(), status=200):
    today = clock.today()
    version = contract.version_in_force
    earliest = None
    try:
        earliest = due_date(today, rules_in_force(today).partial_report_min_days)
    except DomainError:  # pragma: no cover - a rule set is always loaded
        pass
    return render_template(
        "taskreports/partial_request.html", contract=contract, version=version,
        form=form or forms.PartialRequestForm(formdata=None, data={
            "requested_on": today, "delivered_on": today, "due_on": earliest,
            "period_start": version.start_date if version else None}),
        earliest=earliest, loose_errors=list(loose)), status


@bp.route("/umowy/<int:contract_id>/sprawozdania/czesciowe", methods=["GET", "POST"])
@login_required
def request_partial(contract_id: int):
    contract = _contract(contract_id)
    if not permissions.can_request_partial(current_user, contract):
        abort(403)
    if contract.version_in_force is None:
        flash(_("Sprawozdanie częściowe można zlecić po podpisaniu umowy."), "info")
        return redirect(url_for("taskreports.for_contract", contract_id=contract.id))
    if request.method == "GET":
        return _render_request(contract)
    form = forms.PartialRequestForm()
    if not form.validate():
        return _render_request(contract, form, status=422)
    try:
        report = calls.request_partial_report(
            contract, actor=current_user, period_start=form.period_start.data,
            period_end=form.period_end.data, requested_on=form.requested_on.data,
            delivered_on=form.delivered_on.data, due_on=form.due_on.data,
            note=form.note.data or "")
    except DomainError as exc:
        db.session.rollback()
        return _render_request(contract, form, status=exc.status_code,
                               loose=apply_refusal(form, exc))
    db.session.commit()
    flash(_("Zapisano wezwanie do złożenia sprawozdania częściowego; organizacja otrzymała "
            "wiadomość e-mail."), "success")
    return redirect(url_for("taskreports.show", report_id=report.id))

