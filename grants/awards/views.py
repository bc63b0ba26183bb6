"""The awards' pages: the officer's ranking and proposed grants, the decision and the
publication of the results, objections, annulment, the protocol (PDF) and the ranking (XLSX);
the offeror's update of the offer (or giving up the grant).

Thin views: parse -> load (404) -> authorize (awards.permissions) -> one service -> commit ->
redirect. A refused change re-renders the page with what was typed and the messages.
"""

from __future__ import annotations

import io
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from grants.awards import exports, forms, inputs, permissions, queries, rules, services
from grants.awards.models import AwardState
from grants.calls.models import CallStatus, Competition
from grants.core import clock, formatting
from grants.core.errors import DomainError, ValidationFailed
from grants.core.forms import flat_fields
from grants.core.i18n import N_, translated
from grants.core.money import AmountError, parse_amount
from grants.extensions import db
from grants.offers import rules as offer_rules
from grants.offers import templates as offer_templates
from grants.offers.models import Offer

bp = Blueprint("awards", __name__)

STATE_LABELS = {
    AwardState.PROPOSED: N_("propozycja"),
    AwardState.CONFIRMED: N_("przyznana decyzją"),
    AwardState.DECLINED: N_("rezygnacja – brak aktualizacji w terminie"),
    AwardState.WITHDRAWN: N_("rezygnacja oferenta"),
}
TIE_LABELS = {
    rules.BY_PRECISION: N_("pełna dokładność średniej"),
    rules.BY_CRITERION: N_("wyższa średnia w kryterium"),
    rules.BY_FILING: N_("wcześniejsze złożenie oferty"),
}
PUBLIC_NOTES = {
    "not_scored": N_("oferta nie została dopuszczona do oceny merytorycznej"),
    "not_eligible": N_("oferta nie uzyskała wymaganej minimalnej oceny"),
    "no_funds": N_("brak środków na dofinansowanie"),
    "given_up": N_("oferent zrezygnował z dotacji"),
}


# ---------------------------------------------------------------- template helpers

def _public_results_for(competition) -> dict | None:
    """What the competition's public page shows about its outcome (None: nothing yet)."""
    if competition.status == CallStatus.ANNULLED:
        annulment = queries.annulment_of(competition)
        if annulment is None:
            return None
        return {"annulment": annulment,
                "ground_text": _(rules.ANNULMENT_REASONS.get(annulment.ground, ""))}
    tasks = queries.public_results(competition)
    if tasks is None:
        return None
    return {"tasks": tasks, "decision": queries.decision_of(competition), "notes": PUBLIC_NOTES}


@bp.app_template_filter("amount_input")
def _amount_input(value) -> str:
    """An amount as typed into an input: 1234,56 (Decimal formatting, never a float)."""
    if value is None:
        return ""
    return f"{Decimal(value):.2f}".replace(".", ",")


@bp.app_template_filter("award_score")
def _award_score(value) -> str:
    """A mean score for people: 2 decimals, half up (the ranking uses full precision)."""
    if value is None:
        return "–"
    return formatting.number(rules.display(value))


def _offer_award_panel(offer):
    """The grant awarded to `offer` and whether its update is open, for the offer's page."""
    if offer.filed_at is None or not permissions.can_see_offer(current_user, offer):
        return None
    award = queries.award_of_offer(offer)
    if award is None or award.ranking.competition.status != CallStatus.DECIDED:
        return None
    return {"award": award, "update_open": queries.update_open(award),
            "deadline": queries.update_deadline(award),
            "can_update": permissions.can_update_offer(current_user, offer)}


@bp.app_context_processor
def _awards_helpers():
    return {"award_public_results": _public_results_for, "award_state_labels": STATE_LABELS,
            "award_tie_labels": TIE_LABELS, "award_perms": permissions,
            "award_panel": _offer_award_panel}


# ---------------------------------------------------------------- loading

def _competition(competition_id: int) -> Competition:
    if not permissions.is_any_officer(current_user):
        abort(403)
    competition = db.session.get(Competition, competition_id)
    if competition is None or not permissions.can_manage_awards(current_user, competition):
        abort(404)
    return competition


