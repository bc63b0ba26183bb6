"""The verbs of small grants (UDPP art. 19a): draft and file a simplified offer (limits of
the rule set in force on the filing day; content frozen with SHA-256), withdraw it, assess
its purposefulness, publish it for comments, take and moderate the public's comments,
record how they were considered, move the offer to contracting; the yearly plans.

Services flush, never commit; the caller commits once. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from grants.auth import roles as perms
from grants.auth.models import User
from grants.auth.queries import staff_emails
from grants.core import audit, cleaning, clock
from grants.core.errors import DeadlinePassed, InvalidTransition, NotAllowed, ValidationFailed
from grants.core.i18n import N_
from grants.core.money import q
from grants.core.notifications import queue_mail
from grants.documents.filing import content_sha256
from grants.extensions import db
from grants.organisations.areas import AREA_NAMES, area_name
from grants.organisations.models import LEGAL_FORM_LABELS, Organisation
from grants.organisers.models import Organiser
from grants.rules.services import rules_in_force
from grants.smallgrants import permissions, queries, rules
from grants.smallgrants.models import (
    CommentState,
    SmallGrantComment,
    SmallGrantCostItem,
    SmallGrantOffer,
    SmallGrantResultRow,
    SmallGrantStatus,
    SmallGrantYearPlan,
)

CONTENT_FORMAT = "oferta-uproszczona-2018/1"
MAX_MONEY = cleaning.MAX_MONEY
MAX_UNITS = cleaning.MAX_UNITS
MAX_NOTE = 10000
COMMENT_MAX = 4000
COMMENT_MIN = 3
TEXT_FIELDS = ("title", "area", "description", "place", "target_group", "contact_name",
               "contact_email", "contact_phone")
MONEY_FIELDS = ("own_financial", "own_personal", "own_in_kind")
ROW_SPECS: dict[str, tuple[type, tuple[str, ...]]] = {
    "results": (SmallGrantResultRow, ("name", "target_value", "monitoring")),
    "cost_items": (SmallGrantCostItem, ("name", "unit", "unit_cost", "units", "grant_part")),
}
TEXT_LIMITS = {"description": 10000, "place": 2000, "target_group": 5000}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _day(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


# ---------------------------------------------------------------- guards

def _ensure_editor(actor, offer: SmallGrantOffer) -> None:
    if not permissions.can_edit_offer(actor, offer):
        raise NotAllowed(N_("Tylko członkowie organizacji składającej ofertę mogą ją zmieniać."))


def _ensure_draft(offer: SmallGrantOffer) -> None:
    if offer.status != SmallGrantStatus.DRAFT:
        raise InvalidTransition(N_("Oferta została złożona i jest zamrożona - nie można jej "
                                   "już zmieniać."))


def _ensure_officer(actor, offer: SmallGrantOffer) -> None:
    if not permissions.can_handle_offer(actor, offer):
        raise NotAllowed(N_("Ofertę rozpatrują urzędnicy organu, do którego została "
                            "skierowana."))


def _ensure_status(offer: SmallGrantOffer, *allowed: SmallGrantStatus, message: str) -> None:
    if offer.status not in allowed:
        raise InvalidTransition(message)


def limits_on(day: dt.date) -> rules.Limits:
    """The small-grant numbers of the rule set in force on `day`."""
    r = rules_in_force(day)
    return rules.Limits(max_grant=r.small_grant_max, max_days=r.small_grant_max_days,
                        org_year_max=r.small_grant_org_year_max,
                        year_share_pct=r.small_grant_year_share,
                        publish_working_days=r.small_grant_publish_working_days,
                        comment_days=r.small_grant_comment_days)


# ---------------------------------------------------------------- start and drafts

def start_small_grant(organisation: Organisation, organiser: Organiser, *, actor,
                      title: str = "", area: str = "") -> SmallGrantOffer:
    """A new draft of `organisation` addressed to `organiser`."""
    if not permissions.can_start_offer(actor, organisation):
        if perms.is_member(actor, organisation.id):
            raise NotAllowed(N_("Organizacja czeka na weryfikację - oferty można składać po jej "
                                "zweryfikowaniu przez urząd."))
        raise NotAllowed(N_("Możesz składać oferty tylko w imieniu organizacji, do których "
                            "należysz."))
    errors: dict[str, list[str]] = {}
    title = _clean_text("title", title, errors)
    area = _clean_area(area, errors)
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola."), field_errors=errors)
    offer = SmallGrantOffer(
        organiser_id=organiser.id, organisation_id=organisation.id, organiser=organiser,
        organisation=organisation, status=SmallGrantStatus.DRAFT, created_by_id=actor.id,
        title=title, area=area, contact_name=(actor.full_name or "")[:200],
        contact_email=(actor.email or "")[:254], declarations={})
    db.session.add(offer)
    db.session.flush()
    audit.record(actor, "smallgrant.started", offer, after={
        "organiser_id": organiser.id, "organisation_id": organisation.id, "title": title})
    return offer


def _clean_text(name: str, value: Any, errors: dict, key: str | None = None,
                model: type = SmallGrantOffer) -> str:
    limit = cleaning.max_length(model, name) or TEXT_LIMITS.get(name) or MAX_NOTE
    return cleaning.clean_text(value, errors, key or name, limit=limit)


def _clean_area(value: Any, errors: dict) -> str:
    code = "" if value is None else str(value).strip()
    if code and code not in AREA_NAMES:
        errors.setdefault("area", []).append(N_("Wybierz sferę zadania publicznego z listy."))
        return ""
    return code


def _clean_row(kind: str, index: int, raw: Mapping[str, Any], errors: dict) -> dict[str, Any]:
    model, fields = ROW_SPECS[kind]
    row: dict[str, Any] = {}
    for name in fields:
        key = f"{kind}-{index}-{name}"
        value = raw.get(name)
        if name in ("unit_cost", "grant_part"):
            row[name] = cleaning.clean_amount(value, errors, key)
        elif name == "units":
            row[name] = cleaning.clean_amount(value, errors, key, limit=MAX_UNITS)
        else:
            row[name] = _clean_text(name, value, errors, key, model=model)
    return row


def _sync_rows(offer: SmallGrantOffer, kind: str, rows: list[dict[str, Any]]) -> None:
    model, _fields = ROW_SPECS[kind]
    cleaning.sync_rows(getattr(offer, kind), model, rows)


def _lines(offer: SmallGrantOffer) -> list[rules.CostLine]:
    return [rules.CostLine(name=c.name or "", unit=c.unit or "",
                           unit_cost=c.unit_cost or Decimal("0"), units=c.units or Decimal("0"),
                           grant_part=c.grant_part or Decimal("0")) for c in offer.cost_items]


def _recompute(offer: SmallGrantOffer) -> None:
    """Values and totals: always computed by the system, never typed."""
    lines = _lines(offer)
    for item, line in zip(offer.cost_items, lines, strict=True):
        if item.value != line.value:
            item.value = line.value
    t = rules.totals(lines, offer.own_financial or 0, offer.own_personal or 0,
                     offer.own_in_kind or 0)
    if offer.total_cost != t.total:
        offer.total_cost = t.total
    if offer.grant_requested != t.grant:
        offer.grant_requested = t.grant


def save_draft(offer: SmallGrantOffer, *, actor, data: Mapping[str, Any]) -> list[rules.Problem]:
    """Store what was typed and recompute the totals; return the problems that would stop
    the filing today (a draft may be incomplete). Malformed input is refused with
    ValidationFailed (field messages). Keys missing from `data` are left unchanged."""
    _ensure_editor(actor, offer)
    _ensure_draft(offer)
    errors: dict[str, list[str]] = {}
    scalars: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if name in data:
            scalars[name] = (_clean_area(data[name], errors) if name == "area"
                             else _clean_text(name, data[name], errors))
    if scalars.get("contact_email") and not _EMAIL.match(scalars["contact_email"]):
        errors.setdefault("contact_email", []).append(N_("Podaj poprawny adres e-mail."))
    for name in MONEY_FIELDS:
        if name in data:
            scalars[name] = cleaning.clean_amount(data[name], errors, name)
    for name in ("start_date", "end_date"):
        if name in data:
            scalars[name] = cleaning.clean_date(data[name], errors, name)
    if "declarations" in data:
        given = data["declarations"] or {}
        scalars["declarations"] = {k: bool(given.get(k)) for k in rules.DECLARATION_KEYS}
    row_data = {kind: [_clean_row(kind, i, raw, errors) for i, raw in enumerate(data[kind] or [])]
                for kind in ROW_SPECS if kind in data}
    if "cost_items" in row_data and not errors:
        cleaning.check_item_values(row_data["cost_items"], errors, rules.item_value)
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola - szkic nie został zapisany."),
                               field_errors=errors)

    watched = list(scalars) + ["total_cost", "grant_requested"]
    before = audit.snapshot(offer, watched)
    counts_before = {k: len(getattr(offer, k)) for k in row_data}
    for name, value in scalars.items():
        if getattr(offer, name) != value:
            setattr(offer, name, value)
    for kind, rows in row_data.items():
        _sync_rows(offer, kind, rows)
    _recompute(offer)
    db.session.flush()
    changed = audit.changes(before, audit.snapshot(offer, watched))
    audit.record(actor, "smallgrant.draft_saved", offer,
                 before={k: v[0] for k, v in changed.items()} | {"rows": counts_before},
                 after={k: v[1] for k, v in changed.items()}
                 | {"rows": {k: len(getattr(offer, k)) for k in row_data}})
    return check_offer(offer)


# ---------------------------------------------------------------- checks

def offer_data(offer: SmallGrantOffer) -> rules.OfferData:
    return rules.OfferData(
        texts={name: getattr(offer, name) or "" for name in TEXT_FIELDS},
        start_date=offer.start_date, end_date=offer.end_date,
        results=[rules.ResultLine(r.name or "", r.target_value or "", r.monitoring or "")
                 for r in offer.results],
        cost_items=_lines(offer), own_financial=offer.own_financial or Decimal("0"),
        own_personal=offer.own_personal or Decimal("0"),
        own_in_kind=offer.own_in_kind or Decimal("0"),
        declarations=dict(offer.declarations or {}))


def year_totals(offer: SmallGrantOffer, year: int, *, lock: bool = False) -> rules.YearTotals:
    plan = queries.year_plan(offer.organiser_id, year, lock=lock)
    return rules.YearTotals(
        year=year,
        org_other=queries.counted_total(offer.organiser_id, year,
                                        organisation_id=offer.organisation_id,
                                        exclude_id=offer.id),
        mode_other=queries.counted_total(offer.organiser_id, year, exclude_id=offer.id),
        planned_total=plan.planned_total if plan is not None else None)


def check_offer(offer: SmallGrantOffer, on: dt.date | None = None, *,
                lock: bool = False) -> list[rules.Problem]:
    """Every problem that stops the filing on `on` (today): the content and the limits of
    the rule set in force on that day."""
    on = on or clock.today()
    data = offer_data(offer)
    problems = rules.check_content(data)
    grant = data.totals().grant
    problems += rules.check_limits(grant, data.start_date, data.end_date, limits_on(on),
                                   year_totals(offer, on.year, lock=lock))
    return problems


# ---------------------------------------------------------------- filing

def _money(value: Decimal | None) -> str:
    return f"{q(value or 0):.2f}"


def offer_content(offer: SmallGrantOffer, *, filing: dict | None = None,
                  number: str | None = None) -> dict:
    """The offer as canonical data (what is hashed at filing)."""
    org = offer.organisation
    organiser = offer.organiser
    data = offer_data(offer)
    t = data.totals()
    return {
        "format": CONTENT_FORMAT,
        "number": number or offer.number,
        "I": {"authority": organiser.authority, "organiser": organiser.name,
              "organiser_id": organiser.id, "title": offer.title or "",
              "area": offer.area or "", "area_name": area_name(offer.area or ""),
              "start_date": offer.start_date.isoformat() if offer.start_date else None,
              "end_date": offer.end_date.isoformat() if offer.end_date else None},
        "II": {"organisation_id": org.id, "name": org.name,
               "legal_form": LEGAL_FORM_LABELS.get(org.legal_form, str(org.legal_form)),
               "krs": org.krs, "other_register": org.other_register_number,
               "nip": org.nip, "regon": org.regon, "address": org.address,
               "email": org.email, "phone": org.phone or "",
               "contact": {"name": offer.contact_name or "", "email": offer.contact_email or "",
                           "phone": offer.contact_phone or ""}},
        "III": {"description": offer.description or "", "place": offer.place or "",
                "target_group": offer.target_group or "",
                "results": [{"name": r.name or "", "target_value": r.target_value or "",
                             "monitoring": r.monitoring or ""} for r in offer.results]},
        "IV": {"items": [{"position": c.position, "name": c.name or "", "unit": c.unit or "",
                          "unit_cost": _money(c.unit_cost), "units": str(c.units),
                          "value": _money(line.value), "grant_part": _money(c.grant_part)}
                         for c, line in zip(offer.cost_items, data.cost_items, strict=True)],
               "total": _money(t.total), "grant": _money(t.grant),
               "own_financial": _money(t.own_financial), "own_personal": _money(t.own_personal),
               "own_in_kind": _money(t.own_in_kind), "own_total": _money(t.own_total)},
        "V": {"declarations": [{"key": k, "text": text,
                                "confirmed": bool((offer.declarations or {}).get(k))}
                               for k, text in rules.DECLARATIONS]},
        "filing": filing,
    }


def _raise_problems(prefix: str, problems: list[rules.Problem]) -> None:
    field_errors: dict[str, list[str]] = {}
    for p in problems:
        field_errors.setdefault(p.field, []).append(p.message)
    raise ValidationFailed(prefix + " " + " ".join(p.message for p in problems),
                           field_errors=field_errors)


def _ngo_recipients(offer: SmallGrantOffer) -> list[str]:
    emails = [offer.organisation.email]
    filer = db.session.get(User, offer.filed_by_id) if offer.filed_by_id else None
    if filer is not None and filer.email not in emails:
        emails.append(filer.email)
    return [e for e in emails if e]


def file_small_grant(offer: SmallGrantOffer, *, actor) -> SmallGrantOffer:
    """File the draft: every rule of the rule set in force on the filing day (content,
    grant, duration, the organisation's yearly total, the mode's share of the year's plan),
    then freeze the content with its SHA-256 and record the instant of receipt."""
    _ensure_editor(actor, offer)
    _ensure_status(offer, SmallGrantStatus.DRAFT,
                   message=N_("Oferta została już złożona."))
    if not offer.organisation.is_verified:
        raise NotAllowed(N_("Organizacja czeka na weryfikację - oferty można składać po jej "
                            "zweryfikowaniu przez urząd."))
    received_at = clock.now().replace(microsecond=0)
    received_on = clock.to_local(received_at).date()
    limits = limits_on(received_on)
    _recompute(offer)
    problems = check_offer(offer, received_on, lock=True)
    if problems:
        _raise_problems("Oferty nie można złożyć:", problems)

    year = received_on.year
    number = queries.next_number(offer.organiser, year)
    publish_by = rules.publication_deadline(received_on, limits.publish_working_days)
    filing = {
        "received_at": received_at.isoformat(),
        "received_at_local": clock.to_local(received_at).strftime("%d.%m.%Y %H:%M:%S"),
        "timezone": "Europe/Warsaw",
        "filed_by": {"id": actor.id, "full_name": actor.full_name, "email": actor.email},
        "rules_on": received_on.isoformat(),
        "limits": {"max_grant": _money(limits.max_grant), "max_days": limits.max_days,
                   "org_year_max": _money(limits.org_year_max),
                   "year_share_pct": str(limits.year_share_pct),
                   "publish_working_days": limits.publish_working_days,
                   "comment_days": limits.comment_days},
    }
    content = offer_content(offer, filing=filing, number=number)
    sha = content_sha256(content)
    with db.session.no_autoflush:
        offer.number = number
        offer.received_at = received_at
        offer.filing_year = year
        offer.filed_by_id = actor.id
        offer.content = content
        offer.sha256 = sha
        offer.publish_by = publish_by
        offer.comment_days = limits.comment_days
        offer.status = SmallGrantStatus.FILED
    db.session.flush()
    audit.record(actor, "smallgrant.filed", offer, before={"status": "draft"}, after={
        "status": "filed", "number": number, "received_at": received_at, "sha256": sha,
        "grant_requested": offer.grant_requested, "publish_by": publish_by})
    queue_mail(db.session, to=_ngo_recipients(offer),
               subject=f"Potwierdzenie złożenia oferty w trybie pozakonkursowym {number}",
               template="smallgrant_filed", offer=offer,
               received_local=filing["received_at_local"])
    officers = staff_emails(offer.organiser_id)
    if officers:
        queue_mail(db.session, to=officers,
                   subject=f"Nowa oferta w trybie pozakonkursowym {number}",
                   template="smallgrant_received", offer=offer,
                   received_local=filing["received_at_local"])
    return offer


def withdraw_small_grant(offer: SmallGrantOffer, *, actor) -> SmallGrantOffer:
    """The NGO withdraws a filed offer before the contracting starts."""
    _ensure_editor(actor, offer)
    _ensure_status(offer, SmallGrantStatus.FILED, SmallGrantStatus.PURPOSEFUL,
                   SmallGrantStatus.PUBLISHED, SmallGrantStatus.CONSULTATION_CLOSED,
                   message=N_("Wycofać można złożoną ofertę, zanim rozpocznie się "
                              "przygotowanie umowy."))
    before = offer.status.value
    offer.status = SmallGrantStatus.WITHDRAWN
    offer.withdrawn_at = clock.now()
    db.session.flush()
    audit.record(actor, "smallgrant.withdrawn", offer, before={"status": before},
                 after={"status": "withdrawn", "withdrawn_at": offer.withdrawn_at})
    return offer


# ---------------------------------------------------------------- the officer

def assess_small_grant(offer: SmallGrantOffer, *, actor, purposeful: bool | None,
                       note: str = "") -> SmallGrantOffer:
    """Record whether the authority finds the task purposeful. Not purposeful ends the
    procedure (a reason is required); the NGO is informed by e-mail either way."""
    _ensure_officer(actor, offer)
    _ensure_status(offer, SmallGrantStatus.FILED,
                   message=N_("Celowość ocenia się raz, po złożeniu oferty."))
    errors: dict[str, list[str]] = {}
    note = _clean_text("assessment_note", note, errors)
    if purposeful is None:
        errors.setdefault("purposeful", []).append(N_("Wybierz ocenę celowości."))
    elif not purposeful and not note:
        errors.setdefault("assessment_note", []).append(
            N_("Podaj uzasadnienie - organizacja otrzyma je w wiadomości."))
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola."), field_errors=errors)
    offer.purposeful = bool(purposeful)
    offer.assessment_note = note
    offer.assessed_by_id = actor.id
    offer.assessed_at = clock.now()
    offer.status = (SmallGrantStatus.PURPOSEFUL if purposeful
                    else SmallGrantStatus.NOT_PURPOSEFUL)
    db.session.flush()
    audit.record(actor, "smallgrant.assessed", offer, before={"status": "filed"},
                 after={"status": offer.status.value, "purposeful": offer.purposeful,
                        "note": note})
    template = "smallgrant_purposeful" if purposeful else "smallgrant_not_purposeful"
    subject = (f"Oferta {offer.number} uznana za celową" if purposeful
               else f"Oferta {offer.number} nie została uznana za celową")
    queue_mail(db.session, to=_ngo_recipients(offer), subject=subject, template=template,
               offer=offer)
    return offer


def publish_small_grant(offer: SmallGrantOffer, *, actor, published_on: dt.date | None,
                        bip_on: dt.date | None = None, board_on: dt.date | None = None,
                        website_on: dt.date | None = None) -> SmallGrantOffer:
    """Publish a purposeful offer for comments: the publication day may be no later than
    the working-day deadline counted from receipt; the comment period ends
    days_after(published_on, comment_days)."""
    _ensure_officer(actor, offer)
    _ensure_status(offer, SmallGrantStatus.PURPOSEFUL,
                   message=N_("Opublikować można ofertę uznaną za celową, jeszcze "
                              "nieopublikowaną."))
    received_on = clock.to_local(offer.received_at).date()
    today = clock.today()
    problems = rules.check_publication_date(published_on, received_on, today, offer.publish_by)
    problems += rules.check_channel_dates({"bip_on": bip_on, "board_on": board_on,
                                           "website_on": website_on}, received_on, today)
    if problems:
        _raise_problems("Nie opublikowano oferty:", problems)
    offer.published_on = published_on
    offer.comment_end = rules.comment_period_end(published_on, offer.comment_days)
    offer.published_bip_on = bip_on
    offer.published_board_on = board_on
    offer.published_website_on = website_on
    offer.published_by_id = actor.id
    offer.status = SmallGrantStatus.PUBLISHED
    db.session.flush()
    audit.record(actor, "smallgrant.published", offer, before={"status": "purposeful"},
                 after={"status": "published", "published_on": published_on,
                        "comment_end": offer.comment_end, "bip_on": bip_on,
                        "board_on": board_on, "website_on": website_on})
    queue_mail(db.session, to=_ngo_recipients(offer),
               subject=f"Oferta {offer.number} opublikowana do zgłaszania uwag",
               template="smallgrant_published", offer=offer)
    return offer


def comment_period_open(offer: SmallGrantOffer) -> bool:
    return offer.status == SmallGrantStatus.PUBLISHED and rules.is_comment_period_open(
        offer.published_on, offer.comment_end, clock.now())


def submit_comment(offer: SmallGrantOffer, *, author_name: str, email: str = "",
                   text: str) -> SmallGrantComment:
    """Anyone's comment during the comment period; pending until an officer moderates it."""
    if offer.status != SmallGrantStatus.PUBLISHED or offer.published_on is None:
        raise InvalidTransition(N_("Do tej oferty nie można zgłaszać uwag."))
    now = clock.now()
    if not rules.is_comment_period_open(offer.published_on, offer.comment_end, now):
        if now < rules.comment_window(offer.published_on, offer.comment_end)[0]:
            raise DeadlinePassed(f"Uwagi można zgłaszać od {_day(offer.published_on)}.")
        raise DeadlinePassed(f"Okres zgłaszania uwag trwał od {_day(offer.published_on)} do "
                             f"{_day(offer.comment_end)} - uwag nie można już zgłaszać.")
    errors: dict[str, list[str]] = {}
    author_name = (author_name or "").strip()
    email = (email or "").strip()
    text = (text or "").strip()
    if not author_name:
        errors.setdefault("author_name", []).append(N_("Podaj imię i nazwisko lub nazwę."))
    elif len(author_name) > 200:
        errors.setdefault("author_name", []).append(N_("Najwyżej 200 znaków."))
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        errors.setdefault("email", []).append(N_("Podaj poprawny adres e-mail albo zostaw pole "
                                                 "puste."))
    if len(text) < COMMENT_MIN:
        errors.setdefault("text", []).append(N_("Wpisz treść uwagi."))
    elif len(text) > COMMENT_MAX:
        errors.setdefault("text", []).append(
            f"Uwaga może mieć najwyżej {COMMENT_MAX} znaków (wpisano {len(text)}).")
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola - uwaga nie została przyjęta."),
                               field_errors=errors)
    comment = SmallGrantComment(offer=offer, offer_id=offer.id, author_name=author_name,
                                email=email, text=text, submitted_at=now,
                                state=CommentState.PENDING)
    db.session.add(comment)
    db.session.flush()
    audit.record(None, "smallgrant.comment_submitted", comment,
                 after={"offer_id": offer.id, "author_name": author_name,
                        "length": len(text)})
    return comment


