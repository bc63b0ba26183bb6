"""An award of a competition as the source of a contract (grants.contracts.sources): the offer
as filed, or its update when the grant is lower than requested; the form of the contract
(powierzenie / wspieranie) is the competition's mode; the joint offerors of a joint offer are
parties to it."""

from __future__ import annotations

from grants.awards.models import Award, AwardState
from grants.contracts import sources
from grants.contracts.rules import ItemRow
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_
from grants.core.money import q
from grants.extensions import db


def _filed_version(award: Award):
    if award.needs_update:
        if award.update_version is None or award.update_filed_at is None:
            raise InvalidTransition(N_("Dotacja jest niższa od wnioskowanej: umowę można "
                                       "przygotować po złożeniu aktualizacji oferty."))
        return award.update_version
    return award.offer.filed_version


def read(award: Award) -> sources.Source:
    if award.state != AwardState.CONFIRMED or not award.final_grant or award.final_grant <= 0:
        raise InvalidTransition(N_("Umowę można przygotować tylko dla dotacji przyznanej "
                                   "decyzją (kwota większa od zera)."))
    offer = award.offer
    version = _filed_version(award)
    if version is None:
        raise InvalidTransition(N_("Oferta nie ma złożonej wersji."))
    if version.start_date is None or version.end_date is None:
        raise ValidationFailed(N_("Oferta nie ma dat realizacji zadania."))
    competition = offer.competition
    return sources.Source(
        organiser=competition.organiser, organisation=offer.organisation,
        procedure_id=competition.procedure_id, title=version.title or competition.title,
        purpose=(version.need or version.expected_results or "").strip(),
        start=version.start_date, end=version.end_date, grant=q(award.final_grant),
        items=[ItemRow(ci.code, ci.name, q(ci.value), q(ci.grant_part))
               for ci in version.cost_items],
        results=[(r.name, r.target_value, r.monitoring) for r in version.results
                 if (r.name or "").strip()],
        links={"award_id": award.id, "offer_version_id": version.id},
        mode=competition.mode.value,
        item_years={ci.code: ci.year for ci in version.cost_items},
        partners=[sources.JointOfferor(p.organisation, (p.actions or "").strip(),
                                       q(p.cost_share or 0))
                  for p in version.partners if p.organisation is not None])


AWARD = sources.register(sources.SourceKind(
    name="award", model=Award, link="award_id",
    load=lambda award_id: db.session.get(Award, award_id),
    organiser_id=lambda award: award.ranking.competition.organiser_id, read=read))
