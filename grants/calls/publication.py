"""Publishing a competition: the announcement in the three channels (art. 13 ust. 3), its
corrections before the offer deadline (each a new version listing what changed), and the
documents published with it. The publications are the procedure's (grants.procedures)."""

from __future__ import annotations

from datetime import date

from grants.calls import hooks, snapshots
from grants.calls.models import CallStatus, Competition
from grants.calls.services import assign, merged, refuse_unknown
from grants.calls.validation import as_int, check_data, validate_for_publication
from grants.core import audit, clock
from grants.core.errors import (
    DeadlinePassed,
    InvalidTransition,
    ValidationFailed,
    field_errors_of,
)
from grants.core.i18n import N_, msg
from grants.extensions import db
from grants.procedures import services as procedure_services
from grants.procedures.models import ProcedureDocument, Publication, Subject
from grants.procedures.rules import check_channels
from grants.procedures.rules import published_on as last_channel_day
from grants.rules.services import rules_in_force


class PublicationRefused(ValidationFailed):
    """The announcement cannot be published (or corrected): every problem is listed."""

    def __init__(self, problems: list[str], *, intro: str = N_("Nie można opublikować ogłoszenia."),
                 field_errors: dict[str, list[str]] | None = None):
        super().__init__(intro + " " + " ".join(problems), field_errors=field_errors)
        self.intro = intro
        self.problems = problems


def publish(competition: Competition, *, actor, bip_on: date | None, board_on: date | None,
            website_on: date | None) -> Publication:
    """Publish a draft in the three channels (art. 13 ust. 3): version 1 of the announcement.

    The announcement date is the last of the three; the rule set in force that day gives
    the minimum offer period (art. 13 ust. 1) and is kept for the whole procedure.
    """
    if competition.status != CallStatus.DRAFT:
        raise InvalidTransition(N_("To ogłoszenie zostało już opublikowane."))
    channels = {"bip_on": bip_on, "board_on": board_on, "website_on": website_on}
    missing = check_channels(channels, required=True)
    problems = [p.message for p in missing]
    field_errors = field_errors_of(missing)
    announced_on = rules = None
    if not field_errors:
        announced_on = last_channel_day(channels)
        try:
            rules = rules_in_force(announced_on)
        except ValidationFailed as exc:
            problems.append(exc.message)
            announced_on = None
    problems += validate_for_publication(competition, announced_on=announced_on, rules=rules)
    if problems:
        raise PublicationRefused(problems, field_errors=field_errors)

    before = audit.snapshot(competition)
    competition.rules_date = announced_on
    competition.published_at = clock.now()
    competition.status = CallStatus.PUBLISHED
    competition.version = 1
    db.session.flush()
    version = procedure_services.publish(
        competition.procedure, Subject.ANNOUNCEMENT, actor=actor, channels=channels,
        snapshot=snapshots.snapshot(competition))
    audit.record(actor, "call.publish", competition, before=before,
                 after=audit.snapshot(competition))
    return version


def correct(competition: Competition, *, actor, reason: str, **changes) -> Publication:
    """A correction of a published announcement before the offer deadline: a new version
    with the list of what changed (published in "Sprostowania")."""
    if competition.status == CallStatus.DRAFT:
        raise InvalidTransition(N_("Szkic zmienia się przez edycję, nie sprostowanie."))
    if competition.status != CallStatus.PUBLISHED:
        raise InvalidTransition(N_("Ogłoszenia rozstrzygniętego lub unieważnionego konkursu nie "
                                   "można sprostować."))
    if clock.now() >= competition.offer_deadline:
        raise DeadlinePassed(N_("Termin składania ofert minął – ogłoszenia nie można już "
                                "sprostować."))
    refuse_unknown(changes)
    errors = check_data(merged(competition, changes), now=clock.now())
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [N_("Podaj powód sprostowania.")]
    if "tasks" in changes:
        kept = {as_int(r.get("id")) for r in changes["tasks"] if r.get("id")}
        removed = [t.id for t in competition.tasks if t.id not in kept]
        for task_id in hooks.tasks_with_offers(removed):
            title = next(t.title for t in competition.tasks if t.id == task_id)
            errors.setdefault("tasks", []).append(
                msg("Nie można usunąć zadania „%(title)s”: złożono już do niego oferty.",
                    title=title))
    if errors:
        raise ValidationFailed(N_("Popraw błędy w sprostowaniu."), field_errors=errors)

    # what was last published (a version migrated without its snapshot: the current data)
    previous = ((competition.versions[-1].snapshot if competition.versions else None)
                or snapshots.snapshot(competition))
    before = audit.snapshot(competition)
    assign(competition, changes)
    db.session.flush()
    announced_on = competition.last_publication_on or competition.rules_date
    problems = validate_for_publication(
        competition, announced_on=announced_on,
        rules=rules_in_force(competition.rules_date or announced_on))
    if problems:
        raise PublicationRefused(problems, intro=N_("Nie można opublikować sprostowania."))
    current = snapshots.snapshot(competition)
    diff = snapshots.diff(previous, current)
    if not diff:
        raise ValidationFailed(N_("Sprostowanie nie zmienia treści ogłoszenia – wprowadź zmiany."))
    version = procedure_services.publish(
        competition.procedure, Subject.ANNOUNCEMENT, actor=actor, snapshot=current, changes=diff,
        reason=reason, published_on=clock.today())
    competition.version = version.number
    db.session.flush()
    audit.record(actor, "call.correct", competition, before=before,
                 after={**audit.snapshot(competition), "reason": reason, "changes": diff})
    return version


# --- documents --------------------------------------------------------------------------------

def add_document(competition: Competition, *, actor, filename: str, data: bytes,
                 title: str = "") -> ProcedureDocument:
    """Attach a document (rules, templates) to a draft or a published announcement."""
    if competition.status not in (CallStatus.DRAFT, CallStatus.PUBLISHED):
        raise InvalidTransition(N_("Dokumenty można dodawać tylko do szkicu lub ogłoszenia "
                                   "w toku."))
    return procedure_services.add_document(competition.procedure, actor=actor,
                                           filename=filename, data=data, title=title)


def remove_document(competition: Competition, document: ProcedureDocument, *, actor) -> None:
    """Remove a document of a draft (published documents stay: they were announced)."""
    if competition.status != CallStatus.DRAFT:
        raise InvalidTransition(N_("Dokumentów opublikowanego ogłoszenia nie można usuwać."))
    procedure_services.remove_document(document, actor=actor)
