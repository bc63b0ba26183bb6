"""The public comment form's token is single-use (issue 10, Low): a token accepted once cannot
post a second comment, on this app server or any other (the used tokens are in the database),
and the record of used tokens does not grow for ever (rows past the token's expiry go)."""

from __future__ import annotations

import datetime as dt
import re
import threading
from datetime import date, timedelta
from html import unescape

import pytest
from flask_babel import refresh
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from grants.core import clock
from grants.core.errors import InvalidTransition
from grants.extensions import db
from grants.smallgrants import antispam, comments
from grants.smallgrants.models import (
    SmallGrantComment,
    SmallGrantCommentToken,
    SmallGrantOffer,
)
from tests.support.smallgrants import published_offer, set_plan, warsaw


@pytest.fixture
def published(world):
    set_plan(world, 2026)
    with clock.frozen_at(warsaw(2026, 5, 12, 9)):
        return published_offer(world, published_on=date(2026, 5, 12))


def _shown_form(client, offer, when) -> str:
    with clock.frozen_at(when):
        r = client.get(f"/male-granty/{offer.id}")
    assert r.status_code == 200
    return re.search(r'name="started" type="hidden" value="([^"]+)"',
                     r.get_data(as_text=True)).group(1)


def _comment(client, offer, token, when, text="Popieram tę ofertę."):
    body = {"author_name": "Jan Mieszkaniec", "email": "", "text": text, "website": "",
            "started": token}
    with clock.frozen_at(when):
        return client.post(f"/male-granty/{offer.id}", data=body)


def _count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(SmallGrantComment.id)))


def test_a_token_posts_once_and_a_replay_is_refused_with_a_message(world, client, published):
    shown = warsaw(2026, 5, 13, 10)
    token = _shown_form(client, published, shown)
    assert _comment(client, published, token, shown + timedelta(seconds=30)).status_code == 302
    replay = _comment(client, published, token, shown + timedelta(minutes=2),
                      text="Druga uwaga tym samym formularzem.")
    assert replay.status_code == 409
    page = unescape(replay.get_data(as_text=True))
    assert "Ten formularz został już wysłany" in page
    assert "Druga uwaga tym samym formularzem." in page          # what was typed is kept
    assert _count() == 1
    # the page of the refusal gives a fresh token: the second comment goes with it
    fresh = re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)
    assert fresh != token
    r = _comment(client, published, fresh, shown + timedelta(minutes=3),
                 text="Druga uwaga tym samym formularzem.")
    assert r.status_code == 302 and _count() == 2


def test_a_replay_is_refused_in_english_too(world, client, published):
    shown = warsaw(2026, 5, 13, 10)
    token = _shown_form(client, published, shown)
    _comment(client, published, token, shown + timedelta(seconds=30))
    with client.session_transaction() as sess:
        sess["lang"] = "en"
    refresh()  # requests share the test's app context: let this one choose its language
    r = _comment(client, published, token, shown + timedelta(minutes=1))
    assert r.status_code == 409
    assert "This form has already been sent" in unescape(r.get_data(as_text=True))


def test_a_refused_comment_does_not_use_up_its_token(world, client, published):
    shown = warsaw(2026, 5, 13, 10)
    token = _shown_form(client, published, shown)
    assert _comment(client, published, token, shown + timedelta(seconds=30),
                    text="x").status_code == 422            # too short: nothing stored
    assert _comment(client, published, token, shown + timedelta(seconds=60)).status_code == 302
    assert _count() == 1


def test_a_token_used_on_another_app_server_is_refused(world, app, client, published):
    """Another app server shares only the database: the used token's row there is enough."""
    shown = warsaw(2026, 5, 13, 10)
    token = _shown_form(client, published, shown)
    data = antispam.read_form_token(app.config["SECRET_KEY"], token)
    db.session.add(SmallGrantCommentToken(
        digest=data.digest, offer_id=published.id, used_at=shown + timedelta(seconds=20),
        expires_at=data.expires_at(6 * 3600)))
    db.session.commit()
    r = _comment(client, published, token, shown + timedelta(seconds=30))
    assert r.status_code == 409 and _count() == 0


