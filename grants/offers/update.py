"""The offer update after the award (aktualizacja, competitions.md step 10): a draft copying
the filed version, changed only where the update may change it, checked against the grant
awarded and frozen as the version in force. grants.awards decides when an update is open
(its deadline); these functions only copy, store, check and freeze versions. Both the filed
version and the update are kept: filing the update supersedes the earlier version.
Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from grants.core import audit, cleaning, clock
from grants.core.errors import InvalidTransition, ValidationFailed
from grants.core.i18n import N_, msg
from grants.core.money import q
from grants.extensions import db
from grants.offers import costs, rules
from grants.offers.checks import call_terms, check_version, cost_line, offer_data
from grants.offers.content import money, version_content
from grants.offers.drafts import draft_from_filed, store_draft
from grants.offers.filing import (
    filing_record,
    freeze,
    refuse_filing,
    signatories,
    signatories_text,
)
from grants.offers.models import Offer, OfferStatus, OfferVersion, VersionState
from grants.offers.services import ensure_draft, ensure_editor, ensure_filer

MAX_MONEY = cleaning.MAX_MONEY

UPDATE_KEYS = ("expected_results", "contribution_valuation", "own_financial", "own_personal",
               "own_in_kind", "beneficiaries_cash", "lead_cost_share", "schedule", "results",
               "cost_items", "partners")
# what the update may not change: the task, its purpose and who carries it out
UPDATE_FIXED_TEXTS = ("title", "place", "target_group", "need")


def start_update(offer: Offer, *, actor) -> OfferVersion:
    """A draft copying the filed version (every row and attachment), to be updated to the
    grant awarded."""
    ensure_editor(actor, offer)
    if offer.status != OfferStatus.FILED or offer.filed_version is None:
        raise InvalidTransition(N_("Zaktualizować można tylko złożoną ofertę."))
    if offer.draft_version is not None:
        return offer.draft_version
    filed = offer.filed_version
    draft = draft_from_filed(offer)
    number = draft.number
    audit.record(actor, "offer.update_started", draft,
                 after={"offer_id": offer.id, "version": number, "copied_from": filed.number})
    return draft


def save_update(version: OfferVersion, *, actor, data: Mapping[str, Any]) -> list[rules.Problem]:
    """Store the update draft: only the cost calculation, the sources of financing, the
    split of costs between joint offerors (the same offerors), the schedule and the results
    may change."""
    offer = version.offer
    ensure_editor(actor, offer)
    ensure_draft(version)
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
    store_draft(version, actor=actor, data=data, action="offer.update_saved")
    return check_version(version)


def check_update(version: OfferVersion, grant: Decimal) -> list[rules.Problem]:
    """The rules of filing applied to the update against the grant awarded: the grant parts
    sum to the grant exactly, the mode's maximum share and the own contribution, every
    other rule of the offer; the task's title and purpose unchanged."""
    offer = version.offer
    terms = call_terms(offer)
    terms.min_grant, terms.max_grant = Decimal("0.00"), MAX_MONEY  # the grant is decided
    problems = rules.check_offer(offer_data(version), terms)
    planned = costs.totals([cost_line(c) for c in version.cost_items]).grant
    if planned != q(grant):
        diff = q(grant) - planned
        text = (N_("Części kosztów finansowane z dotacji sumują się do %(planned)s, a "
                   "przyznana dotacja wynosi %(grant)s: brakuje %(diff)s. Suma musi być równa "
                   "przyznanej dotacji co do grosza.") if diff > 0 else
                N_("Części kosztów finansowane z dotacji sumują się do %(planned)s, a "
                   "przyznana dotacja wynosi %(grant)s: jest o %(diff)s za dużo. Suma musi być "
                   "równa przyznanej dotacji co do grosza."))
        problems.append(rules.Problem("grant", msg(text, planned=planned,
                                                   grant=Decimal(grant), diff=abs(diff))))
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
    goes into the frozen content. Filed by the organisation's administrators."""
    ensure_editor(actor, offer)
    ensure_filer(actor, offer)
    if offer.status != OfferStatus.FILED:
        raise InvalidTransition(N_("Zaktualizować można tylko złożoną ofertę."))
    version = offer.draft_version
    previous = offer.filed_version
    if version is None or previous is None:
        raise InvalidTransition(N_("Nie ma przygotowanej aktualizacji oferty."))
    reps = signatories(offer, signed_by)
    problems = check_update(version, grant)
    refuse_filing("Aktualizacji nie można złożyć: ", problems)
    filed_at = clock.now().replace(microsecond=0)
    signed_text = signatories_text(reps)
    filing = filing_record(actor, reps, filed_at, previous, update={
        "grant": money(grant), **{k: str(v) for k, v in (about or {}).items()}})
    content = version_content(version, filing=filing)
    with db.session.no_autoflush:
        sha = freeze(version, actor=actor, content=content, number=offer.number,
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
    ensure_editor(actor, offer)
    draft = offer.draft_version
    if draft is None:
        return None
    draft.state = VersionState.DISCARDED
    db.session.flush()
    audit.record(actor, "offer.update_discarded", draft,
                 before={"state": VersionState.DRAFT.value},
                 after={"state": VersionState.DISCARDED.value})
    return draft
