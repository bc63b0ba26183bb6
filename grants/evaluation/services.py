"""The committee's work: composition, declarations, conflicts, scoring, closing.

Plain functions `verb_noun(obj, *, actor, **data)`; they flush, never commit, audit every
change and refuse with DomainError subclasses carrying Polish messages (per-field messages in
`field_errors`). After the chair closes scoring nothing changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import select

from grants.auth import roles as perms
from grants.auth.models import StaffRoleKind, User
from grants.calls.models import Competition
from grants.core import audit, clock
from grants.core.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from grants.core.i18n import N_
from grants.core.notifications import queue_mail
from grants.evaluation import queries, rules
from grants.evaluation.models import (
    Committee,
    CommitteeMember,
    Conflict,
    Declaration,
    MemberKind,
    NameMatchConfirmation,
    Score,
    ScoreItem,
    ScoreState,
    ScoringClosure,
)
from grants.extensions import db
from grants.offers.models import Offer
from grants.organisations.models import Organisation

FUNCTIONS = ("none", "chair", "secretary")
MAX_JUSTIFICATION = 5000
MAX_REASON = 5000
SETTINGS = ("justification_below_pct", "disagreement_pct", "deviation_pct")

# The text as signed is kept in Polish (a legal declaration), whatever the interface language.
DECLARATION_TEXT = (
    "Oświadczenie o bezstronności członka komisji konkursowej\n\n"
    "Ja, %(name)s, członek komisji konkursowej opiniującej oferty złożone w otwartym "
    "konkursie ofert %(reference)s „%(title)s” ogłoszonym przez: %(organiser)s, "
    "oświadczam, że stosownie do art. 15 ust. 2d ustawy o działalności pożytku publicznego "
    "i o wolontariacie w związku z art. 24 Kodeksu postępowania administracyjnego:\n"
    "1. nie jestem oferentem ani nie pozostaję z oferentem w takim stosunku prawnym, że "
    "wynik oceny mógłby mieć wpływ na moje prawa lub obowiązki;\n"
    "2. nie pozostaję w związku małżeńskim ani w stosunku pokrewieństwa lub powinowactwa do "
    "drugiego stopnia z oferentem, jego przedstawicielami ani członkami jego organów;\n"
    "3. nie jestem związany(-a) z oferentem ani jego przedstawicielami z tytułu "
    "przysposobienia, opieki lub kurateli;\n"
    "4. nie jestem przedstawicielem ani pełnomocnikiem oferenta i nie pozostaję w stosunku "
    "podległości służbowej wobec osób uprawnionych do jego reprezentacji;\n"
    "5. nie zachodzą inne okoliczności, które mogłyby wywołać uzasadnioną wątpliwość co do "
    "mojej bezstronności.\n"
    "Jeżeli którakolwiek z tych okoliczności dotyczy oferty lub oferenta, zgłoszę to w "
    "systemie przed oceną; zostanę wyłączony(-a) z oceny tej oferty lub wszystkich ofert "
    "tego oferenta. Zobowiązuję się zachować w poufności informacje uzyskane w pracach "
    "komisji."
)


# ------------------------------------------------------------------ helpers


def _ensure_open(committee: Committee) -> None:
    if committee.is_closed:
        raise InvalidTransition(N_("Ocena ofert została zamknięta – w pracach komisji nie "
                                   "można już niczego zmienić."))


def _ensure_officer(actor, competition: Competition) -> None:
    if not perms.has_role(actor, competition.organiser_id, StaffRoleKind.OFFICER):
        raise NotAllowed(N_("Skład komisji ustala urzędnik organizatora konkursu."))


def _ensure_self(actor, member: CommitteeMember) -> None:
    if (not perms.is_authenticated(actor) or actor.id != member.user_id
            or not perms.has_role(actor, member.committee.competition.organiser_id,
                                  StaffRoleKind.COMMITTEE)):
        raise NotAllowed(N_("Tę czynność może wykonać tylko sam członek komisji."))


def _member_view(member: CommitteeMember) -> dict:
    return {"user_id": member.user_id, "user": member.user.full_name if member.user else None,
            "kind": member.kind.value, "naming_organisation_id": member.naming_organisation_id,
            "is_chair": member.is_chair, "is_secretary": member.is_secretary}


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


def _participants(competition: Competition) -> set[int]:
    return queries.participating_organisation_ids(competition)


def _scoring_offer(competition: Competition, offer: Offer) -> Offer:
    if offer.competition_id != competition.id or offer not in queries.offers_for_scoring(
            competition):
        raise NotFound(N_("Ta oferta nie została dopuszczona do oceny komisji."))
    return offer


# ------------------------------------------------------------------ composition (officer)


def ensure_committee(competition: Competition, *, actor) -> Committee:
    """The competition's committee, created with the default thresholds when missing."""
    _ensure_officer(actor, competition)
    committee = queries.committee_of(competition)
    if committee is not None:
        return committee
    committee = Committee(procedure_id=competition.procedure_id, created_by_id=actor.id, justification_below_pct=Decimal("50"),
                          disagreement_pct=Decimal("30"), deviation_pct=Decimal("15"))
    db.session.add(committee)
    db.session.flush()
    audit.record(actor, "committee.create", committee, None, audit.snapshot(committee))
    return committee


