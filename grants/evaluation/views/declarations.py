"""A member's declarations: the declaration of impartiality, conflicts of interest and the
confirmation that a representative of the same name is no conflict."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from grants.core import actions
from grants.core.forms import polish_choice
from grants.evaluation import declarations, forms, permissions, queries
from grants.evaluation.views.common import MemberPage, bp, int_or_none, offer_rows
from grants.extensions import db
from grants.organisations.models import Organisation


def _render_declaration(page: MemberPage, form, *, status=200):
    text = (page.member.declaration.text if page.member.declaration
            else declarations.declaration_text(page.member))
    return render_template("evaluation/declaration.html", form=form, text=text,
                           rows=offer_rows(page),
                           can_sign=permissions.can_sign_declaration(
                               current_user, page.competition, page.member,
                               participants=page.participants),
                           **page.template()), status


def _flash_all(refusal: actions.Refusal) -> None:
    for message in refusal.messages:
        flash(message, "error")


@bp.route("/committee/competitions/<int:competition_id>/declaration", methods=["GET", "POST"])
@login_required
def declaration(competition_id: int):
    page = MemberPage(competition_id)
    form = forms.DeclarationForm()
    if request.method == "GET":
        return _render_declaration(page, form)
    if not form.validate_on_submit():
        abort(400)

    def refused(refusal: actions.Refusal):
        _flash_all(refusal)
        return _render_declaration(page, form, status=refusal.status)

    return actions.run(
        lambda: declarations.sign_declaration(page.member, actor=current_user,
                                              confirmed=bool(form.confirm.data)),
        form=form, refused=refused,
        success=_("Oświadczenie o bezstronności zostało podpisane. Możesz zapoznać się z "
                  "treścią ofert i je ocenić."),
        next=url_for("evaluation.competition", competition_id=competition_id))


# ------------------------------------------------------------------ conflicts


def _conflict_choices(page: MemberPage, form) -> None:
    excluded = page.excluded()
    orgs: dict[int, Organisation] = {}
    choices = [SelectChoice("", _("– wybierz –"))]
    for offer in page.offers:
        if offer.id not in excluded:
            choices.append(polish_choice(
                f"offer:{offer.id}",
                _("Oferta %(number)s: %(title)s (%(org)s)", number=offer.number,
                  title=queries.offer_title(offer), org=offer.organisation.name)))
        for org in queries.offerors(offer):
            orgs.setdefault(org.id, org)
    conflicted = {c.organisation_id for c in page.member.conflicts if c.organisation_id}
    conflicted |= queries.own_organisation_ids(page.member)  # excluded already
    for org in sorted(orgs.values(), key=lambda o: o.name):
        if org.id not in conflicted:
            choices.append(polish_choice(
                f"organisation:{org.id}",
                _("Oferent: %(name)s (wszystkie jego oferty)", name=org.name)))
    form.target.choices = choices


def _parse_target(page: MemberPage, value: str):
    kind, _sep, raw = (value or "").partition(":")
    ident = int_or_none(raw)
    if kind == "offer" and ident:
        return next((o for o in page.offers if o.id == ident), None), None
    if kind == "organisation" and ident:
        return None, db.session.get(Organisation, ident)
    return None, None


def _render_conflicts(page: MemberPage, form, can_declare: bool, *, status=200):
    return render_template("evaluation/conflicts.html", form=form, can_declare=can_declare,
                           exclusions=[e for e in queries.exclusions(page.committee)
                                       if e.member.id == page.member.id],
                           **page.template()), status


@bp.route("/committee/competitions/<int:competition_id>/conflicts", methods=["GET", "POST"])
@login_required
def conflicts(competition_id: int):
    page = MemberPage(competition_id)
    form = forms.ConflictForm()
    _conflict_choices(page, form)
    can_declare = permissions.can_declare_conflict(current_user, page.competition, page.member)
    if request.method == "GET":
        wanted = request.args.get("target", "")
        if any(c.value == wanted for c in form.target.choices):
            form.target.data = wanted
        return _render_conflicts(page, form, can_declare)
    if not can_declare:
        abort(409)
    if not form.validate_on_submit():
        return _render_conflicts(page, form, can_declare, status=422)
    offer, organisation = _parse_target(page, form.target.data)

    def refused(refusal: actions.Refusal):
        form.form_errors.extend(refusal.messages)
        return _render_conflicts(page, form, can_declare, status=refusal.status)

    return actions.run(
        lambda: declarations.declare_conflict(page.member, actor=current_user, offer=offer,
                                              organisation=organisation,
                                              reason=form.reason.data),
        form=form, refused=refused,
        success=_("Zgłoszono konflikt interesów. Jesteś wyłączony(-a) z oceny %(what)s.",
                  what=_("tej oferty") if offer else _("ofert tego oferenta")),
        next=url_for("evaluation.competition", competition_id=competition_id))


@bp.route("/committee/competitions/<int:competition_id>/name-matches", methods=["POST"])
@login_required
def confirm_name(competition_id: int):
    page = MemberPage(competition_id)
    form = forms.DeclarationForm()  # the CSRF token; `confirm` must be ticked
    if not form.validate_on_submit():
        abort(400)
    organisation_id = int_or_none(request.form.get("organisation_id"))
    if organisation_id is None:
        abort(400)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    back = url_for("evaluation.competition", competition_id=competition_id)
    if not form.confirm.data:
        flash(_("Zaznacz pole potwierdzenia, aby potwierdzić brak konfliktu interesów."),
              "error")
        return redirect(back)
    return actions.run(
        lambda: declarations.confirm_no_conflict(page.member, actor=current_user,
                                                 organisation=organisation),
        success=_("Zapisano potwierdzenie braku konfliktu interesów z oferentem %(name)s.",
                  name=organisation.name),
        next=back)
