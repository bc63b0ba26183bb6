"""The public's comments on a published small-grant offer (art. 19a ust. 3): anyone submits
one during the comment period; an officer approves (shown publicly) or rejects it.
Services flush, never commit."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from grants.core import audit, clock
from grants.core.errors import DeadlinePassed, InvalidTransition, ValidationFailed
from grants.core.i18n import N_, msg
from grants.extensions import db
from grants.smallgrants import rules
from grants.smallgrants.antispam import FormToken
from grants.smallgrants.models import (
    CommentState,
    SmallGrantComment,
    SmallGrantCommentToken,
    SmallGrantOffer,
    SmallGrantStatus,
)
from grants.smallgrants.services import ensure_officer, ensure_status

COMMENT_MAX = 4000
COMMENT_MIN = 3
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_USED = N_("Ten formularz został już wysłany i uwaga została przyjęta. Aby zgłosić "
                "kolejną uwagę, wyślij formularz ponownie z tej strony.")



def comment_period_open(offer: SmallGrantOffer) -> bool:
    return offer.status == SmallGrantStatus.PUBLISHED and rules.is_comment_period_open(
        offer.published_on, offer.comment_end, clock.now())


def use_form_token(offer: SmallGrantOffer, token: FormToken, *,
                   expires_at: dt.datetime) -> None:
    """Record the form's token as used, in the comment's transaction (a refusal rolls it back
    and the token stays usable); a token used before is refused. The unique digest decides
    between app servers and between two posts at the same instant. Rows of tokens that have
    expired anyway are removed."""
    now = clock.now()
    db.session.execute(delete(SmallGrantCommentToken)
                       .where(SmallGrantCommentToken.expires_at < now))
    if db.session.scalar(select(SmallGrantCommentToken.id)
                         .where(SmallGrantCommentToken.digest == token.digest)) is not None:
        raise InvalidTransition(TOKEN_USED)
    try:
        with db.session.begin_nested():
            db.session.add(SmallGrantCommentToken(digest=token.digest, offer_id=offer.id,
                                                  used_at=now, expires_at=expires_at))
    except IntegrityError:
        raise InvalidTransition(TOKEN_USED) from None


def _ensure_period(offer: SmallGrantOffer, now: dt.datetime) -> None:
    if offer.status != SmallGrantStatus.PUBLISHED or offer.published_on is None:
        raise InvalidTransition(N_("Do tej oferty nie można zgłaszać uwag."))
    if not rules.is_comment_period_open(offer.published_on, offer.comment_end, now):
        if now < rules.comment_window(offer.published_on, offer.comment_end)[0]:
            raise DeadlinePassed(msg("Uwagi można zgłaszać od %(day)s.",
                                     day=offer.published_on))
        raise DeadlinePassed(msg("Okres zgłaszania uwag trwał od %(start)s do %(end)s - uwag nie "
                                 "można już zgłaszać.", start=offer.published_on,
                                 end=offer.comment_end))


def _field_errors(author_name: str, email: str, text: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
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
    return errors


def submit_comment(offer: SmallGrantOffer, *, author_name: str, email: str = "",
                   text: str, token: FormToken | None = None,
                   token_expires: dt.datetime | None = None) -> SmallGrantComment:
    """Anyone's comment during the comment period; pending until an officer moderates it.
    The public form's `token` (checked by antispam) is used up with it: a second comment
    with the same token is refused."""
    now = clock.now()
    _ensure_period(offer, now)
    author_name = (author_name or "").strip()
    email = (email or "").strip()
    text = (text or "").strip()
    errors = _field_errors(author_name, email, text)
    if errors:
        raise ValidationFailed(N_("Popraw zaznaczone pola - uwaga nie została przyjęta."),
                               field_errors=errors)
    if token is not None:
        use_form_token(offer, token, expires_at=token_expires or now)
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
    ensure_officer(actor, offer)
    ensure_status(offer, SmallGrantStatus.PUBLISHED,
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
