"""The verbs of the formal check (competitions.md step 4): start the check of a filed offer,
judge the checklist items, decide the outcome, and the offeror's correction.

- The check starts only after the competition's offer deadline (phase EVALUATION), for filed
  offers that were not withdrawn; its items are copied from the competition's checklist.
- Outcomes: ACCEPTED (every item judged and passed), REJECTED (reasons required),
  TO_COMPLETE (what to complete required, a due date - by default `due_date(today,
  completion_days)`). Accepted and rejected are final. Each decision appends a round to the
  history (the items as judged, the version judged) and e-mails the offeror's members.
- After TO_COMPLETE the offeror's members prepare a correction - a new version copied from
  the filed one - and file it until 23:59:59 Warsaw time on the due date (the window is
  decided in `grants.offers.services.filing_window`); the filed correction supersedes the
  earlier version, which is kept. The officer then judges the new version again; a rejection
  is possible only once the correction was filed or the due date has passed.

Services flush, never commit; the caller commits once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from grants.calls.models import CallStatus, Competition
from grants.core import audit, clock
from grants.core.deadlines import due_date as compute_due_date
from grants.core.errors import (
    DeadlinePassed,
    InvalidTransition,
    NotAllowed,
    ValidationFailed,
)
from grants.core.i18n import N_, msg
from grants.core.notifications import queue_mail
from grants.extensions import db
from grants.formal import permissions, queries
from grants.formal.models import FormalCheck, FormalCheckItem, FormalCheckRound, FormalOutcome
from grants.offers import services as offer_services
from grants.offers.models import Offer, OfferStatus, OfferVersion

MAX_NOTE = 2000
MAX_REASONS = 5000
MAX_DUE_DAYS = 365
DECISIONS = (FormalOutcome.ACCEPTED, FormalOutcome.REJECTED, FormalOutcome.TO_COMPLETE)
FINAL = (FormalOutcome.ACCEPTED, FormalOutcome.REJECTED)
FINAL_TEXT = {
    FormalOutcome.ACCEPTED: N_("Ocena formalna tej oferty jest zakończona (oferta przyjęta "
                               "(spełnia wymogi formalne))."),
    FormalOutcome.REJECTED: N_("Ocena formalna tej oferty jest zakończona (oferta odrzucona "
                               "z przyczyn formalnych)."),
}

OUTCOME_TEXT = {
    FormalOutcome.PENDING: "w toku",
    FormalOutcome.ACCEPTED: "oferta przyjęta (spełnia wymogi formalne)",
    FormalOutcome.REJECTED: "oferta odrzucona z przyczyn formalnych",
    FormalOutcome.TO_COMPLETE: "oferta do uzupełnienia",
}


# ---------------------------------------------------------------- guards

def _local(instant: dt.datetime) -> str:
    return clock.to_local(instant).strftime("%d.%m.%Y %H:%M:%S")


def _ensure_officer(actor, offer: Offer) -> None:
    if not permissions.can_check_offer(actor, offer):
        raise NotAllowed(permissions.check_refusal(actor, offer)
                         or N_("Ocenę formalną prowadzi urzędnik organizatora konkursu."))


def _ensure_evaluation(competition: Competition) -> None:
    if competition.status == CallStatus.PUBLISHED and clock.now() < competition.offer_deadline:
        raise InvalidTransition(msg(
            "Ocena formalna zaczyna się po terminie składania ofert (%(deadline)s, czas "
            "warszawski).", deadline=competition.offer_deadline))
    if competition.status != CallStatus.PUBLISHED:
        raise InvalidTransition(N_("Konkurs nie jest na etapie oceny ofert."))


def _ensure_filed(offer: Offer) -> OfferVersion:
    if offer.status == OfferStatus.WITHDRAWN:
        raise InvalidTransition(N_("Oferta została wycofana – nie podlega ocenie formalnej."))
    version = offer.filed_version
    if offer.status != OfferStatus.FILED or version is None:
        raise InvalidTransition(N_("Ocenie formalnej podlegają tylko złożone oferty."))
    return version


def _ensure_not_final(check: FormalCheck) -> None:
    if check.outcome in FINAL:
        raise InvalidTransition(FINAL_TEXT[check.outcome])


def default_due_date(competition: Competition) -> dt.date:
    """The default due date of a correction: the call's number of days from today, moved off
    a Saturday or a public holiday."""
    return compute_due_date(clock.today(), competition.completion_days)


# ---------------------------------------------------------------- start

def start_check(offer: Offer, *, actor) -> FormalCheck:
    """The formal check of a filed offer (created on first use, items copied from the
    competition's checklist)."""
    _ensure_officer(actor, offer)
    _ensure_evaluation(offer.competition)
    _ensure_filed(offer)
    check = queries.check_of(offer)
    if check is not None:
        return check
    check = FormalCheck(offer_id=offer.id, outcome=FormalOutcome.PENDING, reasons="")
    check.items = [FormalCheckItem(checklist_item_id=c.id, position=i, text=c.text,
                                   passed=None, note="")
                   for i, c in enumerate(offer.competition.checklist, 1)]
    db.session.add(check)
    db.session.flush()
    audit.record(actor, "formal.started", check, after={
        "offer_id": offer.id, "items": [i.text for i in check.items]})
    return check


# ---------------------------------------------------------------- items

def _parse_passed(value: Any) -> tuple[bool | None, bool]:
    """(value, ok) from True/False/None or the form's "pass"/"fail"/""."""
    if value is None or value == "":
        return None, True
    if isinstance(value, bool):
        return value, True
    if value in ("pass", "fail"):
        return value == "pass", True
    return None, False


def record_items(check: FormalCheck, *, actor,
                 results: Mapping[int, Mapping[str, Any]]) -> FormalCheck:
    """Judge checklist items: {position: {"passed": True/False/None, "note": str}}.

    Positions not given are left as they were. Keys of the field errors: items-<i>-passed,
    items-<i>-note, i = position - 1 (the order of the form).
    """
    offer = check.offer
    _ensure_officer(actor, offer)
    _ensure_evaluation(offer.competition)
    _ensure_filed(offer)
    _ensure_not_final(check)
    by_position = {i.position: i for i in check.items}
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, tuple[bool | None, str]] = {}
    for position, data in results.items():
        item = by_position.get(position)
        if item is None:
            raise ValidationFailed(N_("Lista sprawdzająca zmieniła się – odśwież stronę."))
        passed, ok = _parse_passed(data.get("passed"))
        if not ok:
            errors.setdefault(f"items-{position - 1}-passed", []).append(
                N_("Wybierz: spełnia albo nie spełnia."))
        note = str(data.get("note") or "").strip()
        if len(note) > MAX_NOTE:
            errors.setdefault(f"items-{position - 1}-note", []).append(
                msg("Najwyżej %(limit)s znaków (wpisano %(length)s).", limit=MAX_NOTE,
                    length=len(note)))
        cleaned[position] = (passed, note)
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola listy sprawdzającej."),
                               field_errors=errors)
    before, after = {}, {}
    for position, (passed, note) in cleaned.items():
        item = by_position[position]
        if (item.passed, item.note) != (passed, note):
            before[position] = {"passed": item.passed, "note": item.note}
            after[position] = {"passed": passed, "note": note}
            item.passed, item.note = passed, note
    db.session.flush()
    if after:
        audit.record(actor, "formal.items_recorded", check, before={"items": before},
                     after={"items": after})
    return check


