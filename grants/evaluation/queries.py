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

from grants.auth.models import StaffRole, StaffRoleKind, User
from grants.calls.models import CallTask, Competition, Criterion
from grants.evaluation import rules
from grants.evaluation.models import (
    Committee,
    CommitteeMember,
    MemberKind,
    Score,
    ScoreState,
)
from grants.extensions import db
from grants.formal.queries import offers_for_scoring as _formal_offers_for_scoring
from grants.offers.models import Offer, OfferStatus, OfferVersion, VersionState
from grants.organisations.models import Organisation

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
    from grants.organisations.models import VerificationStatus

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
    from grants.offers.models import JointPartner

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


def excluded_offer_ids(member: CommitteeMember, offers: Iterable[Offer]) -> set[int]:
    """Offers the member declared a conflict with, directly or through an offeror."""
    direct = {c.offer_id for c in member.conflicts if c.offer_id is not None}
    orgs = {c.organisation_id for c in member.conflicts if c.organisation_id is not None}
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
    scores = {(s.member_id, s.offer_id): s for s in db.session.scalars(
        select(Score).where(Score.member_id.in_([m.id for m in members] or [-1]))
        .options(selectinload(Score.items)))}
    crit_ids = [c.id for c in criteria]
    cells: dict[tuple[int, int], Cell] = {}
    missing: list[tuple[CommitteeMember, Offer]] = []
    counted: dict[int, dict[int, dict[int, Decimal]]] = {o.id: {} for o in offers}
    for member in members:
        excluded = excluded_offer_ids(member, offers)
        voting = member.votes and member.id not in disqualified
        for offer in offers:
            if offer.id in excluded or member.id in disqualified:
                cells[(member.id, offer.id)] = Cell("excluded")
                continue
            score = scores.get((member.id, offer.id))
            if score is None or score.state != ScoreState.SUBMITTED:
                cells[(member.id, offer.id)] = Cell("draft" if score else "missing")
                if voting:
                    missing.append((member, offer))
                continue
            by_crit = {i.criterion_id: i for i in score.items}
            points = {cid: (by_crit[cid].points if cid in by_crit else None) for cid in crit_ids}
            cells[(member.id, offer.id)] = Cell(
                "submitted", points=points,
                justifications={cid: by_crit[cid].justification for cid in crit_ids
                                if cid in by_crit},
                total=rules.member_total(points))
            if voting:
                counted[offer.id][member.id] = {k: v for k, v in points.items()
                                                if v is not None}
    results: dict[int, OfferResult] = {}
    disagreements: dict[int, Decimal] = {}
    totals_by_offer: dict[int, dict[int, Decimal]] = {}
    for offer in offers:
        member_points = counted[offer.id]
        outcome = rules.offer_score(specs, list(member_points.values()),
                                    competition.min_score_pct)
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
                 cells=cells, results=results, disagreements=disagreements,
                 deviations=deviations, missing=missing)


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


@dataclass
class Exclusion:
    member: CommitteeMember
    offer: Offer | None
    organisation: Organisation | None
    reason: str
    declared_at: object


def exclusions(committee: Committee) -> list[Exclusion]:
    """Every declared conflict, for the composition page and the protocol."""
    rows = []
    for member in committee.members:
        for c in member.conflicts:
            rows.append(Exclusion(member, c.offer, c.organisation, c.reason, c.declared_at))
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


@dataclass
class LateReport:
    year: int
    due_on: object
    filed_on: object            # date the report was first filed (None: not filed)


@dataclass
class ReturnRow:
    kind: str
    principal: Decimal
    due_on: object
    left: Decimal               # principal and interest left today (0: paid)

    @property
    def paid(self) -> bool:
        return self.left <= 0


@dataclass
class ContractHistoryRow:
    contract: object
    number: str
    grant: Decimal
    status: str
    late_reports: list[LateReport] = field(default_factory=list)
    returns: list[ReturnRow] = field(default_factory=list)


def offeror_contract_history(organisation: Organisation,
                             competition: Competition) -> list[ContractHistoryRow]:
    """Criterion 6: the organisation's signed contracts other than from this competition, with
    their final reports filed late (or still missing after the due date) and the returns
    settled (amount, paid or not today)."""
    from grants.contracts.models import Contract, ContractStatus
    from grants.core import clock
    from grants.settlements.models import ReturnPart
    from grants.settlements.queries import outstanding
    from grants.taskreports.models import ReportKind, TaskReport

    today = clock.today()
    contracts = db.session.scalars(
        select(Contract).where(Contract.organisation_id == organisation.id,
                               Contract.status != ContractStatus.DRAFT,
                               Contract.procedure_id != competition.procedure_id)
        .options(selectinload(Contract.versions))
        .order_by(Contract.signed_on.desc(), Contract.id.desc()))
    rows = []
    for c in contracts:
        version = c.version_in_force or c.current_version
        row = ContractHistoryRow(c, c.number, version.grant_total, c.status.value)
        reports = db.session.scalars(
            select(TaskReport).where(TaskReport.contract_id == c.id,
                                     TaskReport.kind == ReportKind.FINAL)
            .options(selectinload(TaskReport.versions)).order_by(TaskReport.year))
        for r in reports:
            filed = [v.filed_at for v in r.versions if v.filed_at is not None]
            filed_on = clock.to_local(min(filed)).date() if filed else None
            if (filed_on is not None and filed_on > r.due_on) or (
                    filed_on is None and r.due_on < today):
                row.late_reports.append(LateReport(r.year, r.due_on, filed_on))
        for part in db.session.scalars(select(ReturnPart).where(ReturnPart.contract_id == c.id)
                                       .order_by(ReturnPart.id)):
            row.returns.append(ReturnRow(part.kind.value, part.principal, part.due_on,
                                         outstanding(part, today).total))
        rows.append(row)
    return rows