def update_settings(committee: Committee, *, actor, justification_below_pct: Decimal | None,
                    disagreement_pct: Decimal | None, deviation_pct: Decimal | None
                    ) -> Committee:
    """The thresholds. The justification threshold is fixed once a score has been submitted
    (it decided which submitted scores needed a justification)."""
    _ensure_officer(actor, committee.competition)
    _ensure_open(committee)
    errors: dict[str, list[str]] = {}
    values = {
        "justification_below_pct": _percent(justification_below_pct, "justification_below_pct",
                                            errors, allow_zero=True),
        "disagreement_pct": _percent(disagreement_pct, "disagreement_pct", errors,
                                     allow_zero=False),
        "deviation_pct": _percent(deviation_pct, "deviation_pct", errors, allow_zero=False),
    }
    if (not errors and values["justification_below_pct"] != committee.justification_below_pct
            and _any_submitted(committee)):
        errors["justification_below_pct"] = [N_(
            "Progu wymagającego uzasadnienia nie można zmienić po przekazaniu pierwszej oceny.")]
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


def _any_submitted(committee: Committee) -> bool:
    ids = [m.id for m in committee.members]
    if not ids:
        return False
    return db.session.scalar(
        select(Score.id).where(Score.member_id.in_(ids), Score.state == ScoreState.SUBMITTED)
        .limit(1)) is not None


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


def add_member(committee: Committee, *, actor, user: User | None, kind: MemberKind | str | None,
               naming_organisation: Organisation | None = None,
               function: str = "none") -> CommitteeMember:
    competition = committee.competition
    _ensure_officer(actor, competition)
    _ensure_open(committee)
    errors: dict[str, list[str]] = {}
    if user is None:
        errors["user_id"] = [N_("Wybierz osobę.")]
    elif not perms.has_role(user, competition.organiser_id, StaffRoleKind.COMMITTEE):
        errors["user_id"] = [N_("Ta osoba nie ma roli członka komisji u organizatora "
                                "konkursu.")]
    elif any(m.user_id == user.id for m in committee.members):
        errors["user_id"] = [N_("Ta osoba jest już członkiem komisji.")]
    try:
        kind = MemberKind(kind) if kind else None
    except ValueError:
        kind = None
    if kind is None:
        errors["kind"] = [N_("Wybierz, kogo reprezentuje członek komisji.")]
    elif kind == MemberKind.NGO:
        if naming_organisation is None:
            errors["naming_organisation_id"] = [
                N_("Wskaż organizację, która wskazała tę osobę.")]
        elif naming_organisation.id in _participants(competition):
            errors["naming_organisation_id"] = [N_(
                "Ta organizacja bierze udział w konkursie (złożyła ofertę samodzielnie lub "
                "wspólnie) – wskazana przez nią osoba nie może być członkiem komisji "
                "(art. 15 ust. 2b ustawy).")]
    elif naming_organisation is not None:
        errors["naming_organisation_id"] = [N_(
            "Organizację wskazującą podaje się tylko dla osoby wskazanej przez organizację.")]
    if function not in FUNCTIONS:
        errors["function"] = [N_("Wybierz funkcję z listy.")]
    elif function == "chair" and kind == MemberKind.EXPERT:
        errors["function"] = [N_("Ekspert ma tylko głos doradczy – nie może przewodniczyć "
                                 "komisji.")]
    if errors:
        message = N_("Nie dodano członka komisji – popraw zaznaczone pola.")
        if len(errors) == 1 and "naming_organisation_id" in errors:
            message = errors["naming_organisation_id"][0]
        raise ValidationFailed(message, field_errors=errors)
    member = CommitteeMember(committee=committee, user=user, user_id=user.id, kind=kind,
                             naming_organisation_id=(naming_organisation.id
                                                     if naming_organisation else None),
                             added_by_id=actor.id)
    db.session.add(member)
    db.session.flush()
    _assign_function(member, function)
    audit.record(actor, "committee.add_member", member, None, _member_view(member))
    queue_mail(db.session, to=user.email,
               subject=f"Powołanie do komisji konkursowej: {competition.title}",
               template="committee_appointed", member=member, competition=competition)
    return member


