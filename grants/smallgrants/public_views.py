"""Small grants for everyone: the published offers and the comment form (art. 19a ust. 3),
guarded by a honeypot, a signed single-use form token (too fast, too old or used before is
refused) and a rate limit. The comment goes through grants.core.actions.run."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from grants.core import actions, clock
from grants.core.i18n import N_
from grants.extensions import limiter
from grants.smallgrants import antispam, comments, permissions, queries
from grants.smallgrants.forms import CommentForm
from grants.smallgrants.models import SmallGrantOffer
from grants.smallgrants.views import bp, offer_content, send_pdf

THANKS = N_("Dziękujemy. Uwaga zostanie opublikowana po sprawdzeniu przez urzędnika.")


def _comment_limit() -> str:
    return current_app.config.get("SMALL_GRANT_COMMENT_RATE_LIMIT", "5 per minute;30 per hour")


@bp.route("/male-granty")
def public_list():
    today = clock.today()
    offers = queries.public_offers(today)
    return render_template("smallgrants/public_list.html", offers=offers, today=today,
                           open_ids={o.id for o in offers if comments.comment_period_open(o)})


def _comment_form_token(offer: SmallGrantOffer) -> str:
    return antispam.form_token(current_app.config["SECRET_KEY"], offer.id, clock.now())


def _render_public(offer, form=None, *, status=200, message=None):
    if form is None:
        form = CommentForm(formdata=None)
    form.started.data = _comment_form_token(offer)
    return render_template("smallgrants/public_detail.html", offer=offer,
                           c=offer_content(offer), form=form, message=message,
                           comment_open=comments.comment_period_open(offer)), status


def _max_seconds() -> int:
    return current_app.config.get("SMALL_GRANT_COMMENT_MAX_SECONDS", 6 * 3600)


def _token_refusal(form, offer_id: int) -> str | None:
    return antispam.check_form_token(
        current_app.config["SECRET_KEY"], form.started.data, offer_id, clock.now(),
        min_seconds=current_app.config.get("SMALL_GRANT_COMMENT_MIN_SECONDS", 5),
        max_seconds=_max_seconds())


@bp.route("/male-granty/<int:offer_id>/pdf")
def public_pdf(offer_id: int):
    """The published offer's PDF, for anybody from the publication day."""
    offer = queries.get_offer(offer_id)
    if offer is None or not permissions.can_view_public(offer, clock.today()):
        abort(404)
    return send_pdf(offer)


@bp.route("/male-granty/<int:offer_id>", methods=["GET", "POST"])
@limiter.limit(_comment_limit, methods=["POST"])
def public_detail(offer_id: int):
    offer = queries.get_offer(offer_id)
    if offer is None or not permissions.can_view_public(offer, clock.today()):
        abort(404)
    if request.method == "GET":
        return _render_public(offer)
    form = CommentForm()
    back = url_for("smallgrants.public_detail", offer_id=offer.id)
    if (form.website.data or "").strip():
        # the honeypot was filled in: a bot. Answer as if accepted, store nothing.
        current_app.logger.info("small-grant comment refused (honeypot), offer %s", offer.id)
        flash(_(THANKS), "success")
        return redirect(back)
    if not form.validate_on_submit():
        return _render_public(offer, form, status=422)
    refusal = _token_refusal(form, offer.id)
    if refusal:
        return _render_public(offer, form, status=422, message=_(refusal))
    token = antispam.read_form_token(current_app.config["SECRET_KEY"], form.started.data)
    return actions.run(
        lambda: comments.submit_comment(offer, author_name=form.author_name.data or "",
                                        email=form.email.data or "",
                                        text=form.text.data or "", token=token,
                                        token_expires=token.expires_at(_max_seconds())),
        form=form, next=back, success=_(THANKS),
        refused=lambda r: _render_public(offer, form, status=r.status,
                                         message=" ".join(r.messages)))
