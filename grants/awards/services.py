"""The verbs of the awards: build the ranking, propose and edit grants, record the decision,
publish the results, record objections, annul the competition, and the offeror's update of
the offer (or giving up the grant).

The sum of the grants of a task never exceeds its funds: every change of an amount locks the
task's row (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises writers), writes, then
re-sums the task's awards in the database within the same transaction and refuses with
BudgetExceeded when over - so two officers working at once cannot overspend.
Services flush, never commit; the caller commits once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from sqlalchemy import select

from grants.awards import inputs, queries, rules
from grants.awards.models import (
    Annulment,
    Award,
    AwardDecision,
    AwardState,
    Objection,
    Ranking,
)
from grants.calls.models import CallStatus, CallTask, Competition
from grants.core import audit, clock
from grants.core.deadlines import due_date
from grants.core.errors import (
    BudgetExceeded,
    InvalidTransition,
    ValidationFailed,
    refuse,
)
from grants.core.i18n import N_, msg
from grants.core.money import q
from grants.core.notifications import public_url, queue_mail
from grants.extensions import db
from grants.offers.models import Offer
from grants.procedures import services as procedure_services
from grants.procedures.models import Subject
from grants.procedures.rules import check_channels

ZERO = Decimal("0.00")
MAX_TEXT = 5000


# ---------------------------------------------------------------- guards

def _ensure_evaluation_over(competition: Competition) -> None:
    if competition.status == CallStatus.ANNULLED:
        raise InvalidTransition(N_("Konkurs został unieważniony."))
    if competition.status == CallStatus.DRAFT or clock.now() < competition.offer_deadline:
        raise InvalidTransition(N_("Termin składania ofert jeszcze nie minął."))


def _ensure_scoring_closed(competition: Competition) -> None:
    if not inputs.scoring_closed(competition):
        raise InvalidTransition(N_("Ranking można utworzyć dopiero po zamknięciu oceny przez "
                                   "przewodniczącego komisji."))


def _ensure_no_decision(competition: Competition) -> None:
    if queries.decision_of(competition) is not None:
        raise InvalidTransition(N_("Decyzja o przyznaniu dotacji została już zapisana - "
                                   "propozycji nie można zmieniać."))


def _lock_task(task_id: int) -> CallTask:
    """Lock the task's row until the end of the transaction (FOR UPDATE on PostgreSQL)."""
    return db.session.execute(
        select(CallTask).where(CallTask.id == task_id).with_for_update()
    ).scalar_one()


def _ensure_within_funds(task: CallTask) -> None:
    """Re-sum the task's awards in the database (after flushing the changes, under the
    task's lock) and refuse when the sum exceeds the funds."""
    db.session.flush()
    committed = queries.committed_sum(task.id)
    if committed > task.funds:
        raise BudgetExceeded(
            msg("Suma dotacji zadania „%(task)s” (%(total)s) przekroczyłaby środki "
                "przeznaczone na zadanie (%(funds)s) o %(over)s. Kwoty mogły zostać właśnie "
                "zmienione przez inną osobę - odśwież stronę i sprawdź propozycję.",
                task=task.title, total=Decimal(committed), funds=Decimal(task.funds),
                over=Decimal(committed - task.funds)),
            field_errors={"funds": [msg("Przekroczenie o %(over)s.",
                                        over=Decimal(committed - task.funds))]})


def _raise_problems(problems: list[rules.Problem], message: str) -> None:
    field_errors: dict[str, list[str]] = {}
    for p in problems:
        field_errors.setdefault(p.field, []).append(p.message)
    over = any(p.field == "funds" for p in problems)
    cls = BudgetExceeded if over and len(field_errors) == 1 else ValidationFailed
    raise cls(message + " " + " ".join(p.message for p in problems), field_errors=field_errors)


# ---------------------------------------------------------------- the ranking

def _requested(offer: Offer) -> Decimal:
    version = offer.filed_version
    return q(version.grant_requested) if version is not None else ZERO


