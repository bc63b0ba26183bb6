"""Pages of the contracts area (thin views: parse -> load (404) -> authorize -> one service ->
commit).

- Officers of the contract's organiser generate the contract (from an award or a small-grant
  offer in contracting), edit the draft, record signing, prepare and sign annexes, terminate.
- Finance staff of the organiser see the contract and record transfers.
- Members of the contracted organisation see their contracts and download the PDFs.
- Anybody else gets 404; whoever may see the contract but not do the action gets 403.
A refused change re-renders the form with what was typed and the messages.
"""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind
from grants.awards.models import Award
from grants.contracts import forms, permissions, queries, rules, services
from grants.contracts.models import ContractStatus
from grants.contracts.rules import ItemRow, TrancheRow
from grants.core import clock
from grants.core.errors import DomainError
from grants.core.forms import flat_fields
from grants.core.i18n import N_, translated
from grants.extensions import db
from grants.smallgrants.models import SmallGrantOffer

bp = Blueprint("contracts", __name__)

STATUS_LABELS = {
    ContractStatus.DRAFT: N_("projekt (niepodpisana)"),
    ContractStatus.SIGNED: N_("podpisana – w realizacji"),
    ContractStatus.TERMINATED: N_("rozwiązana"),
    ContractStatus.CLOSED: N_("rozliczona i zamknięta"),
}
CONDITION_LABELS = {"none": N_("brak"), "partial_report": N_("po przyjęciu sprawozdania "
                                                             "częściowego")}
MODE_LABELS = {"powierzenie": N_("powierzenie"), "wspieranie": N_("wspieranie")}
REPORT_KIND_LABELS = {"final": N_("końcowe"), "partial": N_("częściowe")}
REPORT_STATUS_LABELS = {"due": N_("oczekiwane"), "filed": N_("złożone"),
                        "corrections": N_("do poprawy"), "accepted": N_("przyjęte")}
PER_PAGE = 25
EXTRA_TRANCHE_ROWS = 2


@bp.app_context_processor
def _contract_helpers():
    return {"contract_status_labels": STATUS_LABELS, "contract_condition_labels": CONDITION_LABELS,
            "contract_mode_labels": MODE_LABELS,
            "contract_for_award": queries.contract_of_award_id,
            "contract_for_small_grant": queries.contract_of_small_grant_id}


# ---------------------------------------------------------------- loading

def _load(contract_id: int):
    contract = queries.get_contract(contract_id)
    if contract is None or not permissions.can_view_contract(current_user, contract):
        abort(404)
    return contract


def _managed(contract_id: int):
    contract = _load(contract_id)
    if not permissions.can_manage_contract(current_user, contract):
        abort(403)
    return contract


