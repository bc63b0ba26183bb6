"""A member's committees, the competition's offers as the member sees them, and scoring one
offer (its content, the offeror's history for criterion 6, the member's own points)."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.core import actions
from grants.core.i18n import N_
from grants.documents.serving import send_stored
from grants.evaluation import forms, permissions, queries, rules, services
from grants.evaluation.views.common import MemberPage, bp, offer_rows
from grants.extensions import db
from grants.offers.content import version_content
from grants.offers.models import Offer, OfferAttachment, OfferStatus

OFFER_STATUS_LABELS = {
    OfferStatus.DRAFT: N_("szkic"),
    OfferStatus.FILED: N_("złożona"),
    OfferStatus.WITHDRAWN: N_("wycofana"),
}

CONTRACT_STATUS_LABELS = {
    "draft": N_("projekt"),
    "signed": N_("w realizacji"),
    "terminated": N_("rozwiązana"),
    "closed": N_("rozliczona i zamknięta"),
}
RETURN_KIND_LABELS = {
    "unused": N_("dotacja niewykorzystana"),
    "revenues": N_("przychody uzyskane przy realizacji zadania"),
    "bank_interest": N_("odsetki bankowe od dotacji"),
    "excess_items": N_("dotacja pobrana w nadmiernej wysokości (przekroczenie tolerancji "
                       "pozycji)"),
    "excess_share": N_("dotacja pobrana w nadmiernej wysokości (przekroczenie udziału "
                       "dotacji)"),
    "misused": N_("dotacja wykorzystana niezgodnie z przeznaczeniem"),
}


@bp.route("/committee")
@login_required
def my_competitions():
    if not permissions.can_use_committee_area(current_user):
        abort(403)
    seats = [m for m in queries.memberships_of(current_user)
             if permissions.is_seated(current_user, m.committee.competition, m)]
    return render_template("evaluation/mine.html", seats=seats)


@bp.route("/committee/competitions/<int:competition_id>")
@login_required
def competition(competition_id: int):
    page = MemberPage(competition_id)
    matches = queries.name_matches(page.member, page.offers)
    return render_template(
        "evaluation/competition.html", rows=offer_rows(page), matches=matches,
        my_conflicts=[e for e in queries.exclusions(page.committee)
                      if e.member.id == page.member.id],
        can_close=permissions.can_close_scoring(current_user, page.competition, page.member),
        can_view_sheet=permissions.can_view_sheet(current_user, page.competition,
                                                  page.committee, page.member),
        can_declare=permissions.can_declare_conflict(current_user, page.competition,
                                                     page.member),
        **page.template())


# ------------------------------------------------------------------ one offer


def _score_data(score, criteria) -> dict:
    data = {}
    if score is None:
        return data
    by_crit = {i.criterion_id: i for i in score.items}
    for c in criteria:
        item = by_crit.get(c.id)
        if item is not None:
            data[f"points_{c.id}"] = item.points
            data[f"justification_{c.id}"] = item.justification
    return data


def _offer_content(offer: Offer, competition) -> dict:
    """What a member who may see the offer reads: the filed content and the history."""
    version = offer.filed_version
    content = None
    if version is not None:
        content = version.content if version.content else version_content(version)
    return {"c": content,
            "history": queries.offeror_history(offer.organisation, competition),
            "contract_history": queries.offeror_contract_history(offer.organisation,
                                                                 competition)}


def _render_offer(page: MemberPage, offer: Offer, *, form=None, loose=(), status=200):
    competition = page.competition
    criteria = queries.criteria_of(competition)
    can_see = permissions.can_see_offer_content(current_user, competition, page.member, offer,
                                                participants=page.participants)
    can_score = permissions.can_score(current_user, competition, page.member, offer,
                                      participants=page.participants,
                                      unresolved_orgs=page.unresolved())
    score = queries.score_of(page.member, offer) if can_see else None
    if form is None:
        form = forms.score_form(criteria, data=_score_data(score, criteria))
    content = (_offer_content(offer, competition) if can_see
               else {"c": None, "history": [], "contract_history": []})
    matches = [m for m in queries.name_matches(page.member, [offer]) if not m.confirmed]
    required_below = {c.id: c.max_points * page.committee.justification_below_pct / 100
                      for c in criteria}
    return render_template(
        "evaluation/offer.html", offer=offer, title=queries.offer_title(offer),
        offerors=queries.offerors(offer), can_see=can_see, can_score=can_score,
        excluded=permissions.is_excluded(page.member, offer, participants=page.participants),
        own_offer=permissions.own_offer(page.member, offer),
        score=score, my_items={i.criterion_id: i for i in score.items} if score else {},
        form=form, criteria=criteria, contract_status_labels=CONTRACT_STATUS_LABELS,
        return_kind_labels=RETURN_KIND_LABELS,
        matches=matches, loose_errors=list(loose), required_below=required_below,
        offer_status_labels=OFFER_STATUS_LABELS,
        committee_attachment_url=(lambda a: url_for(
            "evaluation.attachment", competition_id=competition.id, offer_id=offer.id,
            attachment_id=a["id"])) if can_see else None,
        can_declare=permissions.can_declare_conflict(current_user, competition, page.member),
        **content, **page.template()), status


@bp.route("/committee/competitions/<int:competition_id>/offers/<int:offer_id>",
          methods=["GET", "POST"])
@login_required
def offer(competition_id: int, offer_id: int):
    page = MemberPage(competition_id)
    offer = page.offer(offer_id)
    if request.method == "GET":
        return _render_offer(page, offer)
    action = request.form.get("action", "save")
    if action not in ("save", "submit", "reopen"):
        abort(400)
    if not permissions.can_see_offer_content(current_user, page.competition, page.member,
                                             offer, participants=page.participants):
        abort(403)
    if action == "reopen":
        return _reopen(page, offer)
    return _save(page, offer, submit=action == "submit")


def _here(page: MemberPage, offer: Offer) -> str:
    return url_for("evaluation.offer", competition_id=page.competition.id, offer_id=offer.id)


def _reopen(page: MemberPage, offer: Offer):
    form = forms.score_form(queries.criteria_of(page.competition), formdata=request.form)
    if not form.validate():  # the CSRF token; the points are not read
        abort(400)
    return actions.run(
        lambda: services.reopen_score(page.member, offer, actor=current_user),
        refused=lambda r: _render_offer(page, offer, loose=r.messages, status=r.status),
        success=_("Ocena wróciła do wersji roboczej. Popraw ją i przekaż ponownie."),
        category="info", next=_here(page, offer))


def _save(page: MemberPage, offer: Offer, *, submit: bool):
    criteria = queries.criteria_of(page.competition)
    form = forms.score_form(criteria, formdata=request.form)

    def items() -> dict[int, rules.ItemInput]:
        return {c.id: rules.ItemInput(points=form[f"points_{c.id}"].data,
                                      justification=form[f"justification_{c.id}"].data or "")
                for c in criteria}

    return actions.run(
        lambda: services.save_score(page.member, offer, actor=current_user, items=items(),
                                    submit=submit),
        form=form, invalid=_("Nie zapisano oceny – popraw zaznaczone pola. Wpisane dane są "
                             "zachowane na formularzu."),
        refused=lambda r: _render_offer(page, offer, form=form, loose=r.messages,
                                        status=r.status),
        success=(_("Ocena oferty została przekazana.") if submit
                 else _("Zapisano ocenę roboczą. Przekaż ją, gdy będzie gotowa.")),
        next=(url_for("evaluation.competition", competition_id=page.competition.id) if submit
              else _here(page, offer)))


@bp.route("/committee/competitions/<int:competition_id>/offers/<int:offer_id>/attachments/"
          "<int:attachment_id>")
@login_required
def attachment(competition_id: int, offer_id: int, attachment_id: int):
    """An attachment of the filed version, for a member who may see the offer's content."""
    page = MemberPage(competition_id)
    offer = page.offer(offer_id)
    if not permissions.can_see_offer_content(current_user, page.competition, page.member,
                                             offer, participants=page.participants):
        abort(404)
    version = offer.filed_version
    att = db.session.get(OfferAttachment, attachment_id)
    if version is None or att is None or att.version_id != version.id:
        abort(404)
    return send_stored(att.stored_file)
