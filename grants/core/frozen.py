"""Frozen rows: a document once filed or signed is never changed, however the change is made.

A model declares when its row is frozen and what may still change, with the `frozen`
decorator:

    @frozen(Freeze(frozen_when=lambda row: row["state"] != "draft",
                   transitions={"state": {("filed", "superseded")}},
                   children=("cost_items", "results")))
    class OfferVersion(Base): ...

One `before_flush` listener then refuses (FrozenError, a 409) any insert, update or delete
that touches a frozen row - judged on its values as they are in the database, so that the
change which freezes a draft (filing, signing) goes through in the same flush - or a row of
one of its child collections. A new row must start unfrozen (a new version is a draft); a
frozen row is never deleted. Services check the same earlier, with their own messages; the
guard is the last line.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import MANYTOONE, Session

from grants.core.errors import InvalidTransition
from grants.core.i18n import N_


@dataclass(frozen=True)
class Freeze:
    frozen_when: Callable[[Mapping[str, Any]], bool]
    mutable: Collection[str] = ()
    transitions: Mapping[str, Collection[tuple[Any, Any]]] = field(default_factory=dict)
    children: tuple[str, ...] = ()
    message: str = N_("Ten dokument został złożony lub podpisany i nie może być zmieniany.")


class FrozenError(InvalidTransition):
    """A change to a frozen row was attempted; `detail` says which (for logs and tests)."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


_SPECS: dict[type, Freeze] = {}
_CHILDREN: dict[type, tuple[type, str]] = {}  # child class -> (parent class, foreign key attr)


def frozen(spec: Freeze):
    """Class decorator: register the model's freezing rule."""

    def register(cls):
        _SPECS[cls] = spec
        return cls

    return register


def _value(raw: Any) -> Any:
    return getattr(raw, "value", raw)  # enums compare by their stored value


def stored_values(obj) -> dict[str, Any]:
    """The row's column values as they are in the database (before this flush)."""
    st = inspect(obj)
    out = {}
    unknown = []  # set while expired: the stored value was never loaded
    histories = {a.key: st.attrs[a.key].history for a in st.mapper.column_attrs}  # no loads
    for attr in st.mapper.column_attrs:
        hist = histories[attr.key]
        if hist.deleted:
            out[attr.key] = _value(hist.deleted[0])
        elif hist.added and not st.pending:
            unknown.append(attr)
        else:
            out[attr.key] = _value(getattr(obj, attr.key))
    if unknown:
        row = st.session.connection().execute(
            select(*(a.columns[0] for a in unknown))
            .where(*(c == v for c, v in zip(st.mapper.primary_key, st.identity, strict=True)))
        ).one()
        out.update({a.key: _value(v) for a, v in zip(unknown, row, strict=True)})
    return out


def _current_values(obj) -> dict[str, Any]:
    """The values a new row will be inserted with (scalar column defaults filled in)."""
    out = {}
    for attr in inspect(obj).mapper.column_attrs:
        value = getattr(obj, attr.key)
        default = attr.columns[0].default
        if value is None and default is not None and default.is_scalar:
            value = default.arg
        out[attr.key] = _value(value)
    return out


def is_frozen(obj) -> bool:
    """The row is frozen in the database (a new row never is)."""
    spec = _SPECS.get(type(obj))
    st = inspect(obj)
    if spec is None or st.pending or st.transient:
        return False
    return bool(spec.frozen_when(stored_values(obj)))


def _child_map() -> dict[type, tuple[type, str]]:
    if not _CHILDREN:
        for parent, spec in _SPECS.items():
            mapper = inspect(parent)
            for name in spec.children:
                rel = mapper.relationships[name]
                (_local, remote), = rel.local_remote_pairs
                fk_attr = rel.mapper.get_property_by_column(remote).key
                _CHILDREN[rel.mapper.class_] = (parent, fk_attr)
    return _CHILDREN


def _check_row(obj, spec: Freeze) -> None:
    st = inspect(obj)
    name = type(obj).__name__
    if st.pending:
        if spec.frozen_when(_current_values(obj)):
            raise FrozenError(spec.message, f"new {name} must start unfrozen")
        return
    stored = stored_values(obj)
    if not spec.frozen_when(stored):
        return
    for child in spec.children:
        hist = st.attrs[child].history
        if hist.added or hist.deleted:
            raise FrozenError(spec.message, f"{name} {obj.id}: rows of {child} changed")
    _check_references(obj, spec)
    for attr in st.mapper.column_attrs:
        hist = st.attrs[attr.key].history
        if not hist.has_changes() or attr.key in spec.mutable:
            continue
        allowed = spec.transitions.get(attr.key)
        before = stored[attr.key]
        if allowed is None or (before, _value(getattr(obj, attr.key))) not in allowed:
            raise FrozenError(spec.message, f"{name} {obj.id}: {attr.key} changed")


def _check_references(obj, spec: Freeze) -> None:
    """A reference set through a relationship (`version.pdf = StoredFile(...)`) reaches its
    foreign key only during the flush, after the column check: judge the relationship."""
    st = inspect(obj)
    for rel in st.mapper.relationships:
        if rel.direction is not MANYTOONE or rel.viewonly:
            continue
        hist = st.attrs[rel.key].history
        if not (hist.added or hist.deleted) or list(hist.added) == list(hist.deleted):
            continue
        if all(st.mapper.get_property_by_column(c).key in spec.mutable
               for c in rel.local_columns):
            continue
        raise FrozenError(spec.message, f"{type(obj).__name__} {obj.id}: {rel.key} changed")


def _parent_of(session: Session, row, parent_cls: type, fk_attr: str):
    parent_id = getattr(row, fk_attr)
    if parent_id is None:
        hist = inspect(row).attrs[fk_attr].history
        parent_id = (hist.deleted or [None])[0]
    if parent_id is None:
        return None  # attached through the collection: the parent's history is checked
    return session.get(parent_cls, parent_id)


def _check_child(session: Session, row, parent_cls: type, fk_attr: str) -> None:
    parent = _parent_of(session, row, parent_cls, fk_attr)
    if parent is not None and is_frozen(parent):
        raise FrozenError(_SPECS[parent_cls].message,
                          f"{type(row).__name__} of {parent_cls.__name__} {parent.id} changed")
    if row in session.dirty:  # moved out of a frozen parent
        for old_id in inspect(row).attrs[fk_attr].history.deleted or ():
            old = session.get(parent_cls, old_id) if old_id is not None else None
            if old is not None and is_frozen(old):
                raise FrozenError(_SPECS[parent_cls].message,
                                  f"{type(row).__name__} moved out of {old_id}")


@event.listens_for(Session, "before_flush")
def _guard_frozen_rows(session: Session, flush_context, instances) -> None:
    if not _SPECS:
        return
    children = _child_map()
    for obj in list(session.new) + list(session.dirty):
        spec = _SPECS.get(type(obj))
        if spec is not None and (obj in session.new or session.is_modified(obj)):
            _check_row(obj, spec)
    for obj in session.deleted:
        if type(obj) in _SPECS and is_frozen(obj):
            raise FrozenError(_SPECS[type(obj)].message,
                              f"{type(obj).__name__} {obj.id} deleted")
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        link = children.get(type(obj))
        if link is None or (obj in session.dirty and not session.is_modified(obj)):
            continue
        _check_child(session, obj, *link)