def _version(contract, number: int):
    version = next((v for v in contract.versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


def _award(award_id: int) -> Award:
    award = db.session.get(Award, award_id)
    if award is None or not permissions.can_generate_contract(
            current_user, award.ranking.competition.organiser_id):
        abort(404)
    return award


def _small_grant(offer_id: int) -> SmallGrantOffer:
    offer = db.session.get(SmallGrantOffer, offer_id)
    if offer is None or not permissions.can_generate_contract(current_user, offer.organiser_id):
        abort(404)
    return offer


# ---------------------------------------------------------------- the version form

def _fill_version_form(form, values: dict, *, items=None) -> None:
    """Rows of the form from `values` (services.defaults or a version), plus blank tranche
    rows."""
    form.use_by.entries = []
    form.use_by.last_index = -1
    start, end = values.get("start_date"), values.get("end_date")
    years = rules.budget_years(start, end) if start and end and start <= end else []
    use_by = values.get("use_by") or {}
    for year in years:
        form.use_by.append_entry({"year": str(year), "use_by": use_by.get(year)})
    form.tranches.entries = []
    form.tranches.last_index = -1
    for t in values.get("tranches") or []:
        form.tranches.append_entry({"number": str(t.number) if t.number else "",
                                    "due_on": t.due_on, "amount": t.amount,
                                    "condition": t.condition})
    for _i in range(EXTRA_TRANCHE_ROWS):
        form.tranches.append_entry({"condition": "none"})
    form.items.entries = []
    form.items.last_index = -1
    for it in items or []:
        form.items.append_entry({"code": it.code, "planned_total": it.planned_total,
                                 "planned_grant": it.planned_grant})


def _version_values(version) -> dict:
    return {"number": version.contract.number, "start_date": version.start_date,
            "end_date": version.end_date, "use_by": services._use_by_of(version),
            "tranches": [TrancheRow(t.number, t.due_on, t.amount, str(t.condition))
                         for t in version.tranches],
            "item_tolerance_pct": version.item_tolerance_pct,
            "share_tolerance_pp": version.share_tolerance_pp,
            "authority_representatives": version.authority_representatives,
            "organisation_representatives": version.organisation_representatives,
            "bank_account": version.bank_account, "reason": version.reason}


def _blank(entry) -> bool:
    return not any((f.raw_data or [""])[0].strip() for f in (entry.form.due_on,
                                                            entry.form.amount))


def _parse_version_form(form, *, with_items: bool) -> tuple[dict, dict[str, list[int]]]:
    """The service's data from a validated form and the index maps of the rows passed."""
    use_by = {}
    for entry in form.use_by.entries:
        year = (entry.form.year.data or "").strip()
        if year.isdigit() and len(year) == 4:
            use_by[int(year)] = entry.form.use_by.data
    tranches, t_index = [], []
    for i, entry in enumerate(form.tranches.entries):
        if _blank(entry):
            continue
        raw = (entry.form.number.data or "").strip()
        number = int(raw) if raw.isdigit() and len(raw) < 6 else None
        condition = entry.form.condition.data or "none"
        tranches.append(TrancheRow(number, entry.form.due_on.data, entry.form.amount.data,
                                   condition))
        t_index.append(i)
    data = {"number": form.number.data, "start_date": form.start_date.data,
            "end_date": form.end_date.data, "use_by": use_by, "tranches": tranches,
            "item_tolerance_pct": form.item_tolerance_pct.data,
            "share_tolerance_pp": form.share_tolerance_pp.data,
            "authority_representatives": form.authority_representatives.data or "",
            "organisation_representatives": form.organisation_representatives.data or "",
            "bank_account": form.bank_account.data or "", "reason": form.reason.data or ""}
    i_index = []
    if with_items:
        items = []
        for i, entry in enumerate(form.items.entries):
            items.append(ItemRow((entry.form.code.data or "").strip(), "",
                                 entry.form.planned_total.data, entry.form.planned_grant.data))
            i_index.append(i)
        data["items"] = items
    return data, {"tranches": t_index, "items": i_index}




def _map_errors(form, field_errors: dict[str, list[str]],
                index_map: dict[str, list[int]] | None = None) -> list[str]:
    """Put the service's messages next to their fields; return the others (loose)."""
    fields = flat_fields(form)
    index_map = index_map or {}
    loose = []
    for key, messages in field_errors.items():
        parts = key.split("-")
        if key.startswith("use_by-") and len(parts) == 2 and isinstance(form,
                                                                         forms.VersionForm):
            for entry in form.use_by.entries:
                if (entry.form.year.data or "") == parts[1]:
                    key = entry.form.use_by.name
        elif len(parts) == 3 and parts[0] in index_map and parts[1].isdigit():
            mapped = index_map[parts[0]]
            if int(parts[1]) < len(mapped):
                key = f"{parts[0]}-{mapped[int(parts[1])]}-{parts[2]}"
        field = fields.get(key)
        if field is not None and field.type not in ("FieldList",):
            field.errors = list(field.errors) + translated(messages)
        else:
            loose.extend(translated(messages))
    return loose


def _refusal(exc: DomainError, loose: list[str]) -> list[str]:
    first = _(exc.message)
    return [first] + [m for m in loose if m != first]


# ---------------------------------------------------------------- the list and the page

@bp.get("/umowy")
@login_required
def index():
    status = request.args.get("status", "")
    if status not in {s.value for s in ContractStatus}:
        status = ""
    page = request.args.get("page", "1")
    page = min(int(page), 100_000) if page.isdigit() and int(page) > 0 else 1
    staff = (perms.organiser_ids(current_user, StaffRoleKind.OFFICER)
             | perms.organiser_ids(current_user, StaffRoleKind.FINANCE))
    result = db.paginate(queries.contracts_query(
        organiser_ids=staff, organisation_ids=perms.organisation_ids(current_user),
        status=status or None), page=page, per_page=PER_PAGE, error_out=False)
    return render_template("contracts/index.html", page=result, status=status,
                           statuses=list(ContractStatus))


def _render_show(contract, *, payment_form=None, annex_form=None, loose=(), status=200):
    version = contract.version_in_force or contract.current_version
    can_pay = (permissions.can_record_payment(current_user, contract)
               and contract.status == ContractStatus.SIGNED)
    if payment_form is None and can_pay:
        payment_form = forms.PaymentForm(formdata=None, data={"paid_on": clock.today()})
    if payment_form is not None:
        payment_form.tranche_number.choices = [
            SelectChoice(str(t.number), _("Transza nr %(n)d – %(day)s", n=t.number,
                                          day=t.due_on.strftime("%d.%m.%Y")))
            for t in version.tranches]
    can_manage = permissions.can_manage_contract(current_user, contract)
    return render_template(
        "contracts/show.html", contract=contract, version=version,
        tranche_rows=queries.tranche_rows(contract, version),
        reports=queries.reports_of(contract), settlements=queries.settlements_of(contract),
        overdue_calls=queries.overdue_calls(contract, clock.today())
        if contract.status == ContractStatus.SIGNED else [],
        can_manage=can_manage, can_pay=can_pay, payment_form=payment_form,
        annex_form=annex_form or (forms.AnnexForm(formdata=None) if can_manage else None),
        loose_errors=list(loose), report_kinds=REPORT_KIND_LABELS,
        report_statuses=REPORT_STATUS_LABELS,
    ), status


@bp.get("/umowy/<int:contract_id>")
@login_required
def show(contract_id: int):
    return _render_show(_load(contract_id))


# ---------------------------------------------------------------- generation

def _render_new(source, kind: str, *, form=None, src=None, loose=(), status=200):
    return render_template("contracts/new.html", source=source, kind=kind, form=form,
                           src=src, loose_errors=list(loose)), status


def _generate(source, kind: str):
    existing = queries.contract_of_source(source)
    if existing is not None:
        flash(_("Umowa dla tej dotacji już istnieje."), "info")
        return redirect(url_for("contracts.show", contract_id=existing.id))
    try:
        src = services.source_of(source)
        values = services.defaults(source)
    except DomainError as exc:
        db.session.rollback()
        return _render_new(source, kind, loose=[_(exc.message)], status=exc.status_code)
    if request.method == "GET":
        form = forms.VersionForm(formdata=None, data=values)
        _fill_version_form(form, values)
        return _render_new(source, kind, form=form, src=src)
    form = forms.VersionForm()
    if not form.validate():
        return _render_new(source, kind, form=form, src=src, status=422, loose=[
            _("Umowa nie została przygotowana - popraw zaznaczone pola. Wpisane dane są "
              "zachowane.")])
    data, index_map = _parse_version_form(form, with_items=False)
    data.pop("reason", None)
    try:
        contract = services.generate_contract(source, actor=current_user, **data)
    except DomainError as exc:
        db.session.rollback()
        loose = _map_errors(form, exc.field_errors, index_map)
        return _render_new(source, kind, form=form, src=src, status=exc.status_code,
                           loose=_refusal(exc, loose))
    db.session.commit()
    flash(_("Przygotowano projekt umowy %(number)s. Sprawdź go i zapisz podpisanie.",
            number=contract.number), "success")
    return redirect(url_for("contracts.show", contract_id=contract.id))


@bp.route("/umowy/nowa/z-konkursu/<int:award_id>", methods=["GET", "POST"])
@login_required
def new_from_award(award_id: int):
    return _generate(_award(award_id), "award")


@bp.route("/umowy/nowa/maly-grant/<int:offer_id>", methods=["GET", "POST"])
@login_required
def new_from_small_grant(offer_id: int):
    return _generate(_small_grant(offer_id), "small_grant")


# ---------------------------------------------------------------- the draft and annexes

def _render_edit(contract, version, *, form=None, loose=(), status=200):
    if form is None:
        values = _version_values(version)
        form = forms.VersionForm(formdata=None, data=values)
        _fill_version_form(form, values, items=[
            ItemRow(i.code, i.name, i.planned_total, i.planned_grant) for i in version.items]
            if version.is_annex else None)
    names = {i.code: i.name for i in version.items}
    paid = {n: queries.paid_on_tranche(contract, n) for n in {p.tranche_number
                                                              for p in contract.payments}}
    return render_template("contracts/edit.html", contract=contract, version=version, form=form,
                           item_names=names, paid=paid, loose_errors=list(loose)), status


@bp.route("/umowy/<int:contract_id>/wersje/<int:number>/edycja", methods=["GET", "POST"])
@login_required
def edit_version(contract_id: int, number: int):
    contract = _managed(contract_id)
    version = _version(contract, number)
    if version.is_signed or contract.status in (ContractStatus.TERMINATED,
                                                ContractStatus.CLOSED):
        flash(_("Tej wersji umowy nie można już zmieniać."), "warning")
        return redirect(url_for("contracts.show", contract_id=contract.id))
    if request.method == "GET":
        return _render_edit(contract, version)
    form = forms.VersionForm()
    if not form.validate():
        return _render_edit(contract, version, form=form, status=422, loose=[
            _("Zmiany nie zostały zapisane - popraw zaznaczone pola. Wpisane dane są "
              "zachowane.")])
    data, index_map = _parse_version_form(form, with_items=version.is_annex)
    try:
        services.edit_version(version, actor=current_user, **data)
    except DomainError as exc:
        db.session.rollback()
        loose = _map_errors(form, exc.field_errors, index_map)
        return _render_edit(contract, version, form=form, status=exc.status_code,
                            loose=_refusal(exc, loose))
    db.session.commit()
    flash(_("Zapisano zmiany w aneksie.") if version.is_annex
          else _("Zapisano zmiany w projekcie umowy."), "success")
    return redirect(url_for("contracts.show", contract_id=contract.id))


@bp.post("/umowy/<int:contract_id>/aneksy")
@login_required
def create_annex(contract_id: int):
    contract = _managed(contract_id)
    form = forms.AnnexForm()
    if not form.validate():
        return _render_show(contract, annex_form=form, status=422)
    try:
        annex = services.create_annex(contract, actor=current_user, reason=form.reason.data)
    except DomainError as exc:
        db.session.rollback()
        loose = _map_errors(form, exc.field_errors)
        return _render_show(contract, annex_form=form, status=exc.status_code,
                            loose=_refusal(exc, loose))
    db.session.commit()
    flash(_("Przygotowano aneks nr %(n)d. Wprowadź zmiany.", n=annex.number), "success")
    return redirect(url_for("contracts.edit_version", contract_id=contract.id,
                            number=annex.number))


# ---------------------------------------------------------------- signing

def _render_sign(contract, version, form, *, loose=(), status=200):
    return render_template("contracts/sign.html", contract=contract, version=version,
                           form=form, loose_errors=list(loose)), status


@bp.route("/umowy/<int:contract_id>/wersje/<int:number>/podpisanie", methods=["GET", "POST"])
@login_required
def sign(contract_id: int, number: int):
    contract = _managed(contract_id)
    version = _version(contract, number)
    if version.is_signed:
        flash(_("Ta wersja umowy jest już podpisana."), "info")
        return redirect(url_for("contracts.show", contract_id=contract.id))
    if request.method == "GET":
        form = forms.SignForm(formdata=None, data={
            "signed_on": clock.today(),
            "for_authority": version.authority_representatives.splitlines()[0]
            if version.authority_representatives else "",
            "for_organisation": "; ".join(version.organisation_representatives.splitlines())})
        return _render_sign(contract, version, form)
    form = forms.SignForm()
    if not form.validate():
        return _render_sign(contract, version, form, status=422)
    try:
        services.sign_version(version, actor=current_user, signed_on=form.signed_on.data,
                              for_authority=form.for_authority.data,
                              for_organisation=form.for_organisation.data)
    except DomainError as exc:
        db.session.rollback()
        loose = _map_errors(form, exc.field_errors)
        return _render_sign(contract, version, form, status=exc.status_code,
                            loose=_refusal(exc, loose))
    db.session.commit()
    flash(_("Zapisano podpisanie aneksu nr %(n)d - obowiązuje od teraz.", n=version.number)
          if version.is_annex else _("Zapisano podpisanie umowy. Organizacja otrzymała "
                                     "wiadomość e-mail."), "success")
    return redirect(url_for("contracts.show", contract_id=contract.id))


@bp.get("/umowy/<int:contract_id>/wersje/<int:number>/umowa.pdf")
@login_required
def pdf(contract_id: int, number: int):
    contract = _load(contract_id)
    version = _version(contract, number)
    name = contract.number.replace("/", "-").replace(" ", "_")
    suffix = f"-aneks-{version.number}" if version.is_annex else ""
    if version.pdf_file is not None:
        data = version.pdf_file.data
    else:
        from grants.contracts import pdf as contract_pdf

        data = contract_pdf.render_contract_pdf(**contract_pdf.context_for(version))
        suffix += "-projekt"
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=f"umowa-{name}{suffix}.pdf")


# ---------------------------------------------------------------- payments and termination

@bp.post("/umowy/<int:contract_id>/przelewy")
@login_required
def record_payment(contract_id: int):
    contract = _load(contract_id)
    if not permissions.can_record_payment(current_user, contract):
        abort(403)
    if contract.status != ContractStatus.SIGNED:
        flash(_("Umowa nie jest podpisana lub nie jest już realizowana."), "error")
        return redirect(url_for("contracts.show", contract_id=contract.id))
    form = forms.PaymentForm()
    version = contract.version_in_force
    form.tranche_number.choices = [SelectChoice(str(t.number), str(t.number))
                                   for t in version.tranches]
    if not form.validate():
        return _render_show(contract, payment_form=form, status=422, loose=[
            _("Przelew nie został zapisany - popraw zaznaczone pola.")])
    raw = (form.tranche_number.data or "").strip()
    try:
        services.record_payment(contract, actor=current_user,
                                tranche_number=int(raw) if raw.isdigit() and len(raw) < 6
                                else None, paid_on=form.paid_on.data, amount=form.amount.data,
                                bank_reference=form.bank_reference.data, note=form.note.data)
    except DomainError as exc:
        db.session.rollback()
        loose = _map_errors(form, exc.field_errors)
        return _render_show(contract, payment_form=form, status=exc.status_code,
                            loose=_refusal(exc, loose))
    db.session.commit()
    flash(_("Zapisano przelew."), "success")
    return redirect(url_for("contracts.show", contract_id=contract.id) + "#przelewy")


def _render_terminate(contract, form, *, loose=(), status=200):
    return render_template("contracts/terminate.html", contract=contract, form=form,
                           overdue_calls=queries.overdue_calls(contract, clock.today()),
                           loose_errors=list(loose)), status


@bp.route("/umowy/<int:contract_id>/rozwiazanie", methods=["GET", "POST"])
@login_required
def terminate(contract_id: int):
    contract = _managed(contract_id)
    if contract.status != ContractStatus.SIGNED:
        flash(_("Rozwiązać można tylko podpisaną, realizowaną umowę."), "warning")
        return redirect(url_for("contracts.show", contract_id=contract.id))
    if request.method == "GET":
        return _render_terminate(contract, forms.TerminateForm(
            formdata=None, data={"terminated_on": clock.today()}))
    form = forms.TerminateForm()
    if not form.validate():
        return _render_terminate(contract, form, status=422)
    if not form.confirm.data:
        form.confirm.errors = [_("Zaznacz pole, aby potwierdzić rozwiązanie umowy.")]
        return _render_terminate(contract, form, status=422)
    try:
        services.terminate_contract(contract, actor=current_user,
                                    terminated_on=form.terminated_on.data,
                                    reason=form.reason.data)
    except DomainError as exc:
        db.session.rollback()
        loose = _map_errors(form, exc.field_errors)
        return _render_terminate(contract, form, status=exc.status_code,
                                 loose=_refusal(exc, loose))
    db.session.commit()
    flash(_("Umowa została rozwiązana."), "success")
    return redirect(url_for("contracts.show", contract_id=contract.id))
