"""The committee's composition, set by the organiser's officer: the committee of a procedure
with its thresholds, its members (authority, named by an NGO, expert), the chair and the
secretary. Nothing changes once scoring is closed.

Plain functions `verb_noun(obj, *, actor, **data)`; they flush, never commit, audit every
change and refuse with DomainError subclasses (per-field messages in `field_errors`).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind, User
from grants.core import audit
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_
from grants.core.notifications import queue_mail
from grants.evaluation import guards
from grants.evaluation.models import Committee, CommitteeMember, MemberKind, ScoreState
from grants.extensions import db
from grants.organisations.models import Organisation
from grants.procedures.models import Procedure

FUNCTIONS = ("none", "chair", "secretary")
SETTINGS = ("justification_below_pct", "disagreement_pct", "deviation_pct")
DEFAULTS = {"justification_below_pct": Decimal("50"), "disagreement_pct": Decimal("30"),
            "deviation_pct": Decimal("15")}
LOCKED = N_("Progi oceny zostały ustalone z chwilą rozpoczęcia oceny (podpisania pierwszego "
            "oświadczenia o bezstronności) i nie można ich już zmienić.")


def _member_view(member: CommitteeMember) -> dict:
    return {"user_id": member.user_id, "user": member.user.full_name if member.user else None,
            "kind": member.kind.value, "naming_organisation_id": member.naming_organisation_id,
            "is_chair": member.is_chair, "is_secretary": member.is_secretary}


def committee_of_procedure(procedure: Procedure) -> Committee | None:
    return db.session.scalar(select(Committee).where(Committee.procedure_id == procedure.id))


def ensure_committee(procedure: Procedure, *, actor) -> Committee:
    """The procedure's committee, created with the default thresholds when missing."""
    guards.ensure_officer(actor, procedure)
    committee = committee_of_procedure(procedure)
    if committee is not None:
        return committee
    committee = Committee(procedure=procedure, created_by_id=actor.id, **DEFAULTS)
    db.session.add(committee)
    db.session.flush()
    audit.record(actor, "committee.create", committee, None, audit.snapshot(committee))
    return committee


def _percent(value, key: str, errors: dict, *, allow_zero: bool) -> Decimal | None:
    if value is None or value == "":
        errors.setdefault(key, []).append(N_("Podaj wartość w procentach."))
        return None
    if not isinstance(value, Decimal):
        raise TypeError("percentages are Decimal")
    low_ok = value >= 0 if allow_zero else value > 0
    if not value.is_finite() or not low_ok or value > 100:
        errors.setdefault(key, []).append(
            N_("Podaj wartość od 0 do 100 %.") if allow_zero
            else N_("Podaj wartość większą od 0 i nie większą niż 100 %."))
        return None
    if value != value.quantize(Decimal("0.01")):
        errors.setdefault(key, []).append(N_("Najwyżej dwa miejsca po przecinku."))
        return None
    return value


def update_settings(committee: Committee, *, actor, justification_below_pct: Decimal | None,
                    disagreement_pct: Decimal | None, deviation_pct: Decimal | None
                    ) -> Committee:
    """The thresholds, until scoring opens (the first declaration of impartiality signed).
    Afterwards they are fixed: the justification threshold decides which scores need a
    justification, and the flags' thresholds, moved while members score, would let whoever
    reads the flags recover the spread of the totals by bisection."""
    guards.ensure_officer(actor, committee.procedure)
    guards.ensure_open(committee)
    if committee.scoring_opened:
        raise InvalidTransition(LOCKED)
    errors: dict[str, list[str]] = {}
    values = {
        "justification_below_pct": _percent(justification_below_pct, "justification_below_pct",
                                            errors, allow_zero=True),
        "disagreement_pct": _percent(disagreement_pct, "disagreement_pct", errors,
                                     allow_zero=False),
        "deviation_pct": _percent(deviation_pct, "deviation_pct", errors, allow_zero=False),
    }
    if errors:
        raise ValidationFailed(N_("Nie zapisano ustawień komisji – popraw zaznaczone pola."),
                               field_errors=errors)
    before = audit.snapshot(committee, list(SETTINGS))
    for key, value in values.items():
        setattr(committee, key, value)
    db.session.flush()
    audit.record(actor, "committee.settings", committee, before,
                 audit.snapshot(committee, list(SETTINGS)))
    return committee


