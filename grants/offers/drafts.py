"""Storing what is typed in an offer's draft: the fields and row tables of the template,
cleaning, syncing the rows, recomputing every value and total, copying a filed version into
a new draft. No guards here: the verbs (grants.offers.services, .update) check who and when.
Services flush, never commit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import inspect as sa_inspect

from grants.core import audit, cleaning
from grants.core.errors import ValidationFailed
from grants.core.i18n import N_
from grants.extensions import db
from grants.offers import costs, queries, rules
from grants.offers.checks import cost_line
from grants.offers.models import Offer, OfferAttachment, OfferVersion, VersionState
from grants.offers.templates import (
    FULL,
    ROW_COPY_FIELDS,
    VERSION_COPY_FIELDS,
    OfferTemplate,
)

MAX_UNITS = cleaning.MAX_UNITS
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _clean_text(model: type, name: str, value: Any, errors: dict, key: str,
                template: OfferTemplate) -> str:
    limit = cleaning.max_length(model, name) or template.text_limits.get(name)
    return cleaning.clean_text(value, errors, key, limit=limit)


def _clean_section(value: Any, errors: dict, key: str) -> str:
    section = str(value or costs.SECTION_ACTIONS).strip().upper()
    if section not in (costs.SECTION_ACTIONS, costs.SECTION_ADMIN):
        errors.setdefault(key, []).append(N_("Wybierz część I albo II."))
        section = costs.SECTION_ACTIONS
    return section


def _clean_partner(value: Any, errors: dict, lookup_key: str) -> int | None:
    try:
        org = queries.verified_organisation(int(value)) if value else None
    except (TypeError, ValueError):
        org = None
    if org is None:
        errors.setdefault(lookup_key, []).append(
            N_("Wskaż zweryfikowaną organizację (NIP lub nazwa)."))
    return org.id if org else None


# how each typed cell of a row is cleaned: (value, errors, key) -> clean value
_CELL_CLEANERS = {
    "start_date": cleaning.clean_date,
    "end_date": cleaning.clean_date,
    "unit_cost": cleaning.clean_amount,
    "grant_part": cleaning.clean_amount,
    "cost_share": cleaning.clean_amount,
    "units": lambda v, e, k: cleaning.clean_amount(v, e, k, limit=MAX_UNITS),
    "action_no": lambda v, e, k: cleaning.clean_int(v, e, k, 1, 99) or 1,
    "year": lambda v, e, k: cleaning.clean_int(v, e, k, 2000, 2100),
    "section": _clean_section,
}


def _clean_row(kind: str, index: int, raw: Mapping[str, Any], errors: dict,
               template: OfferTemplate) -> dict[str, Any]:
    model, fields = template.row_specs[kind]
    row: dict[str, Any] = {}
    for name in fields:
        key = f"{kind}-{index}-{name}"
        value = raw.get(name)
        if name == "organisation_id":
            row[name] = _clean_partner(value, errors, f"{kind}-{index}-lookup")
        elif name in _CELL_CLEANERS:
            row[name] = _CELL_CLEANERS[name](value, errors, key)
        else:
            row[name] = _clean_text(model, name, value, errors, key, template)
    return row


def _sync_rows(version: OfferVersion, kind: str, rows: list[dict[str, Any]],
               template: OfferTemplate) -> None:
    model, _fields = template.row_specs[kind]

    def reload_organisation(obj, name: str) -> None:
        if name == "organisation_id" and sa_inspect(obj).persistent:
            db.session.expire(obj, ["organisation"])  # reload the new organisation

    cleaning.sync_rows(getattr(version, kind), model, rows, on_change=reload_organisation)


def recompute(version: OfferVersion) -> None:
    """Values, codes and totals: always computed by the system, never typed."""
    lines = [cost_line(c) for c in version.cost_items]
    codes = costs.item_codes(lines)
    for item, line, code in zip(version.cost_items, lines, codes, strict=True):
        if item.section == costs.SECTION_ADMIN and item.action_no != 1:
            item.action_no = 1
        value = line.value
        if item.value != value:
            item.value = value
        if item.code != code:
            item.code = code
    t = costs.totals(lines)
    if version.total_cost != t.total:
        version.total_cost = t.total
    if version.grant_requested != t.grant:
        version.grant_requested = t.grant


def _clean_texts(data: Mapping[str, Any], errors: dict,
                 template: OfferTemplate) -> dict[str, Any]:
    texts = {name: _clean_text(OfferVersion, name, data[name], errors, name, template)
             for name in template.text_fields if name in data}
    if template.check_email and texts.get("contact_email") and not _EMAIL.match(
            texts["contact_email"]):
        errors.setdefault("contact_email", []).append(N_("Podaj poprawny adres e-mail."))
    return texts


def _clean_scalars(data: Mapping[str, Any], errors: dict,
                   template: OfferTemplate) -> dict[str, Any]:
    """The typed single fields of `data` (texts, amounts, dates, flags, declarations)."""
    scalars = _clean_texts(data, errors, template)
    for name in template.money_fields:
        if name in data:
            scalars[name] = cleaning.clean_amount(data[name], errors, name)
    for name in ("start_date", "end_date"):
        if name in data:
            scalars[name] = cleaning.clean_date(data[name], errors, name)
    for name in template.flag_fields:
        if name in data:
            scalars[name] = bool(data[name])
    if "declarations" in data:
        given = data["declarations"] or {}
        keys = template.declaration_keys or rules.DECLARATION_KEYS
        scalars["declarations"] = {k: bool(given.get(k)) for k in keys}
    return scalars


def _clean_rows(data: Mapping[str, Any], errors: dict,
                template: OfferTemplate) -> dict[str, list[dict[str, Any]]]:
    """The typed row tables of `data`; the values of cost rows within their limits."""
    row_data = {kind: [_clean_row(kind, i, raw, errors, template)
                       for i, raw in enumerate(data[kind] or [])]
                for kind in template.row_specs if kind in data}
    if "cost_items" in row_data and not errors:
        cleaning.check_item_values(row_data["cost_items"], errors, costs.item_value)
    return row_data


def store_draft(version: OfferVersion, *, actor, data: Mapping[str, Any],
                action: str = "offer.draft_saved", template: OfferTemplate = FULL,
                errors: dict[str, list[str]] | None = None) -> None:
    """Store what was typed in a draft of `template` and recompute every total (a draft may
    be incomplete: the callers check it). Malformed input is refused with ValidationFailed,
    together with the caller's own `errors`; keys missing from `data` are left unchanged.
    No guards: the verbs (offers' `save_draft`, `save_update`, small grants) check them."""
    errors = {} if errors is None else errors
    scalars = _clean_scalars(data, errors, template)
    row_data = _clean_rows(data, errors, template)
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola - szkic nie został zapisany."),
                               field_errors=errors)

    before = audit.snapshot(version, list(scalars) + ["total_cost", "grant_requested"])
    counts_before = {k: len(getattr(version, k)) for k in row_data}
    for name, value in scalars.items():
        if getattr(version, name) != value:
            setattr(version, name, value)
    for kind, rows in row_data.items():
        _sync_rows(version, kind, rows, template)
    recompute(version)
    db.session.flush()
    after = audit.snapshot(version, list(scalars) + ["total_cost", "grant_requested"])
    changed = audit.changes(before, after)
    counts_after = {k: len(getattr(version, k)) for k in row_data}
    audit.record(actor, action, version,
                 before={k: v[0] for k, v in changed.items()} | {"rows": counts_before},
                 after={k: v[1] for k, v in changed.items()} | {"rows": counts_after})


# ---------------------------------------------------------------- a new draft from the filed version

def copy_row(obj, fields: Iterable[str]):
    clone = type(obj)(position=obj.position)
    for name in fields:
        setattr(clone, name, getattr(obj, name))
    return clone


def draft_from_filed(offer: Offer) -> OfferVersion:
    """A new DRAFT version copying the filed one (all sections, rows and attachments); the
    filed version stays as it is. Used by a replacement, a correction and an update."""
    filed = offer.filed_version
    number = max(v.number for v in offer.versions) + 1
    draft = OfferVersion(number=number, state=VersionState.DRAFT)
    for name in VERSION_COPY_FIELDS + ("lead_cost_share",):
        value = getattr(filed, name)
        setattr(draft, name, dict(value) if isinstance(value, dict) else value)
    for kind, fields in ROW_COPY_FIELDS.items():
        setattr(draft, kind, [copy_row(r, fields) for r in getattr(filed, kind)])
    draft.attachments = [OfferAttachment(required_attachment_id=a.required_attachment_id,
                                         name=a.name, stored_file_id=a.stored_file_id)
                         for a in filed.attachments]
    offer.versions.append(draft)
    db.session.flush()
    return draft
