"""Read helpers of the committee: who is a member, which offers they may score, the sheet of
scores with its results and flags, the offeror's history for criterion 6, and
`offer_results(competition)` for the ranking."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from grants.auth import roles
from grants.auth.models import StaffRole, StaffRoleKind, User
from grants.calls.models import CallTask, Competition, Criterion
from grants.core.i18n import N_
from grants.evaluation import hooks, rules, scoring
from grants.evaluation.models import (
    Committee,
    CommitteeMember,
    MemberKind,
    Score,
    ScoreState,
)
from grants.extensions import db
from grants.formal.queries import offers_for_scoring as _formal_offers_for_scoring
from grants.offers.models import JointPartner, Offer, OfferStatus, OfferVersion, VersionState
from grants.organisations.models import Organisation, VerificationStatus

# ------------------------------------------------------------------ committee and members


def committee_of(competition: Competition) -> Committee | None:
    return db.session.scalar(
        select(Committee).where(Committee.procedure_id == competition.procedure_id)
        .options(selectinload(Committee.members).selectinload(CommitteeMember.user),
                 selectinload(Committee.members).selectinload(CommitteeMember.declaration),
                 selectinload(Committee.members).selectinload(CommitteeMember.conflicts),
                 selectinload(Committee.members)
                 .selectinload(CommitteeMember.name_confirmations),
                 selectinload(Committee.closure))
    )


def member_in(committee: Committee | None, user) -> CommitteeMember | None:
    """The user's seat in the committee (None when they have none)."""
    if committee is None or user is None or not getattr(user, "is_authenticated", False):
        return None
    return next((m for m in committee.members if m.user_id == user.id), None)


def memberships_of(user) -> list[CommitteeMember]:
    """The user's seats in committees, newest competition first."""
    return list(db.session.scalars(
        select(CommitteeMember).join(Committee)
        .join(Competition, Competition.procedure_id == Committee.procedure_id)
        .where(CommitteeMember.user_id == user.id)
        .options(selectinload(CommitteeMember.committee).selectinload(Committee.competition),
                 selectinload(CommitteeMember.committee).selectinload(Committee.closure),
                 selectinload(CommitteeMember.declaration))
        .order_by(Competition.offer_deadline.desc(), Competition.id.desc())
    ))


def committee_candidates(competition: Competition) -> list[User]:
    """Active users holding the COMMITTEE role at the competition's organiser."""
    return list(db.session.scalars(
        select(User).join(StaffRole, StaffRole.user_id == User.id)
        .where(StaffRole.organiser_id == competition.organiser_id,
               StaffRole.role == StaffRoleKind.COMMITTEE, User.active.is_(True))
        .order_by(User.full_name, User.id)
    ).unique())


def naming_candidates() -> list[Organisation]:
    """Organisations that may name a person to a committee (verified ones)."""
    return list(db.session.scalars(
        select(Organisation).where(Organisation.status == VerificationStatus.VERIFIED)
        .order_by(Organisation.name)
    ))


# ------------------------------------------------------------------ offers and offerors


def offers_for_scoring(competition: Competition) -> list[Offer]:
    """Offers admitted to scoring by the formal check (the formal area decides)."""
    return _formal_offers_for_scoring(competition)


def offer_title(offer: Offer) -> str:
    version = offer.filed_version
    return (version.title if version is not None else "") or offer.number


def offeror_ids(offer: Offer) -> set[int]:
    """The lead offeror and the joint partners named in the filed version."""
    ids = {offer.organisation_id}
    version = offer.filed_version
    if version is not None:
        ids.update(p.organisation_id for p in version.partners)
    return ids


def offerors(offer: Offer) -> list[Organisation]:
    orgs = [offer.organisation]
    version = offer.filed_version
    if version is not None:
        orgs.extend(p.organisation for p in version.partners if p.organisation is not None)
    return orgs


def participating_organisation_ids(competition: Competition) -> set[int]:
    """Organisations taking part in the competition: offerors (lead or joint partner) of an
    offer filed and not withdrawn. Drafts do not count (and are nobody's business)."""
    leads = set(db.session.scalars(
        select(Offer.organisation_id).where(Offer.competition_id == competition.id,
                                            Offer.status == OfferStatus.FILED)))
    partners = set(db.session.scalars(
        select(JointPartner.organisation_id)
        .join(OfferVersion, OfferVersion.id == JointPartner.version_id)
        .join(Offer, Offer.id == OfferVersion.offer_id)
        .where(Offer.competition_id == competition.id, Offer.status == OfferStatus.FILED,
               OfferVersion.state == VersionState.FILED)))
    return leads | partners


