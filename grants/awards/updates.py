"""The offeror's update of the offer after the results (a grant lower than requested), or
giving up the grant; updates not filed by the deadline lapse (the funds are freed).

Services flush, never commit; the caller commits once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from grants.awards import permissions, queries
from grants.awards.models import Award, AwardState
from grants.calls.models import CallStatus, Competition
from grants.core import audit, clock
from grants.core.errors import DeadlinePassed, InvalidTransition, NotAllowed
from grants.core.i18n import N_, msg
from grants.core.notifications import queue_mail
from grants.extensions import db
from grants.offers import permissions as offer_permissions
from grants.offers import update as offer_update
from grants.offers.services import acting_recipients


def _ensure_update_open(award: Award) -> None:
    if award.state in (AwardState.DECLINED, AwardState.WITHDRAWN):
        raise InvalidTransition(N_("Oferent zrezygnował z dotacji - oferty nie aktualizuje się."))
    if not award.needs_update:
        raise InvalidTransition(N_("Ta oferta nie wymaga aktualizacji: dotacja nie jest niższa "
                                   "od wnioskowanej."))
    if award.ranking.competition.status != CallStatus.DECIDED:
        raise InvalidTransition(N_("Aktualizację składa się po ogłoszeniu wyników konkursu."))
    if award.update_filed_at is not None:
        raise InvalidTransition(N_("Aktualizacja oferty została już złożona."))
    if not queries.update_open(award):
        deadline = queries.update_deadline(award)
        when = clock.to_local(deadline).strftime("%d.%m.%Y %H:%M:%S") if deadline else "–"
        raise DeadlinePassed(msg("Termin aktualizacji oferty minął %(when)s (czas warszawski). "
                                 "Niezłożenie aktualizacji w terminie oznacza rezygnację z "
                                 "dotacji.", when=when))


def _ensure_offeror(actor, award: Award) -> None:
    if not offer_permissions.can_edit_offer(actor, award.offer):
        raise NotAllowed(N_("Ofertę aktualizują członkowie organizacji, która ją złożyła."))


def _ensure_accepter(actor, award: Award) -> None:
    _ensure_offeror(actor, award)
    if not permissions.can_accept_award(actor, award.offer):
        raise NotAllowed(N_("Aktualizację oferty składa i z dotacji rezygnuje administrator "
                            "organizacji. Członek organizacji przygotowuje aktualizację."))


def start_update(award: Award, *, actor):
    """The update draft (a copy of the filed version) - the existing one when started."""
    _ensure_offeror(actor, award)
    _ensure_update_open(award)
    return offer_update.start_update(award.offer, actor=actor)


def save_update(award: Award, *, actor, data: Mapping) -> list:
    """Store the update draft; returns the problems found against the grant awarded."""
    _ensure_offeror(actor, award)
    _ensure_update_open(award)
    version = award.offer.draft_version
    if version is None:
        raise InvalidTransition(N_("Najpierw rozpocznij aktualizację oferty."))
    offer_update.save_update(version, actor=actor, data=data)
    return offer_update.check_update(version, award.final_grant)


def file_update(award: Award, *, actor, signed_by: Sequence[int]):
    """File the update (checked against the grant awarded): the organisation's administrators
    accept the award; the earlier version is kept."""
    _ensure_accepter(actor, award)
    _ensure_update_open(award)
    decision = queries.decision_of(award.ranking.competition)
    version = offer_update.file_update(
        award.offer, actor=actor, signed_by=signed_by, grant=award.final_grant,
        about={"decision_number": decision.number if decision else "",
               "decided_on": decision.decided_on.isoformat() if decision else ""})
    award.update_version_id = version.id
    award.update_filed_at = version.filed_at
    db.session.flush()
    audit.record(actor, "awards.update_filed", award, after={
        "offer_id": award.offer_id, "version": version.number, "grant": award.final_grant})
    queue_mail(db.session, to=acting_recipients(actor, award.offer.organisation),
               subject=f"Potwierdzenie złożenia aktualizacji oferty {award.offer.number}",
               template="update_filed", offer=award.offer, award=award, version=version,
               filed_at_local=clock.to_local(version.filed_at).strftime("%d.%m.%Y %H:%M:%S"))
    return version


def decline_award(award: Award, *, actor) -> Award:
    """The offeror's administrator gives up the grant (instead of updating the offer); the
    funds are freed."""
    _ensure_accepter(actor, award)
    if award.state != AwardState.CONFIRMED or not award.final_grant:
        raise InvalidTransition(N_("Zrezygnować można tylko z przyznanej dotacji."))
    if award.update_filed_at is not None:
        raise InvalidTransition(N_("Aktualizacja oferty została złożona - rezygnację z dotacji "
                                   "zgłasza się urzędowi pisemnie."))
    if award.ranking.competition.status != CallStatus.DECIDED:
        raise InvalidTransition(N_("Rezygnację zgłasza się po ogłoszeniu wyników konkursu."))
    if award.needs_update and queries.update_lapsed(award):
        raise DeadlinePassed(N_("Termin aktualizacji minął - oznacza to rezygnację z dotacji."))
    offer_update.discard_update(award.offer, actor=actor)
    award.state = AwardState.WITHDRAWN
    award.state_changed_at = clock.now()
    db.session.flush()
    audit.record(actor, "awards.grant_given_up", award,
                 before={"state": AwardState.CONFIRMED.value},
                 after={"state": AwardState.WITHDRAWN.value, "freed": award.final_grant})
    queue_mail(db.session, to=acting_recipients(actor, award.offer.organisation),
               subject=f"Rezygnacja z dotacji – oferta {award.offer.number}",
               template="update_declined", offer=award.offer, award=award, lapsed=False)
    return award


def record_lapsed_updates(competition: Competition, *, actor) -> list[Award]:
    """Awards whose update was not filed by its deadline become DECLINED (their funds freed)."""
    ranking = queries.ranking_of(competition)
    lapsed = [a for a in (ranking.awards if ranking else []) if queries.update_lapsed(a)]
    now = clock.now()
    for a in lapsed:
        a.state = AwardState.DECLINED
        a.state_changed_at = now
        db.session.flush()
        audit.record(actor, "awards.update_lapsed", a,
                     before={"state": AwardState.CONFIRMED.value},
                     after={"state": AwardState.DECLINED.value, "update_due": a.update_due,
                            "freed": a.final_grant})
        queue_mail(db.session, to=queries.offeror_addresses(a.offer),
                   subject=f"Rezygnacja z dotacji – oferta {a.offer.number}",
                   template="update_declined", offer=a.offer, award=a, lapsed=True)
    return lapsed