def _criterion_choices(competition) -> list[SelectChoice]:
    return [SelectChoice("", _("– brak (tylko wcześniejsze złożenie oferty) –"))] + [
        SelectChoice(str(c.id), f"{c.position}. {c.name}") for c in competition.criteria]


def _parse_amounts(awards) -> tuple[dict[int, Decimal], dict[str, str], dict[str, list[str]]]:
    """grant-<award id> inputs: amounts, what was typed and the parse errors."""
    amounts: dict[int, Decimal] = {}
    typed: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for a in awards:
        key = f"grant-{a.id}"
        if key not in request.form:
            continue
        text = (request.form.get(key) or "").strip()
        typed[key] = text
        if text == "":
            errors[key] = [_("Podaj kwotę (0, gdy oferta nie otrzymuje dotacji).")]
            continue
        try:
            amounts[a.id] = parse_amount(text)
        except AmountError as exc:
            errors[key] = [_(exc.msgid, **exc.values)]
    return amounts, typed, errors


def _split_errors(field_errors: dict[str, list[str]], known: set[str]):
    """Messages of known fields (per field) and the others (loose)."""
    per_field: dict[str, list[str]] = {}
    loose: list[str] = []
    for key, messages in field_errors.items():
        if key in known:
            per_field.setdefault(key, []).extend(translated(messages))
        else:
            loose.extend(translated(messages))
    return per_field, loose


def _apply_form_errors(form, field_errors: dict[str, list[str]]) -> list[str]:
    loose = []
    for key, messages in field_errors.items():
        field = form._fields.get(key) if form is not None else None
        if field is not None:
            field.errors = list(field.errors) + translated(messages)
        else:
            loose.extend(translated(messages))
    return loose


# ---------------------------------------------------------------- the ranking

def _render_ranking(competition, form=None, *, typed=None, errors=None, loose=(), status=200):
    ranking = queries.ranking_of(competition)
    decision = queries.decision_of(competition)
    if form is None:
        form = forms.RankingForm(formdata=None, data={
            "tie_break_criterion_id": str(ranking.tie_break_criterion_id or "")
            if ranking else ""})
    form.tie_break_criterion_id.choices = _criterion_choices(competition)
    closed = inputs.scoring_closed(competition)
    return render_template(
        "awards/ranking.html", competition=competition, ranking=ranking, decision=decision,
        blocks=queries.task_blocks(competition, ranking), form=form, typed=typed or {},
        errors=errors or {}, loose_errors=list(loose), scoring_closed=closed,
        deadline_passed=clock.now() >= competition.offer_deadline,
        annulment_ground=queries.annulment_ground(competition)
        if competition.status == CallStatus.PUBLISHED else None,
        editable=closed and decision is None and ranking is not None
        and competition.status == CallStatus.PUBLISHED,
    ), status


@bp.route("/officer/competitions/<int:competition_id>/ranking", methods=["GET", "POST"])
@login_required
def ranking(competition_id: int):
    competition = _competition(competition_id)
    if request.method == "GET":
        return _render_ranking(competition)
    form = forms.RankingForm()
    form.tie_break_criterion_id.choices = _criterion_choices(competition)
    if not form.validate():
        return _render_ranking(competition, form, status=400)
    action = request.form.get("action", "")
    typed: dict[str, str] = {}
    try:
        if action == "build":
            raw = (form.tie_break_criterion_id.data or "").strip()
            criterion_id = int(raw) if raw.isdigit() else None
            if raw and criterion_id is None:
                form.tie_break_criterion_id.errors = [_("Wybierz kryterium z listy.")]
                return _render_ranking(competition, form, status=422)
            services.build_ranking(competition, actor=current_user,
                                   tie_break_criterion_id=criterion_id)
            message = _("Utworzono ranking i proponowane kwoty dotacji.")
        elif action == "save":
            ranking_ = queries.ranking_of(competition)
            awards = ranking_.awards if ranking_ else []
            amounts, typed, errors = _parse_amounts(awards)
            if errors:
                return _render_ranking(
                    competition, form, typed=typed, errors=errors, status=422,
                    loose=[_("Kwoty nie zostały zapisane - popraw zaznaczone pola. Wpisane "
                             "wartości są zachowane.")])
            services.set_grants(competition, actor=current_user, amounts=amounts)
            message = _("Zapisano proponowane kwoty dotacji.")
        else:
            abort(400)
    except DomainError as exc:
        db.session.rollback()
        ranking_ = queries.ranking_of(competition)
        known = {f"grant-{a.id}" for a in (ranking_.awards if ranking_ else [])}
        per_field, loose = _split_errors(exc.field_errors, known)
        if "tie_break_criterion_id" in exc.field_errors:
            form.tie_break_criterion_id.errors = translated(
                exc.field_errors["tie_break_criterion_id"])
            loose = [m for m in loose if m not in form.tie_break_criterion_id.errors]
        return _render_ranking(competition, form, typed=typed, errors=per_field,
                               loose=[_(exc.message)] if not loose or per_field else loose,
                               status=exc.status_code)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("awards.ranking", competition_id=competition.id))


