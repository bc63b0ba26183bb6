"""The verbs of offers: start, save a draft, file (frozen: content, SHA-256, PDF), withdraw,
replace, discard a replacement, attach files.

Filing, replacing, withdrawing and editing are possible only before the competition's offer
deadline (server clock, to the second); the one exception, decided in `filing_window`, is a
correction requested in the formal check (editing and filing a new version until its due
date - never withdrawing). A filed version is never changed (grants.core.frozen).
Services flush, never commit; the caller commits once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from sqlalchemy import inspect as sa_inspect

from grants.calls.models import CallStatus, CallTask, Competition
from grants.core import audit, cleaning, clock
from grants.core.errors import (
    DeadlinePassed,
    DomainError,
    InvalidTransition,
    NotAllowed,
    NotFound,
    ValidationFailed,
)
from grants.core.formatting import pln
from grants.core.i18n import N_
from grants.core.money import q
from grants.core.notifications import queue_mail
from grants.documents.models import StoredFile
from grants.extensions import db
from grants.offers import costs, hooks, permissions, queries, rules
from grants.offers.models import (
    CostItem,
    JointPartner,
    Offer,
    OfferAttachment,
    OfferStatus,
    OfferVersion,
    ResultRow,
    ScheduleRow,
    VersionState,
)
from grants.organisations.areas import area_name
from grants.organisations.models import LEGAL_FORM_LABELS, Organisation

CONTENT_FORMAT = "oferta-2018/1"
MAX_MONEY = cleaning.MAX_MONEY
MAX_UNITS = cleaning.MAX_UNITS

TEXT_FIELDS = ("title", "place", "target_group", "need", "complementarity", "expected_results",
               "contact_name", "contact_email", "contact_phone", "previous_activity",
               "resources", "contribution_valuation", "other_info")
MONEY_FIELDS = ("own_financial", "own_personal", "own_in_kind", "beneficiaries_cash",
                "lead_cost_share")
ROW_SPECS: dict[str, tuple[type, tuple[str, ...]]] = {
    "schedule": (ScheduleRow, ("action", "description", "target_group", "start_date",
                               "end_date", "non_party")),
    "results": (ResultRow, ("name", "target_value", "monitoring")),
    "cost_items": (CostItem, ("section", "action_no", "name", "unit", "unit_cost", "units",
                              "grant_part", "year")),
    "partners": (JointPartner, ("organisation_id", "actions", "cost_share")),
}
ROW_COPY_FIELDS = {
    "schedule": ROW_SPECS["schedule"][1],
    "results": ROW_SPECS["results"][1],
    "cost_items": ROW_SPECS["cost_items"][1] + ("code", "value", "partner_position"),
    "partners": ROW_SPECS["partners"][1],
}
VERSION_COPY_FIELDS = (TEXT_FIELDS + MONEY_FIELDS + (
    "start_date", "end_date", "paid_activity", "unpaid_activity", "declarations",
    "total_cost", "grant_requested"))


# ---------------------------------------------------------------- guards shared by the verbs

def _deadline_text(competition: Competition) -> str:
    local = clock.to_local(competition.offer_deadline)
    return local.strftime("%d.%m.%Y %H:%M:%S")


def ensure_open(competition: Competition) -> None:
    """Refuse unless the competition is published and its offer deadline has not passed."""
    if competition.status != CallStatus.PUBLISHED:
        raise InvalidTransition(N_("Konkurs nie przyjmuje ofert."))
    if clock.now() >= competition.offer_deadline:
        raise DeadlinePassed(
            f"Termin składania ofert minął {_deadline_text(competition)} (czas warszawski). "
            "Po terminie nie można złożyć, zmienić, zastąpić ani wycofać oferty.")


def is_open(competition: Competition) -> bool:
    return competition.status == CallStatus.PUBLISHED and clock.now() < competition.offer_deadline


# ---------------------------------------------------------------- the filing window of an offer

def filing_window(offer: Offer) -> dt.datetime | None:
    """Until when the content of `offer` may be changed and filed: the one place deciding it.

    Normally the competition's offer deadline (while the competition accepts offers). After
    that deadline, the only exception is a correction the formal check asked for (outcome
    "to be completed", grants.formal): from the request until 23:59:59 Warsaw time on its due
    date, as long as the correction has not been filed yet. None: closed.
    Withdrawal and new offers never use this exception (they call `ensure_open`).
    """
    competition = offer.competition
    if is_open(competition):
        return competition.offer_deadline
    if competition.status != CallStatus.PUBLISHED or offer.status != OfferStatus.FILED:
        return None
    correction = hooks.requested_correction(offer)
    if correction is None or correction.filed:
        return None
    if clock.now().replace(microsecond=0) > correction.due:
        return None  # the whole second 23:59:59 of the due date still counts
    return correction.due


def in_correction(offer: Offer) -> bool:
    """The filing window is open only because of a correction requested in the formal check."""
    return not is_open(offer.competition) and filing_window(offer) is not None


def correction_refusal(offer: Offer) -> DomainError | None:
    """Why a correction requested in the formal check can no longer be changed or filed
    (already filed, or its due date passed); None when no correction was requested or its
    window is open."""
    competition = offer.competition
    if is_open(competition) or competition.status != CallStatus.PUBLISHED:
        return None
    correction = hooks.requested_correction(offer)
    if correction is None or filing_window(offer) is not None:
        return None
    if correction.filed:
        return InvalidTransition(N_("Uzupełnienie oferty zostało już złożone i czeka na ocenę "
                                    "urzędnika."))
    due = clock.to_local(correction.due).strftime("%d.%m.%Y %H:%M:%S")
    return DeadlinePassed(f"Termin uzupełnienia oferty minął {due} (czas warszawski). "
                          "Uzupełnienia nie można już złożyć.")


def ensure_window(offer: Offer) -> None:
    """Refuse a change of the offer's content outside its filing window (`filing_window`)."""
    if filing_window(offer) is not None:
        return
    refusal = correction_refusal(offer)
    if refusal is not None:
        raise refusal
    ensure_open(offer.competition)
    raise DeadlinePassed(N_("Termin składania ofert minął."))  # pragma: no cover - consistency


