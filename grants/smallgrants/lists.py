"""The lists of small-grant offers (grants.core.listing): the officer's list of the filed
offers addressed to their organisers and the NGO's list of its organisations' offers. The
views give the query of what the viewer may see; the filters only narrow it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from grants.core.i18n import N_
from grants.core.listing import Column, Filter, ListSpec, choices_of, in_year, matches
from grants.extensions import db
from grants.offers.models import Offer, OfferVersion
from grants.organisations.models import Organisation
from grants.organisers.models import Organiser
from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus

STATUS_LABELS = {
    SmallGrantStatus.DRAFT: N_("szkic (nie złożona)"),
    SmallGrantStatus.FILED: N_("złożona - oczekuje na ocenę celowości"),
    SmallGrantStatus.NOT_PURPOSEFUL: N_("zadanie uznane za niecelowe"),
    SmallGrantStatus.PURPOSEFUL: N_("zadanie celowe - oczekuje na publikację"),
    SmallGrantStatus.PUBLISHED: N_("opublikowana - okres uwag"),
    SmallGrantStatus.CONSULTATION_CLOSED: N_("uwagi rozpatrzone"),
    SmallGrantStatus.CONTRACTING: N_("przygotowanie umowy"),
    SmallGrantStatus.WITHDRAWN: N_("wycofana"),
}


def _version(column):
    """`column` of the offer's one version (the latest, should there be more)."""
    return (select(column).where(OfferVersion.offer_id == SmallGrantOffer.offer_id)
            .order_by(OfferVersion.number.desc()).limit(1).scalar_subquery())


def _title_matches(pattern: str):
    return SmallGrantOffer.offer_id.in_(select(OfferVersion.offer_id)
                                        .where(matches(OfferVersion.title, pattern)))


_COLUMNS = (
    Column("number", N_("Numer"), lambda o: o.number, sort=SmallGrantOffer.number),
    Column("title", N_("Tytuł zadania"), lambda o: o.title, sort=_version(OfferVersion.title)),
    Column("organisation", N_("Organizacja"), lambda o: o.organisation.name,
           sort=Organisation.name),
    Column("organiser", N_("Organ"), lambda o: o.organiser.name, sort=Organiser.name),
    Column("grant", N_("Dotacja"), lambda o: o.grant_requested,
           sort=_version(OfferVersion.grant_requested), money=True),
    Column("received", N_("Wpływ"), lambda o: o.received_at, sort=SmallGrantOffer.received_at),
    Column("status", N_("Status"), lambda o: STATUS_LABELS[o.status],
           sort=SmallGrantOffer.status, translated=True),
    Column("publish_by", N_("Publikacja do"), lambda o: o.publish_by,
           sort=SmallGrantOffer.publish_by),
    Column("comment_end", N_("Uwagi do"), lambda o: o.comment_end,
           sort=SmallGrantOffer.comment_end),
    Column("created", N_("Utworzono"), lambda o: o.created_at, sort=SmallGrantOffer.created_at),
)
_SEARCH = (SmallGrantOffer.number, Organisation.name, Organisation.nip, _title_matches)


def _status_filter(statuses) -> Filter:
    return Filter("status", N_("Status"), lambda v: SmallGrantOffer.status == v,
                  choices=choices_of({s: STATUS_LABELS[s] for s in statuses}))


_YEAR = Filter("year", N_("Rok wpływu"), lambda v: SmallGrantOffer.filing_year == v,
               kind="year")

OFFICER = ListSpec(
    name="male-granty", columns=_COLUMNS, id_column=SmallGrantOffer.id,
    default_sort="received", default_desc=True, search=_SEARCH,
    search_label=N_("Szukaj (numer, tytuł, organizacja, NIP)"),
    filters=(
        _status_filter([s for s in SmallGrantStatus if s != SmallGrantStatus.DRAFT]),
        Filter("organiser", N_("Organ"), lambda v: SmallGrantOffer.organiser_id == v,
               kind="id"),
        Filter("organisation", N_("Organizacja"),
               lambda v: SmallGrantOffer.organisation_id == v, kind="id"),
        _YEAR,
    ),
)

MINE = ListSpec(
    name="moje-male-granty", columns=_COLUMNS, id_column=SmallGrantOffer.id,
    default_sort="created", default_desc=True, search=_SEARCH,
    search_label=N_("Szukaj (numer, tytuł, organizacja)"),
    filters=(
        _status_filter(list(SmallGrantStatus)),
        Filter("organisation", N_("Organizacja"),
               lambda v: SmallGrantOffer.organisation_id == v, kind="id"),
        Filter("year", N_("Rok utworzenia"), lambda v: in_year(SmallGrantOffer.created_at, v),
               kind="year"),
    ),
)


def _listed(stmt, *, comments: bool = False):
    options = [contains_eager(SmallGrantOffer.organisation),
               contains_eager(SmallGrantOffer.organiser),
               selectinload(SmallGrantOffer.offer).selectinload(Offer.versions)]
    if comments:
        options.append(selectinload(SmallGrantOffer.comments))
    return (stmt.join(SmallGrantOffer.organisation).join(SmallGrantOffer.organiser)
            .options(*options))


def officer_offers(organiser_ids: set[int]):
    """Filed offers (never drafts) addressed to the given organisers."""
    return _listed(select(SmallGrantOffer).where(
        SmallGrantOffer.organiser_id.in_(organiser_ids or {0}),
        SmallGrantOffer.status != SmallGrantStatus.DRAFT), comments=True)


def offers_of_organisations(organisation_ids: set[int]):
    return _listed(select(SmallGrantOffer).where(
        SmallGrantOffer.organisation_id.in_(organisation_ids or {0})))


def filter_choices(organiser_ids: set[int]) -> dict:
    """The officer's organisers and the organisations with filed offers addressed to them."""
    organisers = db.session.execute(
        select(Organiser.id, Organiser.name).where(Organiser.id.in_(organiser_ids or {0}))
        .order_by(Organiser.name))
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(
            select(SmallGrantOffer.organisation_id).where(
                SmallGrantOffer.organiser_id.in_(organiser_ids or {0}),
                SmallGrantOffer.status != SmallGrantStatus.DRAFT)))
        .order_by(Organisation.name))
    return {"organiser": [(str(i), n) for i, n in organisers],
            "organisation": [(str(i), n) for i, n in organisations]}
