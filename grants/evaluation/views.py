"""The committee's pages: the officer composes it; members sign the declaration, declare
conflicts and score; the chair closes scoring; after closing, the sheet (page and XLSX).

Thin views: parse -> load (404) -> authorize (evaluation.permissions) -> one service ->
commit -> redirect. A refused change re-renders the page with what was typed.
Members never see anyone else's points here while scoring is open: member pages read only
the member's own scores; the full sheet is served only after closing.
"""

from __future__ import annotations

import io
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from grants.auth.models import User
from grants.calls.models import Competition
from grants.core.errors import DomainError
from grants.core.i18n import N_, translated
from grants.evaluation import exports, forms, permissions, queries, rules, services
from grants.evaluation.labels import CELL_LABELS, FUNCTION_LABELS, KIND_LABELS
from grants.evaluation.models import CommitteeMember, ScoreState
from grants.extensions import db
from grants.offers.models import Offer, OfferAttachment, OfferStatus
from grants.organisations.models import Organisation

bp = Blueprint("evaluation", __name__)

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


@bp.app_context_processor
def _evaluation_helpers():
    return {"eval_perms": permissions, "kind_labels": KIND_LABELS,
            "function_labels": FUNCTION_LABELS, "cell_labels": CELL_LABELS}


def _function_of(member: CommitteeMember) -> str:
    return "chair" if member.is_chair else "secretary" if member.is_secretary else "none"


def _points(value) -> str:
    """Points as typed in Poland: 12,5 (no trailing zeros)."""
    if value is None:
        return "–"
    return format(rules.display(value).normalize(), "f").replace(".", ",")


@bp.app_template_filter("points")
def _points_filter(value) -> str:
    return _points(value)


def _competition(competition_id: int) -> Competition:
    competition = db.session.get(Competition, competition_id)
    if competition is None:
        abort(404)
    return competition


def _apply_errors(form, field_errors: dict[str, list[str]], mapping=None) -> list[str]:
    """Put the service's field messages on the form's fields; return those without a field."""
    loose: list[str] = []
    for key, messages in field_errors.items():
        name = (mapping or {}).get(key, key)
        field = form._fields.get(name) if form is not None else None
        if field is not None:
            field.errors = list(field.errors) + translated(messages)
        else:
            loose.extend(translated(messages))
    return loose


# ------------------------------------------------------------------ officer: composition


def _compose_forms(competition: Competition, committee, *, formdata: bool):
    settings = forms.SettingsForm(formdata=request.form if formdata else None,
                                  data=None if formdata else {
                                      "justification_below_pct":
                                          committee.justification_below_pct if committee
                                          else Decimal("50"),
                                      "disagreement_pct":
                                          committee.disagreement_pct if committee
                                          else Decimal("30"),
                                      "deviation_pct":
                                          committee.deviation_pct if committee
                                          else Decimal("15")})
    add = forms.AddMemberForm(formdata=request.form if formdata else None)
    seated = {m.user_id for m in committee.members} if committee else set()
    add.user_id.choices = [SelectChoice("", _("– wybierz osobę –"))] + [
        SelectChoice(str(u.id), f"{u.full_name} ({u.email})")
        for u in queries.committee_candidates(competition) if u.id not in seated]
    add.kind.choices = [SelectChoice("", _("– wybierz –"))] + [
        SelectChoice(k.value, _(label)) for k, label in KIND_LABELS.items()]
    add.naming_organisation_id.choices = [SelectChoice("", _("– nie dotyczy –"))] + [
        SelectChoice(str(o.id), f"{o.name} (NIP {o.nip})") for o in queries.naming_candidates()]
    add.function.choices = [SelectChoice(k, _(v)) for k, v in FUNCTION_LABELS.items()]
    return settings, add