# ---------------------------------------------------------------- the decision

def _objection_form(competition, formdata: bool):
    form = forms.ObjectionForm(formdata=request.form if formdata else None)
    form.offer_id.choices = [SelectChoice("", _("– nie dotyczy jednej oferty –"))] + [
        SelectChoice(str(o.id), f"{o.number} – {o.organisation.name}")
        for o in queries.filed_offers(competition)]
    return form


def _render_decision(competition, *, decision_form=None, publish_form=None,
                     objection_form=None, typed=None, errors=None, loose=(), status=200):
    ranking = queries.ranking_of(competition)
    decision = queries.decision_of(competition)
    blocks = queries.task_blocks(competition, ranking)
    return render_template(
        "awards/decision.html", competition=competition, ranking=ranking, decision=decision,
        blocks=blocks, decision_form=decision_form or forms.DecisionForm(formdata=None),
        publish_form=publish_form or forms.PublishForm(formdata=None),
        objection_form=objection_form or _objection_form(competition, False),
        objections=queries.objections_of(competition), typed=typed or {},
        errors=errors or {}, loose_errors=list(loose),
        scoring_closed=inputs.scoring_closed(competition),
        lapsed=[a for b in blocks for a in b.awards if queries.update_lapsed(a)],
        update_deadline=queries.update_deadline,
    ), status


@bp.route("/officer/competitions/<int:competition_id>/decision", methods=["GET", "POST"])
@login_required
def decision(competition_id: int):
    competition = _competition(competition_id)
    if request.method == "GET":
        return _render_decision(competition)
    action = request.form.get("action", "")
    if action == "decide":
        form = forms.DecisionForm()
        ranking_ = queries.ranking_of(competition)
        amounts, typed, errors = _parse_amounts(ranking_.awards if ranking_ else [])
        if not form.validate() or errors:
            return _render_decision(competition, decision_form=form, typed=typed,
                                    errors=errors, status=422,
                                    loose=[_("Decyzja nie została zapisana - popraw "
                                             "zaznaczone pola.")])
        try:
            services.record_decision(competition, actor=current_user, number=form.number.data,
                                     decided_on=form.decided_on.data, signer=form.signer.data,
                                     amounts=amounts)
        except DomainError as exc:
            db.session.rollback()
            known = {f"grant-{a.id}" for a in (ranking_.awards if ranking_ else [])}
            per_field, rest = _split_errors(exc.field_errors, known)
            loose = _apply_form_errors(form, {k: v for k, v in exc.field_errors.items()
                                              if k not in known})
            return _render_decision(competition, decision_form=form, typed=typed,
                                    errors=per_field, status=exc.status_code,
                                    loose=[_(exc.message)] + [m for m in loose
                                                              if m != _(exc.message)])
        message = _("Zapisano decyzję o przyznaniu dotacji. Opublikuj wyniki.")
    elif action == "objection":
        form = _objection_form(competition, True)
        if not form.validate():
            return _render_decision(competition, objection_form=form, status=422)
        raw = (form.offer_id.data or "").strip()
        offer = {str(o.id): o for o in queries.filed_offers(competition)}.get(raw)
        try:
            if raw and offer is None:
                raise DomainError(_("Wybierz ofertę z listy."),
                                  field_errors={"offer_id": [_("Wybierz ofertę z listy.")]})
            services.record_objection(competition, actor=current_user,
                                      received_on=form.received_on.data,
                                      author=form.author.data, content=form.content.data,
                                      offer=offer)
        except DomainError as exc:
            db.session.rollback()
            loose = _apply_form_errors(form, exc.field_errors)
            return _render_decision(competition, objection_form=form,
                                    status=exc.status_code if exc.status_code != 400 else 422,
                                    loose=[_(exc.message)] + [m for m in loose
                                                              if m != _(exc.message)])
        message = _("Zarejestrowano zastrzeżenia. Od rozstrzygnięcia konkursu nie przysługuje "
                    "odwołanie (art. 15 ust. 2j).")
    elif action == "lapsed":
        try:
            lapsed = services.record_lapsed_updates(competition, actor=current_user)
        except DomainError as exc:  # pragma: no cover - the service refuses nothing today
            db.session.rollback()
            return _render_decision(competition, loose=[_(exc.message)],
                                    status=exc.status_code)
        message = _("Odnotowano rezygnacje z powodu braku aktualizacji w terminie: %(n)d.",
                    n=len(lapsed))
    else:
        abort(400)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("awards.decision", competition_id=competition.id))