def set_function(member: CommitteeMember, *, actor, function: str) -> CommitteeMember:
    _ensure_officer(actor, member.committee.competition)
    _ensure_open(member.committee)
    before = _member_view(member)
    _assign_function(member, function)
    audit.record(actor, "committee.set_function", member, before, _member_view(member))
    return member


def remove_member(member: CommitteeMember, *, actor) -> None:
    committee = member.committee
    _ensure_officer(actor, committee.competition)
    _ensure_open(committee)
    if any(s.state == ScoreState.SUBMITTED for s in member.scores):
        raise InvalidTransition(N_("Ten członek komisji przekazał już oceny – nie można go "
                                   "usunąć ze składu."))
    audit.record(actor, "committee.remove_member", member, _member_view(member), None)
    db.session.delete(member)
    db.session.flush()
    db.session.expire(committee, ["members"])


# ------------------------------------------------------------------ the member's declarations


def declaration_text(member: CommitteeMember) -> str:
    competition = member.committee.competition
    organiser = competition.organiser
    return DECLARATION_TEXT % {
        "name": member.user.full_name, "reference": competition.reference or "",
        "title": competition.title,
        "organiser": f"{organiser.authority} – {organiser.name}" if organiser else "",
    }


def sign_declaration(member: CommitteeMember, *, actor, confirmed: bool) -> Declaration:
    _ensure_self(actor, member)
    _ensure_open(member.committee)
    if member.declaration is not None:
        raise InvalidTransition(N_("Oświadczenie zostało już podpisane."))
    if queries.is_disqualified(member, _participants(member.committee.competition)):
        raise NotAllowed(N_("Organizacja, która wskazała Cię do komisji, bierze udział w "
                            "konkursie – nie możesz oceniać ofert (art. 15 ust. 2b ustawy). "
                            "Skontaktuj się z urzędnikiem organizatora."))
    if not confirmed:
        raise ValidationFailed(
            N_("Aby podpisać oświadczenie, zaznacz pole potwierdzenia."),
            field_errors={"confirm": [N_("Zaznacz, że składasz oświadczenie.")]})
    declaration = Declaration(member=member, signed_at=clock.now(),
                              text=declaration_text(member))
    db.session.add(declaration)
    db.session.flush()
    audit.record(actor, "committee.sign_declaration", declaration, None,
                 {"member_id": member.id, "signed_at": declaration.signed_at})
    return declaration