def _tie_means(result, points: dict) -> dict:
    """The mean in the announcement's tie-break criteria (art. 15 ust. 1 pkt N: the sum of
    the means of the criteria of that point)."""
    means = dict(result.criterion_means or {})
    return {"tie": sum((Decimal(means.get(cid, ZERO)) for cid in points), ZERO)}


def _rank_task(ranking: Ranking, task: CallTask, mine: list, tie_ids: list | None,
               label: str) -> None:
    """Rank the task's offers, propose grants top-down within its funds (row locked)."""
    candidates = [rules.Candidate(
        key=r.offer.id, label=r.offer.number, mean_total=r.mean_total,
        eligible=bool(r.eligible), requested=_requested(r.offer),
        filed_at=r.offer.filed_at,
        criterion_means=_tie_means(r, tie_ids) if tie_ids is not None else {})
        for r in mine]
    by_id = {c.key: c for c in candidates}
    placed = rules.rank_task(candidates, criterion="tie" if tie_ids is not None else None,
                             criterion_label=label)
    proposal = rules.propose([(p.key, by_id[p.key].requested) for p in placed
                              if p.eligible], task.funds)
    _lock_task(task.id)
    for p in placed:
        c = by_id[p.key]
        result = next(r for r in mine if r.offer.id == p.key)
        ranking.awards.append(Award(
            offer_id=p.key, task_id=task.id, rank=p.rank, eligible=p.eligible,
            score_text=str(c.mean_total) if c.mean_total is not None else None,
            n_scores=int(result.n_scores or 0), requested=c.requested,
            proposed_grant=proposal.get(p.key, ZERO), tie_broken_by=p.tie_broken_by,
            tie_note=p.tie_note, state=AwardState.PROPOSED))
    _ensure_within_funds(task)


def _tie_rule(competition: Competition) -> tuple[list | None, str]:
    """The announcement's tie rule: the ids of the criteria of its point of art. 15 ust. 1
    (None: the earlier filing alone) and their label for the notes."""
    point = competition.tie_break_point
    if point is None:
        return None, ""
    chosen = [c for c in competition.criteria if c.statutory_point == point]
    names = "; ".join(f"{c.position}. {c.name}" for c in chosen)
    return [c.id for c in chosen], (f"{names} (art. 15 ust. 1 pkt {point})" if names
                                    else f"art. 15 ust. 1 pkt {point}")


def build_ranking(competition: Competition, *, actor) -> Ranking:
    """Rank the offers of each task from the committee's results and propose the grants
    top-down within the task's funds. Ties are broken by the rule the announcement states
    (competition.tie_break_point, then the earlier filing) - never one chosen after the
    scores are known. Building again (before the decision) replaces the ranking and the
    proposals."""
    _ensure_evaluation_over(competition)
    _ensure_scoring_closed(competition)
    _ensure_no_decision(competition)
    tie_ids, label = _tie_rule(competition)
    results = inputs.results_for(competition)
    tasks = {t.id: t for t in competition.tasks}
    for r in results:
        if r.offer.competition_id != competition.id or r.offer.task_id not in tasks:
            raise ValidationFailed(N_("Wyniki oceny dotyczą oferty spoza tego konkursu."))
    ranking = queries.ranking_of(competition)
    before = None
    if ranking is None:
        ranking = Ranking(competition_id=competition.id, created_by_id=actor.id)
        db.session.add(ranking)
    else:
        before = {"awards": [{"offer_id": a.offer_id, "rank": a.rank,
                              "proposed_grant": a.proposed_grant} for a in ranking.awards]}
        ranking.awards.clear()
        db.session.flush()
    ranking.tie_break_criterion_id = tie_ids[0] if tie_ids else None
    for task_id, task in tasks.items():
        _rank_task(ranking, task, [r for r in results if r.offer.task_id == task_id],
                   tie_ids, label)
    db.session.flush()
    audit.record(actor, "awards.ranking_built", ranking, before=before, after={
        "tie_break_point": competition.tie_break_point,
        "awards": [{"offer_id": a.offer_id, "rank": a.rank, "score": a.score_text,
                    "proposed_grant": a.proposed_grant, "tie_note": a.tie_note}
                   for a in ranking.awards]})
    return ranking


