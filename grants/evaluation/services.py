"""The committee's scoring and its closing: a member saves points and justifications per
criterion (a draft), submits them, takes them back while scoring is open; the chair closes
scoring, after which nothing changes.

Plain functions `verb_noun(obj, *, actor, **data)`; they flush, never commit, audit every
change and refuse with DomainError subclasses (per-field messages in `field_errors`).
"""

from __future__ import annotations

from collections.abc import Mapping

from grants.core import audit, clock
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.core.i18n import N_
from grants.core.notifications import queue_mail
from grants.evaluation import guards, queries, rules
from grants.evaluation.models import (
    Committee,
    CommitteeMember,
    Score,
    ScoreItem,
    ScoreState,
    ScoringClosure,
)
from grants.extensions import db
from grants.offers.models import Offer

MAX_JUSTIFICATION = 5000
MAX_REASON = 5000


def score_view(score: Score) -> dict:
    return {"offer_id": score.offer_id, "state": score.state.value,
            "items": {str(i.criterion_id): {"points": i.points,
                                            "justification": i.justification}
                      for i in score.items}}


def _ensure_may_score(member: CommitteeMember, offer: Offer) -> None:
    competition = member.committee.competition
    guards.scoring_offer(competition, offer)
    if member.declaration is None:
        raise NotAllowed(N_("Przed oceną ofert podpisz oświadczenie o bezstronności."))
    guards.ensure_not_disqualified(member, N_(
        "Organizacja, która wskazała Cię do komisji, bierze udział w konkursie – nie możesz "
        "oceniać ofert (art. 15 ust. 2b ustawy)."))
    if offer.id in queries.own_offer_ids(member, [offer]):
        raise NotAllowed(queries.OWN_ORGANISATION)
    if offer.id in queries.excluded_offer_ids(member, [offer]):
        raise NotAllowed(N_("Zgłosiłeś(-aś) konflikt interesów – jesteś wyłączony(-a) z oceny "
                            "tej oferty."))
    offers = queries.offers_for_scoring(competition)
    if queries.offeror_ids(offer) & queries.unresolved_name_match_ids(member, offers):
        raise NotAllowed(N_("Przedstawiciel oferenta nosi Twoje imię i nazwisko. Potwierdź "
                            "brak konfliktu interesów albo zgłoś konflikt, zanim ocenisz "
                            "ofertę."))


def _check_items(committee: Committee, criteria, items: Mapping[int, rules.ItemInput], *,
                 submit: bool) -> None:
    """Points within 0..max (all of them at submission), justifications where required."""
    problems = rules.item_problems(queries.specs_of(criteria), items,
                                   below_pct=committee.justification_below_pct, final=submit)
    errors: dict[str, list[str]] = {}
    for key, msgs in problems.items():
        for part, message in msgs.items():
            errors[f"{part}_{key}"] = [message]
    for c in criteria:
        item = items.get(c.id)
        if item is not None and len(item.justification or "") > MAX_JUSTIFICATION:
            errors.setdefault(f"justification_{c.id}", []).append(
                N_("Uzasadnienie jest zbyt długie (najwyżej 5000 znaków)."))
    if errors:
        raise ValidationFailed(
            N_("Ocena nie została przekazana – popraw zaznaczone pola.") if submit
            else N_("Nie zapisano oceny – popraw zaznaczone pola."), field_errors=errors)


def _write_items(score: Score, criteria, items: Mapping[int, rules.ItemInput]) -> None:
    by_crit = {i.criterion_id: i for i in score.items}
    for c in criteria:
        item = items.get(c.id) or rules.ItemInput(None)
        row = by_crit.get(c.id)
        if row is None:
            row = ScoreItem(criterion_id=c.id)
            score.items.append(row)
        row.points = item.points
        row.justification = (item.justification or "").strip()


