"""The officer's page of the committee's composition: thresholds, members, functions."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from grants.auth.models import User
from grants.core import actions
from grants.core.forms import apply_refusal, polish_choice
from grants.evaluation import composition, forms, permissions, queries
from grants.evaluation.labels import FUNCTION_LABELS, KIND_LABELS
from grants.evaluation.models import CommitteeMember, ScoreState
from grants.evaluation.views.common import bp, competition_or_404, int_or_none
from grants.extensions import db
from grants.organisations.models import Organisation


def _settings_data(committee) -> dict:
    return {key: getattr(committee, key) if committee is not None else default
            for key, default in composition.DEFAULTS.items()}


def _person_choices(competition, committee) -> list[SelectChoice]:
    """The persons holding the committee role and not yet seated."""
    seated = {m.user_id for m in committee.members} if committee else set()
    return [SelectChoice("", _("– wybierz osobę –"))] + [
        polish_choice(str(u.id), f"{u.full_name} ({u.email})")
        for u in queries.committee_candidates(competition) if u.id not in seated]


def _compose_forms(competition, committee, *, formdata: bool):
    settings = forms.SettingsForm(formdata=request.form if formdata else None,
                                  data=None if formdata else _settings_data(committee))
    add = forms.AddMemberForm(formdata=request.form if formdata else None)
    add.user_id.choices = _person_choices(competition, committee)
    add.kind.choices = [SelectChoice("", _("– wybierz –"))] + [
        SelectChoice(k.value, _(label)) for k, label in KIND_LABELS.items()]
    add.naming_organisation_id.choices = [SelectChoice("", _("– nie dotyczy –"))] + [
        polish_choice(str(o.id), f"{o.name} (NIP {o.nip})") for o in queries.naming_candidates()]
    add.function.choices = [SelectChoice(k, _(v)) for k, v in FUNCTION_LABELS.items()]
    return settings, add


def _progress(competition, committee, participants) -> dict[int, tuple[int, int]]:
    """Per member: scores submitted and scores due."""
    progress = {}
    offers = queries.offers_for_scoring(competition)
    for m in committee.members:
        mine = queries.scores_of(m)
        due = 0 if queries.is_disqualified(m, participants) else (
            len(offers) - len(queries.excluded_offer_ids(m, offers)))
        progress[m.id] = (sum(1 for s in mine.values()
                              if s.state == ScoreState.SUBMITTED), due)
    return progress


def _render(competition, committee, settings, add, *, loose=(), status=200):
    participants = queries.participating_organisation_ids(competition)
    return render_template(
        "evaluation/compose.html", competition=competition, committee=committee,
        settings_form=settings, add_form=add, loose_errors=list(loose),
        participants=participants,
        progress=_progress(competition, committee, participants) if committee else {},
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
    competition = competition_or_404(competition_id)
    if not permissions.can_compose_committee(current_user, competition):
        abort(404)
    committee = queries.committee_of(competition)
    if request.method == "GET":
        settings, add = _compose_forms(competition, committee, formdata=False)
        return _render(competition, committee, settings, add)
    action = request.form.get("action", "")
    if action not in _ACTIONS:
        abort(400)
    settings, add = _compose_forms(competition, committee, formdata=action in ("settings", "add"))
    return _ACTIONS[action](competition, settings, add)


def _run(competition, settings, add, call, *, form=None, success):
    """One change of the composition: the committee is made on the first change."""
    def refused(refusal: actions.Refusal):
        committee = queries.committee_of(competition)
        add.user_id.choices = _person_choices(competition, committee)
        if form is None and refusal.error is not None:  # no form: every message above
            loose = apply_refusal(None, refusal.error)
        else:  # an invalid form shows its fields' messages only
            loose = [m for m in refusal.messages if m]
        return _render(competition, committee, settings, add, loose=loose,
                       status=refusal.status)

    return actions.run(
        lambda: call(composition.ensure_committee(competition.procedure, actor=current_user)),
        form=form, invalid="" if form is not None else None, refused=refused, success=success,
        next=url_for("evaluation.compose", competition_id=competition.id))


def _settings(competition, settings, add):
    return _run(competition, settings, add, lambda committee: composition.update_settings(
        committee, actor=current_user,
        justification_below_pct=settings.justification_below_pct.data,
        disagreement_pct=settings.disagreement_pct.data,
        deviation_pct=settings.deviation_pct.data),
        form=settings, success=_("Zapisano ustawienia komisji."))


def _add(competition, settings, add):
    user = int_or_none(add.user_id.data)
    org = int_or_none(add.naming_organisation_id.data)
    return _run(competition, settings, add, lambda committee: composition.add_member(
        committee, actor=current_user,
        user=db.session.get(User, user) if user else None, kind=add.kind.data or None,
        naming_organisation=db.session.get(Organisation, org) if org else None,
        function=add.function.data or "none"),
        form=add, success=lambda member: _("Dodano do komisji: %(name)s.",
                                           name=member.user.full_name))


def _member(committee, raw_id) -> CommitteeMember:
    member_id = int_or_none(raw_id)
    member = next((m for m in committee.members if m.id == member_id), None)
    if member is None:
        abort(404)
    return member


def _set_function(competition, settings, add):
    def call(committee):
        member = _member(committee, request.form.get("member_id"))
        return composition.set_function(member, actor=current_user,
                                         function=request.form.get("function", ""))

    return _run(competition, settings, add, call,
                success=lambda member: _("Zmieniono funkcję: %(name)s.",
                                         name=member.user.full_name))


def _remove(competition, settings, add):
    def call(committee):
        member = _member(committee, request.form.get("member_id"))
        name = member.user.full_name
        composition.remove_member(member, actor=current_user)
        return name

    return _run(competition, settings, add, call,
                success=lambda name: _("Usunięto ze składu komisji: %(name)s.", name=name))


_ACTIONS = {"settings": _settings, "add": _add, "function": _set_function, "remove": _remove}
