"""A filed small-grant offer is frozen, however the change is made.

A `before_flush` listener refuses any change to the offer's content (the task, the texts,
the amounts, the declarations, the rows of results and costs, the filing data and its
SHA-256) once the offer has left the draft state in the database. The assessment,
publication, consideration and status columns stay writable: the services move the offer
through its states. Registered on import of grants.smallgrants.models.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from grants.core.errors import InvalidTransition
from grants.core.i18n import N_
from grants.smallgrants.models import (
    SmallGrantCostItem,
    SmallGrantOffer,
    SmallGrantResultRow,
    SmallGrantStatus,
)

FROZEN_COLUMNS = frozenset({
    "organiser_id", "organisation_id", "number", "title", "area", "start_date", "end_date",
    "description", "place", "target_group", "contact_name", "contact_email", "contact_phone",
    "own_financial", "own_personal", "own_in_kind", "total_cost", "grant_requested",
    "declarations", "received_at", "filing_year", "filed_by_id", "content", "sha256",
    "publish_by", "comment_days",
})
ROW_TYPES = (SmallGrantCostItem, SmallGrantResultRow)


class FrozenSmallGrantError(InvalidTransition):
    def __init__(self, detail: str = ""):
        super().__init__(N_("Złożona oferta jest zamrożona i nie może być zmieniana."))
        self.detail = detail


def _original_status(offer: SmallGrantOffer) -> SmallGrantStatus | None:
    st = inspect(offer)
    if st.pending or st.transient:
        return None
    hist = st.attrs.status.history
    if hist.deleted:
        return SmallGrantStatus(hist.deleted[0])
    return SmallGrantStatus(offer.status)


def _is_frozen(offer: SmallGrantOffer | None) -> bool:
    if offer is None:
        return False
    original = _original_status(offer)
    return original is not None and original != SmallGrantStatus.DRAFT


def _check_offer(offer: SmallGrantOffer) -> None:
    if not _is_frozen(offer):
        return
    st = inspect(offer)
    changed = {a.key for a in st.mapper.column_attrs if st.attrs[a.key].history.has_changes()}
    if changed & FROZEN_COLUMNS:
        raise FrozenSmallGrantError(", ".join(sorted(changed & FROZEN_COLUMNS)))
    for name in ("results", "cost_items"):
        hist = st.attrs[name].history
        if hist.added or hist.deleted:
            raise FrozenSmallGrantError(f"rows changed ({name})")


@event.listens_for(Session, "before_flush")
def _guard_frozen_small_grants(session: Session, flush_context, instances) -> None:
    for obj in session.dirty:
        if isinstance(obj, SmallGrantOffer) and session.is_modified(obj):
            _check_offer(obj)
    for obj in session.deleted:
        if isinstance(obj, SmallGrantOffer) and _is_frozen(obj):
            raise FrozenSmallGrantError(f"offer {obj.id} deleted")
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if not isinstance(obj, ROW_TYPES):
            continue
        if obj in session.dirty and not session.is_modified(obj):
            continue
        offer_id = obj.offer_id
        if offer_id is None:
            hist = inspect(obj).attrs.offer_id.history
            offer_id = (hist.deleted or [None])[0]
        if offer_id is None:
            continue  # attached through the collection: the offer's history is checked
        offer = session.get(SmallGrantOffer, offer_id)
        if _is_frozen(offer) and not (obj in session.deleted and offer in session.deleted):
            raise FrozenSmallGrantError(f"{type(obj).__name__} of offer {offer_id} changed")