def declare_conflict(member: CommitteeMember, *, actor, offer: Offer | None = None,
                     organisation: Organisation | None = None, reason: str) -> Conflict:
    """Exclude the member from an offer, or from every offer of an offeror in the competition;
    the member's scores of those offers (drafts or submitted) are deleted."""
    _ensure_self(actor, member)
    committee = member.committee
    _ensure_open(committee)
    competition = committee.competition
    offers = queries.offers_for_scoring(competition)
    errors: dict[str, list[str]] = {}
    if (offer is None) == (organisation is None):
        errors["target"] = [N_("Wybierz jedną ofertę albo jednego oferenta.")]
    elif offer is not None and offer not in offers:
        errors["target"] = [N_("Ta oferta nie została dopuszczona do oceny komisji.")]
    elif organisation is not None and not any(organisation.id in queries.offeror_ids(o)
                                              for o in offers):
        errors["target"] = [N_("Ta organizacja nie jest oferentem żadnej z ocenianych ofert.")]
    elif any((offer is not None and c.offer_id == offer.id)
             or (organisation is not None and c.organisation_id == organisation.id)
             for c in member.conflicts):
        errors["target"] = [N_("Ten konflikt interesów został już zgłoszony.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [N_("Podaj okoliczność uzasadniającą wyłączenie (art. 24 KPA).")]
    elif len(reason) > MAX_REASON:
        errors["reason"] = [N_("Opis jest zbyt długi (najwyżej 5000 znaków).")]
    if errors:
        raise ValidationFailed(N_("Nie zgłoszono konfliktu interesów – popraw zaznaczone "
                                  "pola."), field_errors=errors)
    conflict = Conflict(member=member, offer_id=offer.id if offer else None,
                        organisation_id=organisation.id if organisation else None,
                        reason=reason, declared_at=clock.now())
    db.session.add(conflict)
    db.session.flush()
    audit.record(actor, "committee.declare_conflict", conflict, None,
                 audit.snapshot(conflict))
    excluded = queries.excluded_offer_ids(member, offers)
    for score in list(member.scores):
        if score.offer_id in excluded:
            audit.record(actor, "committee.score_dropped_by_conflict", score,
                         _score_view(score), None)
            db.session.delete(score)
    db.session.flush()
    db.session.expire(member, ["scores"])
    return conflict


def confirm_no_conflict(member: CommitteeMember, *, actor,
                        organisation: Organisation) -> NameMatchConfirmation:
    """The member confirms that the offeror's representative of the same name is not a reason
    to exclude them."""
    _ensure_self(actor, member)
    _ensure_open(member.committee)
    offers = queries.offers_for_scoring(member.committee.competition)
    match = next((m for m in queries.name_matches(member, offers)
                  if m.organisation.id == organisation.id), None)
    if match is None:
        raise ValidationFailed(N_("Wśród przedstawicieli tego oferenta nie ma osoby o Twoim "
                                  "imieniu i nazwisku."))
    if match.confirmed:
        raise InvalidTransition(N_("To potwierdzenie zostało już zapisane."))
    confirmation = NameMatchConfirmation(member=member, organisation_id=organisation.id,
                                         representative_name=match.representative_name,
                                         confirmed_at=clock.now())
    db.session.add(confirmation)
    db.session.flush()
    audit.record(actor, "committee.confirm_no_conflict", confirmation, None,
                 audit.snapshot(confirmation))
    return confirmation


# ------------------------------------------------------------------ scoring


def _score_view(score: Score) -> dict:
    return {"offer_id": score.offer_id, "state": score.state.value,
            "items": {str(i.criterion_id): {"points": i.points,
                                            "justification": i.justification}
                      for i in score.items}}


def _ensure_may_score(member: CommitteeMember, offer: Offer) -> None:
    competition = member.committee.competition
    _scoring_offer(competition, offer)
    if member.declaration is None:
        raise NotAllowed(N_("Przed oceną ofert podpisz oświadczenie o bezstronności."))
    participants = _participants(competition)
    if queries.is_disqualified(member, participants):
        raise NotAllowed(N_("Organizacja, która wskazała Cię do komisji, bierze udział w "
                            "konkursie – nie możesz oceniać ofert (art. 15 ust. 2b ustawy)."))
    if offer.id in queries.excluded_offer_ids(member, [offer]):
        raise NotAllowed(N_("Zgłosiłeś(-aś) konflikt interesów – jesteś wyłączony(-a) z oceny "
                            "tej oferty."))
    offers = queries.offers_for_scoring(competition)
    if queries.offeror_ids(offer) & queries.unresolved_name_match_ids(member, offers):
        raise NotAllowed(N_("Przedstawiciel oferenta nosi Twoje imię i nazwisko. Potwierdź "
                            "brak konfliktu interesów albo zgłoś konflikt, zanim ocenisz "
                            "ofertę."))


def save_score(member: CommitteeMember, offer: Offer, *, actor,
               items: Mapping[int, rules.ItemInput], submit: bool = False) -> Score:
    """Save the member's points and justifications (a draft), or submit them.

    `items` maps criterion id -> ItemInput(points: Decimal | None, justification: str).
    Field errors are keyed "points-<criterion id>" / "justification-<criterion id>".
    """
    _ensure_self(actor, member)
    committee = member.committee
    _ensure_open(committee)
    _ensure_may_score(member, offer)
    score = queries.score_of(member, offer)
    if score is not None and score.state == ScoreState.SUBMITTED:
        raise InvalidTransition(N_("Ocena tej oferty została już przekazana. Aby ją zmienić, "
                                   "wycofaj ją do poprawy."))
    criteria = queries.criteria_of(committee.competition)
    specs = queries.specs_of(criteria)
    problems = rules.item_problems(specs, items, below_pct=committee.justification_below_pct,
                                   final=submit)
    errors: dict[str, list[str]] = {}
    for key, msgs in problems.items():
        for part, message in msgs.items():
            errors[f"{part}-{key}"] = [message]
    for c in criteria:
        item = items.get(c.id)
        if item is not None and len(item.justification or "") > MAX_JUSTIFICATION:
            errors.setdefault(f"justification-{c.id}", []).append(
                N_("Uzasadnienie jest zbyt długie (najwyżej 5000 znaków)."))
    if errors:
        raise ValidationFailed(
            N_("Ocena nie została przekazana – popraw zaznaczone pola.") if submit
            else N_("Nie zapisano oceny – popraw zaznaczone pola."), field_errors=errors)
    before = _score_view(score) if score is not None else None
    if score is None:
        score = Score(member=member, offer_id=offer.id, state=ScoreState.DRAFT)
        db.session.add(score)
    by_crit = {i.criterion_id: i for i in score.items}
    for c in criteria:
        item = items.get(c.id) or rules.ItemInput(None)
        row = by_crit.get(c.id)
        if row is None:
            row = ScoreItem(criterion_id=c.id)
            score.items.append(row)
        row.points = item.points
        row.justification = (item.justification or "").strip()
    if submit:
        score.state = ScoreState.SUBMITTED
        score.submitted_at = clock.now()
    score.updated_at = clock.now()
    db.session.flush()
    audit.record(actor, "committee.submit_score" if submit else "committee.save_score", score,
                 before, _score_view(score))
    return score


def reopen_score(member: CommitteeMember, offer: Offer, *, actor) -> Score:
    """Take a submitted score back to a draft (while scoring is open)."""
    _ensure_self(actor, member)
    _ensure_open(member.committee)
    score = queries.score_of(member, offer)
    if score is None or score.state != ScoreState.SUBMITTED:
        raise InvalidTransition(N_("Ta ocena nie została przekazana – nie ma czego wycofywać."))
    before = _score_view(score)
    score.state = ScoreState.DRAFT
    score.submitted_at = None
    db.session.flush()
    audit.record(actor, "committee.reopen_score", score, before, _score_view(score))
    return score


# ------------------------------------------------------------------ closing


def close_scoring(committee: Committee, *, actor, reason: str = "") -> ScoringClosure:
    """The chair closes scoring: when every voting member (not excluded) has submitted a score
    of every offer they are not excluded from, or with the reason why not."""
    competition = committee.competition
    chair = queries.member_in(committee, actor)
    if chair is None or not chair.is_chair:
        raise NotAllowed(N_("Ocenę zamyka przewodniczący komisji."))
    _ensure_self(actor, chair)
    _ensure_open(committee)
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
                   subject=f"Zamknięcie oceny ofert: {competition.title}",
                   template="committee_scoring_closed", competition=competition,
                   closure=closure, chair=chair)
    return closure
