"""The lists of offers (grants.core.listing): the officer's list of a competition's filed
offers and the NGO's list of its organisations' offers. The views give the query of what the
viewer may see; the filters only narrow it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from grants.calls.models import CallTask, Competition
from grants.core.i18n import N_
from grants.core.listing import Column, Filter, ListSpec, choices_of, in_year
from grants.offers.models import Offer, OfferStatus, OfferVersion, VersionState
from grants.organisations.models import Organisation

STATUS_LABELS = {
    OfferStatus.DRAFT: N_("szkic (nie złożona)"),
    OfferStatus.FILED: N_("złożona"),
    OfferStatus.WITHDRAWN: N_("wycofana"),
}


def _filed(column):
    """`column` of the offer's filed version in force (the latest filed or withdrawn)."""
    return (select(column).where(OfferVersion.offer_id == Offer.id,
                                 OfferVersion.state.in_([VersionState.FILED,
                                                         VersionState.WITHDRAWN]),
                                 OfferVersion.filed_at.is_not(None))
            .order_by(OfferVersion.number.desc()).limit(1).scalar_subquery())


def _filed_value(name):
    return lambda o: getattr(o.filed_version, name) if o.filed_version else None


def _base(stmt):
    """Offers with their organisation, competition and task joined (search and sort) and
    their versions loaded: a fixed number of statements per page."""
    return (stmt.join(Offer.organisation).join(Offer.competition).join(Offer.task)
            .options(contains_eager(Offer.organisation), contains_eager(Offer.competition),
                     contains_eager(Offer.task),
                     selectinload(Offer.versions).selectinload(OfferVersion.partners)))


_SEARCH = (Offer.number, Organisation.name, Organisation.nip, CallTask.title,
           Competition.title, Competition.reference)
_NUMBER = Column("number", N_("Numer"), lambda o: o.number, sort=Offer.number)
_ORGANISATION = Column("organisation", N_("Oferent"), lambda o: o.organisation.name,
                       sort=Organisation.name)
_NIP = Column("nip", N_("NIP"), lambda o: o.organisation.nip)
_TASK = Column("task", N_("Zadanie"), lambda o: o.task.title, sort=CallTask.title)
_STATUS = Column("status", N_("Stan"), lambda o: STATUS_LABELS[o.status], sort=Offer.status,
                 translated=True)
_STATUS_FILTER = Filter("status", N_("Stan"), lambda v: Offer.status == v,
                        choices=choices_of(STATUS_LABELS))

COMPETITION_OFFERS = ListSpec(
    name="oferty",
    columns=(
        _NUMBER, _ORGANISATION, _NIP, _TASK,
        Column("grant", N_("Wnioskowana dotacja"), _filed_value("grant_requested"),
               sort=_filed(OfferVersion.grant_requested), money=True),
        Column("total", N_("Koszt całkowity"), _filed_value("total_cost"),
               sort=_filed(OfferVersion.total_cost), money=True),
        Column("filed", N_("Złożono"), _filed_value("filed_at"),
               sort=_filed(OfferVersion.filed_at)),
        _STATUS,
        Column("sha256", N_("SHA-256"), _filed_value("sha256")),
    ),
    id_column=Offer.id, default_sort="filed", search=_SEARCH,
    search_label=N_("Szukaj (numer, oferent, NIP, zadanie)"),
    filters=(
        Filter("task", N_("Zadanie"), lambda v: Offer.task_id == v, kind="id"),
        _STATUS_FILTER,
    ),
    per_page=100,
)

MY_OFFERS = ListSpec(
    name="moje-oferty",
    columns=(
        _NUMBER, _ORGANISATION,
        Column("competition", N_("Konkurs"), lambda o: o.competition.title,
               sort=Competition.title),
        _TASK, _STATUS,
        Column("deadline", N_("Termin składania ofert"),
               lambda o: o.competition.offer_deadline, sort=Competition.offer_deadline),
        Column("grant", N_("Wnioskowana dotacja"), _filed_value("grant_requested"),
               sort=_filed(OfferVersion.grant_requested), money=True),
        Column("created", N_("Utworzono"), lambda o: o.created_at, sort=Offer.created_at),
    ),
    id_column=Offer.id, default_sort="created", default_desc=True, search=_SEARCH,
    search_label=N_("Szukaj (numer, konkurs, zadanie)"),
    filters=(
        _STATUS_FILTER,
        Filter("organisation", N_("Organizacja"), lambda v: Offer.organisation_id == v,
               kind="id"),
        Filter("year", N_("Rok"), lambda v: in_year(Offer.created_at, v), kind="year"),
    ),
)


def competition_offers(competition: Competition):
    """The filed offers of `competition` (the officer's list)."""
    return _base(select(Offer).where(Offer.competition_id == competition.id,
                                     Offer.filed_at.is_not(None)))


def offers_of_organisations(organisation_ids: set[int]):
    """The competition offers of the given organisations (small grants are elsewhere)."""
    return _base(select(Offer).where(Offer.organisation_id.in_(organisation_ids or {0}),
                                     Offer.competition_id.is_not(None)))
