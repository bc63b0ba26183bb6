"""What the committee's pages share: the blueprint, the template helpers, loading a
competition and a member's seat in its committee (404 when the user has none)."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from grants.calls.models import Competition
from grants.evaluation import permissions, queries, rules
from grants.evaluation.labels import CELL_LABELS, FUNCTION_LABELS, KIND_LABELS
from grants.extensions import db
from grants.offers.models import Offer

bp = Blueprint("evaluation", __name__)


@bp.app_context_processor
def _evaluation_helpers():
    return {"eval_perms": permissions, "kind_labels": KIND_LABELS,
            "function_labels": FUNCTION_LABELS, "cell_labels": CELL_LABELS}


def points_text(value) -> str:
    """Points as typed in Poland: 12,5 (no trailing zeros)."""
    if value is None:
        return "–"
    return format(rules.display(value).normalize(), "f").replace(".", ",")


@bp.app_template_filter("points")
def _points_filter(value) -> str:
    return points_text(value)


def competition_or_404(competition_id: int) -> Competition:
    competition = db.session.get(Competition, competition_id)
    if competition is None:
        abort(404)
    return competition


def int_or_none(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


class MemberPage:
    """What a member's page needs: the competition, the committee and the user's seat."""

    def __init__(self, competition_id: int):
        self.competition = competition_or_404(competition_id)
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


def offer_rows(page: MemberPage) -> list[dict]:
    """The competition's offers as a member sees them in a list: title, offerors, whether
    they are excluded, the state of their own score."""
    excluded = page.excluded()
    own = queries.own_offer_ids(page.member, page.offers)
    mine = queries.scores_of(page.member)
    unresolved = page.unresolved()
    rows = []
    for offer in page.offers:
        score = mine.get(offer.id)
        rows.append({
            "offer": offer, "title": queries.offer_title(offer),
            "offerors": queries.offerors(offer),
            "excluded": page.disqualified or offer.id in excluded,
            "own": offer.id in own,
            "state": score.state.value if score else "missing",
            "name_match": bool(queries.offeror_ids(offer) & unresolved),
            "can_see": permissions.can_see_offer_content(
                current_user, page.competition, page.member, offer,
                participants=page.participants),
        })
    return rows