def _ensure_editor(actor, offer: Offer) -> None:
    if not permissions.can_edit_offer(actor, offer):
        raise NotAllowed(N_("Tylko członkowie organizacji składającej ofertę mogą ją zmieniać."))


def _ensure_draft(version: OfferVersion) -> None:
    if version.state != VersionState.DRAFT:
        raise InvalidTransition(N_("Ta wersja oferty została złożona i jest zamrożona; zmiany są "
                                   "możliwe tylko w ofercie zastępczej."))


# ---------------------------------------------------------------- start

def start_offer(competition: Competition, task: CallTask, organisation: Organisation, *,
                actor) -> Offer:
    """A new offer (version 1, a draft) of `organisation` for `task` of an open competition."""
    if task.competition_id != competition.id:
        raise NotFound(N_("To zadanie nie należy do tego konkursu."))
    if not permissions.can_start_offer(actor, organisation):
        if organisation.is_verified:
            raise NotAllowed(N_("Możesz składać oferty tylko w imieniu organizacji, do których "
                                "należysz."))
        raise NotAllowed(N_("Organizacja czeka na weryfikację - oferty można składać po jej "
                            "zweryfikowaniu przez urząd."))
    ensure_open(competition)
    offer = Offer(competition=competition, task=task, organisation=organisation,
                  competition_id=competition.id, task_id=task.id,
                  organisation_id=organisation.id, status=OfferStatus.DRAFT,
                  created_by_id=actor.id, number="")
    version = OfferVersion(
        number=1, state=VersionState.DRAFT, title=task.title[:300],
        start_date=task.start_date, end_date=task.end_date,
        contact_name=actor.full_name[:200], contact_email=actor.email[:254],
        declarations={}, lead_cost_share=Decimal("0.00"),
    )
    offer.versions.append(version)
    db.session.add(offer)
    db.session.flush()
    audit.record(actor, "offer.started", offer, after={
        "competition_id": competition.id, "task_id": task.id,
        "organisation_id": organisation.id})
    return offer


# ---------------------------------------------------------------- drafts

def _clean_text(model: type, name: str, value: Any, errors: dict, key: str) -> str:
    return cleaning.clean_text(value, errors, key, limit=cleaning.max_length(model, name))


def _clean_row(kind: str, index: int, raw: Mapping[str, Any], errors: dict) -> dict[str, Any]:
    model, fields = ROW_SPECS[kind]
    row: dict[str, Any] = {}
    for name in fields:
        key = f"{kind}-{index}-{name}"
        value = raw.get(name)
        if name in ("start_date", "end_date"):
            row[name] = cleaning.clean_date(value, errors, key)
        elif name in ("unit_cost", "grant_part", "cost_share"):
            row[name] = cleaning.clean_amount(value, errors, key)
        elif name == "units":
            row[name] = cleaning.clean_amount(value, errors, key, limit=MAX_UNITS)
        elif name == "action_no":
            row[name] = cleaning.clean_int(value, errors, key, 1, 99) or 1
        elif name == "year":
            row[name] = cleaning.clean_int(value, errors, key, 2000, 2100)
        elif name == "section":
            section = str(value or costs.SECTION_ACTIONS).strip().upper()
            if section not in (costs.SECTION_ACTIONS, costs.SECTION_ADMIN):
                errors.setdefault(key, []).append(N_("Wybierz część I albo II."))
                section = costs.SECTION_ACTIONS
            row[name] = section
        elif name == "organisation_id":
            try:
                org = queries.verified_organisation(int(value)) if value else None
            except (TypeError, ValueError):
                org = None
            if org is None:
                errors.setdefault(f"{kind}-{index}-lookup", []).append(
                    N_("Wskaż zweryfikowaną organizację (NIP lub nazwa)."))
            row[name] = org.id if org else None
        else:
            row[name] = _clean_text(model, name, value, errors, key)
    return row