def save_score(member: CommitteeMember, offer: Offer, *, actor,
               items: Mapping[int, rules.ItemInput], submit: bool = False) -> Score:
    """Save the member's points and justifications (a draft), or submit them.

    `items` maps criterion id -> ItemInput(points: Decimal | None, justification: str).
    Field errors are keyed "points_<criterion id>" / "justification_<criterion id>" (as the form).
    """
    guards.ensure_self(actor, member)
    committee = member.committee
    guards.ensure_open(committee)
    _ensure_may_score(member, offer)
    score = queries.score_of(member, offer)
    if score is not None and score.state == ScoreState.SUBMITTED:
        raise InvalidTransition(N_("Ocena tej oferty została już przekazana. Aby ją zmienić, "
                                   "wycofaj ją do poprawy."))
    criteria = queries.criteria_of(committee.competition)
    _check_items(committee, criteria, items, submit=submit)
    before = score_view(score) if score is not None else None
    if score is None:
        score = Score(member=member, offer_id=offer.id, state=ScoreState.DRAFT)
        db.session.add(score)
    _write_items(score, criteria, items)
    if submit:
        score.state = ScoreState.SUBMITTED
        score.submitted_at = clock.now()
    score.updated_at = clock.now()
    db.session.flush()
    audit.record(actor, "committee.submit_score" if submit else "committee.save_score", score,
                 before, score_view(score))
    return score


def reopen_score(member: CommitteeMember, offer: Offer, *, actor) -> Score:
    """Take a submitted score back to a draft (while scoring is open)."""
    guards.ensure_self(actor, member)
    guards.ensure_open(member.committee)
    score = queries.score_of(member, offer)
    if score is None or score.state != ScoreState.SUBMITTED:
        raise InvalidTransition(N_("Ta ocena nie została przekazana – nie ma czego wycofywać."))
    before = score_view(score)
    score.state = ScoreState.DRAFT
    score.submitted_at = None
    db.session.flush()
    audit.record(actor, "committee.reopen_score", score, before, score_view(score))
    return score


# ------------------------------------------------------------------ closing


def close_scoring(committee: Committee, *, actor, reason: str = "") -> ScoringClosure:
    """The chair closes scoring: when every voting member (not excluded) has submitted a score
    of every offer they are not excluded from, or with the reason why not."""
    competition = committee.competition
    chair = queries.member_in(committee, actor)
    if chair is None or not chair.is_chair:
        raise NotAllowed(N_("Ocenę zamyka przewodniczący komisji."))
    guards.ensure_self(actor, chair)
    guards.ensure_open(committee)
    if chair.declaration is None:
        raise NotAllowed(N_("Przed zamknięciem oceny podpisz oświadczenie o bezstronności."))
    sheet = queries.build_sheet(committee)
    has_voters = any(sheet.voting(m) for m in sheet.members)
    complete = sheet.complete and (has_voters or not sheet.offers)
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise ValidationFailed(N_("Opis jest zbyt długi (najwyżej 5000 znaków)."),
                               field_errors={"reason": [N_("Najwyżej 5000 znaków.")]})
    if not complete and not reason:
        raise ValidationFailed(
            N_("Nie wszyscy członkowie komisji z prawem głosu ocenili wszystkie oferty. Aby "
               "zamknąć ocenę, podaj przyczynę."),
            field_errors={"reason": [N_("Podaj, dlaczego ocena jest niepełna.")]})
    closure = ScoringClosure(committee=committee,
                             closed_at=clock.now(), closed_by_id=actor.id, complete=complete,
                             reason=reason)
    db.session.add(closure)
    db.session.flush()
    audit.record(actor, "committee.close_scoring", closure, None, audit.snapshot(closure))
    recipients = sorted({m.user.email for m in committee.members if m.user is not None})
    if recipients:
        queue_mail(db.session, to=recipients,
                   subject=f"Zamknięcie oceny ofert: {committee.procedure.title}",
                   template="committee_scoring_closed", competition=competition,
                   closure=closure, chair=chair)
    return closure
