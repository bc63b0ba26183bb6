"""A committee member's declarations: the declaration of impartiality (art. 24 KPA) signed
before seeing any offer beyond its title and offeror, conflicts of interest (an offer, or an
offeror and so all its offers) and the confirmation that a representative bearing the
member's name is no conflict.

Plain functions `verb_noun(obj, *, actor, **data)`; they flush, never commit, audit every
change and refuse with DomainError subclasses (per-field messages in `field_errors`).
"""

from __future__ import annotations

from grants.core import audit, clock
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_
from grants.evaluation import guards, queries
from grants.evaluation.composition import SETTINGS
from grants.evaluation.models import (
    CommitteeMember,
    Conflict,
    Declaration,
    NameMatchConfirmation,
)
from grants.evaluation.services import score_view
from grants.extensions import db
from grants.offers.models import Offer
from grants.organisations.models import Organisation

MAX_REASON = 5000

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



def declaration_text(member: CommitteeMember) -> str:
    procedure = member.committee.procedure
    organiser = procedure.organiser
    return DECLARATION_TEXT % {
        "name": member.user.full_name, "reference": procedure.reference or "",
        "title": procedure.title,
        "organiser": f"{organiser.authority} – {organiser.name}" if organiser else "",
    }


def sign_declaration(member: CommitteeMember, *, actor, confirmed: bool) -> Declaration:
    guards.ensure_self(actor, member)
    guards.ensure_open(member.committee)
    if member.declaration is not None:
        raise InvalidTransition(N_("Oświadczenie zostało już podpisane."))
    guards.ensure_not_disqualified(member, N_("Organizacja, która wskazała Cię do komisji, bierze udział w "
                            "konkursie – nie możesz oceniać ofert (art. 15 ust. 2b ustawy). "
                                              "Skontaktuj się z urzędnikiem organizatora."))
    if not confirmed:
        raise ValidationFailed(
            N_("Aby podpisać oświadczenie, zaznacz pole potwierdzenia."),
            field_errors={"confirm": [N_("Zaznacz, że składasz oświadczenie.")]})
    declaration = Declaration(member=member, signed_at=clock.now(),
                              text=declaration_text(member))
    db.session.add(declaration)
    committee = member.committee
    opens = committee.scoring_opened_at is None
    if opens:  # the first declaration opens scoring: the thresholds are fixed from now on
        committee.scoring_opened_at = declaration.signed_at
    db.session.flush()
    audit.record(actor, "committee.sign_declaration", declaration, None,
                 {"member_id": member.id, "signed_at": declaration.signed_at})
    if opens:
        audit.record(actor, "committee.scoring_opened", committee, None,
                     audit.snapshot(committee, ["scoring_opened_at", *SETTINGS]))
    return declaration


def declare_conflict(member: CommitteeMember, *, actor, offer: Offer | None = None,
                     organisation: Organisation | None = None, reason: str) -> Conflict:
    """Exclude the member from an offer, or from every offer of an offeror in the competition;
    the member's scores of those offers (drafts or submitted) are deleted."""
    guards.ensure_self(actor, member)
    committee = member.committee
    guards.ensure_open(committee)
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
                         score_view(score), None)
            db.session.delete(score)
    db.session.flush()
    db.session.expire(member, ["scores"])
    return conflict


def confirm_no_conflict(member: CommitteeMember, *, actor,
                        organisation: Organisation) -> NameMatchConfirmation:
    """The member confirms that the offeror's representative of the same name is not a reason
    to exclude them."""
    guards.ensure_self(actor, member)
    guards.ensure_open(member.committee)
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
