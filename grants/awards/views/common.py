"""What the awards' pages share: the blueprint, labels, template helpers, loading a
competition for its organiser's officer and reading the typed grant amounts."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, request
from flask_babel import gettext as _
from flask_login import current_user

from grants.awards import permissions, queries, rules
from grants.awards.models import AwardState
from grants.calls.models import CallStatus, Competition
from grants.core import formatting
from grants.core.forms import amount_locale
from grants.core.i18n import N_, translated
from grants.core.money import AmountError, format_amount, parse_amount
from grants.extensions import db

bp = Blueprint("awards", __name__)

STATE_LABELS = {
    AwardState.PROPOSED: N_("propozycja"),
    AwardState.CONFIRMED: N_("przyznana decyzją"),
    AwardState.DECLINED: N_("rezygnacja – brak aktualizacji w terminie"),
    AwardState.WITHDRAWN: N_("rezygnacja oferenta"),
}
TIE_LABELS = {
    rules.BY_PRECISION: N_("pełna dokładność średniej"),
    rules.BY_CRITERION: N_("wyższa średnia w kryterium"),
    rules.BY_FILING: N_("wcześniejsze złożenie oferty"),
}
PUBLIC_NOTES = {
    "not_scored": N_("oferta nie została dopuszczona do oceny merytorycznej"),
    "not_eligible": N_("oferta nie uzyskała wymaganej minimalnej oceny"),
    "no_funds": N_("brak środków na dofinansowanie"),
    "given_up": N_("oferent zrezygnował z dotacji"),
}


# ---------------------------------------------------------------- template helpers

def _public_results_for(competition) -> dict | None:
    """What the competition's public page shows about its outcome (None: nothing yet)."""
    if competition.status == CallStatus.ANNULLED:
        annulment = queries.annulment_of(competition)
        if annulment is None:
            return None
        return {"annulment": annulment,
                "ground_text": _(rules.ANNULMENT_REASONS.get(annulment.ground, ""))}
    tasks = queries.public_results(competition)
    if tasks is None:
        return None
    return {"tasks": tasks, "decision": queries.decision_of(competition), "notes": PUBLIC_NOTES}


@bp.app_template_filter("amount_input")
def _amount_input(value) -> str:
    """An amount as typed into an input, in the interface's language (format_amount)."""
    if value is None:
        return ""
    return format_amount(Decimal(value), amount_locale())


@bp.app_template_filter("award_score")
def _award_score(value) -> str:
    """A mean score for people: 2 decimals, half up (the ranking uses full precision)."""
    if value is None:
        return "–"
    return formatting.number(rules.display(value))


def _offer_award_panel(offer):
    """The grant awarded to `offer` and whether its update is open, for the offer's page."""
    if offer.filed_at is None or not permissions.can_see_offer(current_user, offer):
        return None
    award = queries.award_of_offer(offer)
    if award is None or award.ranking.competition.status != CallStatus.DECIDED:
        return None
    return {"award": award, "update_open": queries.update_open(award),
            "deadline": queries.update_deadline(award),
            "can_update": permissions.can_update_offer(current_user, offer)}


@bp.app_context_processor
def _awards_helpers():
    return {"award_public_results": _public_results_for, "award_state_labels": STATE_LABELS,
            "award_tie_labels": TIE_LABELS, "award_perms": permissions,
            "award_panel": _offer_award_panel}


# ---------------------------------------------------------------- loading

def competition_or_404(competition_id: int) -> Competition:
    if not permissions.is_any_officer(current_user):
        abort(403)
    competition = db.session.get(Competition, competition_id)
    if competition is None or not permissions.can_manage_awards(current_user, competition):
        abort(404)
    return competition


def parse_amounts(awards) -> tuple[dict[int, Decimal], dict[str, str], dict[str, list[str]]]:
    """grant-<award id> inputs: amounts, what was typed and the parse errors."""
    amounts: dict[int, Decimal] = {}
    typed: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for a in awards:
        key = f"grant-{a.id}"
        if key not in request.form:
            continue
        text = (request.form.get(key) or "").strip()
        typed[key] = text
        if text == "":
            errors[key] = [_("Podaj kwotę (0, gdy oferta nie otrzymuje dotacji).")]
            continue
        try:
            amounts[a.id] = parse_amount(text, amount_locale())
        except AmountError as exc:
            errors[key] = [_(exc.msgid, **exc.values)]
    return amounts, typed, errors


def split_errors(field_errors: dict[str, list[str]], known: set[str]):
    """Messages of known fields (per field) and the others (loose)."""
    per_field: dict[str, list[str]] = {}
    loose: list[str] = []
    for key, messages in field_errors.items():
        if key in known:
            per_field.setdefault(key, []).extend(translated(messages))
        else:
            loose.extend(translated(messages))
    return per_field, loose