@bp.route("/officer/competitions/<int:competition_id>/results/publish", methods=["POST"])
@login_required
def publish(competition_id: int):
    competition = _competition(competition_id)
    form = forms.PublishForm()
    if not form.validate():
        return _render_decision(competition, publish_form=form, status=422,
                                loose=[_("Wyniki nie zostały opublikowane - popraw daty.")])
    try:
        services.publish_results(competition, actor=current_user, bip_on=form.bip_on.data,
                                 board_on=form.board_on.data, website_on=form.website_on.data)
    except DomainError as exc:
        db.session.rollback()
        loose = _apply_form_errors(form, exc.field_errors)
        return _render_decision(competition, publish_form=form, status=exc.status_code,
                                loose=[_(exc.message)] + [m for m in loose
                                                          if m != _(exc.message)])
    db.session.commit()
    flash(_("Wyniki konkursu zostały opublikowane; oferenci otrzymali wiadomości e-mail."),
          "success")
    return redirect(url_for("awards.decision", competition_id=competition.id))


# ---------------------------------------------------------------- annulment

def _render_annul(competition, form=None, *, loose=(), status=200):
    ground = queries.annulment_ground(competition)
    annulment = queries.annulment_of(competition)
    return render_template(
        "awards/annul.html", competition=competition, form=form or forms.AnnulForm(
            formdata=None, data={"reason": _(rules.ANNULMENT_REASONS[ground]) if ground
                                 else ""}),
        ground=ground, ground_text=_(rules.ANNULMENT_REASONS[ground]) if ground else "",
        annulment=annulment,
        annulment_text=_(rules.ANNULMENT_REASONS.get(annulment.ground, "")) if annulment else "",
        decision=queries.decision_of(competition), loose_errors=list(loose),
    ), status


@bp.route("/officer/competitions/<int:competition_id>/annul", methods=["GET", "POST"])
@login_required
def annul(competition_id: int):
    competition = _competition(competition_id)
    if request.method == "GET":
        return _render_annul(competition)
    form = forms.AnnulForm()
    if not form.validate():
        return _render_annul(competition, form, status=422)
    if not form.confirm.data:
        form.confirm.errors = [_("Zaznacz pole, aby potwierdzić unieważnienie.")]
        return _render_annul(competition, form, status=422)
    try:
        services.annul_competition(competition, actor=current_user, reason=form.reason.data,
                                   bip_on=form.bip_on.data, board_on=form.board_on.data,
                                   website_on=form.website_on.data,
                                   decision_number=form.decision_number.data)
    except DomainError as exc:
        db.session.rollback()
        loose = _apply_form_errors(form, exc.field_errors)
        return _render_annul(competition, form, status=exc.status_code,
                             loose=[_(exc.message)] + [m for m in loose if m != _(exc.message)])
    db.session.commit()
    flash(_("Konkurs został unieważniony; informacja jest opublikowana na stronie konkursu."),
          "success")
    return redirect(url_for("awards.annul", competition_id=competition.id))