def _render_compose(competition, committee, settings, add, *, loose=(), status=200):
    participants = queries.participating_organisation_ids(competition)
    progress = {}
    if committee is not None:
        offers = queries.offers_for_scoring(competition)
        for m in committee.members:
            mine = queries.scores_of(m)
            due = 0 if queries.is_disqualified(m, participants) else (
                len(offers) - len(queries.excluded_offer_ids(m, offers)))
            progress[m.id] = (sum(1 for s in mine.values()
                                  if s.state == ScoreState.SUBMITTED), due)
    return render_template(
        "evaluation/compose.html", competition=competition, committee=committee,
        settings_form=settings, add_form=add, loose_errors=list(loose),
        participants=participants, progress=progress,
        exclusions=queries.exclusions(committee) if committee else [],
        disqualified={m.id for m in committee.members
                      if queries.is_disqualified(m, participants)} if committee else set(),
        can_view_sheet=permissions.can_view_sheet(current_user, competition, committee, None),
    ), status


@bp.route("/officer/competitions/<int:competition_id>/committee", methods=["GET", "POST"])
@login_required
def compose(competition_id: int):
    if not permissions.is_any_officer(current_user):
        abort(403)
    competition = _competition(competition_id)
    if not permissions.can_compose_committee(current_user, competition):
        abort(404)
    committee = queries.committee_of(competition)
    if request.method == "GET":
        settings, add = _compose_forms(competition, committee, formdata=False)
        return _render_compose(competition, committee, settings, add)

    action = request.form.get("action", "")
    settings, add = _compose_forms(competition, committee, formdata=action in ("settings", "add"))
    if action == "settings" and not settings.validate():
        return _render_compose(competition, committee, settings, add, status=422)
    if action == "add" and not add.validate():
        return _render_compose(competition, committee, settings, add, status=422)
    try:
        committee = services.ensure_committee(competition, actor=current_user)
        if action == "settings":
            services.update_settings(
                committee, actor=current_user,
                justification_below_pct=settings.justification_below_pct.data,
                disagreement_pct=settings.disagreement_pct.data,
                deviation_pct=settings.deviation_pct.data)
            message = _("Zapisano ustawienia komisji.")
        elif action == "add":
            user = _int_or_none(add.user_id.data)
            org = _int_or_none(add.naming_organisation_id.data)
            member = services.add_member(
                committee, actor=current_user,
                user=db.session.get(User, user) if user else None, kind=add.kind.data or None,
                naming_organisation=db.session.get(Organisation, org) if org else None,
                function=add.function.data or "none")
            message = _("Dodano do komisji: %(name)s.", name=member.user.full_name)
        elif action in ("function", "remove"):
            member = _committee_member(committee, request.form.get("member_id"))
            if action == "function":
                services.set_function(member, actor=current_user,
                                      function=request.form.get("function", ""))
                message = _("Zmieniono funkcję: %(name)s.", name=member.user.full_name)
            else:
                name = member.user.full_name
                services.remove_member(member, actor=current_user)
                message = _("Usunięto ze składu komisji: %(name)s.", name=name)
        else:
            abort(400)
    except DomainError as exc:
        db.session.rollback()
        committee = queries.committee_of(competition)
        target = settings if action == "settings" else add if action == "add" else None
        loose = _apply_errors(target, exc.field_errors)
        if target is not None:
            _compose_choices_refresh(competition, committee, add)
        return _render_compose(competition, committee, settings, add,
                               loose=[_(exc.message)] + [m for m in loose if m != _(exc.message)],
                               status=exc.status_code)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("evaluation.compose", competition_id=competition.id))


def _compose_choices_refresh(competition, committee, add) -> None:
    """After a rollback the list of persons not yet seated is computed again."""
    seated = {m.user_id for m in committee.members} if committee else set()
    add.user_id.choices = [SelectChoice("", _("– wybierz osobę –"))] + [
        SelectChoice(str(u.id), f"{u.full_name} ({u.email})")
        for u in queries.committee_candidates(competition) if u.id not in seated]