def is_disqualified(member: CommitteeMember, participants: set[int]) -> bool:
    """A person named by an organisation that takes part in the competition (art. 15
    ust. 2b) may not sit on the committee."""
    return member.kind == MemberKind.NGO and member.naming_organisation_id in participants


def own_organisation_ids(member: CommitteeMember) -> set[int]:
    """Organisations the member belongs to: in conflict with their offers (issue 10), as if
    the member had declared it."""
    return roles.organisation_ids(member.user)


def own_offer_ids(member: CommitteeMember, offers: Iterable[Offer]) -> set[int]:
    """Offers of an organisation the member belongs to (lead offeror or joint partner)."""
    mine = own_organisation_ids(member)
    return {o.id for o in offers if offeror_ids(o) & mine} if mine else set()


def excluded_offer_ids(member: CommitteeMember, offers: Iterable[Offer]) -> set[int]:
    """Offers the member declared a conflict with, directly or through an offeror, and the
    offers of organisations the member belongs to."""
    direct = {c.offer_id for c in member.conflicts if c.offer_id is not None}
    orgs = {c.organisation_id for c in member.conflicts if c.organisation_id is not None}
    orgs |= own_organisation_ids(member)
    return {o.id for o in offers if o.id in direct or offeror_ids(o) & orgs}


