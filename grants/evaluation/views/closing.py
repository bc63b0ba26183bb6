"""The chair closes scoring (seeing, once signed, which offers to discuss - never the points
nor anything derived from them); after closing, the sheet of every member's points (page and
XLSX)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.core import actions
from grants.evaluation import exports, forms, permissions, queries, services
from grants.evaluation.views.common import MemberPage, bp, competition_or_404


def _render_close(page: MemberPage, form, *, status=200):
    sheet = queries.build_sheet(page.committee)
    # the chair sees who still has to score and, once signed, which offers to discuss:
    # never the points, nor anything else derived from them (spread, member, direction)
    see_flags = permissions.can_see_flags(current_user, page.competition, page.member)
    return render_template(
        "evaluation/close.html", form=form, see_flags=see_flags,
        flags_offers=queries.offers_to_discuss(sheet, page.member) if see_flags else [],
        missing=sheet.missing, complete=sheet.complete,
        can_close=permissions.can_close_scoring(current_user, page.competition, page.member),
        titles={o.id: queries.offer_title(o) for o in sheet.offers},
        **page.template()), status


@bp.route("/committee/competitions/<int:competition_id>/close", methods=["GET", "POST"])
@login_required
def close(competition_id: int):
    page = MemberPage(competition_id)
    if not permissions.is_chair(current_user, page.competition, page.member):
        abort(403)
    if page.committee.is_closed:
        if request.method == "POST":
            abort(409)
        flash(_("Ocena ofert została już zamknięta."), "info")
        return redirect(url_for("evaluation.sheet", competition_id=competition_id))
    form = forms.CloseForm()
    if request.method == "GET":
        return _render_close(page, form)
    if not form.validate_on_submit():
        return _render_close(page, form, status=422)
    if not form.confirm.data:
        form.confirm.errors = [_("Zaznacz, że zamykasz ocenę.")]
        return _render_close(page, form, status=422)

    def refused(refusal: actions.Refusal):
        form.form_errors.extend(refusal.messages)
        return _render_close(MemberPage(competition_id), form, status=refusal.status)

    return actions.run(
        lambda: services.close_scoring(page.committee, actor=current_user,
                                       reason=form.reason.data or ""),
        form=form, refused=refused, success=_("Ocena ofert została zamknięta."),
        next=url_for("evaluation.sheet", competition_id=competition_id))


# ------------------------------------------------------------------ the sheet


def _sheet_or_404(competition_id: int):
    competition = competition_or_404(competition_id)
    committee = queries.committee_of(competition)
    member = queries.member_in(committee, current_user)
    if not permissions.can_view_sheet(current_user, competition, committee, member):
        abort(404)
    return competition, committee, member


def _hidden(competition, member, built) -> set[int]:
    return permissions.sheet_hidden_offer_ids(
        current_user, competition, member, built.offers,
        participants=queries.participating_organisation_ids(competition))


@bp.route("/committee/competitions/<int:competition_id>/sheet")
@login_required
def sheet(competition_id: int):
    competition, committee, member = _sheet_or_404(competition_id)
    built = queries.build_sheet(committee)
    return render_template("evaluation/sheet.html", competition=competition,
                           committee=committee, member=member, sheet=built,
                           hidden=_hidden(competition, member, built),
                           titles={o.id: queries.offer_title(o) for o in built.offers},
                           exclusions=queries.exclusions(committee))


@bp.route("/committee/competitions/<int:competition_id>/sheet.xlsx")
@login_required
def sheet_xlsx(competition_id: int):
    competition, committee, member = _sheet_or_404(competition_id)
    built = queries.build_sheet(committee)
    data = exports.sheet_xlsx(built, exclusions=queries.exclusions(committee),
                              hidden=_hidden(competition, member, built))
    name = f"arkusz-ocen-{competition.reference or competition.id}.xlsx".replace("/", "-")
    return send_file(data, as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
