"""Pages of the contracts area (thin views: parse -> load (404) -> authorize -> one action,
grants.core.actions.run).

- Officers of the contract's organiser generate the contract (from its source: an award or a
  small-grant offer in contracting), edit the draft, record signing, prepare and sign
  annexes, terminate.
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
from grants.contracts import (
    annexes,
    forms,
    hooks,
    pdf_cache,
    permissions,
    queries,
    rules,
    services,
    signing,
    sources,
    version_form,
)
from grants.contracts import pdf as contract_pdf
from grants.contracts.models import ContractStatus
from grants.core import actions, clock
from grants.core.errors import DomainError
from grants.core.i18n import N_, translate
from grants.extensions import db

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


@bp.app_context_processor
def _contract_helpers():
    return {"contract_status_labels": STATUS_LABELS, "contract_condition_labels": CONDITION_LABELS,
            "contract_mode_labels": MODE_LABELS,
            "contract_change": rules.display_change,
            "contract_parties": contract_pdf.parties_of,
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


def _source(kind_name: str, source_id: int):
    kind = sources.kind_named(kind_name)
    source = kind.load(source_id) if kind is not None else None
    if source is None or not permissions.can_generate_contract(current_user,
                                                               kind.organiser_id(source)):
        abort(404)
    return source


def _shown(contract_id: int, anchor: str = "") -> str:
    return url_for("contracts.show", contract_id=contract_id) + anchor


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


def _payment_form(contract, version, form):
    if form is None and (permissions.can_record_payment(current_user, contract)
                         and contract.status == ContractStatus.SIGNED):
        form = forms.PaymentForm(formdata=None, data={"paid_on": clock.today()})
    if form is not None:
        form.tranche_number.choices = [
            SelectChoice(str(t.number), _("Transza nr %(n)d – %(day)s", n=t.number,
                                          day=t.due_on.strftime("%d.%m.%Y")))
            for t in version.tranches]
    return form


def _render_show(contract, *, payment_form=None, annex_form=None, loose=(), status=200):
    version = contract.version_in_force or contract.current_version
    can_pay = (permissions.can_record_payment(current_user, contract)
               and contract.status == ContractStatus.SIGNED)
    can_manage = permissions.can_manage_contract(current_user, contract)
    return render_template(
        "contracts/show.html", contract=contract, version=version,
        tranche_rows=queries.tranche_rows(contract, version),
        reports=hooks.reports_of(contract), settlements=hooks.settlements_of(contract),
        overdue_calls=hooks.overdue_calls(contract, clock.today())
        if contract.status == ContractStatus.SIGNED else [],
        can_manage=can_manage, can_pay=can_pay,
        payment_form=_payment_form(contract, version, payment_form),
        annex_form=annex_form or (forms.AnnexForm(formdata=None) if can_manage else None),
        loose_errors=list(loose), report_kinds=REPORT_KIND_LABELS,
        report_statuses=REPORT_STATUS_LABELS,
    ), status


@bp.get("/umowy/<int:contract_id>")
@login_required
def show(contract_id: int):
    return _render_show(_load(contract_id))


@bp.get("/umowy/<int:contract_id>/wersje/<int:number>/umowa.pdf")
@login_required
def pdf(contract_id: int, number: int):
    contract = _load(contract_id)
    version = _version(contract, number)
    name = contract.number.replace("/", "-").replace(" ", "_")
    suffix = f"-aneks-{version.number}" if version.is_annex else ""
    if version.pdf_file is not None:
        data = version.pdf_file.data
    else:  # rendered once per content of the draft, then served from the cache
        data = actions.commit(lambda: pdf_cache.draft_pdf(version))
        suffix += "-projekt"
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=f"umowa-{name}{suffix}.pdf")


# ---------------------------------------------------------------- generation

def _render_new(source, kind: str, *, form=None, src=None, loose=(), status=200):
    return render_template("contracts/new.html", source=source, kind=kind, form=form,
                           src=src, loose_errors=list(loose)), status


def _generate(source, kind: str):
    existing = queries.contract_of_source(source)
    if existing is not None:
        flash(_("Umowa dla tej dotacji już istnieje."), "info")
        return redirect(_shown(existing.id))
    try:
        src = sources.source_of(source)
        values = services.defaults(source)
    except DomainError as exc:
        db.session.rollback()
        return _render_new(source, kind, loose=[translate(exc.message)], status=exc.status_code)
    if request.method == "GET":
        form = forms.VersionForm(formdata=None, data=values)
        version_form.fill(form, values)
        return _render_new(source, kind, form=form, src=src)
    form = forms.VersionForm()
    version_form.label_joint(form, values["joint_parties"])
    data, rows = version_form.parse(form, with_items=False)
    data.pop("reason", None)
    return actions.run(
        version_form.with_row_names(form, lambda: services.generate_contract(
            source, actor=current_user, **data)),
        form=form, rows=rows,
        invalid=_("Umowa nie została przygotowana - popraw zaznaczone pola. Wpisane dane są "
                  "zachowane."),
        refused=lambda r: _render_new(source, kind, form=form, src=src, status=r.status,
                                      loose=r.messages),
        success=lambda contract: _("Przygotowano projekt umowy %(number)s. Sprawdź go i "
                                   "zapisz podpisanie.", number=contract.number),
        next=lambda contract: _shown(contract.id))


@bp.route("/umowy/nowa/z-konkursu/<int:award_id>", methods=["GET", "POST"])
@login_required
def new_from_award(award_id: int):
    return _generate(_source("award", award_id), "award")


@bp.route("/umowy/nowa/maly-grant/<int:offer_id>", methods=["GET", "POST"])
@login_required
def new_from_small_grant(offer_id: int):
    return _generate(_source("small_grant", offer_id), "small_grant")


# ---------------------------------------------------------------- the draft and annexes

def _render_edit(contract, version, *, form=None, loose=(), status=200):
    if form is None:
        values = version_form.values_of(version)
        form = forms.VersionForm(formdata=None, data=values)
        version_form.fill(form, values, items=version_form.item_rows(version)
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
        return redirect(_shown(contract.id))
    if request.method == "GET":
        return _render_edit(contract, version)
    form = forms.VersionForm()
    version_form.label_joint(form, version.joint_parties or [])
    data, rows = version_form.parse(form, with_items=version.is_annex)
    return actions.run(
        version_form.with_row_names(form, lambda: services.edit_version(
            version, actor=current_user, **data)),
        form=form, rows=rows,
        invalid=_("Zmiany nie zostały zapisane - popraw zaznaczone pola. Wpisane dane są "
                  "zachowane."),
        refused=lambda r: _render_edit(contract, version, form=form, status=r.status,
                                       loose=r.messages),
        success=_("Zapisano zmiany w aneksie.") if version.is_annex
        else _("Zapisano zmiany w projekcie umowy."), next=_shown(contract.id))


@bp.post("/umowy/<int:contract_id>/aneksy")
@login_required
def create_annex(contract_id: int):
    contract = _managed(contract_id)
    form = forms.AnnexForm()
    if not form.validate():
        return _render_show(contract, annex_form=form, status=422)
    return actions.run(
        lambda: annexes.create_annex(contract, actor=current_user, reason=form.reason.data),
        form=form,
        refused=lambda r: _render_show(contract, annex_form=form, status=r.status,
                                       loose=r.messages),
        success=lambda annex: _("Przygotowano aneks nr %(n)d. Wprowadź zmiany.",
                                n=annex.number),
        next=lambda annex: url_for("contracts.edit_version", contract_id=contract.id,
                                   number=annex.number))


# ---------------------------------------------------------------- signing

def _render_sign(contract, version, form, *, loose=(), status=200):
    return render_template("contracts/sign.html", contract=contract, version=version,
                           form=form, loose_errors=list(loose)), status


def _sign_form(version):
    people = [line.strip() for text in [version.organisation_representatives,
                                        *(p["representatives"] for p in version.joint_parties)]
              for line in text.splitlines() if line.strip()]
    return forms.SignForm(formdata=None, data={
        "signed_on": clock.today(),
        "for_authority": version.authority_representatives.splitlines()[0]
        if version.authority_representatives else "",
        "for_organisation": "; ".join(people)})


@bp.route("/umowy/<int:contract_id>/wersje/<int:number>/podpisanie", methods=["GET", "POST"])
@login_required
def sign(contract_id: int, number: int):
    contract = _managed(contract_id)
    version = _version(contract, number)
    if version.is_signed:
        flash(_("Ta wersja umowy jest już podpisana."), "info")
        return redirect(_shown(contract.id))
    if request.method == "GET":
        return _render_sign(contract, version, _sign_form(version))
    form = forms.SignForm()
    if not form.validate():
        return _render_sign(contract, version, form, status=422)
    return actions.run(
        lambda: signing.sign_version(version, actor=current_user,
                                     signed_on=form.signed_on.data,
                                     for_authority=form.for_authority.data,
                                     for_organisation=form.for_organisation.data),
        form=form,
        refused=lambda r: _render_sign(contract, version, form, status=r.status,
                                       loose=r.messages),
        success=_("Zapisano podpisanie aneksu nr %(n)d - obowiązuje od teraz.",
                  n=version.number) if version.is_annex
        else _("Zapisano podpisanie umowy. Organizacja otrzymała wiadomość e-mail."),
        next=_shown(contract.id))


# ---------------------------------------------------------------- payments and termination

@bp.post("/umowy/<int:contract_id>/przelewy")
@login_required
def record_payment(contract_id: int):
    contract = _load(contract_id)
    if not permissions.can_record_payment(current_user, contract):
        abort(403)
    if contract.status != ContractStatus.SIGNED:
        flash(_("Umowa nie jest podpisana lub nie jest już realizowana."), "error")
        return redirect(_shown(contract.id))
    form = forms.PaymentForm()
    form.tranche_number.choices = [SelectChoice(str(t.number), str(t.number))
                                   for t in contract.version_in_force.tranches]
    raw = (form.tranche_number.data or "").strip()
    return actions.run(
        lambda: services.record_payment(
            contract, actor=current_user,
            tranche_number=int(raw) if raw.isdigit() and len(raw) < 6 else None,
            paid_on=form.paid_on.data, amount=form.amount.data,
            bank_reference=form.bank_reference.data, note=form.note.data),
        form=form, invalid=_("Przelew nie został zapisany - popraw zaznaczone pola."),
        refused=lambda r: _render_show(contract, payment_form=form, status=r.status,
                                       loose=r.messages),
        success=_("Zapisano przelew."), next=_shown(contract.id, "#przelewy"))


def _render_terminate(contract, form, *, loose=(), status=200):
    return render_template("contracts/terminate.html", contract=contract, form=form,
                           overdue_calls=hooks.overdue_calls(contract, clock.today()),
                           loose_errors=list(loose)), status


@bp.route("/umowy/<int:contract_id>/rozwiazanie", methods=["GET", "POST"])
@login_required
def terminate(contract_id: int):
    contract = _managed(contract_id)
    if contract.status != ContractStatus.SIGNED:
        flash(_("Rozwiązać można tylko podpisaną, realizowaną umowę."), "warning")
        return redirect(_shown(contract.id))
    if request.method == "GET":
        return _render_terminate(contract, forms.TerminateForm(
            formdata=None, data={"terminated_on": clock.today()}))
    form = forms.TerminateForm()
    if not form.validate():
        return _render_terminate(contract, form, status=422)
    if not form.confirm.data:
        form.confirm.errors = [_("Zaznacz pole, aby potwierdzić rozwiązanie umowy.")]
        return _render_terminate(contract, form, status=422)
    return actions.run(
        lambda: services.terminate_contract(contract, actor=current_user,
                                            terminated_on=form.terminated_on.data,
                                            reason=form.reason.data),
        form=form,
        refused=lambda r: _render_terminate(contract, form, status=r.status, loose=r.messages),
        success=_("Umowa została rozwiązana."), next=_shown(contract.id))