# ---------------------------------------------------------------- protocol and XLSX

@bp.route("/officer/competitions/<int:competition_id>/protocol.pdf")
@login_required
def protocol(competition_id: int):
    competition = _competition(competition_id)
    ranking_ = queries.ranking_of(competition)
    data = inputs.protocol_data(competition) if ranking_ is not None else None
    if ranking_ is None or data is None:
        flash(_("Protokół będzie dostępny po zamknięciu oceny i utworzeniu rankingu."),
              "warning")
        return redirect(url_for("awards.ranking", competition_id=competition.id))
    from grants.awards import pdf

    blocks = queries.task_blocks(competition, ranking_)
    content = pdf.render_protocol_pdf(
        competition=competition, data=data, blocks=blocks, ranking=ranking_,
        decision=queries.decision_of(competition), generated_at=clock.now(),
        state_labels=STATE_LABELS, tie_labels=TIE_LABELS)
    name = (competition.reference or str(competition.id)).replace("/", "-").replace(" ", "_")
    return send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=True,
                     download_name=f"protokol-komisji-{name}.pdf")


@bp.route("/officer/competitions/<int:competition_id>/ranking.xlsx")
@login_required
def ranking_xlsx(competition_id: int):
    competition = _competition(competition_id)
    ranking_ = queries.ranking_of(competition)
    if ranking_ is None:
        flash(_("Ranking nie został jeszcze utworzony."), "warning")
        return redirect(url_for("awards.ranking", competition_id=competition.id))
    buf = exports.ranking_xlsx(competition, queries.task_blocks(competition, ranking_),
                               decision=queries.decision_of(competition),
                               state_labels=STATE_LABELS, tie_labels=TIE_LABELS)
    name = (competition.reference or str(competition.id)).replace("/", "-").replace(" ", "_")
    return send_file(buf, as_attachment=True, download_name=f"ranking-{name}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# ---------------------------------------------------------------- the offer update

def _offer_for_update(offer_id: int) -> Offer:
    offer = db.session.get(Offer, offer_id)
    if offer is None or not permissions.can_see_offer(current_user, offer):
        abort(404)
    if not permissions.can_update_offer(current_user, offer):
        abort(403)
    return offer


def _update_form_data(version) -> dict:
    data = {name: getattr(version, name) for name in (
        "expected_results", "contribution_valuation", "own_financial", "own_personal",
        "own_in_kind", "beneficiaries_cash", "lead_cost_share")}
    for kind in forms.UPDATE_ROW_KINDS:
        fields = offer_templates.ROW_SPECS[kind][1]
        data[kind] = [{f: getattr(r, f) for f in fields} for r in getattr(version, kind)]
    data["partners"] = [{"cost_share": p.cost_share} for p in version.partners]
    return data


def _row_action(action: str) -> tuple[str, str | None, int | None]:
    parts = action.split(":")
    if len(parts) >= 2 and parts[0] in ("add", "remove") and parts[1] in forms.UPDATE_ROW_KINDS:
        if parts[0] == "add":
            return "add", parts[1], None
        try:
            return "remove", parts[1], int(parts[2])
        except (IndexError, ValueError):
            return "save", None, None
    return (action if action in ("start", "save", "check", "file") else "save"), None, None


def _is_blank_row(kind: str, entry) -> bool:
    ignore = {"section", "action_no"} if kind == "cost_items" else set()
    for f in entry.form:
        if f.short_name in ignore:
            continue
        if any(r.strip() for r in (f.raw_data or []) if isinstance(r, str)):
            return False
    return True


def _update_data(form, version, remove) -> tuple[dict, dict[str, list[int]]]:
    data: dict = {"expected_results": form.expected_results.data or "",
                  "contribution_valuation": form.contribution_valuation.data or ""}
    for name in ("own_financial", "own_personal", "own_in_kind", "beneficiaries_cash",
                 "lead_cost_share"):
        data[name] = form[name].data
    index_map: dict[str, list[int]] = {}
    for kind in forms.UPDATE_ROW_KINDS:
        rows, indices = [], []
        for i, entry in enumerate(form[kind].entries):
            if remove == (kind, i) or _is_blank_row(kind, entry):
                continue
            rows.append(dict(entry.form.data))
            indices.append(i)
        data[kind] = rows
        index_map[kind] = indices
    entries = form.partners.entries
    data["partners"] = [{"organisation_id": p.organisation_id, "actions": p.actions,
                         "cost_share": (entries[i].form.cost_share.data if i < len(entries)
                                        else p.cost_share)}
                        for i, p in enumerate(version.partners)]
    return data, index_map




def _map_errors(form, field_errors: dict[str, list[str]], index_map) -> list[str]:
    fields = flat_fields(form)
    loose = []
    for key, messages in field_errors.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] in index_map and parts[1].isdigit():
            mapped = index_map[parts[0]]
            if int(parts[1]) < len(mapped):
                key = f"{parts[0]}-{mapped[int(parts[1])]}-{parts[2]}"
        field = fields.get(key)
        if field is not None:
            field.errors = list(field.errors) + translated(messages)
        else:
            loose.extend(translated(messages))
    return loose