def test_only_the_nonce_digest_is_stored_and_expired_rows_are_removed(world, published):
    old = antispam.FormToken(published.id, int(warsaw(2026, 5, 12, 10).timestamp()),
                             "a" * 22)
    with clock.frozen_at(warsaw(2026, 5, 12, 10, 1)):
        comments.submit_comment(published, author_name="A", text="Pierwsza uwaga.",
                                token=old, token_expires=old.expires_at(3600))
    [row] = db.session.scalars(select(SmallGrantCommentToken))
    assert row.digest == antispam.nonce_digest("a" * 22) and "a" * 22 not in row.digest
    new = antispam.FormToken(published.id, int(warsaw(2026, 5, 13, 10).timestamp()),
                             "b" * 22)
    with clock.frozen_at(warsaw(2026, 5, 13, 10, 1)):        # the first expired a day ago
        comments.submit_comment(published, author_name="B", text="Druga uwaga.",
                                token=new, token_expires=new.expires_at(3600))
    digests = [r.digest for r in db.session.scalars(select(SmallGrantCommentToken))]
    assert digests == [antispam.nonce_digest("b" * 22)]


def test_the_service_refuses_a_used_token(world, published):
    token = antispam.FormToken(published.id, int(warsaw(2026, 5, 13, 10).timestamp()), "c" * 22)
    with clock.frozen_at(warsaw(2026, 5, 13, 10, 1)):
        comments.submit_comment(published, author_name="A", text="Uwaga.", token=token,
                                token_expires=token.expires_at(3600))
        with pytest.raises(InvalidTransition, match="już wysłany"):
            comments.submit_comment(published, author_name="A", text="Uwaga 2.", token=token,
                                    token_expires=token.expires_at(3600))


def test_the_database_refuses_a_second_row_for_one_digest(world, published):
    at = warsaw(2026, 5, 13, 10)
    for _ in range(2):
        db.session.add(SmallGrantCommentToken(digest="d" * 64, offer_id=published.id,
                                              used_at=at, expires_at=at + timedelta(hours=1)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("token", [
    # a token signed before tokens had a nonce, and one whose nonce is not text
    "old", "int-nonce"])
def test_a_token_without_a_proper_nonce_is_invalid(token):
    from itsdangerous import URLSafeSerializer

    payload = {"o": 1, "t": 1, **({"n": 12345678901234567890} if token == "int-nonce" else {})}
    signed = URLSafeSerializer("s", salt=antispam.SALT).dumps(payload)
    assert antispam.read_form_token("s", signed) is None
    assert antispam.check_form_token("s", signed, 1, dt.datetime.fromtimestamp(60, dt.UTC),
                                     min_seconds=5, max_seconds=3600) == antispam.INVALID


@pytest.mark.postgres
def test_two_app_servers_posting_one_token_at_once_store_one_comment(world, app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    set_plan(world, 2026)
    with clock.frozen_at(warsaw(2026, 5, 12, 9)):
        offer_id = published_offer(world, published_on=date(2026, 5, 12)).id
    db.session.commit()
    token = antispam.FormToken(offer_id, int(warsaw(2026, 5, 13, 10).timestamp()), "e" * 22)
    barrier = threading.Barrier(2)
    outcome: list[str] = []

    def worker(n: int) -> None:
        with app.app_context(), clock.frozen_at(warsaw(2026, 5, 13, 10, 1)):
            offer = db.session.get(SmallGrantOffer, offer_id)
            barrier.wait()
            try:
                comments.submit_comment(offer, author_name=f"Osoba {n}", text="Ta sama uwaga.",
                                        token=token, token_expires=token.expires_at(3600))
                db.session.commit()
                outcome.append("stored")
            except InvalidTransition:
                db.session.rollback()
                outcome.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcome) == ["refused", "stored"]
    assert _count() == 1