# ---------------------------------------------------------------- the outcome

def _clean_reasons(reasons: Any, errors: dict) -> str:
    text = str(reasons or "").strip()
    if len(text) > MAX_REASONS:
        errors.setdefault("reasons", []).append(
            msg("Najwyżej %(limit)s znaków (wpisano %(length)s).", limit=MAX_REASONS,
                length=len(text)))
    return text


def _clean_due(value: Any, competition: Competition, errors: dict) -> dt.date | None:
    if value is None or value == "":
        return default_due_date(competition)
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        errors.setdefault("due_date", []).append(N_("Nieprawidłowa data."))
        return None
    today = clock.today()
    if value <= today:
        errors.setdefault("due_date", []).append(
            N_("Termin uzupełnienia musi przypadać po dniu dzisiejszym."))
    elif (value - today).days > MAX_DUE_DAYS:
        errors.setdefault("due_date", []).append(
            msg("Termin uzupełnienia może przypadać najwyżej %(days)s dni od dziś.",
                days=MAX_DUE_DAYS))
    return value


def _parse_outcome(outcome: Any) -> FormalOutcome:
    try:
        parsed = FormalOutcome(outcome)
    except ValueError:
        parsed = None
    if parsed not in DECISIONS:
        raise ValidationFailed(N_("Wybierz wynik oceny: przyjęcie, odrzucenie albo wezwanie do "
                                  "uzupełnienia."), field_errors={"outcome": [
                                      N_("Nieznany wynik oceny.")]})
    return parsed


