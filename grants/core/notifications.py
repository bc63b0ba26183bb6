"""E-mail: queued on the database session and sent only after a successful commit.

Backends: "console" (print), "file" (one .eml per message in MAIL_FILE_DIR),
"smtp" (MAIL_SERVER:MAIL_PORT; tests point it at a local aiosmtpd sink).
"""

from __future__ import annotations

import smtplib
import sys
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import event
from sqlalchemy.orm import Session

from grants.core import clock

_KEY = "grants_outbox"


def queue_mail(session: Session, *, to: str | list[str], subject: str, template: str,
               **context) -> None:
    """Render a mail now (templates/emails/<template>.txt) and send it after commit."""
    recipients = [to] if isinstance(to, str) else list(to)
    body = render_template(f"emails/{template}.txt", **context)
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    msg["To"] = ", ".join(recipients)
    msg.set_content(body)
    session.info.setdefault(_KEY, []).append((current_app._get_current_object(), msg))


def send_now(app, msg: EmailMessage) -> None:
    backend = app.config.get("MAIL_BACKEND", "console")
    if backend == "console":
        print(f"--- e-mail ---\n{msg}", file=sys.stderr)
    elif backend == "file":
        folder = Path(app.config["MAIL_FILE_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        stamp = clock.now().strftime("%Y%m%dT%H%M%S%f")
        (folder / f"{stamp}.eml").write_bytes(bytes(msg))
    elif backend == "smtp":
        with smtplib.SMTP(app.config["MAIL_SERVER"], app.config["MAIL_PORT"], timeout=10) as s:
            if app.config.get("MAIL_USE_TLS"):
                s.starttls()
            if app.config.get("MAIL_USERNAME"):
                s.login(app.config["MAIL_USERNAME"], app.config["MAIL_PASSWORD"])
            s.send_message(msg)
    elif backend == "none":
        return
    else:  # pragma: no cover - configuration error
        raise RuntimeError(f"unknown MAIL_BACKEND {backend!r}")


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    outbox = session.info.pop(_KEY, [])
    for app, msg in outbox:
        try:
            send_now(app, msg)
        except OSError:  # mail failure never loses the committed data
            app.logger.exception("could not send e-mail to %s", msg["To"])


@event.listens_for(Session, "after_soft_rollback")
def _drop_after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_KEY, None)