def _sync_rows(version: OfferVersion, kind: str, rows: list[dict[str, Any]]) -> None:
    model, _fields = ROW_SPECS[kind]

    def reload_organisation(obj, name: str) -> None:
        if name == "organisation_id" and sa_inspect(obj).persistent:
            db.session.expire(obj, ["organisation"])  # reload the new organisation

    cleaning.sync_rows(getattr(version, kind), model, rows, on_change=reload_organisation)


def _recompute(version: OfferVersion) -> None:
    """Values, codes and totals: always computed by the system, never typed."""
    lines = [_cost_line(c) for c in version.cost_items]
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


def save_draft(version: OfferVersion, *, actor, data: Mapping[str, Any]) -> list[rules.Problem]:
    """Store what was typed in a draft and recompute every total.

    A draft may be incomplete or break the rules: it is saved anyway and the problems are
    returned (to be shown). Only malformed input (negative or oversized amounts, texts over
    the column length, unknown partner organisation) is refused with ValidationFailed.
    Keys missing from `data` are left unchanged.
    """
    offer = version.offer
    _ensure_editor(actor, offer)
    _ensure_draft(version)
    ensure_window(offer)
    return _store_draft(version, actor=actor, data=data)


def _store_draft(version: OfferVersion, *, actor, data: Mapping[str, Any],
                 action: str = "offer.draft_saved") -> list[rules.Problem]:
    """`save_draft` without its guards (editor, draft, window): the callers check them."""
    errors: dict[str, list[str]] = {}
    scalars: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if name in data:
            scalars[name] = _clean_text(OfferVersion, name, data[name], errors, name)
    for name in MONEY_FIELDS:
        if name in data:
            scalars[name] = cleaning.clean_amount(data[name], errors, name)
    for name in ("start_date", "end_date"):
        if name in data:
            scalars[name] = cleaning.clean_date(data[name], errors, name)
    for name in ("paid_activity", "unpaid_activity"):
        if name in data:
            scalars[name] = bool(data[name])
    if "declarations" in data:
        given = data["declarations"] or {}
        scalars["declarations"] = {k: bool(given.get(k)) for k in rules.DECLARATION_KEYS}
    row_data: dict[str, list[dict[str, Any]]] = {}
    for kind in ROW_SPECS:
        if kind in data:
            row_data[kind] = [_clean_row(kind, i, raw, errors)
                              for i, raw in enumerate(data[kind] or [])]
    if "cost_items" in row_data and not errors:
        cleaning.check_item_values(row_data["cost_items"], errors, costs.item_value)
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola - szkic nie został zapisany."),
                               field_errors=errors)

    before = audit.snapshot(version, list(scalars) + ["total_cost", "grant_requested"])
    counts_before = {k: len(getattr(version, k)) for k in row_data}
    for name, value in scalars.items():
        if getattr(version, name) != value:
            setattr(version, name, value)
    for kind, rows in row_data.items():
        _sync_rows(version, kind, rows)
    _recompute(version)
    db.session.flush()
    after = audit.snapshot(version, list(scalars) + ["total_cost", "grant_requested"])
    changed = audit.changes(before, after)
    counts_after = {k: len(getattr(version, k)) for k in row_data}
    audit.record(actor, action, version,
                 before={k: v[0] for k, v in changed.items()} | {"rows": counts_before},
                 after={k: v[1] for k, v in changed.items()} | {"rows": counts_after})
    return check_version(version)


# ---------------------------------------------------------------- validation

def _cost_line(c: CostItem) -> costs.CostLine:
    return costs.CostLine(section=c.section, action_no=c.action_no, name=c.name or "",
                          unit=c.unit or "", unit_cost=c.unit_cost or Decimal("0"),
                          units=c.units or Decimal("0"), grant_part=c.grant_part or Decimal("0"),
                          year=c.year)


def offer_data(version: OfferVersion) -> rules.OfferData:
    return rules.OfferData(
        texts={name: getattr(version, name) or "" for name in TEXT_FIELDS},
        start_date=version.start_date, end_date=version.end_date,
        schedule=[rules.ScheduleLine(action=r.action or "", start_date=r.start_date,
                                     end_date=r.end_date) for r in version.schedule],
        results=[rules.ResultLine(name=r.name or "", target_value=r.target_value or "",
                                  monitoring=r.monitoring or "") for r in version.results],
        cost_items=[_cost_line(c) for c in version.cost_items],
        own_financial=version.own_financial or Decimal("0"),
        own_personal=version.own_personal or Decimal("0"),
        own_in_kind=version.own_in_kind or Decimal("0"),
        beneficiaries_cash=version.beneficiaries_cash or Decimal("0"),
        lead_organisation_id=version.offer.organisation_id,
        lead_cost_share=version.lead_cost_share or Decimal("0"),
        partners=[rules.PartnerLine(organisation_id=p.organisation_id,
                                    cost_share=p.cost_share or Decimal("0"))
                  for p in version.partners],
        paid_activity=bool(version.paid_activity),
        unpaid_activity=bool(version.unpaid_activity),
        declarations=dict(version.declarations or {}),
        attachment_ids=[a.required_attachment_id for a in version.attachments],
    )


