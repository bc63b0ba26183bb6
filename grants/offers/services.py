"""The verbs of an offer's life: start it, save its draft, withdraw it, replace it or discard
the replacement - and the guards every verb shares: who may edit, the filing window.

Filing, replacing, withdrawing and editing are possible only before the competition's offer
deadline (server clock, to the second); the one exception, decided in `filing_window`, is a
correction requested in the formal check (editing and filing a new version until its due
date - never withdrawing). A filed version is never changed (grants.core.frozen).
Filing is in grants.offers.filing, attachments in .attachments, the update after the award
in .update. Services flush, never commit; the caller commits once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from grants.calls.models import CallStatus, CallTask, Competition
from grants.core import audit, clock
from grants.core.errors import (
    DeadlinePassed,
    DomainError,
    InvalidTransition,
    NotAllowed,
    NotFound,
)
from grants.core.i18n import N_, msg
from grants.core.notifications import queue_mail
from grants.extensions import db
from grants.offers import drafts, hooks, permissions, rules
from grants.offers.checks import check_version
from grants.offers.models import (
    Offer,
    OfferStatus,
    OfferVersion,
    VersionState,
)
from grants.organisations.models import Organisation
from grants.organisations.services import admin_emails

# ---------------------------------------------------------------- guards shared by the verbs

def _deadline_text(competition: Competition) -> str:
    local = clock.to_local(competition.offer_deadline)
    return local.strftime("%d.%m.%Y %H:%M:%S")


def ensure_open(competition: Competition) -> None:
    """Refuse unless the competition is published and its offer deadline has not passed."""
    if competition.status != CallStatus.PUBLISHED:
        raise InvalidTransition(N_("Konkurs nie przyjmuje ofert."))
    if clock.now() >= competition.offer_deadline:
        raise DeadlinePassed(msg(
            "Termin składania ofert minął %(when)s (czas warszawski). Po terminie nie można "
            "złożyć, zmienić, zastąpić ani wycofać oferty.", when=_deadline_text(competition)))


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
    return DeadlinePassed(msg("Termin uzupełnienia oferty minął %(when)s (czas warszawski). "
                              "Uzupełnienia nie można już złożyć.", when=due))


def ensure_window(offer: Offer) -> None:
    """Refuse a change of the offer's content outside its filing window (`filing_window`)."""
    if filing_window(offer) is not None:
        return
    refusal = correction_refusal(offer)
    if refusal is not None:
        raise refusal
    ensure_open(offer.competition)
    raise DeadlinePassed(N_("Termin składania ofert minął."))  # pragma: no cover - consistency


def ensure_editor(actor, offer: Offer) -> None:
    if not permissions.can_edit_offer(actor, offer):
        raise NotAllowed(N_("Tylko członkowie organizacji składającej ofertę mogą ją zmieniać."))


def ensure_filer(actor, offer: Offer) -> None:
    """Filing and withdrawing act for the organisation: its administrators only."""
    if not permissions.can_file_offer(actor, offer):
        raise NotAllowed(N_("Ofertę w imieniu organizacji składa i wycofuje jej administrator. "
                            "Członek organizacji przygotowuje szkic."))


def acting_recipients(actor, organisation: Organisation) -> list[str]:
    """Who is told of an act of the organisation: the person who acted and every
    administrator of the organisation."""
    out = [actor.email]
    out += [e for e in admin_emails(organisation) if e not in out]
    return out


def ensure_draft(version: OfferVersion) -> None:
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

def save_draft(version: OfferVersion, *, actor, data: Mapping[str, Any]) -> list[rules.Problem]:
    """Store what was typed in a draft and recompute every total.

    A draft may be incomplete or break the rules: it is saved anyway and the problems are
    returned (to be shown). Only malformed input (negative or oversized amounts, texts over
    the column length, unknown partner organisation) is refused with ValidationFailed.
    Keys missing from `data` are left unchanged.
    """
    offer = version.offer
    ensure_editor(actor, offer)
    ensure_draft(version)
    ensure_window(offer)
    drafts.store_draft(version, actor=actor, data=data)
    return check_version(version)


# ---------------------------------------------------------------- withdrawal, replacement

def withdraw_offer(offer: Offer, *, actor) -> Offer:
    """Withdraw a filed offer before the deadline (the organisation's administrators); every
    version is kept. The person who withdrew it and every administrator are told."""
    if not permissions.can_withdraw_offer(actor, offer):
        ensure_editor(actor, offer)
        raise NotAllowed(N_("Ofertę w imieniu organizacji wycofuje jej administrator."))
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
    queue_mail(db.session, to=acting_recipients(actor, offer.organisation),
               subject=f"Wycofanie oferty {offer.number}",
               template="offer_withdrawn", offer=offer, version=filed,
               withdrawn_at_local=clock.to_local(now).strftime("%d.%m.%Y %H:%M:%S"))
    return offer


def start_replacement(offer: Offer, *, actor) -> OfferVersion:
    """A new draft copying the filed version (every row and attachment); the filed version
    stays in force until the replacement is filed."""
    ensure_editor(actor, offer)
    ensure_window(offer)
    if offer.status != OfferStatus.FILED:
        raise InvalidTransition(N_("Ofertę zastępczą można przygotować tylko do złożonej oferty."))
    if offer.draft_version is not None:
        raise InvalidTransition(N_("Oferta zastępcza jest już w przygotowaniu."))
    filed = offer.filed_version
    draft = drafts.draft_from_filed(offer)
    number = draft.number
    audit.record(actor, "offer.replacement_started", draft,
                 after={"offer_id": offer.id, "version": number, "copied_from": filed.number})
    return draft


def discard_replacement(offer: Offer, *, actor) -> OfferVersion:
    """Abandon the replacement draft; the filed version stays in force."""
    ensure_editor(actor, offer)
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


