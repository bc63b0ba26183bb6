"""The offeror's update of the offer after the results (a grant lower than requested), or
giving up the grant."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from grants.awards import forms, permissions, queries, updates
from grants.awards.models import AwardState
from grants.awards.views.common import bp
from grants.core import actions
from grants.core.errors import ValidationFailed
from grants.core.forms import flat_fields
from grants.core.i18n import translate, translated
from grants.extensions import db
from grants.offers import editing as offer_editing
from grants.offers import rules as offer_rules
from grants.offers import templates as offer_templates
from grants.offers.models import Offer


def _offer_for_update(offer_id: int, allowed=permissions.can_update_offer) -> Offer:
    offer = db.session.get(Offer, offer_id)
    if offer is None or not permissions.can_see_offer(current_user, offer):
        abort(404)
    if not allowed(current_user, offer):
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
            if remove == (kind, i) or offer_editing.is_blank_row(kind, entry):
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
    """The offer's cost preview and what the grant awarded differs from the costs' grant."""
    out = offer_editing.cost_preview(form)
    out["grant_diff"] = (award.final_grant or Decimal("0")) - out["totals"].grant
    return out


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
    translated_problems = [offer_rules.Problem(p.field, translate(p.message)) for p in problems or []]
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
        can_accept=permissions.can_accept_award(current_user, offer),
    ), status


def _relevant(award) -> bool:
    """The offer's page of the update: an update is due, was filed, or the grant given up."""
    return award is not None and bool(
        award.needs_update or award.update_filed_at is not None
        or (award.state == AwardState.WITHDRAWN and award.final_grant
            and award.final_grant < award.requested))


@bp.route("/offers/<int:offer_id>/update", methods=["GET", "POST"])
@login_required
def update(offer_id: int):
    offer = _offer_for_update(offer_id)
    award = queries.award_of_offer(offer)
    if not _relevant(award):
        flash(_("Ta oferta nie wymaga aktualizacji."), "info")
        return redirect(url_for("offers.view", offer_id=offer.id))
    if request.method == "GET" or not queries.update_open(award):
        return _render_update(offer, award, status=200 if request.method == "GET" else 409)
    verb, kind, index = _row_action(request.form.get("action", "save"))
    if verb == "start":
        return actions.run(
            lambda: updates.start_update(award, actor=current_user),
            refused=lambda r: _render_update(offer, award, loose=r.messages, status=r.status),
            success=_("Przygotowano aktualizację oferty (kopię złożonej wersji). Dostosuj "
                      "kalkulację kosztów, harmonogram i rezultaty do przyznanej dotacji."),
            next=url_for("awards.update", offer_id=offer.id))
    if offer.draft_version is None:
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
    return _save(offer, award, form, file_form, verb=verb, kind=kind, index=index)


def _save(offer, award, form, file_form, *, verb: str, kind, index):
    """Save the draft (and file it, check it or add a row); a refusal shows the form again."""
    remove = (kind, index) if verb == "remove" and index is not None else None
    data, index_map = _update_data(form, offer.draft_version, remove)
    outcome: dict = {}

    def call():
        outcome["problems"] = updates.save_update(award, actor=current_user, data=data)
        if verb == "file":
            if not file_form.confirm.data:
                file_form.confirm.errors = [_("Potwierdź złożenie aktualizacji, zaznaczając "
                                              "pole.")]
                raise ValidationFailed(_("Aktualizacja nie została złożona - potwierdź jej "
                                         "złożenie."))
            updates.file_update(award, actor=current_user, signed_by=file_form.signed_by.data)

    def refused(refusal: actions.Refusal):
        outcome["refused"] = True
        exc = refusal.error
        mapped = offer_editing.drop_removed_row(
            form, offer_editing.EditAction(verb, kind, index), index_map)
        field_errors = dict(exc.field_errors)
        if "signed_by" in field_errors:
            file_form.signed_by.errors = translated(field_errors.pop("signed_by"))
        loose = _map_errors(form, field_errors, mapped)
        return _render_update(offer, award, form=form, file_form=file_form,
                              status=refusal.status,
                              loose=[translate(exc.message)] + [m for m in loose if m != translate(exc.message)])

    saved = {"file": (_("Aktualizacja oferty została złożona. Obie wersje oferty są "
                        "zachowane."), url_for("offers.view", offer_id=offer.id)),
             "check": (None, None), "add": (None, None)}
    success, next_url = saved.get(verb, (_("Zapisano aktualizację (jeszcze niezłożoną)."),
                                         None))
    answer = actions.run(call, refused=refused, success=success,
                         next=next_url or url_for("awards.update", offer_id=offer.id))
    if outcome.get("refused") or verb not in ("check", "add"):
        return answer
    # saved and committed; checking and adding a row show the page instead of redirecting
    if verb == "check":
        return _render_update(offer, award, problems=outcome["problems"], checked=True)
    fresh = forms.UpdateForm(formdata=None, data=_update_form_data(offer.draft_version))
    fresh[kind].append_entry()
    return _render_update(offer, award, form=fresh, focus=f"{kind}-{len(fresh[kind]) - 1}")


@bp.route("/offers/<int:offer_id>/decline", methods=["POST"])
@login_required
def decline(offer_id: int):
    offer = _offer_for_update(offer_id, permissions.can_accept_award)
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
    return actions.run(
        lambda: updates.decline_award(award, actor=current_user),
        success=_("Zrezygnowano z dotacji. Urząd został o tym poinformowany."),
        next=url_for("offers.view", offer_id=offer.id), refused_next=back)
