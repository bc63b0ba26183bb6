"""Filing an offer: the draft checked, the representatives who confirm it, the version frozen
(canonical content, SHA-256, PDF - grants.documents.filing), the number given at the first
filing, the earlier version superseded, the confirmation e-mail. The filing window is
decided in grants.offers.services. Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from grants.core import audit, clock
from grants.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from grants.core.i18n import N_, msg
from grants.core.notifications import queue_mail
from grants.documents.filing import file_document
from grants.extensions import db
from grants.offers import queries
from grants.offers.checks import check_version
from grants.offers.content import version_content
from grants.offers.models import Offer, OfferStatus, OfferVersion, VersionState
from grants.offers.services import (
    acting_recipients,
    ensure_editor,
    ensure_filer,
    ensure_window,
    in_correction,
)


def signatories(offer: Offer, signed_by: Iterable[int]) -> list:
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
            msg("Żadna z zaznaczonych osób nie reprezentuje organizacji samodzielnie - "
                "zaznacz osoby, które łącznie są upoważnione do reprezentacji (%(rule)s).",
                rule=offer.organisation.signing_rule or msg("zgodnie z KRS lub statutem")),
            field_errors={"signed_by": [N_("Za mało osób do reprezentacji łącznej.")]})
    return reps


def refuse_filing(prefix: str, problems) -> None:
    """ValidationFailed listing the problems (and each on its field) when there are any."""
    if not problems:
        return
    field_errors: dict[str, list[str]] = {}
    for p in problems:
        field_errors.setdefault(p.field, []).append(p.message)
    raise ValidationFailed(prefix + " ".join(p.message for p in problems),
                           field_errors=field_errors)


def signatories_text(reps) -> str:
    return "; ".join(f"{r.full_name} ({r.function})" for r in reps)


def filing_record(actor, reps, filed_at, previous, **extra) -> dict:
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


def freeze(version: OfferVersion, *, actor, content: dict, number: str, suffix: str,
            filed_at, signed_text: str, previous: OfferVersion | None,
            pdf_template: str = "pdf/offer.html") -> str:
    """Freeze the version: its content, SHA-256 and PDF are stored, it is FILED and the
    version it replaces SUPERSEDED. Returns the SHA-256. Call under no_autoflush."""
    safe_number = number.replace("/", "-").replace(" ", "_")
    filed = file_document(content, actor=actor, template=pdf_template,
                          filename=f"oferta-{safe_number}-v{version.number}{suffix}.pdf")
    version.state = VersionState.FILED
    version.filed_at = filed_at
    version.filed_by_id = actor.id
    version.signed_by = signed_text
    version.content = content
    version.sha256 = filed.sha256
    version.pdf_file = filed.pdf
    if previous is not None:
        previous.state = VersionState.SUPERSEDED
    return filed.sha256


def file_offer(offer: Offer, *, actor, signed_by: Sequence[int]) -> OfferVersion:
    """File the draft (the first version or a replacement) before the deadline, or the
    correction requested in the formal check before its due date (`filing_window`).

    Freezes the version: state FILED, filed_at, the canonical content and its SHA-256, the
    PDF; gives the offer its number at the first filing; the earlier filed version (if any)
    becomes SUPERSEDED; queues a confirmation e-mail to the filer and the organisation's
    administrators. Filing is for the organisation's administrators (`ensure_filer`).
    """
    ensure_editor(actor, offer)
    ensure_filer(actor, offer)
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
    reps = signatories(offer, signed_by)
    refuse_filing("Oferty nie można złożyć: ", check_version(version))

    previous = offer.filed_version
    number = offer.number or queries.next_offer_number(offer.competition)
    filed_at = clock.now().replace(microsecond=0)
    signed_text = signatories_text(reps)
    filing = filing_record(actor, reps, filed_at, previous)
    content = version_content(version, filing=filing, number=number)
    with db.session.no_autoflush:
        sha = freeze(version, actor=actor, content=content, number=number, suffix="",
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
    queue_mail(db.session, to=acting_recipients(actor, offer.organisation),
               subject=(f"Potwierdzenie złożenia uzupełnienia oferty {number}" if correction
                        else f"Potwierdzenie złożenia oferty {number}"),
               template="formal_correction_filed" if correction else "offer_filed",
               offer=offer, version=version, content=content,
               filed_at_local=filing["filed_at_local"], replaced=previous)
    return version


