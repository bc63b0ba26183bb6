"""Small grants: the officer's list and handling of an offer (assessment, publication,
moderation of comments, consideration, contracting) and the administrator's yearly plans.
Every action goes through grants.core.actions.run (service, commit, flash, redirect; a
refusal re-renders the page with the form's messages).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.core import actions, clock, formatting, listing
from grants.core.errors import DomainError
from grants.core.forms import polish_choice
from grants.extensions import db
from grants.organisers.models import ExecutiveBody
from grants.smallgrants import comments, lists, permissions, plans, queries, rules, services
from grants.smallgrants.forms import (
    AssessForm,
    ConsiderForm,
    ModerateForm,
    PublishForm,
    YearPlanForm,
)
from grants.smallgrants.models import SmallGrantComment, SmallGrantOffer
from grants.smallgrants.views import bp, offer_content


@bp.route("/officer/small-grants")
@login_required
def officer_list():
    if not permissions.can_list_offers(current_user):
        abort(403)
    organiser_ids = permissions.officer_organiser_ids(current_user)
    visible = lists.officer_offers(organiser_ids)
    spec = lists.OFFICER.with_choices(**lists.filter_choices(organiser_ids))
    return listing.respond(spec, visible, template="smallgrants/officer_list.html",
                           session=db.session, today=clock.today())


def _load_for_officer(offer_id: int) -> SmallGrantOffer:
    if not permissions.can_list_offers(current_user):
        abort(403)
    offer = queries.get_offer(offer_id)
    if offer is None or not permissions.can_handle_offer(current_user, offer):
        abort(404)
    return offer


def _officer_forms() -> dict:
    return {
        "assess_form": AssessForm(formdata=None),
        "publish_form": PublishForm(formdata=None, data={"published_on": clock.today()}),
        "consider_form": ConsiderForm(formdata=None),
        "moderate_form": ModerateForm(formdata=None),
        "contract_form": ModerateForm(formdata=None),
    }


def _render_officer(offer, *, status=200, message=None, **forms):
    context = _officer_forms()
    context.update(forms)
    return render_template(
        "smallgrants/officer_detail.html", offer=offer, c=offer_content(offer), message=message,
        period_open=comments.comment_period_open(offer),
        period_ended=rules.has_comment_period_ended(offer.comment_end, clock.now()),
        **context), status


def _back(offer: SmallGrantOffer) -> str:
    return url_for("smallgrants.officer_detail", offer_id=offer.id)


def _with_form(offer, name: str, form, joined):
    """A refusal re-renders the page with `form` under `name`; an invalid form shows only
    its fields' messages, a service's refusal the message `joined` makes of the refusal."""
    return lambda r: _render_officer(offer, status=r.status, **{name: form},
                                     message=joined(r) if r.error is not None else None)


def _assess(offer: SmallGrantOffer):
    form = AssessForm()
    choice = {"yes": True, "no": False}.get(form.purposeful.data or "")
    return actions.run(
        lambda: services.assess_small_grant(offer, actor=current_user, purposeful=choice,
                                            note=form.assessment_note.data or ""),
        form=form, invalid=_("Popraw zaznaczone pola."), next=_back(offer),
        success=(_("Zapisano ocenę: zadanie celowe.") if choice
                 else _("Zapisano ocenę: zadanie niecelowe. Organizacja otrzyma wiadomość.")),
        refused=_with_form(offer, "assess_form", form, lambda r: " ".join(r.messages)))


def _publish(offer: SmallGrantOffer):
    form = PublishForm()
    return actions.run(
        lambda: services.publish_small_grant(
            offer, actor=current_user, bip_on=form.bip_on.data, board_on=form.board_on.data,
            website_on=form.website_on.data),
        form=form, invalid=_("Popraw zaznaczone pola."), next=_back(offer),
        success=lambda o: _("Oferta została opublikowana; uwagi można zgłaszać do %(day)s.",
                            day=formatting.date(o.comment_end)),
        refused=_with_form(offer, "publish_form", form,
                           lambda r: " ".join(r.messages[1:]) or r.messages[0]))


def _moderate(offer: SmallGrantOffer, approve: bool):
    form = ModerateForm()
    comment_id = form.comment_id.data or ""
    comment = (db.session.get(SmallGrantComment, int(comment_id))
               if comment_id.isdigit() and int(comment_id) < 2**31 else None)
    if not form.validate_on_submit() or comment is None or comment.offer_id != offer.id:
        return _render_officer(offer, status=422, message=_("Nie znaleziono uwagi do moderacji."))
    return actions.run(
        lambda: comments.moderate_comment(comment, actor=current_user, approve=approve),
        next=_back(offer),
        success=_("Uwaga została opublikowana.") if approve else _("Uwaga została odrzucona."),
        refused=lambda r: _render_officer(offer, status=r.status, message=r.messages[0]))


def _consider(offer: SmallGrantOffer):
    form = ConsiderForm()
    return actions.run(
        lambda: services.record_consideration(offer, actor=current_user,
                                              note=form.consideration_note.data or ""),
        form=form, invalid=_("Popraw zaznaczone pola."), next=_back(offer),
        success=_("Zapisano sposób rozpatrzenia uwag."),
        refused=_with_form(offer, "consider_form", form, lambda r: " ".join(r.messages)))


def _contract(offer: SmallGrantOffer):
    if not ModerateForm().validate_on_submit():
        abort(400)
    return actions.run(
        lambda: services.start_contracting(offer, actor=current_user), next=_back(offer),
        success=_("Oferta skierowana do przygotowania umowy."),
        refused=lambda r: _render_officer(offer, status=r.status, message=r.messages[0]))


OFFICER_ACTIONS = {
    "assess": _assess,
    "publish": _publish,
    "approve": lambda offer: _moderate(offer, approve=True),
    "reject": lambda offer: _moderate(offer, approve=False),
    "consider": _consider,
    "contract": _contract,
}


@bp.route("/officer/small-grants/<int:offer_id>", methods=["GET", "POST"])
@login_required
def officer_detail(offer_id: int):
    offer = _load_for_officer(offer_id)
    if request.method == "GET":
        return _render_officer(offer)
    action = OFFICER_ACTIONS.get(request.form.get("action", ""))
    if action is None:
        return _render_officer(offer, status=400, message=_("Nieznana operacja."))
    return action(offer)


# ---------------------------------------------------------------- the administrator

def _plan_rows() -> list[dict]:
    used = queries.used_per_plan()
    rows = []
    for plan in queries.plans():
        try:
            share = services.limits_on(min(clock.today(), dt.date(plan.year, 12, 31))
                                       ).year_share_pct
        except DomainError:
            share = None
        cap = rules.year_share_cap(plan.planned_total, share) if share is not None else None
        rows.append({"plan": plan, "used": used.get((plan.executive_body_id, plan.year),
                                                    Decimal("0.00")),
                     "share": share, "cap": cap})
    return rows


def _render_plans(form, status: int = 200):
    return render_template("smallgrants/admin_plans.html", form=form,
                           rows=_plan_rows()), status


@bp.route("/admin/small-grant-plans", methods=["GET", "POST"])
@login_required
def admin_plans():
    if not permissions.can_manage_plans(current_user):
        abort(403)
    bodies = queries.bodies()
    form = YearPlanForm()
    form.executive_body_id.choices = [polish_choice(b.id, b.name) for b in bodies]
    if request.method == "GET":
        form.year.data = clock.today().year
        if len(bodies) == 1:
            form.executive_body_id.data = bodies[0].id
        return _render_plans(form)
    if not form.validate_on_submit():
        return _render_plans(form, 422)

    def refused(r: actions.Refusal):
        r.flash()
        return _render_plans(form, r.status)

    return actions.run(
        lambda: plans.set_year_plan(
            db.session.get(ExecutiveBody, form.executive_body_id.data), form.year.data,
            form.planned_total.data, actor=current_user, note=form.note.data or ""),
        form=form, next=url_for("smallgrants.admin_plans"), refused=refused,
        success=lambda plan: _("Zapisano plan dotacji na %(year)d r.: %(total)s.",
                               year=plan.year, total=formatting.money(plan.planned_total)))
