"""Sources of contracts built directly: an award of a decided competition (with or without the
offer update) and a small-grant offer in contracting."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from grants.awards.models import Award, AwardDecision, AwardState, Ranking
from grants.calls.models import CallStatus, Mode
from grants.core import clock
from grants.extensions import db
from grants.offers.models import (
    CostItem,
    JointPartner,
    Offer,
    OfferStatus,
    OfferVersion,
    ResultRow,
    VersionState,
)
from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus
from tests.support.factories import make_competition

D = Decimal
_seq = itertools.count(1)

# (code, name, value, grant part): grant 30 000.00 of 40 000.00
ITEMS = [("I.1.1", "Koordynator", D("12000.00"), D("12000.00")),
         ("I.1.2", "Posiłki", D("24000.00"), D("16000.00")),
         ("II.1", "Obsługa księgowa", D("4000.00"), D("2000.00"))]
UPDATED_ITEMS = [("I.1.1", "Koordynator", D("10000.00"), D("10000.00")),
                 ("I.1.2", "Posiłki", D("20000.00"), D("14000.00")),
                 ("II.1", "Obsługa księgowa", D("2000.00"), D("1000.00"))]


def _version(number: int, items, *, start, end, filed_at) -> OfferVersion:
    version = OfferVersion(number=number, state=VersionState.DRAFT,
                           title="Posiłki dla osób w kryzysie bezdomności",
                           start_date=start, end_date=end, need="Brak ciepłych posiłków.",
                           total_cost=sum((i[2] for i in items), D("0")),
                           grant_requested=sum((i[3] for i in items), D("0")))
    for pos, (code, name, value, grant) in enumerate(items, start=1):
        version.cost_items.append(CostItem(position=pos, section=code.split(".")[0],
                                           action_no=1, code=code, name=name, unit="usługa",
                                           unit_cost=value, units=D("1"), value=value,
                                           grant_part=grant))
    version.results.append(ResultRow(position=1, name="Liczba wydanych posiłków",
                                     target_value="5000", monitoring="Listy wydań"))
    return version


def _add_partners(version: OfferVersion, partners) -> None:
    for pos, (organisation, actions, share) in enumerate(partners, start=1):
        version.partners.append(JointPartner(position=pos, organisation_id=organisation.id,
                                             actions=actions, cost_share=share))


def make_award(world, *, final_grant=D("30000.00"), items=ITEMS, update_items=None,
               update_filed=True, start=dt.date(2026, 3, 1), end=dt.date(2026, 10, 31),
               mode: Mode = Mode.WSPIERANIE, partners=()) -> Award:
    """An award of organiser A to organisation X, confirmed by a decision, in a competition
    of `mode`. With `update_items` the grant is lower than requested and the offer update
    (those items) is filed unless `update_filed` is False. `partners`: the joint offerors of
    a joint offer, as (organisation, actions, cost share)."""
    competition = make_competition(world.org_a, title=f"Konkurs {next(_seq)}", mode=mode)
    competition.status = CallStatus.DECIDED
    task = competition.tasks[0]
    now = clock.now()
    offer = Offer(competition_id=competition.id, task_id=task.id,
                  organisation_id=world.ngo_x.id, number=f"{competition.reference}/1",
                  status=OfferStatus.FILED, created_by_id=world.ngo_admin.id,
                  filed_at=now - dt.timedelta(days=30))
    first = _version(1, items, start=start, end=end, filed_at=offer.filed_at)
    _add_partners(first, partners)
    offer.versions.append(first)
    db.session.add(offer)
    db.session.flush()
    first.state, first.sha256, first.content = VersionState.FILED, "0" * 64, {}
    first.filed_at = offer.filed_at
    requested = first.grant_requested
    award = Award(offer_id=offer.id, task_id=task.id, rank=1, eligible=True, score_text="80",
                  n_scores=2, requested=requested, proposed_grant=final_grant,
                  final_grant=final_grant, state=AwardState.CONFIRMED)
    if update_items is not None and update_filed:
        update = _version(2, update_items, start=start, end=end, filed_at=now)
        _add_partners(update, partners)
        offer.versions.append(update)
        db.session.flush()
        first.state = VersionState.SUPERSEDED
        update.state, update.sha256, update.content = VersionState.FILED, "1" * 64, {}
        update.filed_at = now - dt.timedelta(days=1)
        award.update_version_id = update.id
        award.update_filed_at = update.filed_at
    ranking = Ranking(competition_id=competition.id, created_by_id=world.officer.id)
    ranking.awards.append(award)
    db.session.add(ranking)
    db.session.add(AwardDecision(competition_id=competition.id, number="ZA.1.2026",
                                 decided_on=clock.today(), signer="Prezydent Miasta",
                                 changes=[], recorded_by_id=world.officer.id))
    db.session.flush()
    return award


def make_small_grant(world, *, status=SmallGrantStatus.CONTRACTING,
                     items=(("Materiały", D("3000.00"), D("3000.00")),
                            ("Transport", D("2500.00"), D("2000.00"))),
                     grant=D("5000.00"), start=dt.date(2026, 6, 1),
                     end=dt.date(2026, 8, 15), mode: str = "wspieranie") -> SmallGrantOffer:
    n = next(_seq)
    offer = SmallGrantOffer(organiser_id=world.org_a.id, organisation_id=world.ngo_x.id,
                            number=f"MG/{n}", status=SmallGrantStatus.DRAFT, mode=mode)
    version = OfferVersion(
        number=1, state=VersionState.DRAFT, title="Wakacje dla dzieci", start_date=start,
        end_date=end, description="Półkolonie dla dzieci z rodzin wspieranych przez MOPS.",
        total_cost=sum((i[1] for i in items), D("0")), grant_requested=grant)
    offer.offer = Offer(procedure=offer.procedure, organisation_id=world.ngo_x.id,
                        status=OfferStatus.DRAFT, number=f"MG/{n}", versions=[version])
    for pos, (name, value, part) in enumerate(items, start=1):
        version.cost_items.append(CostItem(position=pos, name=name, unit="usługa",
                                           unit_cost=value, units=D("1"), value=value,
                                           grant_part=part))
    version.results.append(ResultRow(position=1, name="Liczba uczestników",
                                     target_value="30", monitoring="Lista obecności"))
    db.session.add(offer)
    db.session.flush()
    offer.status = status
    offer.received_at = clock.now() - dt.timedelta(days=20)
    offer.filing_year = 2026
    version.state, version.sha256, version.content = VersionState.FILED, "0" * 64, {}
    offer.offer.status = OfferStatus.FILED
    offer.published_on = clock.today() - dt.timedelta(days=15)
    offer.comment_end = clock.today() - dt.timedelta(days=8)
    offer.consideration_note = "Brak uwag."
    db.session.flush()
    return offer