def _preview(form, award) -> dict:
    zero = Decimal("0")
    lines = [offer_rules.CostLine(
        section=e.form.section.data if e.form.section.data in ("I", "II") else "I",
        action_no=e.form.action_no.data or 1, unit_cost=e.form.unit_cost.data or zero,
        units=e.form.units.data or zero, grant_part=e.form.grant_part.data or zero)
        for e in form.cost_items.entries]
    t = offer_rules.totals(lines)
    src = offer_rules.Sources(total=t.total, grant=t.grant,
                              own_financial=form.own_financial.data or zero,
                              own_personal=form.own_personal.data or zero,
                              own_in_kind=form.own_in_kind.data or zero,
                              beneficiaries_cash=form.beneficiaries_cash.data or zero)
    return {"codes": offer_rules.item_codes(lines), "values": [ln.value for ln in lines],
            "totals": t, "sources": src, "shares": src.shares(),
            "grant_diff": (award.final_grant or zero) - t.grant}


def _file_form(offer, formdata: bool):
    form = forms.FileUpdateForm(formdata=request.form if formdata else None)
    form.signed_by.choices = [
        SelectChoice(r.id, f"{r.full_name} – {r.function}"
                     + (" " + _("(reprezentuje samodzielnie)") if r.signs_alone else ""))
        for r in offer.organisation.representatives]
    return form


def _render_update(offer, award, *, form=None, file_form=None, problems=None, checked=False,
                   loose=(), status=200, focus=None, message=None):
    version = offer.draft_version
    if form is None and version is not None:
        form = forms.UpdateForm(formdata=None, data=_update_form_data(version))
    translated_problems = [offer_rules.Problem(p.field, _(p.message)) for p in problems or []]
    problem_map: dict[str, list[str]] = {}
    for p in translated_problems:
        problem_map.setdefault(p.field, []).append(p.message)
    return render_template(
        "awards/update.html", offer=offer, award=award, version=version,
        competition=offer.competition, task=offer.task, form=form,
        file_form=file_form or _file_form(offer, False),
        decline_form=forms.DeclineForm(formdata=None),
        preview=_preview(form, award) if form is not None else None,
        problems=translated_problems, problem_map=problem_map, checked=checked,
        loose_errors=list(loose), deadline=queries.update_deadline(award) if award else None,
        is_open=award is not None and queries.update_open(award),
        lapsed=award is not None and queries.update_lapsed(award), focus=focus,
        message=message, decision=queries.decision_of(offer.competition),
        filed=offer.filed_version,
    ), status