def call_terms(offer: Offer) -> rules.CallTerms:
    competition, task = offer.competition, offer.task
    return rules.CallTerms(
        mode=competition.mode.value, max_grant_pct=competition.max_grant_pct,
        min_own_pct=competition.min_own_pct, min_grant=task.min_grant,
        max_grant=task.max_grant, task_start=task.start_date, task_end=task.end_date,
        required_attachments=[rules.RequiredAttachmentTerm(r.id, r.name, r.mandatory)
                              for r in competition.required_attachments],
    )


def check_version(version: OfferVersion) -> list[rules.Problem]:
    """Every rule of the offer for this version (empty: it may be filed)."""
    return rules.check_offer(offer_data(version), call_terms(version.offer))


# ---------------------------------------------------------------- the frozen content

def _money(value: Decimal | None) -> str:
    return str(q(value if value is not None else Decimal("0")))


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _organisation_content(org: Organisation) -> dict[str, Any]:
    return {
        "id": org.id, "name": org.name, "legal_form": org.legal_form.value,
        "legal_form_label": LEGAL_FORM_LABELS.get(org.legal_form, org.legal_form.value),
        "krs": org.krs, "other_register_name": org.other_register_name,
        "other_register_number": org.other_register_number, "nip": org.nip,
        "regon": org.regon, "street": org.street, "postal_code": org.postal_code,
        "city": org.city, "address": org.address, "email": org.email, "phone": org.phone or "",
        "signing_rule": org.signing_rule or "",
        "representatives": [{"full_name": r.full_name, "function": r.function,
                             "signs_alone": bool(r.signs_alone)}
                            for r in org.representatives],
    }


def version_content(version: OfferVersion, *, filing: dict[str, Any] | None = None,
                    number: str | None = None) -> dict[str, Any]:
    """The whole version as a JSON-ready dict (amounts as strings, dates ISO): what is frozen
    and hashed at filing, what the PDF and the read-only pages show."""
    offer = version.offer
    competition, task = offer.competition, offer.task
    organiser = competition.organiser
    lines = [_cost_line(c) for c in version.cost_items]
    t = costs.totals(lines)
    src = costs.Sources(total=t.total, grant=t.grant, own_financial=version.own_financial,
                        own_personal=version.own_personal, own_in_kind=version.own_in_kind,
                        beneficiaries_cash=version.beneficiaries_cash)
    shares = src.shares()
    required_names = {r.id: r.name for r in competition.required_attachments}
    partners = []
    for p in version.partners:
        org = p.organisation
        partners.append({"position": p.position, "organisation": _organisation_content(org),
                         "actions": p.actions or "", "cost_share": _money(p.cost_share)})
    return {
        "format": CONTENT_FORMAT,
        "offer": {"id": offer.id, "number": number if number is not None else offer.number,
                  "version": version.number},
        "I": {
            "authority": organiser.authority if organiser else "",
            "organiser": {"name": organiser.name if organiser else "",
                          "address": organiser.address if organiser else ""},
            "competition": {"id": competition.id, "reference": competition.reference,
                            "title": competition.title, "mode": competition.mode.value,
                            "max_grant_pct": str(competition.max_grant_pct),
                            "offer_deadline": competition.offer_deadline.isoformat()},
            "task_type": area_name(competition.area),
            "task": {"id": task.id, "title": task.title,
                     "start_date": _iso(task.start_date), "end_date": _iso(task.end_date)},
        },
        "II": {
            "organisation": _organisation_content(offer.organisation),
            "contact": {"name": version.contact_name or "", "email": version.contact_email or "",
                        "phone": version.contact_phone or ""},
        },
        "III": {
            "title": version.title or "", "start_date": _iso(version.start_date),
            "end_date": _iso(version.end_date), "place": version.place or "",
            "target_group": version.target_group or "", "need": version.need or "",
            "complementarity": version.complementarity or "",
            "schedule": [{"position": r.position, "action": r.action or "",
                          "description": r.description or "",
                          "target_group": r.target_group or "",
                          "start_date": _iso(r.start_date), "end_date": _iso(r.end_date),
                          "non_party": r.non_party or ""} for r in version.schedule],
            "expected_results": version.expected_results or "",
            "results": [{"position": r.position, "name": r.name or "",
                         "target_value": r.target_value or "",
                         "monitoring": r.monitoring or ""} for r in version.results],
        },
        "IV": {"previous_activity": version.previous_activity or "",
               "resources": version.resources or ""},
        "V_A": {
            "items": [{"position": c.position, "code": code, "section": c.section,
                       "action_no": c.action_no, "name": c.name or "", "unit": c.unit or "",
                       "unit_cost": _money(c.unit_cost), "units": str(c.units),
                       "value": _money(line.value), "grant_part": _money(c.grant_part),
                       "year": c.year}
                      for c, line, code in zip(version.cost_items, lines,
                                               costs.item_codes(lines), strict=True)],
            "actions": [{"action_no": a, "value": _money(v),
                         "grant": _money(t.actions_grant.get(a))}
                        for a, v in t.actions.items()],
            "section_i": _money(t.section_i), "section_i_grant": _money(t.section_i_grant),
            "section_ii": _money(t.section_ii), "section_ii_grant": _money(t.section_ii_grant),
            "per_year": [{"year": y, "value": _money(v)} for y, v in t.per_year.items()],
            "total": _money(t.total), "grant": _money(t.grant),
        },
        "V_B": {
            "total": _money(src.total), "grant": _money(src.grant),
            "own_total": _money(src.own_total), "own_financial": _money(src.own_financial),
            "own_non_financial": _money(src.own_personal + src.own_in_kind),
            "own_personal": _money(src.own_personal), "own_in_kind": _money(src.own_in_kind),
            "beneficiaries_cash": _money(src.beneficiaries_cash),
            "shares": {k: str(v) for k, v in shares.items()},
            "shares_own_non_financial": str(costs.share(src.own_personal + src.own_in_kind,
                                                        src.total)),
        },
        "V_C": {"joint": bool(partners), "lead_cost_share": _money(version.lead_cost_share),
                "partners": partners},
        "VI": {"paid_activity": bool(version.paid_activity),
               "unpaid_activity": bool(version.unpaid_activity),
               "contribution_valuation": version.contribution_valuation or "",
               "other_info": version.other_info or ""},
        "VII": {"declarations": [{"key": k, "text": text,
                                  "confirmed": bool((version.declarations or {}).get(k))}
                                 for k, text in rules.DECLARATIONS]},
        "attachments": [{"id": a.id, "name": a.name,
                         "required": required_names.get(a.required_attachment_id),
                         "filename": a.stored_file.filename, "size": a.stored_file.size,
                         "sha256": a.stored_file.sha256}
                        for a in version.attachments],
        "filing": filing,
    }