def moderate_comment(comment: SmallGrantComment, *, actor, approve: bool) -> SmallGrantComment:
    """Approve (shown publicly) or reject a comment while the offer is published."""
    offer = comment.offer
    _ensure_officer(actor, offer)
    _ensure_status(offer, SmallGrantStatus.PUBLISHED,
                   message=N_("Uwagi moderuje się do czasu zapisania sposobu ich "
                              "rozpatrzenia."))
    before = comment.state.value
    comment.state = CommentState.APPROVED if approve else CommentState.REJECTED
    comment.moderated_by_id = actor.id
    comment.moderated_at = clock.now()
    db.session.flush()
    audit.record(actor, "smallgrant.comment_moderated", comment, before={"state": before},
                 after={"state": comment.state.value, "offer_id": offer.id})
    return comment


def record_consideration(offer: SmallGrantOffer, *, actor, note: str) -> SmallGrantOffer:
    """After the comment period: how the comments were considered (required)."""
    _ensure_officer(actor, offer)
    _ensure_status(offer, SmallGrantStatus.PUBLISHED,
                   message=N_("Sposób rozpatrzenia uwag zapisuje się dla opublikowanej oferty "
                              "po zakończeniu okresu uwag."))
    if not rules.has_comment_period_ended(offer.comment_end, clock.now()):
        raise InvalidTransition(f"Okres zgłaszania uwag trwa do {_day(offer.comment_end)} "
                                "włącznie - sposób ich rozpatrzenia zapisz po jego "
                                "zakończeniu.")
    pending = offer.pending_comments
    if pending:
        raise InvalidTransition(f"Najpierw rozpatrz uwagi oczekujące na moderację "
                                f"({len(pending)}).")
    errors: dict[str, list[str]] = {}
    note = _clean_text("consideration_note", note, errors)
    if not note:
        errors.setdefault("consideration_note", []).append(
            N_("Opisz, jak rozpatrzono uwagi (także gdy nie zgłoszono żadnych)."))
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola."), field_errors=errors)
    offer.consideration_note = note
    offer.considered_by_id = actor.id
    offer.considered_at = clock.now()
    offer.status = SmallGrantStatus.CONSULTATION_CLOSED
    db.session.flush()
    audit.record(actor, "smallgrant.consideration_recorded", offer,
                 before={"status": "published"},
                 after={"status": "consultation_closed", "note": note,
                        "comments": len(offer.comments),
                        "approved": len(offer.approved_comments)})
    return offer


