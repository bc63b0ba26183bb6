"""A filed offer version is frozen, however the change is made.

A `before_flush` listener refuses any insert, update or delete that touches a version which
is not a draft, or one of its rows (schedule, results, cost items, joint partners,
attachments). The only changes allowed on a frozen version are the state transitions the
services perform: FILED -> SUPERSEDED (a replacement was filed) and FILED -> WITHDRAWN.
A new version must start as a draft; a draft may change freely (filing is the transition
DRAFT -> FILED, made in one flush together with the frozen content).

Registered on import of grants.offers.models.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from grants.core.errors import InvalidTransition
from grants.core.i18n import N_
from grants.offers.models import (
    CostItem,
    JointPartner,
    OfferAttachment,
    OfferVersion,
    ResultRow,
    ScheduleRow,
    VersionState,
)

CHILD_TYPES = (ScheduleRow, ResultRow, CostItem, JointPartner, OfferAttachment)
CHILD_COLLECTIONS = ("schedule", "results", "cost_items", "partners", "attachments")
ALLOWED_TRANSITIONS = {
    (VersionState.FILED, VersionState.SUPERSEDED),
    (VersionState.FILED, VersionState.WITHDRAWN),
}
# Columns the database sets by itself on an allowed transition.
_SELF_MAINTAINED = {"updated_at", "state"}


class FrozenOfferError(InvalidTransition):
    """A change to a filed (frozen) offer version was attempted."""

    def __init__(self, detail: str = ""):
        message = (N_("Złożona wersja oferty jest zamrożona i nie może być zmieniana. Aby ją "
                      "zmienić przed terminem, złóż ofertę zastępczą."))
        super().__init__(message)
        self.detail = detail


def _original_state(version: OfferVersion) -> VersionState | None:
    """The state the version had in the database before this flush (None: new object)."""
    st = inspect(version)
    if st.pending or st.transient:
        return None
    hist = st.attrs.state.history
    if hist.deleted:
        return VersionState(hist.deleted[0])
    return version.state


def _is_frozen(version: OfferVersion | None) -> bool:
    if version is None:
        return False
    original = _original_state(version)
    return original is not None and original != VersionState.DRAFT


def _version_of(session: Session, row) -> OfferVersion | None:
    version_id = row.version_id
    if version_id is None:
        hist = inspect(row).attrs.version_id.history
        version_id = (hist.deleted or [None])[0]
    if version_id is None:
        return None  # attached through a collection: the parent's history is checked
    return session.get(OfferVersion, version_id)


def _check_version(version: OfferVersion) -> None:
    st = inspect(version)
    if st.pending:
        if version.state not in (None, VersionState.DRAFT):
            raise FrozenOfferError("a new version must start as a draft")
        return
    if not _is_frozen(version):
        return
    changed = []
    for attr in st.mapper.column_attrs:
        if st.attrs[attr.key].history.has_changes():
            changed.append(attr.key)
    for name in CHILD_COLLECTIONS:
        if st.attrs[name].history.has_changes() and (
            st.attrs[name].history.added or st.attrs[name].history.deleted
        ):
            raise FrozenOfferError(f"rows of version {version.id} changed ({name})")
    if not changed:
        return
    if set(changed) - _SELF_MAINTAINED:
        raise FrozenOfferError(f"version {version.id}: {', '.join(sorted(changed))}")
    if "state" in changed:
        before = _original_state(version)
        if (before, VersionState(version.state)) not in ALLOWED_TRANSITIONS:
            raise FrozenOfferError(f"version {version.id}: {before} -> {version.state}")


@event.listens_for(Session, "before_flush")
def _guard_frozen_versions(session: Session, flush_context, instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, OfferVersion):
            _check_version(obj)
    for obj in session.deleted:
        if isinstance(obj, OfferVersion) and _is_frozen(obj):
            raise FrozenOfferError(f"version {obj.id} deleted")
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if not isinstance(obj, CHILD_TYPES):
            continue
        if obj in session.dirty and not session.is_modified(obj):
            continue
        version = _version_of(session, obj)
        if version is not None and _is_frozen(version):
            raise FrozenOfferError(f"{type(obj).__name__} of version {version.id} changed")
        if obj in session.dirty:
            # moved from a frozen version to another one
            hist = inspect(obj).attrs.version_id.history
            for old_id in hist.deleted or ():
                old = session.get(OfferVersion, old_id) if old_id is not None else None
                if _is_frozen(old):
                    raise FrozenOfferError(f"row moved out of version {old_id}")