def canonical_json(content: Mapping[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the bytes that are hashed."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def content_sha256(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


# ---------------------------------------------------------------- filing

def _signatories(offer: Offer, signed_by: Iterable[int]) -> list:
    wanted = {int(i) for i in signed_by}
    reps = [r for r in offer.organisation.representatives if r.id in wanted]
    if not wanted:
        raise ValidationFailed(N_("Zaznacz osoby upoważnione do reprezentacji, które potwierdzają "
                                  "złożenie oferty."),
                               field_errors={"signed_by": [N_("Zaznacz co najmniej jedną osobę.")]})
    if len(reps) != len(wanted):
        raise ValidationFailed(N_("Wskazano osobę, która nie reprezentuje organizacji."),
                               field_errors={"signed_by": [N_("Nieznany reprezentant.")]})
    if not any(r.signs_alone for r in reps) and len(reps) < 2 and len(
        offer.organisation.representatives
    ) > 1:
        raise ValidationFailed(
            "Żadna z zaznaczonych osób nie reprezentuje organizacji samodzielnie - zaznacz "
            "osoby, które łącznie są upoważnione do reprezentacji ("
            f"{offer.organisation.signing_rule or 'zgodnie z KRS lub statutem'}).",
            field_errors={"signed_by": [N_("Za mało osób do reprezentacji łącznej.")]})
    return reps


def _refuse_filing(prefix: str, problems) -> None:
    """ValidationFailed listing the problems (and each on its field) when there are any."""
    if not problems:
        return
    field_errors: dict[str, list[str]] = {}
    for p in problems:
        field_errors.setdefault(p.field, []).append(p.message)
    raise ValidationFailed(prefix + " ".join(p.message for p in problems),
                           field_errors=field_errors)


def _signed_text(reps) -> str:
    return "; ".join(f"{r.full_name} ({r.function})" for r in reps)


def _filing_record(actor, reps, filed_at, previous, **extra) -> dict:
    """The filing part of the frozen content: when (UTC and Warsaw), by whom, signed by whom,
    which version it replaces."""
    return {
        "filed_at": filed_at.isoformat(),
        "filed_at_local": clock.to_local(filed_at).strftime("%d.%m.%Y %H:%M:%S"),
        "timezone": "Europe/Warsaw",
        "filed_by": {"id": actor.id, "full_name": actor.full_name, "email": actor.email},
        "signed_by": [{"full_name": r.full_name, "function": r.function} for r in reps],
        "replaces_version": previous.number if previous else None,
        **extra,
    }


def _freeze(version: OfferVersion, *, actor, content: dict, number: str, suffix: str,
            filed_at, signed_text: str, previous: OfferVersion | None) -> str:
    """Freeze the version: its content, SHA-256 and PDF are stored, it is FILED and the
    version it replaces SUPERSEDED. Returns the SHA-256. Call under no_autoflush."""
    from grants.offers.pdf import render_offer_pdf

    sha = content_sha256(content)
    pdf = render_offer_pdf(content, sha)
    safe_number = number.replace("/", "-").replace(" ", "_")
    stored = StoredFile.from_bytes(f"oferta-{safe_number}-v{version.number}{suffix}.pdf",
                                   "application/pdf", pdf, created_by=actor)
    db.session.add(stored)
    version.state = VersionState.FILED
    version.filed_at = filed_at
    version.filed_by_id = actor.id
    version.signed_by = signed_text
    version.content = content
    version.sha256 = sha
    version.pdf_file = stored
    if previous is not None:
        previous.state = VersionState.SUPERSEDED
    return sha


def file_offer(offer: Offer, *, actor, signed_by: Sequence[int]) -> OfferVersion:
    """File the draft (the first version or a replacement) before the deadline, or the
    correction requested in the formal check before its due date (`filing_window`).

    Freezes the version: state FILED, filed_at, the canonical content and its SHA-256, the
    PDF; gives the offer its number at the first filing; the earlier filed version (if any)
    becomes SUPERSEDED; queues a confirmation e-mail to the filer.
    """
    _ensure_editor(actor, offer)
    ensure_window(offer)
    correction = in_correction(offer)
    if offer.status == OfferStatus.WITHDRAWN:
        raise InvalidTransition(N_("Oferta została wycofana."))
    version = offer.draft_version
    if version is None:
        raise InvalidTransition(N_("Nie ma wersji roboczej do złożenia - oferta jest już złożona."))
    if not offer.organisation.is_verified:
        raise NotAllowed(N_("Organizacja czeka na weryfikację - oferty można składać po jej "
                            "zweryfikowaniu przez urząd."))
    reps = _signatories(offer, signed_by)
    _refuse_filing("Oferty nie można złożyć: ", check_version(version))

    previous = offer.filed_version
    number = offer.number or queries.next_offer_number(offer.competition)
    filed_at = clock.now().replace(microsecond=0)
    signed_text = _signed_text(reps)
    filing = _filing_record(actor, reps, filed_at, previous)
    content = version_content(version, filing=filing, number=number)
    with db.session.no_autoflush:
        sha = _freeze(version, actor=actor, content=content, number=number, suffix="",
                      filed_at=filed_at, signed_text=signed_text, previous=previous)
        if not offer.number:
            offer.number = number
        if offer.filed_at is None:
            offer.filed_at = filed_at
        offer.status = OfferStatus.FILED
    db.session.flush()
    audit.record(actor, "offer.filed", version, after={
        "offer_id": offer.id, "number": number, "version": version.number, "sha256": sha,
        "filed_at": filed_at, "signed_by": signed_text,
        "supersedes": previous.number if previous else None,
        "formal_correction": correction})
    queue_mail(db.session, to=actor.email,
               subject=(f"Potwierdzenie złożenia uzupełnienia oferty {number}" if correction
                        else f"Potwierdzenie złożenia oferty {number}"),
               template="formal_correction_filed" if correction else "offer_filed",
               offer=offer, version=version, content=content,
               filed_at_local=filing["filed_at_local"], replaced=previous)
    return version


# ---------------------------------------------------------------- withdrawal, replacement

def withdraw_offer(offer: Offer, *, actor) -> Offer:
    """Withdraw a filed offer before the deadline; every version is kept."""
    _ensure_editor(actor, offer)
    ensure_open(offer.competition)
    if offer.status != OfferStatus.FILED:
        raise InvalidTransition(N_("Wycofać można tylko złożoną ofertę."))
    filed = offer.filed_version
    if filed is None or filed.state != VersionState.FILED:  # pragma: no cover - consistency
        raise InvalidTransition(N_("Wycofać można tylko złożoną ofertę."))
    now = clock.now()
    draft = offer.draft_version
    with db.session.no_autoflush:
        filed.state = VersionState.WITHDRAWN
        if draft is not None:
            draft.state = VersionState.DISCARDED
        offer.status = OfferStatus.WITHDRAWN
        offer.withdrawn_at = now
    db.session.flush()
    audit.record(actor, "offer.withdrawn", offer,
                 before={"status": OfferStatus.FILED.value},
                 after={"status": OfferStatus.WITHDRAWN.value, "withdrawn_at": now,
                        "version": filed.number})
    queue_mail(db.session, to=actor.email, subject=f"Wycofanie oferty {offer.number}",
               template="offer_withdrawn", offer=offer, version=filed,
               withdrawn_at_local=clock.to_local(now).strftime("%d.%m.%Y %H:%M:%S"))
    return offer


def _copy_row(obj, fields: Iterable[str]):
    clone = type(obj)(position=obj.position)
    for name in fields:
        setattr(clone, name, getattr(obj, name))
    return clone


def _draft_from_filed(offer: Offer) -> OfferVersion:
    """A new DRAFT version copying the filed one (all sections, rows and attachments); the
    filed version stays as it is. Used by a replacement, a correction and an update."""
    filed = offer.filed_version
    number = max(v.number for v in offer.versions) + 1
    draft = OfferVersion(number=number, state=VersionState.DRAFT)
    for name in VERSION_COPY_FIELDS + ("lead_cost_share",):
        value = getattr(filed, name)
        setattr(draft, name, dict(value) if isinstance(value, dict) else value)
    for kind, fields in ROW_COPY_FIELDS.items():
        setattr(draft, kind, [_copy_row(r, fields) for r in getattr(filed, kind)])
    draft.attachments = [OfferAttachment(required_attachment_id=a.required_attachment_id,
                                         name=a.name, stored_file_id=a.stored_file_id)
                         for a in filed.attachments]
    offer.versions.append(draft)
    db.session.flush()
    return draft


def start_replacement(offer: Offer, *, actor) -> OfferVersion:
    """A new draft copying the filed version (every row and attachment); the filed version
    stays in force until the replacement is filed."""
    _ensure_editor(actor, offer)
    ensure_window(offer)
    if offer.status != OfferStatus.FILED:
        raise InvalidTransition(N_("Ofertę zastępczą można przygotować tylko do złożonej oferty."))
    if offer.draft_version is not None:
        raise InvalidTransition(N_("Oferta zastępcza jest już w przygotowaniu."))
    filed = offer.filed_version
    draft = _draft_from_filed(offer)
    number = draft.number
    audit.record(actor, "offer.replacement_started", draft,
                 after={"offer_id": offer.id, "version": number, "copied_from": filed.number})
    return draft


def discard_replacement(offer: Offer, *, actor) -> OfferVersion:
    """Abandon the replacement draft; the filed version stays in force."""
    _ensure_editor(actor, offer)
    ensure_window(offer)
    draft = offer.draft_version
    if draft is None or offer.filed_version is None:
        raise InvalidTransition(N_("Nie ma oferty zastępczej do porzucenia."))
    draft.state = VersionState.DISCARDED
    db.session.flush()
    audit.record(actor, "offer.replacement_discarded", draft,
                 before={"state": VersionState.DRAFT.value},
                 after={"state": VersionState.DISCARDED.value})
    return draft


# ---------------------------------------------------------------- attachments

def add_attachment(version: OfferVersion, *, actor, filename: str, content_type: str,
                   data: bytes, allowed_extensions: Iterable[str],
                   required_attachment_id: int | None = None) -> OfferAttachment:
    """Attach a file to a draft (extension whitelist; a required attachment of the call is
    replaced when attached again)."""
    offer = version.offer
    _ensure_editor(actor, offer)
    _ensure_draft(version)
    ensure_window(offer)
    name = PurePath((filename or "").replace("\\", "/")).name.strip()
    allowed = {e.lower().lstrip(".") for e in allowed_extensions}
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not name or not data:
        raise ValidationFailed(N_("Wybierz niepusty plik."), field_errors={"upload": [
            N_("Wybierz niepusty plik.")]})
    if ext not in allowed:
        msg = (f"Niedozwolony rodzaj pliku „.{ext or '?'}”. Dozwolone: "
               f"{', '.join(sorted(allowed))}.")
        raise ValidationFailed(msg, field_errors={"upload": [msg]})
    if len(name) > 255:
        name = name[-255:]
    required = None
    if required_attachment_id:
        required = next((r for r in offer.competition.required_attachments
                         if r.id == required_attachment_id), None)
        if required is None:
            raise ValidationFailed(N_("Nieznany rodzaj załącznika."),
                                   field_errors={"upload_kind": [
                                       N_("Nieznany rodzaj załącznika.")]})
        for old in [a for a in version.attachments if a.required_attachment_id == required.id]:
            version.attachments.remove(old)
    stored = StoredFile.from_bytes(name, content_type or "application/octet-stream", data,
                                   created_by=actor)
    db.session.add(stored)
    attachment = OfferAttachment(required_attachment_id=required.id if required else None,
                                 name=(required.name if required else name)[:300],
                                 stored_file=stored)
    version.attachments.append(attachment)
    db.session.flush()
    audit.record(actor, "offer.attachment_added", attachment,
                 after={"version_id": version.id, "filename": name, "sha256": stored.sha256})
    return attachment


def remove_attachment(version: OfferVersion, attachment_id: int, *, actor) -> None:
    offer = version.offer
    _ensure_editor(actor, offer)
    _ensure_draft(version)
    ensure_window(offer)
    attachment = next((a for a in version.attachments if a.id == attachment_id), None)
    if attachment is None:
        raise NotFound(N_("Nie ma takiego załącznika."))
    audit.record(actor, "offer.attachment_removed", attachment,
                 before={"version_id": version.id, "name": attachment.name})
    version.attachments.remove(attachment)
    db.session.flush()


# ---------------------------------------------------------------- the offer update after the award
# (aktualizacja, competitions.md step 10). grants.awards decides when an update is open (its
# deadline); these functions only copy, store, check and freeze versions. Both the filed
# version and the update are kept: filing the update supersedes the earlier version.

UPDATE_KEYS = ("expected_results", "contribution_valuation", "own_financial", "own_personal",
               "own_in_kind", "beneficiaries_cash", "lead_cost_share", "schedule", "results",
               "cost_items", "partners")
# what the update may not change: the task, its purpose and who carries it out
UPDATE_FIXED_TEXTS = ("title", "place", "target_group", "need")


def start_update(offer: Offer, *, actor) -> OfferVersion:
    """A draft copying the filed version (every row and attachment), to be updated to the
    grant awarded."""
    _ensure_editor(actor, offer)
    if offer.status != OfferStatus.FILED or offer.filed_version is None:
        raise InvalidTransition(N_("Zaktualizować można tylko złożoną ofertę."))
    if offer.draft_version is not None:
        return offer.draft_version
    filed = offer.filed_version
    draft = _draft_from_filed(offer)
    number = draft.number
    audit.record(actor, "offer.update_started", draft,
                 after={"offer_id": offer.id, "version": number, "copied_from": filed.number})
    return draft


def save_update(version: OfferVersion, *, actor, data: Mapping[str, Any]) -> list[rules.Problem]:
    """Store the update draft: only the cost calculation, the sources of financing, the
    split of costs between joint offerors (the same offerors), the schedule and the results
    may change."""
    offer = version.offer
    _ensure_editor(actor, offer)
    _ensure_draft(version)
    unknown = sorted(set(data) - set(UPDATE_KEYS))
    if unknown:
        raise ValidationFailed(N_("W aktualizacji oferty zmienia się tylko kalkulację kosztów, "
                                  "harmonogram i rezultaty."),
                               field_errors={k: [N_("Tego pola nie zmienia się w "
                                                    "aktualizacji.")] for k in unknown})
    if "partners" in data:
        given = [p.get("organisation_id") for p in data["partners"] or []]
        if given != [p.organisation_id for p in version.partners]:
            raise ValidationFailed(N_("W aktualizacji nie zmienia się oferentów wspólnych - "
                                      "tylko podział kosztów między nich."),
                                   field_errors={"partners": [N_("Oferenci muszą pozostać "
                                                                 "ci sami.")]})
    return _store_draft(version, actor=actor, data=data, action="offer.update_saved")


def check_update(version: OfferVersion, grant: Decimal) -> list[rules.Problem]:
    """The rules of filing applied to the update against the grant awarded: the grant parts
    sum to the grant exactly, the mode's maximum share and the own contribution, every
    other rule of the offer; the task's title and purpose unchanged."""
    offer = version.offer
    terms = call_terms(offer)
    terms.min_grant, terms.max_grant = Decimal("0.00"), MAX_MONEY  # the grant is decided
    problems = rules.check_offer(offer_data(version), terms)
    planned = costs.totals([_cost_line(c) for c in version.cost_items]).grant
    if planned != q(grant):
        diff = q(grant) - planned
        detail = (f"brakuje {pln(diff)}" if diff > 0
                  else f"jest o {pln(-diff)} za dużo")
        problems.append(rules.Problem(
            "grant", f"Części kosztów finansowane z dotacji sumują się do {pln(planned)}, "
                     f"a przyznana dotacja wynosi {pln(grant)}: {detail}. Suma musi być "
                     "równa przyznanej dotacji co do grosza."))
    filed = offer.filed_version
    if filed is not None:
        for name in UPDATE_FIXED_TEXTS:
            if (getattr(version, name) or "") != (getattr(filed, name) or ""):
                problems.append(rules.Problem(name, N_("Aktualizacja nie może zmieniać tytułu, "
                                                       "miejsca, grupy docelowej ani celu "
                                                       "zadania.")))
                break
    return problems


def file_update(offer: Offer, *, actor, signed_by: Sequence[int], grant: Decimal,
                about: Mapping[str, Any] | None = None) -> OfferVersion:
    """Freeze the update draft as the offer's version in force (content, SHA-256, PDF), after
    `check_update`; the earlier filed version is kept (SUPERSEDED). `about` (the decision)
    goes into the frozen content."""
    _ensure_editor(actor, offer)
    if offer.status != OfferStatus.FILED:
        raise InvalidTransition(N_("Zaktualizować można tylko złożoną ofertę."))
    version = offer.draft_version
    previous = offer.filed_version
    if version is None or previous is None:
        raise InvalidTransition(N_("Nie ma przygotowanej aktualizacji oferty."))
    reps = _signatories(offer, signed_by)
    problems = check_update(version, grant)
    _refuse_filing("Aktualizacji nie można złożyć: ", problems)
    filed_at = clock.now().replace(microsecond=0)
    signed_text = _signed_text(reps)
    filing = _filing_record(actor, reps, filed_at, previous, update={
        "grant": _money(grant), **{k: str(v) for k, v in (about or {}).items()}})
    content = version_content(version, filing=filing)
    with db.session.no_autoflush:
        sha = _freeze(version, actor=actor, content=content, number=offer.number,
                      suffix="-aktualizacja", filed_at=filed_at, signed_text=signed_text,
                      previous=previous)
    db.session.flush()
    audit.record(actor, "offer.update_filed", version, after={
        "offer_id": offer.id, "number": offer.number, "version": version.number, "sha256": sha,
        "filed_at": filed_at, "signed_by": signed_text, "supersedes": previous.number,
        "grant": grant})
    return version


def discard_update(offer: Offer, *, actor) -> OfferVersion | None:
    """Abandon the update draft (when the offeror gives up the grant); None when none."""
    _ensure_editor(actor, offer)
    draft = offer.draft_version
    if draft is None:
        return None
    draft.state = VersionState.DISCARDED
    db.session.flush()
    audit.record(actor, "offer.update_discarded", draft,
                 before={"state": VersionState.DRAFT.value},
                 after={"state": VersionState.DISCARDED.value})
    return draft
