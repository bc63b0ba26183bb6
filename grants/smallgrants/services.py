"""The verbs of small grants (UDPP art. 19a): draft and file a simplified offer (limits of
the rule set in force on the filing day), withdraw it, assess its purposefulness, publish
it for comments, record how they were considered, move the offer to contracting; the
yearly plans. The offer itself - its draft, rows, totals and the filing (frozen content,
SHA-256, PDF) - is the offer machinery of grants.offers with the SIMPLIFIED template; the
public's comments are in grants.smallgrants.comments.

Services flush, never commit; the caller commits once. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from grants.auth import roles as perms
from grants.auth.models import User
from grants.auth.queries import staff_emails
from grants.core import audit, cleaning, clock
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.core.i18n import N_, msg
from grants.core.notifications import queue_mail
from grants.extensions import db
from grants.offers.costs import POWIERZENIE, WSPIERANIE
from grants.offers.drafts import recompute, store_draft
from grants.offers.filing import freeze
from grants.offers.models import Offer, OfferStatus, OfferVersion, VersionState
from grants.offers.templates import SIMPLIFIED
from grants.organisations.areas import AREA_NAMES
from grants.organisations.models import Organisation
from grants.organisers.models import Organiser
from grants.rules.services import rules_in_force
from grants.smallgrants import permissions, queries, rules
from grants.smallgrants.content import money, offer_content, offer_data
from grants.smallgrants.models import SmallGrantOffer, SmallGrantStatus

MAX_NOTE = 10000


def _day(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")


# ---------------------------------------------------------------- guards

def ensure_editor(actor, offer: SmallGrantOffer) -> None:
    if not permissions.can_edit_offer(actor, offer):
        raise NotAllowed(N_("Tylko członkowie organizacji składającej ofertę mogą ją zmieniać."))


def ensure_filer(actor, offer: SmallGrantOffer) -> None:
    if not permissions.can_file_offer(actor, offer):
        raise NotAllowed(N_("Ofertę składa i wycofuje administrator organizacji; członek "
                            "organizacji przygotowuje jej szkic."))


def ensure_draft(offer: SmallGrantOffer) -> None:
    if offer.status != SmallGrantStatus.DRAFT:
        raise InvalidTransition(N_("Oferta została złożona i jest zamrożona - nie można jej "
                                   "już zmieniać."))


def ensure_officer(actor, offer: SmallGrantOffer) -> None:
    if not permissions.can_handle_offer(actor, offer):
        raise NotAllowed(N_("Ofertę rozpatrują urzędnicy organu, do którego została "
                            "skierowana."))


def ensure_status(offer: SmallGrantOffer, *allowed: SmallGrantStatus, message: str) -> None:
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
    """A new draft of `organisation` addressed to `organiser`: an offer of the simplified
    template (grants.offers) without a competition, in a procedure of its own."""
    if not permissions.can_start_offer(actor, organisation):
        if perms.is_member(actor, organisation.id):
            raise NotAllowed(N_("Organizacja czeka na weryfikację - oferty można składać po jej "
                                "zweryfikowaniu przez urząd."))
        raise NotAllowed(N_("Możesz składać oferty tylko w imieniu organizacji, do których "
                            "należysz."))
    errors: dict[str, list[str]] = {}
    title = _clean_text("title", title, errors, model=OfferVersion)
    area = _clean_area(area, errors)
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola."), field_errors=errors)
    sg = SmallGrantOffer(
        organiser_id=organiser.id, organisation_id=organisation.id, organiser=organiser,
        organisation=organisation, status=SmallGrantStatus.DRAFT, created_by_id=actor.id,
        area=area)
    sg.procedure.title = title
    sg.offer = Offer(procedure=sg.procedure, organisation=organisation,
                     organisation_id=organisation.id, status=OfferStatus.DRAFT,
                     created_by_id=actor.id, number="")
    sg.offer.versions.append(OfferVersion(
        number=1, state=VersionState.DRAFT, title=title,
        contact_name=(actor.full_name or "")[:200], contact_email=(actor.email or "")[:254],
        declarations={}))
    db.session.add(sg)
    db.session.flush()
    audit.record(actor, "smallgrant.started", sg, after={
        "organiser_id": organiser.id, "organisation_id": organisation.id, "title": title})
    return sg


def _clean_text(name: str, value: Any, errors: dict, key: str | None = None,
                model: type = SmallGrantOffer) -> str:
    limit = cleaning.max_length(model, name) or MAX_NOTE
    return cleaning.clean_text(value, errors, key or name, limit=limit)


def _clean_area(value: Any, errors: dict) -> str:
    code = "" if value is None else str(value).strip()
    if code and code not in AREA_NAMES:
        errors.setdefault("area", []).append(N_("Wybierz sferę zadania publicznego z listy."))
        return ""
    return code


def _clean_mode(value: Any, errors: dict) -> str:
    mode = "" if value is None else str(value).strip()
    if mode not in (WSPIERANIE, POWIERZENIE):
        errors.setdefault("mode", []).append(N_("Wybierz formę realizacji zadania: wspieranie "
                                                "albo powierzenie."))
        return WSPIERANIE
    return mode


def _set_mode(offer: SmallGrantOffer, mode: str, actor) -> None:
    if offer.mode != mode:
        audit.record(actor, "smallgrant.mode_set", offer, before={"mode": offer.mode},
                     after={"mode": mode})
        offer.mode = mode


def save_draft(offer: SmallGrantOffer, *, actor, data: Mapping[str, Any]) -> list[rules.Problem]:
    """Store what was typed (the offers' draft machinery, SIMPLIFIED template), the area and
    the form of the task (mode);
    return the problems that would stop the filing today (a draft may be incomplete).
    Malformed input is refused with ValidationFailed (field messages). Keys missing from
    `data` are left unchanged."""
    ensure_editor(actor, offer)
    ensure_draft(offer)
    errors: dict[str, list[str]] = {}
    area = _clean_area(data["area"], errors) if "area" in data else offer.area
    mode = _clean_mode(data["mode"], errors) if "mode" in data else offer.mode
    store_draft(offer.version, actor=actor, data=data, action="smallgrant.draft_saved",
                template=SIMPLIFIED, errors=errors)
    if offer.area != area:
        audit.record(actor, "smallgrant.area_set", offer, before={"area": offer.area},
                     after={"area": area})
        offer.area = area
    _set_mode(offer, mode, actor)
    offer.procedure.title = offer.title or ""
    db.session.flush()
    return check_offer(offer)


# ---------------------------------------------------------------- checks

def year_totals(offer: SmallGrantOffer, year: int, *, lock: bool = False) -> rules.YearTotals:
    """What counts in `year` at the executive body the offer's organiser acts for (every
    organiser of the body), the offer itself not included."""
    body_id = offer.organiser.executive_body_id
    plan = queries.year_plan(body_id, year, lock=lock)
    return rules.YearTotals(
        year=year,
        org_other=queries.counted_total(body_id, year, organisation_id=offer.organisation_id,
                                        exclude_id=offer.id),
        mode_other=queries.counted_total(body_id, year, exclude_id=offer.id),
        planned_total=plan.planned_total if plan is not None else None)


def check_offer(offer: SmallGrantOffer, on: dt.date | None = None, *,
                lock: bool = False) -> list[rules.Problem]:
    """Every problem that stops the filing on `on` (today): the content and the limits of
    the rule set in force on that day, the yearly ones in the year of the award."""
    on = on or clock.today()
    data = offer_data(offer)
    problems = rules.check_content(data)
    grant = data.totals().grant
    year = rules.award_year(on, data.start_date)
    problems += rules.check_limits(grant, data.start_date, data.end_date, limits_on(on),
                                   year_totals(offer, year, lock=lock))
    return problems


# ---------------------------------------------------------------- filing

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


def _filing_record(actor, received_at, limits: rules.Limits) -> dict:
    """The filing part of the frozen content: when (UTC and Warsaw), by whom, the limits of
    the rule set of the day of receipt."""
    return {
        "received_at": received_at.isoformat(),
        "received_at_local": clock.to_local(received_at).strftime("%d.%m.%Y %H:%M:%S"),
        "timezone": "Europe/Warsaw",
        "filed_by": {"id": actor.id, "full_name": actor.full_name, "email": actor.email},
        "rules_on": clock.to_local(received_at).date().isoformat(),
        "limits": {"max_grant": money(limits.max_grant), "max_days": limits.max_days,
                   "org_year_max": money(limits.org_year_max),
                   "year_share_pct": str(limits.year_share_pct),
                   "publish_working_days": limits.publish_working_days,
                   "comment_days": limits.comment_days},
    }


def file_small_grant(offer: SmallGrantOffer, *, actor) -> SmallGrantOffer:
    """File the draft: every rule of the rule set in force on the filing day (content,
    grant, duration, the organisation's yearly total, the mode's share of the year's plan),
    then freeze the content with its SHA-256 and record the instant of receipt."""
    ensure_filer(actor, offer)
    ensure_status(offer, SmallGrantStatus.DRAFT,
                   message=N_("Oferta została już złożona."))
    if not offer.organisation.is_verified:
        raise NotAllowed(N_("Organizacja czeka na weryfikację - oferty można składać po jej "
                            "zweryfikowaniu przez urząd."))
    received_at = clock.now().replace(microsecond=0)
    received_on = clock.to_local(received_at).date()
    limits = limits_on(received_on)
    recompute(offer.version)
    problems = check_offer(offer, received_on, lock=True)
    if problems:
        _raise_problems("Oferty nie można złożyć:", problems)

    year = received_on.year
    number = queries.next_number(offer.organiser, year)
    publish_by = rules.publication_deadline(received_on, limits.publish_working_days)
    filing = _filing_record(actor, received_at, limits)
    content = offer_content(offer, filing=filing, number=number)
    with db.session.no_autoflush:
        sha = freeze(offer.version, actor=actor, content=content, number=number, suffix="",
                     filed_at=received_at, signed_text="", previous=None,
                     pdf_template="pdf/small_grant_offer.html")
        offer.offer.number = number
        offer.offer.filed_at = received_at
        offer.offer.status = OfferStatus.FILED
        offer.number = number
        offer.received_at = received_at
        offer.filing_year = year
        offer.award_year = rules.award_year(received_on, offer.start_date)
        offer.publish_by = publish_by
        offer.comment_days = limits.comment_days
        offer.status = SmallGrantStatus.FILED
    db.session.flush()
    audit.record(actor, "smallgrant.filed", offer, before={"status": "draft"}, after={
        "status": "filed", "number": number, "received_at": received_at, "sha256": sha,
        "grant_requested": offer.grant_requested, "publish_by": publish_by,
        "award_year": offer.award_year})
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
    ensure_filer(actor, offer)
    ensure_status(offer, SmallGrantStatus.FILED, SmallGrantStatus.PURPOSEFUL,
                   SmallGrantStatus.PUBLISHED, SmallGrantStatus.CONSULTATION_CLOSED,
                   message=N_("Wycofać można złożoną ofertę, zanim rozpocznie się "
                              "przygotowanie umowy."))
    before = offer.status.value
    now = clock.now()
    with db.session.no_autoflush:
        offer.status = SmallGrantStatus.WITHDRAWN
        offer.withdrawn_at = now
        offer.version.state = VersionState.WITHDRAWN
        offer.offer.status = OfferStatus.WITHDRAWN
        offer.offer.withdrawn_at = now
    db.session.flush()
    audit.record(actor, "smallgrant.withdrawn", offer, before={"status": before},
                 after={"status": "withdrawn", "withdrawn_at": offer.withdrawn_at})
    return offer


# ---------------------------------------------------------------- the officer

def assess_small_grant(offer: SmallGrantOffer, *, actor, purposeful: bool | None,
                       note: str = "") -> SmallGrantOffer:
    """Record whether the authority finds the task purposeful. Not purposeful ends the
    procedure (a reason is required); the NGO is informed by e-mail either way."""
    ensure_officer(actor, offer)
    ensure_status(offer, SmallGrantStatus.FILED,
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


def publish_small_grant(offer: SmallGrantOffer, *, actor, bip_on: dt.date | None = None,
                        board_on: dt.date | None = None,
                        website_on: dt.date | None = None) -> SmallGrantOffer:
    """Record the publication of a purposeful offer for comments in all three channels (BIP,
    notice board, website; art. 19a ust. 3). It is complete on the latest of their dates;
    the comment period runs from that day. A publication after the working-day limit is
    still made (the limit binds the authority): its delay is recorded and shown."""
    ensure_officer(actor, offer)
    ensure_status(offer, SmallGrantStatus.PURPOSEFUL,
                   message=N_("Opublikować można ofertę uznaną za celową, jeszcze "
                              "nieopublikowaną."))
    received_on = clock.to_local(offer.received_at).date()
    dates = {"bip_on": bip_on, "board_on": board_on, "website_on": website_on}
    problems = rules.check_channel_dates(dates, received_on, clock.today())
    if problems:
        _raise_problems("Nie opublikowano oferty:", problems)
    published_on = rules.publication_day(dates)
    offer.published_on = published_on
    offer.comment_end = rules.comment_period_end(published_on, offer.comment_days)
    offer.publication_delay_days = rules.publication_delay(published_on, offer.publish_by)
    offer.published_bip_on = bip_on
    offer.published_board_on = board_on
    offer.published_website_on = website_on
    offer.published_by_id = actor.id
    offer.status = SmallGrantStatus.PUBLISHED
    db.session.flush()
    audit.record(actor, "smallgrant.published", offer, before={"status": "purposeful"},
                 after={"status": "published", "published_on": published_on,
                        "comment_end": offer.comment_end, "bip_on": bip_on,
                        "board_on": board_on, "website_on": website_on,
                        "publish_by": offer.publish_by,
                        "delay_days": offer.publication_delay_days})
    queue_mail(db.session, to=_ngo_recipients(offer),
               subject=f"Oferta {offer.number} opublikowana do zgłaszania uwag",
               template="smallgrant_published", offer=offer)
    return offer


def record_consideration(offer: SmallGrantOffer, *, actor, note: str) -> SmallGrantOffer:
    """After the comment period: how the comments were considered (required)."""
    ensure_officer(actor, offer)
    ensure_status(offer, SmallGrantStatus.PUBLISHED,
                   message=N_("Sposób rozpatrzenia uwag zapisuje się dla opublikowanej oferty "
                              "po zakończeniu okresu uwag."))
    if not rules.has_comment_period_ended(offer.comment_end, clock.now()):
        raise InvalidTransition(msg("Okres zgłaszania uwag trwa do %(end)s włącznie - sposób "
                                    "ich rozpatrzenia zapisz po jego zakończeniu.",
                                    end=offer.comment_end))
    pending = offer.pending_comments
    if pending:
        raise InvalidTransition(msg("Najpierw rozpatrz uwagi oczekujące na moderację "
                                    "(%(count)s).", count=len(pending)))
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
    ensure_officer(actor, offer)
    if offer.status == SmallGrantStatus.PUBLISHED or (
            offer.status == SmallGrantStatus.CONSULTATION_CLOSED
            and not (offer.consideration_note or "").strip()):
        raise InvalidTransition(N_("Najpierw zapisz, jak rozpatrzono uwagi zgłoszone do "
                                   "oferty."))
    ensure_status(offer, SmallGrantStatus.CONSULTATION_CLOSED,
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


def count_in_award_year(offer: SmallGrantOffer, signed_on: dt.date, *, actor) -> None:
    """The contract signed on `signed_on` awards the grant: it counts in that year. If the
    year differs from the one expected at filing, the organisation's yearly total and the
    mode's share (limits of the rule set of the filing day) are checked in the contract's
    year first; a signature that would break them is refused."""
    year = signed_on.year
    if offer.award_year == year:
        return
    if offer.award_year is not None:
        _check_limits_in(offer, year, signed_on)
    before = offer.award_year
    offer.award_year = year
    db.session.flush()
    audit.record(actor, "smallgrant.award_year_moved", offer,
                 before={"award_year": before}, after={"award_year": year,
                                                       "signed_on": signed_on})


def _check_limits_in(offer: SmallGrantOffer, year: int, signed_on: dt.date) -> None:
    """The yearly limits (rule set of the filing day) with the offer counted in `year`."""
    limits = limits_on(clock.to_local(offer.received_at).date())
    totals = year_totals(offer, year, lock=True)
    grant = offer.grant_requested
    problems = rules.check_org_year_total(grant, totals.org_other, limits.org_year_max, year)
    problems += rules.check_year_share(grant, totals.mode_other, totals.planned_total,
                                       limits.year_share_pct, year)
    if problems:
        _raise_problems(f"Umowa podpisana {_day(signed_on)} przyznałaby dotację w {year} r., "
                        f"a nie w {offer.award_year} r., jak przyjęto przy złożeniu oferty:",
                        problems)