def start_contracting(offer: SmallGrantOffer, *, actor) -> SmallGrantOffer:
    """Move the offer to contracting once the comments' consideration is recorded."""
    _ensure_officer(actor, offer)
    if offer.status == SmallGrantStatus.PUBLISHED or (
            offer.status == SmallGrantStatus.CONSULTATION_CLOSED
            and not (offer.consideration_note or "").strip()):
        raise InvalidTransition(N_("Najpierw zapisz, jak rozpatrzono uwagi zgłoszone do "
                                   "oferty."))
    _ensure_status(offer, SmallGrantStatus.CONSULTATION_CLOSED,
                   message=N_("Do przygotowania umowy można skierować ofertę po rozpatrzeniu "
                              "uwag."))
    offer.status = SmallGrantStatus.CONTRACTING
    offer.contracting_at = clock.now()
    db.session.flush()
    audit.record(actor, "smallgrant.contracting", offer,
                 before={"status": "consultation_closed"},
                 after={"status": "contracting", "at": offer.contracting_at})
    queue_mail(db.session, to=_ngo_recipients(offer),
               subject=f"Oferta {offer.number}: przygotowanie umowy",
               template="smallgrant_contracting", offer=offer)
    return offer


# ---------------------------------------------------------------- the yearly plans

def set_year_plan(organiser: Organiser, year: int, planned_total: Decimal, *, actor,
                  note: str = "") -> SmallGrantYearPlan:
    """Enter (or replace) the total of grants planned for NGO tasks in `year`."""
    if not permissions.can_manage_plans(actor):
        raise NotAllowed(N_("Plan dotacji wprowadza administrator."))
    errors: dict[str, list[str]] = {}
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        errors.setdefault("year", []).append(N_("Podaj rok od 2000 do 2100."))
    if planned_total is None:
        errors.setdefault("planned_total", []).append(N_("Podaj kwotę."))
    else:
        planned_total = cleaning.clean_amount(planned_total, errors, "planned_total")
    note = _clean_text("note", note, errors, model=SmallGrantYearPlan)
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola."), field_errors=errors)
    plan = queries.year_plan(organiser.id, year)
    before = audit.snapshot(plan, ["planned_total", "note"]) if plan else None
    if plan is None:
        plan = SmallGrantYearPlan(organiser_id=organiser.id, year=year)
        db.session.add(plan)
    plan.planned_total = planned_total
    plan.note = note
    plan.updated_by_id = actor.id
    plan.updated_at = clock.now()
    db.session.flush()
    audit.record(actor, "smallgrant.year_plan_set", plan, before=before,
                 after={"organiser_id": organiser.id, "year": year,
                        "planned_total": planned_total, "note": note})
    return plan