def _check_accept(check: FormalCheck) -> None:
    unjudged = [i for i in check.items if i.passed is None]
    failed = [i for i in check.items if i.passed is False]
    if unjudged:
        raise ValidationFailed(
            "Ofertę można przyjąć dopiero po ocenie wszystkich wymogów. Nieocenione: "
            + "; ".join(f"{i.position}. {i.text}" for i in unjudged) + ".",
            field_errors={f"items-{i.position - 1}-passed": [N_("Oceń ten wymóg.")]
                          for i in unjudged})
    if failed:
        raise ValidationFailed(
            "Oferty nie można przyjąć: nie spełnia wymogów "
            + "; ".join(f"{i.position}. {i.text}" for i in failed)
            + ". Wezwij oferenta do uzupełnienia albo odrzuć ofertę.",
            field_errors={f"items-{i.position - 1}-passed": [
                N_("Wymóg niespełniony – przyjęcie niemożliwe.")] for i in failed})


def decide_check(check: FormalCheck, *, actor, outcome: Any, reasons: Any = "",
                 due_date: Any = None) -> FormalCheckRound:
    """Decide the outcome of the check of the offer's filed version; the decision is kept as
    a round of the history and the offeror's members are e-mailed.

    ACCEPTED needs every item judged and passed; REJECTED needs reasons, and while the offeror
    may still file a requested correction it is refused; TO_COMPLETE needs what to complete
    (reasons) and a due date after today (default: `default_due_date`).
    """
    offer = check.offer
    _ensure_officer(actor, offer)
    _ensure_evaluation(offer.competition)
    version = _ensure_filed(offer)
    _ensure_not_final(check)
    outcome = _parse_outcome(outcome)
    text, due = _clean_decision(check, outcome, reasons, due_date)
    round_ = _record_decision(check, actor=actor, outcome=outcome, reasons=text, due=due,
                              version=version)
    _notify(check, round_, version)
    return round_


def _clean_decision(check: FormalCheck, outcome: FormalOutcome, reasons: Any,
                    due_date: Any) -> tuple[str, dt.date | None]:
    """The reasons and the due date of a decision, refused when the outcome may not be
    decided (see `decide_check`)."""
    offer = check.offer
    errors: dict[str, list[str]] = {}
    text = _clean_reasons(reasons, errors)
    due = None
    if outcome == FormalOutcome.TO_COMPLETE:
        due = _clean_due(due_date, offer.competition, errors)
        if not text:
            errors.setdefault("reasons", []).append(
                N_("Wskaż, co oferent ma uzupełnić lub poprawić."))
    elif outcome == FormalOutcome.REJECTED and not text:
        errors.setdefault("reasons", []).append(N_("Podaj przyczyny odrzucenia oferty."))
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola – wynik oceny nie został zapisany."),
                               field_errors=errors)
    if outcome == FormalOutcome.ACCEPTED:
        _check_accept(check)
    if outcome == FormalOutcome.REJECTED:
        _check_reject(offer)
    return text, due