def _assign_function(member: CommitteeMember, function: str) -> None:
    committee = member.committee
    if function not in FUNCTIONS:
        raise ValidationFailed(N_("Wybierz funkcję w komisji."),
                               field_errors={"function": [N_("Wybierz funkcję z listy.")]})
    if function == "chair" and member.kind == MemberKind.EXPERT:
        raise ValidationFailed(
            N_("Przewodniczącym komisji nie może być ekspert z głosem doradczym."),
            field_errors={"function": [N_("Ekspert ma tylko głos doradczy – nie może "
                                          "przewodniczyć komisji.")]})
    for other in committee.members:
        if other is member:
            continue
        if function == "chair" and other.is_chair:
            other.is_chair = False
        if function == "secretary" and other.is_secretary:
            other.is_secretary = False
    db.session.flush()  # release the function before giving it (one chair, one secretary)
    member.is_chair = function == "chair"
    member.is_secretary = function == "secretary"
    db.session.flush()


def _user_problem(committee: Committee, user: User | None) -> str | None:
    if user is None:
        return N_("Wybierz osobę.")
    if not perms.has_role(user, committee.procedure.organiser_id, StaffRoleKind.COMMITTEE):
        return N_("Ta osoba nie ma roli członka komisji u organizatora konkursu.")
    if any(m.user_id == user.id for m in committee.members):
        return N_("Ta osoba jest już członkiem komisji.")
    return None


def _member_kind(kind: MemberKind | str | None) -> MemberKind | None:
    try:
        return MemberKind(kind) if kind else None
    except ValueError:
        return None


def _naming_problem(committee: Committee, kind: MemberKind,
                    naming_organisation: Organisation | None) -> str | None:
    """An NGO's person is named by an organisation that takes no part (art. 15 ust. 2b)."""
    if kind != MemberKind.NGO:
        return None if naming_organisation is None else N_(
            "Organizację wskazującą podaje się tylko dla osoby wskazanej przez organizację.")
    if naming_organisation is None:
        return N_("Wskaż organizację, która wskazała tę osobę.")
    if naming_organisation.id in guards.participants(committee.competition):
        return N_("Ta organizacja bierze udział w konkursie (złożyła ofertę samodzielnie lub "
                  "wspólnie) – wskazana przez nią osoba nie może być członkiem komisji "
                  "(art. 15 ust. 2b ustawy).")
    return None


def _function_problem(function: str, kind: MemberKind | None) -> str | None:
    if function not in FUNCTIONS:
        return N_("Wybierz funkcję z listy.")
    if function == "chair" and kind == MemberKind.EXPERT:
        return N_("Ekspert ma tylko głos doradczy – nie może przewodniczyć komisji.")
    return None


def _check_new_member(committee: Committee, user: User | None, kind: MemberKind | None,
                      naming_organisation: Organisation | None, function: str) -> None:
    problems = {
        "user_id": _user_problem(committee, user),
        "kind": None if kind else N_("Wybierz, kogo reprezentuje członek komisji."),
        "naming_organisation_id": (_naming_problem(committee, kind, naming_organisation)
                                   if kind else None),
        "function": _function_problem(function, kind),
    }
    errors = {key: [message] for key, message in problems.items() if message}
    if errors:
        message = N_("Nie dodano członka komisji – popraw zaznaczone pola.")
        if len(errors) == 1 and "naming_organisation_id" in errors:
            message = errors["naming_organisation_id"][0]
        raise ValidationFailed(message, field_errors=errors)


def add_member(committee: Committee, *, actor, user: User | None, kind: MemberKind | str | None,
               naming_organisation: Organisation | None = None,
               function: str = "none") -> CommitteeMember:
    guards.ensure_officer(actor, committee.procedure)
    guards.ensure_open(committee)
    kind = _member_kind(kind)
    _check_new_member(committee, user, kind, naming_organisation, function)
    member = CommitteeMember(committee=committee, user=user, user_id=user.id, kind=kind,
                             naming_organisation_id=(naming_organisation.id
                                                     if naming_organisation else None),
                             added_by_id=actor.id)
    db.session.add(member)
    db.session.flush()
    _assign_function(member, function)
    audit.record(actor, "committee.add_member", member, None, _member_view(member))
    queue_mail(db.session, to=user.email,
               subject=f"Powołanie do komisji konkursowej: {committee.procedure.title}",
               template="committee_appointed", member=member,
               competition=committee.competition)
    return member


def set_function(member: CommitteeMember, *, actor, function: str) -> CommitteeMember:
    guards.ensure_officer(actor, member.committee.procedure)
    guards.ensure_open(member.committee)
    before = _member_view(member)
    _assign_function(member, function)
    audit.record(actor, "committee.set_function", member, before, _member_view(member))
    return member


def remove_member(member: CommitteeMember, *, actor) -> None:
    committee = member.committee
    guards.ensure_officer(actor, committee.procedure)
    guards.ensure_open(committee)
    if any(s.state == ScoreState.SUBMITTED for s in member.scores):
        raise InvalidTransition(N_("Ten członek komisji przekazał już oceny – nie można go "
                                   "usunąć ze składu."))
    audit.record(actor, "committee.remove_member", member, _member_view(member), None)
    db.session.delete(member)
    db.session.flush()
    db.session.expire(committee, ["members"])
