"""The formal check: the officer's list per competition and the check of one offer; the
offeror's correction. The offeror sees the outcome on its offer page (formal/_offer_panel.html,
included by offers/view.html through `formal_panel`).

Thin views: parse -> load (404) -> authorize (formal.permissions) -> one service -> commit ->
redirect. A refused input re-renders the form with what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.calls.models import Competition
from grants.core import actions, clock
from grants.core.errors import NotAllowed
from grants.core.i18n import N_
from grants.extensions import db
from grants.formal import permissions, queries, services
from grants.formal.forms import CheckForm, CsrfForm
from grants.formal.models import FormalCheck, FormalOutcome
from grants.formal.queries import CheckStatus
from grants.offers import permissions as offer_perms
from grants.offers import queries as offer_queries
from grants.offers import services as offer_services
from grants.offers.models import Offer

bp = Blueprint("formal", __name__)

OUTCOME_LABELS = {
    FormalOutcome.PENDING: N_("w toku"),
    FormalOutcome.ACCEPTED: N_("przyjęta – spełnia wymogi formalne"),
    FormalOutcome.REJECTED: N_("odrzucona z przyczyn formalnych"),
    FormalOutcome.TO_COMPLETE: N_("do uzupełnienia"),
}
STATUS_LABELS = {
    CheckStatus.WITHDRAWN: N_("wycofana – nie podlega ocenie"),
    CheckStatus.NOT_STARTED: N_("nie rozpoczęto"),
    CheckStatus.PENDING: N_("w toku"),
    CheckStatus.ACCEPTED: N_("przyjęta"),
    CheckStatus.REJECTED: N_("odrzucona"),
    CheckStatus.AWAITING_CORRECTION: N_("wezwano do uzupełnienia"),
    CheckStatus.CORRECTION_OVERDUE: N_("termin uzupełnienia minął"),
    CheckStatus.CORRECTION_FILED: N_("uzupełnienie złożone – do ponownej oceny"),
}
ACTIONS = {"save": None, "accept": FormalOutcome.ACCEPTED, "reject": FormalOutcome.REJECTED,
           "to_complete": FormalOutcome.TO_COMPLETE}


# ---------------------------------------------------------------- the offer page's panel

@dataclass(frozen=True)
class OfferPanel:
    """What the offer page shows of the formal check."""

    check: FormalCheck | None
    status: CheckStatus
    due: Any                 # the correction's due instant (aware UTC) or None
    correction_open: bool    # the offeror may prepare / file the correction now
    can_file: bool           # the current user may do it
    can_check: bool          # the current user runs the check (link to the form)


def formal_panel(offer: Offer) -> OfferPanel | None:
    """None when the user may not see it or the formal check has not begun for the offer."""
    if offer.filed_at is None or not permissions.can_view_formal_outcome(current_user, offer):
        return None
    if clock.now() < offer.competition.offer_deadline:
        return None
    check = queries.check_of(offer)
    correction = queries.requested_correction(offer)
    open_ = offer_services.in_correction(offer)
    return OfferPanel(
        check=check, status=queries.status_of(offer, check),
        due=correction.due if correction else None, correction_open=open_,
        can_file=open_ and permissions.can_file_correction(current_user, offer),
        can_check=permissions.can_check_offer(current_user, offer))


@bp.app_context_processor
def _formal_helpers():
    return {"formal_perms": permissions, "formal_panel": formal_panel,
            "formal_outcome_labels": OUTCOME_LABELS, "formal_status_labels": STATUS_LABELS}


# ---------------------------------------------------------------- the officer's list

@bp.route("/officer/competitions/<int:competition_id>/formal")
@login_required
def competition_list(competition_id: int):
    competition = db.session.get(Competition, competition_id)
    if competition is None or not permissions.can_run_formal_check(current_user, competition):
        abort(404 if competition is None or permissions.is_officer_anywhere(current_user)
              else 403)
    rows = queries.check_rows(competition)
    counts: dict[CheckStatus, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    own = {r.offer.id for r in rows if permissions.is_own_offer(current_user, r.offer)}
    return render_template("formal/list.html", competition=competition, rows=rows,
                           counts=counts, started=clock.now() >= competition.offer_deadline,
                           own=own)


# ---------------------------------------------------------------- the check of one offer

def _load_for_check(offer_id: int) -> Offer:
    """The offer whose check the user runs; an officer of the organiser who belongs to one
    of its offerors is refused with the reason (403)."""
    offer = offer_queries.get_offer(offer_id)
    if offer is None or offer.filed_at is None or offer.competition_id is None:
        abort(404)
    if not permissions.can_check_offer(current_user, offer):
        if permissions.can_run_formal_check(current_user, offer.competition):
            conflict = permissions.check_refusal(current_user, offer)
            if conflict:
                raise NotAllowed(conflict)
        abort(403 if offer_perms.can_view_offer(current_user, offer) else 404)
    return offer


def _item_texts(offer: Offer, check: FormalCheck | None) -> list[str]:
    if check is not None:
        return [i.text for i in check.items]
    return [c.text for c in offer.competition.checklist]


def _fresh_form(offer: Offer, check: FormalCheck | None) -> CheckForm:
    items = [{"passed": "" if i.passed is None else ("pass" if i.passed else "fail"),
              "note": i.note} for i in check.items] if check else [
        {"passed": "", "note": ""} for _c in offer.competition.checklist]
    return CheckForm(formdata=None, data={
        "items": items, "reasons": "",
        "due_date": services.default_due_date(offer.competition)})


def _render(offer: Offer, form: CheckForm, *, message: str | None = None, status: int = 200):
    check = queries.check_of(offer)
    texts = _item_texts(offer, check)
    while len(form.items.entries) < len(texts):
        form.items.append_entry()
    competition = offer.competition
    return render_template(
        "formal/check.html", offer=offer, competition=competition, check=check,
        version=offer.filed_version, form=form, texts=texts, message=message,
        status_key=queries.status_of(offer, check),
        correction=queries.requested_correction(offer),
        started=clock.now() >= competition.offer_deadline,
        final=check is not None and check.outcome in services.FINAL,
        default_due=services.default_due_date(competition),
        round_versions={v.id: v.number for v in offer.versions},
    ), status


@bp.route("/officer/offers/<int:offer_id>/formal", methods=["GET", "POST"])
@login_required
def check(offer_id: int):
    offer = _load_for_check(offer_id)
    if request.method == "GET":
        return _render(offer, _fresh_form(offer, queries.check_of(offer)))
    form = CheckForm()
    action = request.form.get("action", "save")
    if action not in ACTIONS:
        action = "save"
    items = {i + 1: {"passed": e.form.passed.data or "", "note": e.form.note.data or ""}
             for i, e in enumerate(form.items.entries)}
    return actions.run(
        lambda: services.judge_offer(offer, actor=current_user, items=items,
                                     outcome=ACTIONS[action], reasons=form.reasons.data,
                                     due_date=form.due_date.data),
        form=form, invalid=_("Popraw zaznaczone pola – nic nie zapisano."),
        success=_decided_message(action, offer), next=url_for("formal.check", offer_id=offer.id),
        refused=lambda r: _render(offer, form, message=" ".join(r.messages), status=r.status))


def _decided_message(action: str, offer: Offer) -> str:
    if action == "accept":
        return _("Oferta %(n)s została przyjęta pod względem formalnym.", n=offer.number)
    if action == "reject":
        return _("Oferta %(n)s została odrzucona. Oferent otrzymał wiadomość z przyczynami.",
                 n=offer.number)
    if action == "to_complete":
        return _("Wezwano oferenta do uzupełnienia oferty %(n)s. Oferent otrzymał "
                 "wiadomość.", n=offer.number)
    return _("Zapisano ocenę wymogów.")


# ---------------------------------------------------------------- the offeror's correction

@bp.route("/offers/<int:offer_id>/correction", methods=["POST"])
@login_required
def start_correction(offer_id: int):
    offer = offer_queries.get_offer(offer_id)
    if offer is None or offer.competition_id is None \
            or not offer_perms.can_view_offer(current_user, offer):
        abort(404)
    if not permissions.can_file_correction(current_user, offer):
        abort(403)
    if not CsrfForm().validate_on_submit():
        abort(400)
    return actions.run(
        lambda: services.start_correction(offer, actor=current_user),
        success=_("Przygotowano uzupełnienie (kopię złożonej oferty). Popraw ofertę i złóż ją "
                  "przed terminem uzupełnienia."),
        next=url_for("offers.edit", offer_id=offer.id),
        refused_next=url_for("offers.view", offer_id=offer.id))
