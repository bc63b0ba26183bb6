"""The organisation's pages of a report: start a draft, the draft's form (save, add or remove
a document row, check, file) and the XLSX of documents (the template and the import).
Routes on the blueprint of taskreports.views."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.core import actions, clock
from grants.core.errors import field_errors_of
from grants.core.forms import amount_locale, place_errors
from grants.core.i18n import translated
from grants.taskreports import drafts, filing, forms, imports, permissions, queries, services
from grants.taskreports.models import ReportVersion, TaskReport
from grants.taskreports.views import bp, editable_report, load_report, plan_of, title_of

DOCUMENT_FIELDS = ("number", "issued_on", "issuer", "amount", "item_code", "grant_part",
                   "paid_on")


def _item_choices(report: TaskReport) -> list[tuple[str, str]]:
    version = report.contract.version_in_force
    return [(i.code, i.name) for i in version.items] if version is not None else []


@bp.post("/sprawozdania/<int:report_id>/rozpocznij")
@login_required
def start(report_id: int):
    report = editable_report(report_id)
    if not forms.StartForm().validate():
        abort(400)
    return actions.run(
        lambda: drafts.start_report_version(report, actor=current_user),
        success=_("Przygotowano wersję roboczą sprawozdania."),
        next=url_for("taskreports.edit", report_id=report.id),
        refused_next=url_for("taskreports.show", report_id=report.id))


# ---------------------------------------------------------------- the draft's form

def _form_data(version: ReportVersion) -> dict:
    data = {name: getattr(version, name) for name in (
        *drafts.TEXT_FIELDS, *drafts.TYPED_MONEY_FIELDS)}
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
    data = {name: form[name].data for name in (*drafts.TEXT_FIELDS, *drafts.TYPED_MONEY_FIELDS)}
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
                 problems=None, flags=(), status=200, focus=None):
    version = report.draft_version
    if form is None:
        form = forms.ReportForm(formdata=None, data=_form_data(version))
    else:
        _complete_rows(form, version)
    forms.set_item_choices(form, _item_choices(report))
    rows = [{"code": c.item_code, "name": c.item_name} for c in version.costs]
    plan = plan_of(report)
    for r in rows:
        item = plan.get(r["code"])
        r["planned_total"] = item.planned_total if item is not None else None
        r["planned_grant"] = item.planned_grant if item is not None else None
    return render_template(
        "taskreports/edit.html", report=report, contract=report.contract,
        title=title_of(report), version=version, form=form, cost_rows=rows,
        import_form=import_form or forms.ImportForm(formdata=None),
        import_errors=list(import_errors), loose_errors=list(loose),
        problems=translated(problems) if problems is not None else None,
        flags=list(flags), can_file=permissions.can_file_report(current_user, report),
        deadline=queries.deadline_of(report), paid=services.paid_so_far(
            report.contract, clock.today()), focus=focus,
        max_rows=imports.MAX_ROWS,
    ), status


def _fresh_form(report: TaskReport):
    form = forms.ReportForm(formdata=None, data=_form_data(report.draft_version))
    forms.set_item_choices(form, _item_choices(report))
    return form


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


def _posted_form(report: TaskReport, verb: str, index: int | None):
    form = forms.ReportForm()
    forms.set_item_choices(form, _item_choices(report))
    if verb == "remove" and index is not None and index < len(form.documents.entries):
        form.documents.entries.pop(index)
    return form


@bp.route("/sprawozdania/<int:report_id>/edycja", methods=["GET", "POST"])
@login_required
def edit(report_id: int):
    report = editable_report(report_id)
    if report.draft_version is None:
        if request.method == "POST" and report.filed_version is not None:  # sent twice
            flash(_("Sprawozdanie jest już złożone - nie złożono go drugi raz."), "info")
            return redirect(url_for("taskreports.show", report_id=report.id))
        flash(_("Nie ma wersji roboczej sprawozdania do edycji."), "info")
        return redirect(url_for("taskreports.show", report_id=report.id))
    if request.method == "GET":
        return _render_edit(report)
    verb, index = _action()
    form = _posted_form(report, verb, index)
    if not form.validate():
        if verb == "add":
            form.documents.append_entry()
        return _render_edit(report, form=form, status=422, loose=[
            _("Sprawozdanie nie zostało zapisane - popraw zaznaczone pola. Wpisane dane są "
              "zachowane na formularzu.")])
    data, index_map = _submitted(form)
    # Every verb saves the draft first. "save" and "remove" end there (commit, flash,
    # redirect); after "add", "check" and "file" the saved draft's page goes on below -
    # unless the service refused, which `refused` records.
    refused: list[actions.Refusal] = []
    response = actions.run(
        lambda: drafts.save_report_draft(report, actor=current_user, data=data),
        form=form, rows={"documents": index_map},
        success=_("Zapisano wersję roboczą sprawozdania.") if verb in ("save", "remove")
        else None,
        next=url_for("taskreports.edit", report_id=report.id),
        refused=lambda r: refused.append(r) or _render_edit(report, form=form,
                                                            status=r.status,
                                                            loose=r.messages))
    if refused or verb in ("save", "remove"):
        return response
    # saved and committed: the page's next step
    if verb == "add":
        fresh = _fresh_form(report)
        fresh.documents.append_entry()
        return _render_edit(report, form=fresh,
                            focus=f"documents-{len(fresh.documents.entries) - 1}-number")
    return _check_or_file(report, form, verb)


def _check_or_file(report: TaskReport, form, verb: str):
    """The saved draft checked; filed when asked, nothing is wrong and the statement is
    confirmed."""
    if verb == "file" and not permissions.can_file_report(current_user, report):
        return _render_edit(report, status=403, loose=[
            _("Zapisano zmiany, ale sprawozdanie nie zostało złożone: w imieniu organizacji "
              "składa je jej administrator.")])
    problems = filing.check_report(report)
    if verb == "file" and not problems and not form.confirm.data:
        form.confirm.errors = [_("Zaznacz oświadczenie, aby złożyć sprawozdanie.")]
        return _render_edit(report, form=form, status=422, loose=[
            _("Zapisano zmiany, ale sprawozdanie nie zostało złożone - potwierdź "
              "oświadczenie.")])
    if verb == "file" and not problems:
        return actions.run(
            lambda: filing.file_report(report, actor=current_user),
            success=_("Sprawozdanie zostało złożone. Urząd otrzymał powiadomienie."),
            next=url_for("taskreports.show", report_id=report.id),
            refused=lambda r: _render_edit(report, form=form, status=r.status,
                                           loose=r.messages))
    fresh = _fresh_form(report)
    place_errors(fresh, field_errors_of(problems))
    return _render_edit(report, form=fresh, problems=[p.message for p in problems],
                        flags=[f.message for f in filing.report_flags(report)],
                        status=422 if problems and verb == "file" else 200)


# ---------------------------------------------------------------- XLSX

@bp.get("/sprawozdania/<int:report_id>/dokumenty/wzor.xlsx")
@login_required
def documents_template(report_id: int):
    report = load_report(report_id)
    data = imports.template_xlsx([code for code, _name in _item_choices(report)])
    return send_file(io.BytesIO(data), mimetype=imports.XLSX_MIME, as_attachment=True,
                     download_name=f"dokumenty-sprawozdanie-{report.id}.xlsx")


def _row_messages(refusal: actions.Refusal, parsed: imports.ParsedFile) -> list[str]:
    """The refusal, then each field message with the row of the file it comes from."""
    errors = list(refusal.messages)
    for key, messages in refusal.error.field_errors.items():
        parts = key.split("-")
        row = (parsed.row_numbers[int(parts[1])]
               if len(parts) == 3 and parts[1].isdigit() else None)
        errors += [_("Wiersz %(row)s: %(message)s", row=row, message=_(m)) if row
                   else _(m) for m in messages]
    return errors


def _typed_form(report: TaskReport):
    """The report's form sent with the file (the import is a button of the page's form), or
    None when only a file was sent."""
    if "description" not in request.form:
        return None
    return _posted_form(report, "save", None)


@bp.post("/sprawozdania/<int:report_id>/dokumenty/import")
@login_required
def import_documents(report_id: int):
    report = editable_report(report_id)
    if report.draft_version is None:
        flash(_("Nie ma wersji roboczej sprawozdania - najpierw ją rozpocznij."), "error")
        return redirect(url_for("taskreports.show", report_id=report.id))
    form, import_form = _typed_form(report), forms.ImportForm()
    if not import_form.validate():
        return _render_edit(report, form=form, import_form=import_form, status=400,
                            import_errors=[_("Formularz wygasł - odśwież stronę.")])
    if form is not None and not form.validate():
        return _render_edit(report, form=form, import_form=import_form, status=422,
                            import_errors=[_("Nie zaimportowano dokumentów - popraw zaznaczone "
                                             "pola formularza. Wpisane dane są zachowane.")])
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _render_edit(report, form=form, import_form=import_form, status=422,
                            import_errors=[_("Wybierz plik XLSX do zaimportowania.")])
    data = upload.stream.read(imports.MAX_BYTES + 1)
    try:
        parsed = imports.parse_documents(data, filename=upload.filename,
                                         item_codes=[c for c, _n in _item_choices(report)],
                                         locale=amount_locale())
    except imports.ImportFailed as exc:
        return _render_edit(report, form=form, import_form=import_form, status=422,
                            import_errors=translated(exc.errors))
    typed = _submitted(form)[0] if form is not None else None
    return actions.run(
        lambda: drafts.import_documents(report, actor=current_user, rows=parsed.rows,
                                        typed=typed),
        success=_("Zaimportowano dokumenty: %(n)d. Lista dokumentów wersji roboczej została "
                  "zastąpiona zawartością pliku.", n=len(parsed.rows)),
        next=url_for("taskreports.edit", report_id=report.id),
        refused=lambda r: _render_edit(report, form=form, import_form=import_form,
                                       status=r.status, import_errors=_row_messages(r, parsed)))