def _grant_rows(awards: Sequence[Award], amounts: Mapping[int, Decimal]) -> list[rules.GrantRow]:
    return [rules.GrantRow(key=a.id, label=a.offer.number, requested=a.requested,
                           eligible=a.eligible, grant=amounts.get(a.id, a.grant))
            for a in awards]


def _check_amounts(competition: Competition, ranking: Ranking,
                   amounts: Mapping[int, Decimal]) -> None:
    known = {a.id for a in ranking.awards}
    unknown = [k for k in amounts if k not in known]
    if unknown:
        raise ValidationFailed(N_("Kwota dotyczy oferty spoza rankingu."))
    problems: list[rules.Problem] = []
    for task in competition.tasks:
        mine = [a for a in ranking.awards if a.task_id == task.id and a.is_active]
        problems += rules.check_grants(_grant_rows(mine, amounts), task.funds,
                                       task_label=task.title)
    if problems:
        _raise_problems(problems, N_("Kwoty nie zostały zapisane."))


def set_grants(competition: Competition, *, actor, amounts: Mapping[int, Decimal]) -> Ranking:
    """The officer's proposed grants ({award id: amount}); refused when any amount is out of
    range or a task's sum would exceed its funds (checked again in the database under the
    task's lock)."""
    _ensure_evaluation_over(competition)
    _ensure_scoring_closed(competition)
    _ensure_no_decision(competition)
    ranking = queries.ranking_of(competition)
    if ranking is None:
        raise InvalidTransition(N_("Najpierw utwórz ranking."))
    _check_amounts(competition, ranking, amounts)
    changed = []
    for task in competition.tasks:
        mine = [a for a in ranking.awards if a.task_id == task.id and a.id in amounts]
        if not any(amounts[a.id] != a.proposed_grant for a in mine):
            continue
        locked = _lock_task(task.id)
        for a in mine:
            new = q(amounts[a.id])
            if new != a.proposed_grant:
                changed.append({"award_id": a.id, "offer": a.offer.number,
                                "before": a.proposed_grant, "after": new})
                a.proposed_grant = new
        _ensure_within_funds(locked)
    if changed:
        audit.record(actor, "awards.grants_proposed", ranking,
                     before={"grants": [{k: c[k] for k in ("award_id", "offer", "before")}
                                        for c in changed]},
                     after={"grants": [{k: c[k] for k in ("award_id", "offer", "after")}
                                       for c in changed]})
    return ranking


# ---------------------------------------------------------------- the decision

