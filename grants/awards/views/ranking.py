"""The officer's ranking and proposed grants, the committee's protocol (PDF) and the ranking
(XLSX)."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.awards import exports, forms, inputs, pdf, queries, services
from grants.awards.views.common import (
    STATE_LABELS,
    TIE_LABELS,
    bp,
    competition_or_404,
    parse_amounts,
    split_errors,
)
from grants.calls.models import CallStatus
from grants.core import actions, clock
from grants.core.i18n import translate


def _render_ranking(competition, form=None, *, typed=None, errors=None, loose=(), status=200):
    ranking = queries.ranking_of(competition)
    decision = queries.decision_of(competition)
    if form is None:
        form = forms.RankingForm(formdata=None)
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
    competition = competition_or_404(competition_id)
    if request.method == "GET":
        return _render_ranking(competition)
    form = forms.RankingForm()
    if not form.validate():
        return _render_ranking(competition, form, status=400)
    action = request.form.get("action", "")
    if action == "build":
        return _build(competition, form)
    if action == "save":
        return _save(competition, form)
    abort(400)


def _refused(competition, form, typed):
    """A refused ranking: amounts' messages by their rows, the criterion's on its field."""
    def show(refusal: actions.Refusal):
        exc = refusal.error
        ranking_ = queries.ranking_of(competition)
        known = {f"grant-{a.id}" for a in (ranking_.awards if ranking_ else [])}
        per_field, loose = split_errors(exc.field_errors, known)
        return _render_ranking(competition, form, typed=typed, errors=per_field,
                               loose=[translate(exc.message)] if not loose or per_field else loose,
                               status=refusal.status)
    return show


def _build(competition, form):
    return actions.run(
        lambda: services.build_ranking(competition, actor=current_user),
        refused=_refused(competition, form, {}),
        success=_("Utworzono ranking i proponowane kwoty dotacji."),
        next=url_for("awards.ranking", competition_id=competition.id))


def _save(competition, form):
    ranking_ = queries.ranking_of(competition)
    amounts, typed, errors = parse_amounts(ranking_.awards if ranking_ else [])
    if errors:
        return _render_ranking(
            competition, form, typed=typed, errors=errors, status=422,
            loose=[_("Kwoty nie zostały zapisane - popraw zaznaczone pola. Wpisane "
                     "wartości są zachowane.")])
    return actions.run(
        lambda: services.set_grants(competition, actor=current_user, amounts=amounts),
        refused=_refused(competition, form, typed),
        success=_("Zapisano proponowane kwoty dotacji."),
        next=url_for("awards.ranking", competition_id=competition.id))


# ---------------------------------------------------------------- protocol and XLSX

def _file_name(competition) -> str:
    return (competition.reference or str(competition.id)).replace("/", "-").replace(" ", "_")


@bp.route("/officer/competitions/<int:competition_id>/protocol.pdf")
@login_required
def protocol(competition_id: int):
    competition = competition_or_404(competition_id)
    ranking_ = queries.ranking_of(competition)
    data = inputs.protocol_data(competition) if ranking_ is not None else None
    if ranking_ is None or data is None:
        flash(_("Protokół będzie dostępny po zamknięciu oceny i utworzeniu rankingu."),
              "warning")
        return redirect(url_for("awards.ranking", competition_id=competition.id))
    blocks = queries.task_blocks(competition, ranking_)
    content = pdf.render_protocol_pdf(
        competition=competition, data=data, blocks=blocks, ranking=ranking_,
        decision=queries.decision_of(competition), generated_at=clock.now(),
        state_labels=STATE_LABELS, tie_labels=TIE_LABELS)
    return send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=True,
                     download_name=f"protokol-komisji-{_file_name(competition)}.pdf")


@bp.route("/officer/competitions/<int:competition_id>/ranking.xlsx")
@login_required
def ranking_xlsx(competition_id: int):
    competition = competition_or_404(competition_id)
    ranking_ = queries.ranking_of(competition)
    if ranking_ is None:
        flash(_("Ranking nie został jeszcze utworzony."), "warning")
        return redirect(url_for("awards.ranking", competition_id=competition.id))
    buf = exports.ranking_xlsx(competition, queries.task_blocks(competition, ranking_),
                               decision=queries.decision_of(competition),
                               state_labels=STATE_LABELS, tie_labels=TIE_LABELS)
    return send_file(buf, as_attachment=True,
                     download_name=f"ranking-{_file_name(competition)}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
