"""The decision on the grants, the publication of the results, objections, the lapsed
updates and the annulment of the competition (the officer's pages)."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from grants.awards import forms, inputs, queries, rules, services, updates
from grants.awards.views.common import bp, competition_or_404, parse_amounts, split_errors
from grants.core import actions
from grants.core.errors import DomainError
from grants.core.forms import place_errors, refusal_messages


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
        offerors=len(queries.filed_offers(competition)),
    ), status


def _back(competition) -> str:
    return url_for("awards.decision", competition_id=competition.id)


@bp.route("/officer/competitions/<int:competition_id>/decision", methods=["GET", "POST"])
@login_required
def decision(competition_id: int):
    competition = competition_or_404(competition_id)
    if request.method == "GET":
        return _render_decision(competition)
    action = request.form.get("action", "")
    if action == "decide":
        return _decide(competition)
    if action == "objection":
        return _objection(competition)
    if action == "lapsed":
        return actions.run(
            lambda: updates.record_lapsed_updates(competition, actor=current_user),
            refused=lambda r: _render_decision(competition, loose=r.messages,
                                               status=r.status),
            success=lambda lapsed: _("Odnotowano rezygnacje z powodu braku aktualizacji w "
                                     "terminie: %(n)d.", n=len(lapsed)),
            next=_back(competition))
    abort(400)


def _decide(competition):
    form = forms.DecisionForm()
    ranking_ = queries.ranking_of(competition)
    amounts, typed, errors = parse_amounts(ranking_.awards if ranking_ else [])
    if not form.validate() or errors:
        return _render_decision(competition, decision_form=form, typed=typed,
                                errors=errors, status=422,
                                loose=[_("Decyzja nie została zapisana - popraw "
                                         "zaznaczone pola.")])
    known = {f"grant-{a.id}" for a in (ranking_.awards if ranking_ else [])}

    def refused(refusal: actions.Refusal):
        exc = refusal.error
        per_field, _rest = split_errors(exc.field_errors, known)
        loose = place_errors(form, {k: v for k, v in exc.field_errors.items()
                                    if k not in known})
        return _render_decision(competition, decision_form=form, typed=typed,
                                errors=per_field, status=refusal.status,
                                loose=refusal_messages(exc, loose))

    return actions.run(
        lambda: services.record_decision(competition, actor=current_user,
                                         number=form.number.data,
                                         decided_on=form.decided_on.data,
                                         signer=form.signer.data, amounts=amounts),
        refused=refused,
        success=_("Zapisano decyzję o przyznaniu dotacji. Opublikuj wyniki."),
        next=_back(competition))


def _objection(competition):
    form = _objection_form(competition, True)
    if not form.validate():
        return _render_decision(competition, objection_form=form, status=422)
    raw = (form.offer_id.data or "").strip()
    offer = {str(o.id): o for o in queries.filed_offers(competition)}.get(raw)

    def call():
        if raw and offer is None:
            raise DomainError(_("Wybierz ofertę z listy."),
                              field_errors={"offer_id": [_("Wybierz ofertę z listy.")]})
        return services.record_objection(competition, actor=current_user,
                                         received_on=form.received_on.data,
                                         author=form.author.data, content=form.content.data,
                                         offer=offer)

    return actions.run(
        call, form=form,
        refused=lambda r: _render_decision(competition, objection_form=form,
                                           status=r.status if r.status != 400 else 422,
                                           loose=r.messages),
        success=_("Zarejestrowano zastrzeżenia. Od rozstrzygnięcia konkursu nie przysługuje "
                  "odwołanie (art. 15 ust. 2j)."),
        next=_back(competition))


@bp.route("/officer/competitions/<int:competition_id>/results/publish", methods=["POST"])
@login_required
def publish(competition_id: int):
    competition = competition_or_404(competition_id)
    form = forms.PublishForm()
    return actions.run(
        lambda: services.publish_results(competition, actor=current_user,
                                         bip_on=form.bip_on.data, board_on=form.board_on.data,
                                         website_on=form.website_on.data),
        form=form, invalid=_("Wyniki nie zostały opublikowane - popraw daty."),
        refused=lambda r: _render_decision(competition, publish_form=form, status=r.status,
                                           loose=r.messages),
        success=_("Wyniki konkursu zostały opublikowane; oferenci otrzymali wiadomości "
                  "e-mail."),
        next=_back(competition))


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
    competition = competition_or_404(competition_id)
    if request.method == "GET":
        return _render_annul(competition)
    form = forms.AnnulForm()
    if not form.validate():
        return _render_annul(competition, form, status=422)
    if not form.confirm.data:
        form.confirm.errors = [_("Zaznacz pole, aby potwierdzić unieważnienie.")]
        return _render_annul(competition, form, status=422)
    return actions.run(
        lambda: services.annul_competition(
            competition, actor=current_user, reason=form.reason.data,
            bip_on=form.bip_on.data, board_on=form.board_on.data,
            website_on=form.website_on.data, decision_number=form.decision_number.data),
        form=form,
        refused=lambda r: _render_annul(competition, form, status=r.status, loose=r.messages),
        success=_("Konkurs został unieważniony; informacja jest opublikowana na stronie "
                  "konkursu."),
        next=url_for("awards.annul", competition_id=competition.id))