def _clean_text(value: str | None, field: str, label: str, errors: dict, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        errors.setdefault(field, []).append(f"Podaj: {label}.")
    elif len(text) > limit:
        errors.setdefault(field, []).append(f"Najwyżej {limit} znaków (wpisano {len(text)}).")
    return text


def record_decision(competition: Competition, *, actor, number: str, decided_on: dt.date | None,
                    signer: str, amounts: Mapping[int, Decimal] | None = None) -> AwardDecision:
    """The authority's decision (number, date, signer) confirming the proposal or changing
    some grants ({award id: amount}); each change is kept with its before and after."""
    _ensure_evaluation_over(competition)
    _ensure_scoring_closed(competition)
    _ensure_no_decision(competition)
    ranking = queries.ranking_of(competition)
    if ranking is None:
        raise InvalidTransition(N_("Najpierw utwórz ranking i zaproponuj kwoty dotacji."))
    errors: dict[str, list[str]] = {}
    number = _clean_text(number, "number", "numer decyzji (zarządzenia)", errors, 100)
    signer = _clean_text(signer, "signer", "osobę podpisującą decyzję", errors, 200)
    if decided_on is None:
        errors.setdefault("decided_on", []).append(N_("Podaj datę decyzji."))
    elif decided_on > clock.today():
        errors.setdefault("decided_on", []).append(N_("Data decyzji nie może być z przyszłości."))
    elif decided_on < clock.to_local(competition.offer_deadline).date():
        errors.setdefault("decided_on", []).append(
            N_("Data decyzji nie może być wcześniejsza niż termin składania ofert."))
    if errors:
        raise ValidationFailed(N_("Decyzja nie została zapisana - popraw zaznaczone pola."),
                               field_errors=errors)
    amounts = {k: q(v) for k, v in (amounts or {}).items()}
    _check_amounts(competition, ranking, amounts)
    now = clock.now()
    changes = []
    for task in competition.tasks:
        locked = _lock_task(task.id)
        for a in [a for a in ranking.awards if a.task_id == task.id]:
            final = amounts.get(a.id, a.proposed_grant)
            if final != a.proposed_grant:
                changes.append({"award_id": a.id, "offer_id": a.offer_id,
                                "number": a.offer.number, "before": str(a.proposed_grant),
                                "after": str(final)})
            a.final_grant = final
            a.state = AwardState.CONFIRMED
            a.state_changed_at = now
            a.update_due = None  # runs from the publication of the results
        _ensure_within_funds(locked)
    decision = AwardDecision(competition_id=competition.id, number=number,
                             decided_on=decided_on, signer=signer, changes=changes,
                             recorded_by_id=actor.id, recorded_at=now)
    db.session.add(decision)
    db.session.flush()
    audit.record(actor, "awards.decision_recorded", decision, after={
        "number": number, "decided_on": decided_on, "signer": signer, "changes": changes,
        "grants": [{"offer_id": a.offer_id, "final_grant": a.final_grant}
                   for a in ranking.awards]})
    return decision


def _check_publication_dates(dates: Mapping[str, dt.date | None], not_before: dt.date,
                             not_before_what: str) -> None:
    refuse(check_channels(dates, required=True, today=clock.today(), not_before=not_before,
                          not_before_what=not_before_what), N_("Popraw daty publikacji."))


def _set_update_deadlines(competition: Competition, ranking: Ranking | None,
                          published_on: dt.date) -> None:
    """The offer update's deadline runs from the day the results are published (the last
    of the three channels), never from the earlier decision."""
    for a in (ranking.awards if ranking else []):
        a.update_due = (due_date(published_on, competition.update_days)
                        if a.needs_update else None)


def publish_results(competition: Competition, *, actor, bip_on: dt.date | None,
                    board_on: dt.date | None, website_on: dt.date | None) -> AwardDecision:
    """Publish the results in the three channels (dates recorded), set the competition
    DECIDED and e-mail every offeror its result (and the update's deadline)."""
    decision = queries.decision_of(competition)
    if decision is None:
        raise InvalidTransition(N_("Najpierw zapisz decyzję o przyznaniu dotacji."))
    if decision.published_at is not None:
        raise InvalidTransition(N_("Wyniki konkursu zostały już opublikowane."))
    channels = {"bip_on": bip_on, "board_on": board_on, "website_on": website_on}
    _check_publication_dates(channels, decision.decided_on, msg("dzień decyzji"))
    published = procedure_services.publish(competition.procedure, Subject.RESULTS,
                                           actor=actor, channels=channels)
    competition.status = CallStatus.DECIDED
    ranking = queries.ranking_of(competition)
    _set_update_deadlines(competition, ranking, published.published_on)
    db.session.flush()
    audit.record(actor, "awards.results_published", competition,
                 before={"status": CallStatus.PUBLISHED.value},
                 after={"status": CallStatus.DECIDED.value, "bip_on": bip_on,
                        "board_on": board_on, "website_on": website_on})
    awards = {a.offer_id: a for a in (ranking.awards if ranking else [])}
    for offer in queries.filed_offers(competition):
        award = awards.get(offer.id)
        queue_mail(db.session, to=queries.offeror_addresses(offer),
                   subject=f"Wyniki otwartego konkursu ofert {competition.reference}: oferta "
                           f"{offer.number}",
                   template="results_offeror", offer=offer, award=award, decision=decision,
                   competition=competition,
                   deadline=queries.update_deadline(award) if award else None,
                   public_url=public_url("calls.public_detail", competition_id=competition.id),
                   update_url=public_url("awards.update", offer_id=offer.id))
    return decision


def record_objection(competition: Competition, *, actor, received_on: dt.date | None,
                     author: str, content: str, offer: Offer | None = None) -> Objection:
    """A written objection to the results is recorded (there is no appeal: art. 15 ust. 2j)."""
    decision = queries.decision_of(competition)
    if decision is None or decision.published_at is None:
        raise InvalidTransition(N_("Zastrzeżenia rejestruje się po ogłoszeniu wyników."))
    errors: dict[str, list[str]] = {}
    author = _clean_text(author, "author", "autora zastrzeżeń", errors, 300)
    content = _clean_text(content, "content", "treść zastrzeżeń", errors, MAX_TEXT)
    if received_on is None:
        errors.setdefault("received_on", []).append(N_("Podaj datę wpływu."))
    elif received_on > clock.today():
        errors.setdefault("received_on", []).append(N_("Data wpływu nie może być z przyszłości."))
    if offer is not None and offer.competition_id != competition.id:
        errors.setdefault("offer_id", []).append(N_("Wybierz ofertę z tego konkursu."))
    if errors:
        raise ValidationFailed(N_("Zastrzeżenia nie zostały zapisane - popraw zaznaczone pola."),
                               field_errors=errors)
    objection = Objection(competition_id=competition.id, offer_id=offer.id if offer else None,
                          received_on=received_on, author=author, content=content,
                          recorded_by_id=actor.id)
    db.session.add(objection)
    db.session.flush()
    audit.record(actor, "awards.objection_recorded", objection, after={
        "received_on": received_on, "author": author, "offer_id": objection.offer_id})
    return objection


# ---------------------------------------------------------------- annulment (art. 18a)

def annul_competition(competition: Competition, *, actor, reason: str,
                      bip_on: dt.date | None, board_on: dt.date | None,
                      website_on: dt.date | None, decision_number: str = "") -> Annulment:
    """Annul the competition on the ground the system proposes (no offer filed, or none met
    the conditions), with the officer's reasons and the publication dates; e-mails the
    offerors."""
    if competition.status != CallStatus.PUBLISHED:
        raise InvalidTransition(N_("Unieważnić można tylko ogłoszony, nierozstrzygnięty "
                                   "konkurs."))
    _ensure_no_decision(competition)
    ground = queries.annulment_ground(competition)
    if ground is None:
        raise InvalidTransition(N_("Brak podstawy do unieważnienia: wpłynęły oferty, które "
                                   "mogą spełniać warunki konkursu (art. 18a)."))
    errors: dict[str, list[str]] = {}
    reason = _clean_text(reason, "reason", "uzasadnienie unieważnienia", errors, MAX_TEXT)
    decision_number = (decision_number or "").strip()
    if len(decision_number) > 100:
        errors.setdefault("decision_number", []).append(N_("Najwyżej 100 znaków."))
    if errors:
        raise ValidationFailed(N_("Unieważnienie nie zostało zapisane - popraw zaznaczone "
                                  "pola."), field_errors=errors)
    channels = {"bip_on": bip_on, "board_on": board_on, "website_on": website_on}
    _check_publication_dates(channels, clock.to_local(competition.offer_deadline).date(),
                             msg("termin składania ofert"))
    annulment = Annulment(competition_id=competition.id, ground=ground, reason=reason,
                          decision_number=decision_number, confirmed_by_id=actor.id)
    db.session.add(annulment)
    procedure_services.publish(competition.procedure, Subject.ANNULMENT, actor=actor,
                               channels=channels)
    competition.status = CallStatus.ANNULLED
    db.session.flush()
    audit.record(actor, "awards.competition_annulled", competition,
                 before={"status": CallStatus.PUBLISHED.value},
                 after={"status": CallStatus.ANNULLED.value, "ground": ground,
                        "reason": reason, "bip_on": bip_on, "board_on": board_on,
                        "website_on": website_on})
    for offer in queries.filed_offers(competition):
        queue_mail(db.session, to=queries.offeror_addresses(offer),
                   subject=f"Unieważnienie otwartego konkursu ofert {competition.reference}",
                   template="results_annulled", offer=offer, competition=competition,
                   annulment=annulment, ground_text=rules.ANNULMENT_REASONS[ground])
    return annulment