def _check_reject(offer: Offer) -> None:
    """No rejection while the offeror may still file a requested correction."""
    correction = queries.requested_correction(offer)
    if correction is not None and not correction.filed and offer_services.in_correction(offer):
        raise InvalidTransition(msg(
            "Oferent może złożyć uzupełnienie do %(due)s (czas warszawski) – ofertę można "
            "odrzucić po złożeniu uzupełnienia albo po upływie tego terminu.",
            due=correction.due))


def _record_decision(check: FormalCheck, *, actor, outcome: FormalOutcome, reasons: str,
                     due: dt.date | None, version: OfferVersion) -> FormalCheckRound:
    """The decision on the check and as a new round of its history, audited."""
    now = clock.now()
    before = audit.snapshot(check, ["outcome", "reasons", "due_date", "checked_version_id"])
    check.outcome = outcome
    check.reasons = reasons
    check.due_date = due
    check.checked_version_id = version.id
    check.decided_at = now
    check.decided_by_id = actor.id
    round_ = FormalCheckRound(
        number=len(check.rounds) + 1, outcome=outcome, reasons=reasons, due_date=due,
        version_id=version.id, decided_at=now, decided_by_id=actor.id,
        items=[{"position": i.position, "text": i.text, "passed": i.passed, "note": i.note}
               for i in check.items])
    check.rounds.append(round_)
    db.session.flush()
    audit.record(actor, "formal.decided", check, before=before, after={
        "outcome": outcome, "reasons": reasons, "due_date": due,
        "checked_version_id": version.id, "version": version.number, "round": round_.number})
    return round_


def _notify(check: FormalCheck, round_: FormalCheckRound, version: OfferVersion) -> None:
    offer = check.offer
    recipients = sorted({m.user.email for m in offer.organisation.memberships
                         if m.user is not None and m.user.active})
    if not recipients:
        return
    due_instant = clock.local_instant(round_.due_date) if round_.due_date else None
    queue_mail(db.session, to=recipients,
               subject=f"Ocena formalna oferty {offer.number}: {OUTCOME_TEXT[round_.outcome]}",
               template="formal_outcome", offer=offer, version=version, round=round_,
               outcome_text=OUTCOME_TEXT[round_.outcome],
               due_local=_local(due_instant) if due_instant else "")


# ---------------------------------------------------------------- one call for the form

def judge_offer(offer: Offer, *, actor, items: Mapping[int, Mapping[str, Any]] | None = None,
                outcome: Any = None, reasons: Any = "", due_date: Any = None) -> FormalCheck:
    """What the officer's form does in one step: start the check if needed, record the items
    and, when `outcome` is given, decide it."""
    check = start_check(offer, actor=actor)
    if items:
        record_items(check, actor=actor, results=items)
    if outcome:
        decide_check(check, actor=actor, outcome=outcome, reasons=reasons, due_date=due_date)
    return check


# ---------------------------------------------------------------- the offeror's correction

def start_correction(offer: Offer, *, actor) -> OfferVersion:
    """The draft of the requested correction: a copy of the filed version (or the draft
    already being prepared), editable and fileable until the due date."""
    if not permissions.can_file_correction(actor, offer):
        raise NotAllowed(N_("Uzupełnienie składają członkowie organizacji, która złożyła "
                            "ofertę."))
    correction = queries.requested_correction(offer)
    if correction is None:
        raise InvalidTransition(N_("Uzupełnienie oferty jest możliwe tylko na wezwanie urzędnika "
                                   "w ocenie formalnej."))
    if correction.filed:
        raise InvalidTransition(N_("Uzupełnienie oferty zostało już złożone i czeka na ocenę "
                                   "urzędnika."))
    if not offer_services.in_correction(offer):
        offer_services.ensure_window(offer)
        raise DeadlinePassed(N_("Termin uzupełnienia oferty minął."))  # pragma: no cover
    if offer.draft_version is not None:
        return offer.draft_version
    draft = offer_services.start_replacement(offer, actor=actor)
    audit.record(actor, "formal.correction_started", draft, after={
        "offer_id": offer.id, "version": draft.number, "due": correction.due})
    return draft
