"""The officer's work on competitions: offers to check formally, corrections due back,
committees not closed, decisions to take, results to publish, offer updates due, contracts to
prepare. One statement per kind, whatever the number of competitions and offers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from flask import url_for
from sqlalchemy import and_, exists, or_, select

from grants.awards.models import Annulment, Award, AwardDecision, AwardState, Ranking
from grants.calls.models import CallStatus, Competition
from grants.contracts.models import Contract
from grants.core.i18n import N_
from grants.evaluation.models import Committee, ScoringClosure
from grants.extensions import db
from grants.formal.models import FormalCheck, FormalOutcome
from grants.offers.models import Offer, OfferStatus, OfferVersion, VersionState
from grants.organisations.models import Organisation
from grants.procedures.models import Publication, Subject
from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus
from grants.today.items import Group, Item, group


def _in_evaluation(ids: Collection[int] | None, now: dt.datetime):
    """Competitions (of the organisers, when given) published and past their offer deadline."""
    scope = () if ids is None else (Competition.organiser_id.in_(list(ids)),)
    return (*scope, Competition.status == CallStatus.PUBLISHED, Competition.offer_deadline <= now)


def _correction_filed():
    """A filed version of the offer other than the one the formal check judged."""
    return exists().where(OfferVersion.offer_id == Offer.id,
                          OfferVersion.state == VersionState.FILED,
                          OfferVersion.id != FormalCheck.checked_version_id)


def _offer_rows(ids, now, *where):
    return db.session.execute(
        select(Offer.id, Offer.number, Organisation.name, Competition.id, Competition.title,
               FormalCheck.due_date)
        .join(Competition, Competition.id == Offer.competition_id)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .outerjoin(FormalCheck, FormalCheck.offer_id == Offer.id)
        .where(*_in_evaluation(ids, now), Offer.status == OfferStatus.FILED, *where)
        .order_by(Competition.offer_deadline, Competition.id, Offer.number, Offer.id)).all()


def offers_to_check(ids, now):
    """Filed offers not yet judged: no check, a check in progress, or a correction filed."""
    return _offer_rows(ids, now, or_(
        FormalCheck.id.is_(None), FormalCheck.outcome == FormalOutcome.PENDING,
        and_(FormalCheck.outcome == FormalOutcome.TO_COMPLETE, _correction_filed())))


def corrections_due(ids, now, *, organisation_ids=None):
    """Offers asked to complete whose correction has not been filed yet, by due date (of the
    officer's organisers, or of the offerors' organisations)."""
    scope = () if organisation_ids is None else (
        Offer.organisation_id.in_(list(organisation_ids)),)
    return sorted(_offer_rows(ids, now, FormalCheck.outcome == FormalOutcome.TO_COMPLETE,
                              ~_correction_filed(), *scope), key=lambda r: (r[5], r[1], r[0]))


def _competition_rows(ids, now, *where):
    return db.session.execute(
        select(Competition.id, Competition.title, Competition.decision_date)
        .where(*_in_evaluation(ids, now), *where)
        .order_by(Competition.decision_date, Competition.offer_deadline, Competition.id)).all()


def committees_open(ids, now):
    closed = exists().where(ScoringClosure.committee_id == Committee.id)
    has_open_committee = exists().where(Committee.procedure_id == Competition.procedure_id,
                                        ~closed)
    return _competition_rows(ids, now, has_open_committee)


def decisions_to_take(ids, now):
    """Scoring closed, no decision recorded and not annulled."""
    closed = exists().where(Committee.procedure_id == Competition.procedure_id,
                            ScoringClosure.committee_id == Committee.id)
    return _competition_rows(
        ids, now, closed, ~exists().where(AwardDecision.competition_id == Competition.id),
        ~exists().where(Annulment.competition_id == Competition.id))


def results_to_publish(ids):
    published = exists().where(Publication.procedure_id == Competition.procedure_id,
                               Publication.subject == Subject.RESULTS)
    return db.session.execute(
        select(Competition.id, Competition.title, AwardDecision.decided_on)
        .join(AwardDecision, AwardDecision.competition_id == Competition.id)
        .where(Competition.organiser_id.in_(list(ids)), ~published)
        .order_by(AwardDecision.decided_on, Competition.id)).all()


def _needs_update():
    return and_(Award.state == AwardState.CONFIRMED, Award.final_grant > 0,
                Award.final_grant < Award.requested)


def updates_due(ids=None, *, organisation_ids=None):
    """Awards decided lower than requested whose offer update is not filed yet, by due date
    (the officer's organisers or the offerors' organisations)."""
    scope = (Competition.organiser_id.in_(list(ids)) if ids is not None
             else Offer.organisation_id.in_(list(organisation_ids)))
    return db.session.execute(
        select(Offer.id, Offer.number, Organisation.name, Competition.id, Competition.title,
               Award.update_due)
        .select_from(Award)
        .join(Ranking, Ranking.id == Award.ranking_id)
        .join(Competition, Competition.id == Ranking.competition_id)
        .join(Offer, Offer.id == Award.offer_id)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .where(scope, _needs_update(), Award.update_filed_at.is_(None))
        .order_by(Award.update_due, Offer.number, Offer.id)).all()


def contracts_to_prepare(ids):
    """Confirmed grants (their update filed when one is needed) and small grants being
    contracted, without a contract yet."""
    awards = db.session.execute(
        select(Award.id, Offer.number, Organisation.name, Competition.title)
        .join(Ranking, Ranking.id == Award.ranking_id)
        .join(Competition, Competition.id == Ranking.competition_id)
        .join(Offer, Offer.id == Award.offer_id)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .where(Competition.organiser_id.in_(list(ids)), Award.state == AwardState.CONFIRMED,
               Award.final_grant > 0,
               or_(Award.final_grant >= Award.requested, Award.update_filed_at.is_not(None)),
               ~exists().where(Contract.award_id == Award.id))
        .order_by(Competition.id, Offer.number, Award.id)).all()
    small = db.session.execute(
        select(SmallGrantOffer.id, SmallGrantOffer.number, Organisation.name)
        .join(Organisation, Organisation.id == SmallGrantOffer.organisation_id)
        .where(SmallGrantOffer.organiser_id.in_(list(ids)),
               SmallGrantOffer.status == SmallGrantStatus.CONTRACTING,
               ~exists().where(Contract.small_grant_offer_id == SmallGrantOffer.id))
        .order_by(SmallGrantOffer.number, SmallGrantOffer.id)).all()
    return ([("award", r[0], f"{r[1]} – {r[2]} ({r[3]})") for r in awards]
            + [("small", r[0], f"{r[1]} – {r[2]}") for r in small])


def _offer_item(endpoint: str, **kw):
    def make(r) -> Item:
        return Item(title=f"{r[1]} – {r[2]} ({r[4]})",
                    url=url_for(endpoint, offer_id=r[0], **kw), due_on=r[5])
    return make


def _competition_item(endpoint: str):
    def make(r) -> Item:
        return Item(title=r[1], url=url_for(endpoint, competition_id=r[0]), due_on=r[2])
    return make


def _contract_source_item(r) -> Item:
    kind, source_id, title = r
    if kind == "award":
        return Item(title=title, url=url_for("contracts.new_from_award", award_id=source_id))
    return Item(title=title, url=url_for("contracts.new_from_small_grant", offer_id=source_id))


def groups(ids: Collection[int], now: dt.datetime) -> list[Group]:
    manage = url_for("calls.manage")
    return [
        group("offers_to_check", N_("Oferty do oceny formalnej"), N_("Oceń formalnie"),
              offers_to_check(ids, now), _offer_item("formal.check"), manage),
        group("corrections_due", N_("Uzupełnienia ofert w toku"), N_("Zobacz ocenę formalną"),
              corrections_due(ids, now), _offer_item("formal.check"), manage),
        group("committees_open", N_("Komisje niezamknięte"), N_("Otwórz komisję"),
              committees_open(ids, now), _competition_item("evaluation.compose"), manage),
        group("decisions_to_take", N_("Rozstrzygnięcia do podjęcia"), N_("Przejdź do rankingu"),
              decisions_to_take(ids, now), _competition_item("awards.ranking"), manage),
        group("results_to_publish", N_("Wyniki do ogłoszenia"), N_("Ogłoś wyniki"),
              results_to_publish(ids),
              lambda r: Item(title=r[1], url=url_for("awards.decision", competition_id=r[0]),
                             overdue_flag=False), manage),
        group("updates_due", N_("Aktualizacje ofert oczekiwane"), N_("Zobacz rozstrzygnięcie"),
              updates_due(ids),
              lambda r: Item(title=f"{r[1]} – {r[2]} ({r[4]})", due_on=r[5],
                             url=url_for("awards.decision", competition_id=r[3])), manage),
        group("contracts_to_prepare", N_("Umowy do przygotowania"), N_("Przygotuj umowę"),
              contracts_to_prepare(ids), _contract_source_item, url_for("contracts.index")),
    ]