def normalise_name(name: str) -> tuple[str, ...]:
    """Case- and diacritics-insensitive, word order ignored: "Kowalska  Anna" ~ "anna kowalska"."""
    text = unicodedata.normalize("NFKD", (name or "").replace("ł", "l").replace("Ł", "L"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    return tuple(sorted(words))


@dataclass
class NameMatch:
    organisation: Organisation
    representative_name: str
    confirmed: bool


def name_matches(member: CommitteeMember, offers: Iterable[Offer]) -> list[NameMatch]:
    """Offerors with a representative bearing the member's name (excluded offerors left out)."""
    mine = normalise_name(member.user.full_name)
    if not mine:
        return []
    conflicted = {c.organisation_id for c in member.conflicts if c.organisation_id}
    conflicted |= own_organisation_ids(member)
    confirmed = {c.organisation_id for c in member.name_confirmations}
    seen: set[int] = set()
    found: list[NameMatch] = []
    for offer in offers:
        for org in offerors(offer):
            if org.id in seen or org.id in conflicted:
                continue
            seen.add(org.id)
            for rep in org.representatives:
                if normalise_name(rep.full_name) == mine:
                    found.append(NameMatch(org, rep.full_name, org.id in confirmed))
                    break
    return found


def unresolved_name_match_ids(member: CommitteeMember, offers: Iterable[Offer]) -> set[int]:
    """Organisations whose name match the member has not yet confirmed or declared."""
    return {m.organisation.id for m in name_matches(member, offers) if not m.confirmed}


def scores_of(member: CommitteeMember) -> dict[int, Score]:
    """The member's own scores by offer id (never anyone else's)."""
    return {s.offer_id: s for s in db.session.scalars(
        select(Score).where(Score.member_id == member.id).options(selectinload(Score.items)))}


def score_of(member: CommitteeMember, offer: Offer) -> Score | None:
    return db.session.scalar(
        select(Score).where(Score.member_id == member.id, Score.offer_id == offer.id)
        .options(selectinload(Score.items)))


# ------------------------------------------------------------------ criteria


def criteria_of(competition: Competition) -> list[Criterion]:
    """The competition's criteria that apply to its mode, in order."""
    mode = competition.mode.value
    keep = {c.key for c in rules.applicable(specs_of(competition.criteria), mode)}
    return [c for c in competition.criteria if c.id in keep]


def specs_of(criteria: Iterable[Criterion]) -> list[rules.CriterionSpec]:
    return [rules.CriterionSpec(key=c.id, statutory_point=c.statutory_point,
                                max_points=c.max_points, min_points=c.min_points, name=c.name)
            for c in criteria]


# ------------------------------------------------------------------ the sheet


@dataclass
class Cell:
    """One member x one offer."""

    state: str                                   # excluded | missing | draft | submitted
    points: dict[int, Decimal | None] = field(default_factory=dict)
    justifications: dict[int, str] = field(default_factory=dict)
    total: Decimal | None = None


@dataclass
class OfferResult:
    offer: Offer
    task: CallTask
    mean_total: Decimal | None          # full precision (ranking); None when nobody scored
    eligible: bool
    criterion_means: dict[int, Decimal]  # criterion id -> full-precision mean
    n_scores: int
    reasons: list[str] = field(default_factory=list)

    @property
    def mean_display(self) -> Decimal | None:
        return rules.display(self.mean_total)


@dataclass
class Sheet:
    committee: Committee
    competition: Competition
    criteria: list[Criterion]
    max_total: Decimal
    offers: list[Offer]
    members: list[CommitteeMember]
    disqualified: set[int]                      # member ids
    cells: dict[tuple[int, int], Cell]          # (member id, offer id)
    results: dict[int, OfferResult]             # offer id
    disagreements: dict[int, Decimal]           # offer id -> spread of totals (flagged only)
    deviations: dict[int, Decimal]              # member id -> mean deviation (flagged only)
    missing: list[tuple[CommitteeMember, Offer]]  # voting members' scores still due

    def cell(self, member: CommitteeMember, offer: Offer) -> Cell:
        return self.cells[(member.id, offer.id)]

    @property
    def complete(self) -> bool:
        return not self.missing

    def voting(self, member: CommitteeMember) -> bool:
        return member.votes and member.id not in self.disqualified


def build_sheet(committee: Committee) -> Sheet:
    """Every member's points per criterion per offer, the results and the flags.

    Whoever calls this sees everyone's points: pages use it only where
    permissions.can_view_sheet allows (after closing), and for the chair's flags, which show
    no points.
    """
    competition = committee.competition
    criteria = criteria_of(competition)
    specs = specs_of(criteria)
    maximum = rules.max_total(specs)
    offers = offers_for_scoring(competition)
    participants = participating_organisation_ids(competition)
    members = list(committee.members)
    disqualified = {m.id for m in members if is_disqualified(m, participants)}
    grid = _Grid(criteria, offers, disqualified)
    for member in members:
        grid.fill(member)
    results: dict[int, OfferResult] = {}
    disagreements: dict[int, Decimal] = {}
    totals_by_offer: dict[int, dict[int, Decimal]] = {}
    offer_result = scoring.kind_of(committee.procedure).offer_result
    for offer in offers:
        member_points = grid.counted[offer.id]
        outcome = offer_result(specs, list(member_points.values()), committee)
        results[offer.id] = OfferResult(
            offer=offer, task=offer.task, mean_total=outcome.mean_total,
            eligible=outcome.eligible, criterion_means=outcome.criterion_means,
            n_scores=outcome.n_scores, reasons=outcome.reasons)
        totals = {mid: rules.member_total(p) for mid, p in member_points.items()}
        totals_by_offer[offer.id] = totals
        if rules.disagreement(list(totals.values()), maximum, committee.disagreement_pct):
            disagreements[offer.id] = rules.spread(list(totals.values()))
    deviations = rules.deviating_members(totals_by_offer, maximum, committee.deviation_pct)
    return Sheet(committee=committee, competition=competition, criteria=criteria,
                 max_total=maximum, offers=offers, members=members, disqualified=disqualified,
                 cells=grid.cells, results=results, disagreements=disagreements,
                 deviations=deviations, missing=grid.missing)


class _Grid:
    """The cells of the sheet (member x offer), the scores still due and the points counted
    (voting members' submitted points, per offer and member)."""

    def __init__(self, criteria: list[Criterion], offers: list[Offer], disqualified: set[int]):
        self.crit_ids = [c.id for c in criteria]
        self.offers = offers
        self.disqualified = disqualified
        self.cells: dict[tuple[int, int], Cell] = {}
        self.missing: list[tuple[CommitteeMember, Offer]] = []
        self.counted: dict[int, dict[int, dict[int, Decimal]]] = {o.id: {} for o in offers}

    def fill(self, member: CommitteeMember) -> None:
        scores = scores_of(member)
        excluded = excluded_offer_ids(member, self.offers)
        voting = member.votes and member.id not in self.disqualified
        for offer in self.offers:
            key = (member.id, offer.id)
            if offer.id in excluded or member.id in self.disqualified:
                self.cells[key] = Cell("excluded")
                continue
            score = scores.get(offer.id)
            if score is None or score.state != ScoreState.SUBMITTED:
                self.cells[key] = Cell("draft" if score else "missing")
                if voting:
                    self.missing.append((member, offer))
                continue
            self.cells[key] = cell = self._submitted(score)
            if voting:
                self.counted[offer.id][member.id] = {k: v for k, v in cell.points.items()
                                                     if v is not None}

    def _submitted(self, score: Score) -> Cell:
        by_crit = {i.criterion_id: i for i in score.items}
        points = {cid: (by_crit[cid].points if cid in by_crit else None)
                  for cid in self.crit_ids}
        return Cell("submitted", points=points,
                    justifications={cid: by_crit[cid].justification for cid in self.crit_ids
                                    if cid in by_crit},
                    total=rules.member_total(points))


def offers_to_discuss(sheet: Sheet, member: CommitteeMember) -> list[Offer]:
    """The flags a member may read while scoring is open: the offers whose members' totals
    disagree strongly (the thresholds fixed when scoring opened), once every score due of
    the offer is in, leaving out offers the member is excluded from. Only which offers -
    never a spread, a member, a direction or a count of points."""
    if member.id in sheet.disqualified:
        return []
    waiting = {offer.id for _member, offer in sheet.missing}
    return [o for o in sheet.offers
            if o.id in sheet.disagreements and o.id not in waiting
            and sheet.cell(member, o).state != "excluded"]


def offer_results(competition: Competition) -> list[OfferResult]:
    """Per offer admitted to scoring: the mean of the voting members' submitted totals (full
    precision), eligibility, the criterion means and the number of counted scores.

    Meant for the ranking once scoring is closed (see `scoring_closed`); experts' scores and
    excluded members never count.
    """
    committee = committee_of(competition)
    if committee is None:
        return []
    sheet = build_sheet(committee)
    return [sheet.results[o.id] for o in sheet.offers]


def scoring_closed(competition: Competition) -> bool:
    committee = committee_of(competition)
    return committee is not None and committee.is_closed


OWN_ORGANISATION = N_("Należysz do organizacji oferenta – jesteś wyłączony(-a) z oceny jej "
                      "ofert (konflikt ról).")


@dataclass
class Exclusion:
    member: CommitteeMember
    offer: Offer | None
    organisation: Organisation | None
    reason: str
    declared_at: object
    automatic: bool = False     # a member of an offering organisation: `reason` is a msgid


def exclusions(committee: Committee) -> list[Exclusion]:
    """Every declared conflict and every membership of an offering organisation, for the
    composition page, the sheet and the protocol."""
    rows = []
    offerors_now: dict[int, Organisation] | None = None
    for member in committee.members:
        for c in member.conflicts:
            rows.append(Exclusion(member, c.offer, c.organisation, c.reason, c.declared_at))
        mine = own_organisation_ids(member)
        if not mine:
            continue
        if offerors_now is None:
            offerors_now = {org.id: org for o in offers_for_scoring(committee.competition)
                            for org in offerors(o)}
        rows.extend(Exclusion(member, None, offerors_now[org_id], OWN_ORGANISATION, None,
                              automatic=True)
                    for org_id in sorted(mine & offerors_now.keys()))
    return rows


# ------------------------------------------------------------------ criterion 6: history


@dataclass
class HistoryRow:
    competition: Competition
    offer: Offer
    status: OfferStatus
    filed_at: object
    grant_requested: Decimal | None


def offeror_history(organisation: Organisation, competition: Competition) -> list[HistoryRow]:
    """Earlier filed offers of the organisation in other competitions, newest first."""
    offers = db.session.scalars(
        select(Offer).where(Offer.organisation_id == organisation.id,
                            Offer.competition_id != competition.id,
                            Offer.filed_at.is_not(None),
                            Offer.filed_at < competition.offer_deadline)
        .options(selectinload(Offer.competition), selectinload(Offer.versions))
        .order_by(Offer.filed_at.desc(), Offer.id.desc()))
    rows = []
    for o in offers:
        v = o.filed_version
        rows.append(HistoryRow(o.competition, o, o.status, o.filed_at,
                               v.grant_requested if v is not None else None))
    return rows


def offeror_contract_history(organisation: Organisation,
                             competition: Competition) -> list[hooks.ContractHistoryRow]:
    """Criterion 6: the organisation's signed contracts other than from this competition, with
    their final reports filed late (or still missing after the due date) and the returns
    settled (amount, paid or not today). The later areas answer (grants.settlements.history)."""
    return list(hooks.contract_history(organisation, competition))
