"""Audit entries as the history pages and the administrators' log show them: one page of
entries, their actors loaded in one query, what blind scoring and drafts hide taken out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import and_, false, or_, select

from grants.auth.models import User
from grants.core.audit import AuditEntry
from grants.evaluation.models import CommitteeMember, Score, ScoringClosure
from grants.extensions import db
from grants.history import labels
from grants.history.scopes import Scope

# Details a history never shows: what an organisation typed in a draft (an offer, its update,
# a report) - nobody but the organisation reads a draft.
DRAFT_ACTIONS = {"report.draft_saved", "report.documents_imported", "offer.draft_saved",
                 "offer.update_saved", "smallgrant.draft_saved"}
SCORE_TYPE = "Score"


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    actor: str
    action: str
    changes: list[tuple[str, str, str]]
    hidden: bool

    @property
    def at(self) -> dt.datetime:
        return self.entry.at


def scope_stmt(scope: Scope):
    """The entries of a scope, newest first."""
    clauses = []
    for object_type, ids, prefix in scope:
        if not ids:
            continue
        clause = and_(AuditEntry.object_type == object_type,
                      AuditEntry.object_id.in_([str(i) for i in ids]))
        if prefix:
            clause = and_(clause, AuditEntry.action.startswith(prefix, autoescape=True))
        clauses.append(clause)
    condition = or_(*clauses) if clauses else false()
    return select(AuditEntry).where(condition).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def actors(entries: Iterable[AuditEntry]) -> dict[int, User]:
    ids = {e.actor_id for e in entries if e.actor_id is not None}
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def open_score_ids(entries: Iterable[AuditEntry]) -> set[str]:
    """Ids (as recorded) of the scores among `entries` whose committee has not closed scoring -
    or that no longer exist, so nobody can tell: their points stay hidden."""
    wanted = {e.object_id for e in entries if e.object_type == SCORE_TYPE and e.object_id}
    numeric = [int(i) for i in wanted if i.isdigit()]
    if not numeric:
        return set(wanted)
    closed = db.session.scalars(
        select(Score.id).join(CommitteeMember, CommitteeMember.id == Score.member_id)
        .join(ScoringClosure, ScoringClosure.committee_id == CommitteeMember.committee_id)
        .where(Score.id.in_(numeric)))
    return wanted - {str(i) for i in closed}


def is_hidden(entry: AuditEntry, open_scores: set[str]) -> bool:
    if entry.action in DRAFT_ACTIONS:
        return True
    return entry.object_type == SCORE_TYPE and entry.object_id in open_scores


def actor_name(entry: AuditEntry, people: dict[int, User]) -> str:
    if entry.actor_id is None:
        return "–"
    person = people.get(entry.actor_id)
    return f"{person.full_name} ({person.email})" if person else f"#{entry.actor_id}"


def rows(entries: list[AuditEntry], *, diff: bool = True) -> list[Row]:
    """The entries of one page, readable: two queries whatever their number. Without `diff`
    (the exports, which write the recorded values) the changes are not formatted."""
    people = actors(entries)
    open_scores = open_score_ids(entries)
    action_labels: dict[str, str] = {}
    found = []
    for entry in entries:
        hidden = is_hidden(entry, open_scores)
        if entry.action not in action_labels:
            action_labels[entry.action] = labels.action_label(entry.action)
        changes = labels.changes(entry.before, entry.after) if diff and not hidden else []
        found.append(Row(entry, actor_name(entry, people), action_labels[entry.action],
                         changes, hidden))
    return found


def chunks(stmt, size: int, limit: int) -> Iterator[list[AuditEntry]]:
    """The entries of `stmt` in chunks of `size`, at most `limit` of them (constant memory)."""
    offset_id = None
    taken = 0
    base = stmt.order_by(None).order_by(AuditEntry.id.desc())
    while taken < limit:
        page = base if offset_id is None else base.where(AuditEntry.id < offset_id)
        batch = list(db.session.scalars(page.limit(min(size, limit - taken))))
        if not batch:
            return
        yield batch
        taken += len(batch)
        offset_id = batch[-1].id


def scope_stmt_all():
    """Every entry, newest first (the administrators' log)."""
    return select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def object_types() -> list[str]:
    """The kinds of object the trail names (for the log's filter)."""
    return list(db.session.scalars(select(AuditEntry.object_type).distinct()
                                   .order_by(AuditEntry.object_type)))