@bp.route("/offers/<int:offer_id>/update", methods=["GET", "POST"])
@login_required
def update(offer_id: int):
    offer = _offer_for_update(offer_id)
    award = queries.award_of_offer(offer)
    relevant = award is not None and (award.needs_update or award.update_filed_at is not None
                                      or (award.state == AwardState.WITHDRAWN
                                          and award.final_grant
                                          and award.final_grant < award.requested))
    if not relevant:
        flash(_("Ta oferta nie wymaga aktualizacji."), "info")
        return redirect(url_for("offers.view", offer_id=offer.id))
    if request.method == "GET" or not queries.update_open(award):
        return _render_update(offer, award, status=200 if request.method == "GET" else 409)
    verb, kind, index = _row_action(request.form.get("action", "save"))
    if verb == "start":
        try:
            services.start_update(award, actor=current_user)
        except DomainError as exc:
            db.session.rollback()
            return _render_update(offer, award, loose=[_(exc.message)], status=exc.status_code)
        db.session.commit()
        flash(_("Przygotowano aktualizację oferty (kopię złożonej wersji). Dostosuj kalkulację "
                "kosztów, harmonogram i rezultaty do przyznanej dotacji."), "success")
        return redirect(url_for("awards.update", offer_id=offer.id))
    version = offer.draft_version
    if version is None:
        return _render_update(offer, award, status=409, loose=[
            _("Najpierw rozpocznij aktualizację oferty.")])
    form = forms.UpdateForm()
    file_form = _file_form(offer, True)
    if not form.validate():
        if verb == "add":
            form[kind].append_entry()
        elif verb == "remove" and index is not None and index < len(form[kind].entries):
            form[kind].entries.pop(index)
        return _render_update(offer, award, form=form, file_form=file_form, status=422, loose=[
            _("Aktualizacja nie została zapisana - popraw zaznaczone pola. Wpisane dane są "
              "zachowane na formularzu.")])
    remove = (kind, index) if verb == "remove" and index is not None else None
    data, index_map = _update_data(form, version, remove)
    try:
        problems = services.save_update(award, actor=current_user, data=data)
        if verb == "file":
            if not file_form.confirm.data:
                file_form.confirm.errors = [_("Potwierdź złożenie aktualizacji, zaznaczając "
                                              "pole.")]
                raise ValidationFailed(_("Aktualizacja nie została złożona - potwierdź jej "
                                         "złożenie."))
            services.file_update(award, actor=current_user, signed_by=file_form.signed_by.data)
    except DomainError as exc:
        db.session.rollback()
        if remove is not None and index < len(form[kind].entries):
            form[kind].entries.pop(index)
            index_map = {k: [j - 1 if (k == kind and j > index) else j for j in v]
                         for k, v in index_map.items()}
        field_errors = dict(exc.field_errors)
        if "signed_by" in field_errors:
            file_form.signed_by.errors = translated(field_errors.pop("signed_by"))
        loose = _map_errors(form, field_errors, index_map)
        return _render_update(offer, award, form=form, file_form=file_form,
                              status=exc.status_code,
                              loose=[_(exc.message)] + [m for m in loose if m != _(exc.message)])
    db.session.commit()
    if verb == "file":
        flash(_("Aktualizacja oferty została złożona. Obie wersje oferty są zachowane."),
              "success")
        return redirect(url_for("offers.view", offer_id=offer.id))
    if verb == "check":
        return _render_update(offer, award, problems=problems, checked=True)
    if verb == "add":
        fresh = forms.UpdateForm(formdata=None, data=_update_form_data(offer.draft_version))
        fresh[kind].append_entry()
        return _render_update(offer, award, form=fresh, focus=f"{kind}-{len(fresh[kind]) - 1}")
    flash(_("Zapisano aktualizację (jeszcze niezłożoną)."), "success")
    return redirect(url_for("awards.update", offer_id=offer.id))


@bp.route("/offers/<int:offer_id>/decline", methods=["POST"])
@login_required
def decline(offer_id: int):
    offer = _offer_for_update(offer_id)
    award = queries.award_of_offer(offer)
    if award is None:
        flash(_("Ta oferta nie otrzymała dotacji - nie ma z czego rezygnować."), "info")
        return redirect(url_for("offers.view", offer_id=offer.id))
    form = forms.DeclineForm()
    if not form.validate():
        abort(400)
    back = url_for("awards.update" if award.needs_update else "offers.view", offer_id=offer.id)
    if not form.confirm.data:
        flash(_("Zaznacz pole, aby potwierdzić rezygnację z dotacji."), "error")
        return redirect(back)
    try:
        services.decline_award(award, actor=current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
        return redirect(back)
    db.session.commit()
    flash(_("Zrezygnowano z dotacji. Urząd został o tym poinformowany."), "success")
    return redirect(url_for("offers.view", offer_id=offer.id))