def _int_or_none(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def _committee_member(committee, raw_id) -> CommitteeMember:
    member_id = _int_or_none(raw_id)
    member = next((m for m in committee.members if m.id == member_id), None)
    if member is None:
        abort(404)
    return member


# ------------------------------------------------------------------ member: loading


class _Ctx:
    """What a member's page needs: the competition, the committee and the user's seat."""

    def __init__(self, competition_id: int):
        self.competition = _competition(competition_id)
        self.committee = queries.committee_of(self.competition)
        self.member = queries.member_in(self.committee, current_user)
        if not permissions.can_view_committee_work(current_user, self.competition,
                                                   self.member):
            abort(404)
        self.participants = queries.participating_organisation_ids(self.competition)
        self.offers = queries.offers_for_scoring(self.competition)
        self.disqualified = queries.is_disqualified(self.member, self.participants)

    def offer(self, offer_id: int) -> Offer:
        found = next((o for o in self.offers if o.id == offer_id), None)
        if found is None:
            abort(404)
        return found

    def excluded(self) -> set[int]:
        return queries.excluded_offer_ids(self.member, self.offers)

    def unresolved(self) -> set[int]:
        return queries.unresolved_name_match_ids(self.member, self.offers)

    def template(self) -> dict:
        return {"competition": self.competition, "committee": self.committee,
                "member": self.member, "disqualified": self.disqualified,
                "closed": self.committee.is_closed}


@bp.route("/committee")
@login_required
def my_competitions():
    if not permissions.can_use_committee_area(current_user):
        abort(403)
    seats = [m for m in queries.memberships_of(current_user)
             if permissions.is_seated(current_user, m.committee.competition, m)]
    return render_template("evaluation/mine.html", seats=seats)


# ------------------------------------------------------------------ member: declaration


def _offer_rows(ctx: _Ctx) -> list[dict]:
    excluded = ctx.excluded()
    mine = queries.scores_of(ctx.member)
    unresolved = ctx.unresolved()
    rows = []
    for offer in ctx.offers:
        score = mine.get(offer.id)
        rows.append({
            "offer": offer, "title": queries.offer_title(offer),
            "offerors": queries.offerors(offer),
            "excluded": ctx.disqualified or offer.id in excluded,
            "state": score.state.value if score else "missing",
            "name_match": bool(queries.offeror_ids(offer) & unresolved),
            "can_see": permissions.can_see_offer_content(
                current_user, ctx.competition, ctx.member, offer,
                participants=ctx.participants),
        })
    return rows


@bp.route("/committee/competitions/<int:competition_id>/declaration", methods=["GET", "POST"])
@login_required
def declaration(competition_id: int):
    ctx = _Ctx(competition_id)
    form = forms.DeclarationForm()
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            services.sign_declaration(ctx.member, actor=current_user,
                                      confirmed=bool(form.confirm.data))
        except DomainError as exc:
            db.session.rollback()
            loose = _apply_errors(form, exc.field_errors)
            flash(_(exc.message), "error")
            for m in loose:
                flash(m, "error")
            status = exc.status_code
        else:
            db.session.commit()
            flash(_("Oświadczenie o bezstronności zostało podpisane. Możesz zapoznać się z "
                    "treścią ofert i je ocenić."), "success")
            return redirect(url_for("evaluation.competition", competition_id=competition_id))
    text = (ctx.member.declaration.text if ctx.member.declaration
            else services.declaration_text(ctx.member))
    return render_template("evaluation/declaration.html", form=form, text=text,
                           rows=_offer_rows(ctx),
                           can_sign=permissions.can_sign_declaration(
                               current_user, ctx.competition, ctx.member,
                               participants=ctx.participants),
                           **ctx.template()), status


# ------------------------------------------------------------------ member: offers


@bp.route("/committee/competitions/<int:competition_id>")
@login_required
def competition(competition_id: int):
    ctx = _Ctx(competition_id)
    matches = queries.name_matches(ctx.member, ctx.offers)
    return render_template(
        "evaluation/competition.html", rows=_offer_rows(ctx), matches=matches,
        my_conflicts=ctx.member.conflicts,
        can_close=permissions.can_close_scoring(current_user, ctx.competition, ctx.member),
        can_view_sheet=permissions.can_view_sheet(current_user, ctx.competition,
                                                  ctx.committee, ctx.member),
        can_declare=permissions.can_declare_conflict(current_user, ctx.competition,
                                                     ctx.member),
        **ctx.template())


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


def _render_offer(ctx: _Ctx, offer: Offer, *, form=None, loose=(), status=200):
    competition = ctx.competition
    criteria = queries.criteria_of(competition)
    unresolved = ctx.unresolved()
    can_see = permissions.can_see_offer_content(current_user, competition, ctx.member, offer,
                                                participants=ctx.participants)
    can_score = permissions.can_score(current_user, competition, ctx.member, offer,
                                      participants=ctx.participants,
                                      unresolved_orgs=unresolved)
    score = queries.score_of(ctx.member, offer) if can_see else None
    if form is None:
        form = forms.score_form(criteria, data=_score_data(score, criteria))
    content = None
    history = []
    contract_history = []
    if can_see:
        version = offer.filed_version
        if version is not None:
            from grants.offers.content import version_content

            content = version.content if version.content else version_content(version)
        history = queries.offeror_history(offer.organisation, competition)
        contract_history = queries.offeror_contract_history(offer.organisation, competition)
    matches = [m for m in queries.name_matches(ctx.member, [offer]) if not m.confirmed]
    committee = ctx.committee
    required_below = {c.id: c.max_points * committee.justification_below_pct / 100
                      for c in criteria}
    return render_template(
        "evaluation/offer.html", offer=offer, title=queries.offer_title(offer),
        offerors=queries.offerors(offer), can_see=can_see, can_score=can_score,
        excluded=permissions.is_excluded(ctx.member, offer, participants=ctx.participants),
        score=score, my_items={i.criterion_id: i for i in score.items} if score else {},
        form=form, criteria=criteria, c=content, history=history,
        contract_history=contract_history, contract_status_labels=CONTRACT_STATUS_LABELS,
        return_kind_labels=RETURN_KIND_LABELS,
        matches=matches, loose_errors=list(loose), required_below=required_below,
        offer_status_labels=OFFER_STATUS_LABELS,
        committee_attachment_url=(lambda a: url_for(
            "evaluation.attachment", competition_id=competition.id, offer_id=offer.id,
            attachment_id=a["id"])) if can_see else None,
        can_declare=permissions.can_declare_conflict(current_user, competition, ctx.member),
        **ctx.template()), status


@bp.route("/committee/competitions/<int:competition_id>/offers/<int:offer_id>",
          methods=["GET", "POST"])
@login_required
def offer(competition_id: int, offer_id: int):
    ctx = _Ctx(competition_id)
    offer = ctx.offer(offer_id)
    if request.method == "GET":
        return _render_offer(ctx, offer)

    criteria = queries.criteria_of(ctx.competition)
    action = request.form.get("action", "save")
    if action not in ("save", "submit", "reopen"):
        abort(400)
    if not permissions.can_see_offer_content(current_user, ctx.competition, ctx.member, offer,
                                             participants=ctx.participants):
        abort(403)
    if action == "reopen":
        form = forms.score_form(criteria, formdata=request.form)
        if not form.validate():  # the CSRF token; the points are not read
            abort(400)
        try:
            services.reopen_score(ctx.member, offer, actor=current_user)
        except DomainError as exc:
            db.session.rollback()
            return _render_offer(ctx, offer, loose=[_(exc.message)], status=exc.status_code)
        db.session.commit()
        flash(_("Ocena wróciła do wersji roboczej. Popraw ją i przekaż ponownie."), "info")
        return redirect(url_for("evaluation.offer", competition_id=competition_id,
                                offer_id=offer.id))

    form = forms.score_form(criteria, formdata=request.form)
    if not form.validate():
        return _render_offer(ctx, offer, form=form,
                             loose=[_("Nie zapisano oceny – popraw zaznaczone pola. Wpisane "
                                      "dane są zachowane na formularzu.")], status=422)
    items = {c.id: rules.ItemInput(points=form[f"points_{c.id}"].data,
                                   justification=form[f"justification_{c.id}"].data or "")
             for c in criteria}
    submit = action == "submit"
    try:
        services.save_score(ctx.member, offer, actor=current_user, items=items, submit=submit)
    except DomainError as exc:
        db.session.rollback()
        mapping = {f"{part}-{c.id}": f"{part}_{c.id}" for c in criteria
                   for part in ("points", "justification")}
        loose = _apply_errors(form, exc.field_errors, mapping)
        return _render_offer(ctx, offer, form=form, loose=[_(exc.message)] + loose,
                             status=exc.status_code)
    db.session.commit()
    if submit:
        flash(_("Ocena oferty została przekazana."), "success")
        return redirect(url_for("evaluation.competition", competition_id=competition_id))
    flash(_("Zapisano ocenę roboczą. Przekaż ją, gdy będzie gotowa."), "success")
    return redirect(url_for("evaluation.offer", competition_id=competition_id,
                            offer_id=offer.id))


@bp.route("/committee/competitions/<int:competition_id>/offers/<int:offer_id>/attachments/"
          "<int:attachment_id>")
@login_required
def attachment(competition_id: int, offer_id: int, attachment_id: int):
    """An attachment of the filed version, for a member who may see the offer's content."""
    ctx = _Ctx(competition_id)
    offer = ctx.offer(offer_id)
    if not permissions.can_see_offer_content(current_user, ctx.competition, ctx.member, offer,
                                             participants=ctx.participants):
        abort(404)
    version = offer.filed_version
    att = db.session.get(OfferAttachment, attachment_id)
    if version is None or att is None or att.version_id != version.id:
        abort(404)
    stored = att.stored_file
    return send_file(io.BytesIO(stored.data), mimetype=stored.content_type, as_attachment=True,
                     download_name=stored.filename)


# ------------------------------------------------------------------ member: conflicts


def _conflict_choices(ctx: _Ctx, form) -> None:
    excluded = ctx.excluded()
    orgs: dict[int, Organisation] = {}
    choices = [SelectChoice("", _("– wybierz –"))]
    for offer in ctx.offers:
        if offer.id not in excluded:
            choices.append(SelectChoice(
                f"offer:{offer.id}",
                _("Oferta %(number)s: %(title)s (%(org)s)", number=offer.number,
                  title=queries.offer_title(offer), org=offer.organisation.name)))
        for org in queries.offerors(offer):
            orgs.setdefault(org.id, org)
    conflicted = {c.organisation_id for c in ctx.member.conflicts if c.organisation_id}
    for org in sorted(orgs.values(), key=lambda o: o.name):
        if org.id not in conflicted:
            choices.append(SelectChoice(
                f"organisation:{org.id}",
                _("Oferent: %(name)s (wszystkie jego oferty)", name=org.name)))
    form.target.choices = choices


def _parse_target(ctx: _Ctx, value: str):
    kind, _sep, raw = (value or "").partition(":")
    ident = _int_or_none(raw)
    if kind == "offer" and ident:
        return next((o for o in ctx.offers if o.id == ident), None), None
    if kind == "organisation" and ident:
        return None, db.session.get(Organisation, ident)
    return None, None


@bp.route("/committee/competitions/<int:competition_id>/conflicts", methods=["GET", "POST"])
@login_required
def conflicts(competition_id: int):
    ctx = _Ctx(competition_id)
    form = forms.ConflictForm()
    _conflict_choices(ctx, form)
    status = 200
    can_declare = permissions.can_declare_conflict(current_user, ctx.competition, ctx.member)
    if request.method == "GET":
        wanted = request.args.get("target", "")
        if any(c.value == wanted for c in form.target.choices):
            form.target.data = wanted
    else:
        if not can_declare:
            abort(409)
        if form.validate_on_submit():
            offer, organisation = _parse_target(ctx, form.target.data)
            try:
                services.declare_conflict(ctx.member, actor=current_user, offer=offer,
                                          organisation=organisation, reason=form.reason.data)
            except DomainError as exc:
                db.session.rollback()
                loose = _apply_errors(form, exc.field_errors)
                form.form_errors.append(_(exc.message))
                form.form_errors.extend(loose)
                status = exc.status_code
            else:
                db.session.commit()
                flash(_("Zgłoszono konflikt interesów. Jesteś wyłączony(-a) z oceny %(what)s.",
                        what=_("tej oferty") if offer else _("ofert tego oferenta")), "success")
                return redirect(url_for("evaluation.competition",
                                        competition_id=competition_id))
        else:
            status = 422
    return render_template("evaluation/conflicts.html", form=form, can_declare=can_declare,
                           exclusions=[e for e in queries.exclusions(ctx.committee)
                                       if e.member.id == ctx.member.id],
                           **ctx.template()), status


@bp.route("/committee/competitions/<int:competition_id>/name-matches", methods=["POST"])
@login_required
def confirm_name(competition_id: int):
    ctx = _Ctx(competition_id)
    form = forms.DeclarationForm()  # the CSRF token; `confirm` must be ticked
    if not form.validate_on_submit():
        abort(400)
    organisation_id = _int_or_none(request.form.get("organisation_id"))
    if organisation_id is None:
        abort(400)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    if not form.confirm.data:
        flash(_("Zaznacz pole potwierdzenia, aby potwierdzić brak konfliktu interesów."),
              "error")
        return redirect(url_for("evaluation.competition", competition_id=competition_id))
    try:
        services.confirm_no_conflict(ctx.member, actor=current_user, organisation=organisation)
    except DomainError as exc:
        db.session.rollback()
        flash(_(exc.message), "error")
        return redirect(url_for("evaluation.competition", competition_id=competition_id))
    db.session.commit()
    flash(_("Zapisano potwierdzenie braku konfliktu interesów z oferentem %(name)s.",
            name=organisation.name), "success")
    return redirect(url_for("evaluation.competition", competition_id=competition_id))


# ------------------------------------------------------------------ chair: closing


@bp.route("/committee/competitions/<int:competition_id>/close", methods=["GET", "POST"])
@login_required
def close(competition_id: int):
    ctx = _Ctx(competition_id)
    if not permissions.is_chair(current_user, ctx.competition, ctx.member):
        abort(403)
    if ctx.committee.is_closed:
        if request.method == "POST":
            abort(409)
        flash(_("Ocena ofert została już zamknięta."), "info")
        return redirect(url_for("evaluation.sheet", competition_id=competition_id))
    form = forms.CloseForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit() and not form.confirm.data:
            form.confirm.errors = [_("Zaznacz, że zamykasz ocenę.")]
            status = 422
        elif form.validate_on_submit():
            try:
                services.close_scoring(ctx.committee, actor=current_user,
                                       reason=form.reason.data or "")
            except DomainError as exc:
                db.session.rollback()
                ctx = _Ctx(competition_id)
                loose = _apply_errors(form, exc.field_errors)
                form.form_errors.append(_(exc.message))
                form.form_errors.extend(loose)
                status = exc.status_code
            else:
                db.session.commit()
                flash(_("Ocena ofert została zamknięta."), "success")
                return redirect(url_for("evaluation.sheet", competition_id=competition_id))
        else:
            status = 422
    sheet = queries.build_sheet(ctx.committee)
    # the chair sees the flags and who still has to score, never the points
    return render_template(
        "evaluation/close.html", form=form, flags_offers=[
            o for o in sheet.offers if o.id in sheet.disagreements],
        flags_members=[(m, sheet.deviations[m.id]) for m in sheet.members
                       if m.id in sheet.deviations],
        missing=sheet.missing, complete=sheet.complete,
        can_close=permissions.can_close_scoring(current_user, ctx.competition, ctx.member),
        titles={o.id: queries.offer_title(o) for o in sheet.offers},
        **ctx.template()), status


# ------------------------------------------------------------------ the sheet


def _sheet_or_404(competition_id: int):
    competition = _competition(competition_id)
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
