"""E-mail: queued on the database session and sent only after a successful commit.

Each e-mail is rendered in its recipient's language (the language the account chose, Polish
for an address without an account or without a choice): templates/emails/<name>.txt in Polish,
templates/emails/en/<name>.txt in English. A template sets its subject with
`{% set subject = ... %}` (the `subject` argument is the fallback of a template without one)
and the organiser's signature (templates/emails/_signature.txt) is added under the text. Links
are absolute and built from PUBLIC_BASE_URL (`link_to` in templates, `public_url` in code),
never from the Host header of the request that caused the e-mail. The sender is
MAIL_DEFAULT_SENDER, shown with the organiser's name; replies go to the organiser's address.
Every message carries Date and Message-ID headers.

Backends: "console" (print), "file" (one .eml per message in MAIL_FILE_DIR),
"smtp" (MAIL_SERVER:MAIL_PORT; tests point it at a local aiosmtpd sink).
"""

from __future__ import annotations

import smtplib
import sys
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy import event
from sqlalchemy.orm import Session

from grants.core import clock
from grants.core.hooks import Hook

_KEY = "grants_outbox"
LANGUAGES = ("pl", "en")

# recipient_locales(addresses) -> {address (lower case): "pl" | "en"}: the language each
# address's account chose (auth provides it); an address missing there gets Polish.
recipient_locales = Hook("notifications.recipient_locales", default={})

# Where the organiser of the object an e-mail is about is found in its context.
_ORGANISER_PATHS = (("organiser",), ("contract", "organiser"), ("competition", "organiser"),
                    ("offer", "organiser"), ("offer", "competition", "organiser"),
                    ("report", "contract", "organiser"), ("settlement", "contract", "organiser"))


def public_url(endpoint: str, **values) -> str:
    """The absolute address of a page at the configured public address (PUBLIC_BASE_URL),
    whatever request (or none: the command line) is being served."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def organiser_of(context: dict):
    """The organiser an e-mail speaks for: given as `organiser`, or the one of its object."""
    for path in _ORGANISER_PATHS:
        value = context.get(path[0])
        for name in path[1:]:
            value = getattr(value, name, None)
        if value is not None and hasattr(value, "short_name"):
            return value
    return None


def queue_mail(session: Session, *, to: str | list[str], template: str, subject: str = "",
               **context) -> None:
    """Render a mail now (templates/emails/<template>.txt, in each recipient's language) and
    send it after commit. Recipients sharing a language share one message."""
    recipients = [to] if isinstance(to, str) else list(to)
    context.setdefault("organiser", organiser_of(context))
    locales = recipient_locales([r.lower() for r in recipients]) if recipients else {}
    by_language: dict[str, list[str]] = {}
    for address in recipients:
        language = locales.get(address.lower(), "pl")
        by_language.setdefault(language if language in LANGUAGES else "pl", []).append(address)
    app = current_app._get_current_object()
    for language, addresses in by_language.items():
        with force_locale(language):
            text, title = _render(template, language, subject, context)
        mail = _message(app, addresses, title, text, context["organiser"])
        session.info.setdefault(_KEY, []).append((app, mail))


def _template(name: str, language: str):
    env = current_app.jinja_env
    if language != "pl":
        try:
            return env.get_template(f"emails/{language}/{name}.txt")
        except TemplateNotFound:
            current_app.logger.warning("no %s version of the e-mail %s", language, name)
    return env.get_template(f"emails/{name}.txt")


def _render(name: str, language: str, subject, context: dict) -> tuple[str, str]:
    values = dict(context, link_to=public_url, language=language)
    current_app.update_template_context(values)
    module = _template(name, language).make_module(values)
    signature = _template("_signature", language).render(values)
    body = str(module).strip() + "\n\n" + signature.strip() + "\n"
    title = getattr(module, "subject", None) or str(subject)
    return body, " ".join(str(title).split())


def _message(app, recipients: list[str], subject: str, body: str, organiser) -> EmailMessage:
    name, address = parseaddr(app.config["MAIL_DEFAULT_SENDER"])
    display = organiser.name if organiser is not None else (
        name or app.config.get("MAIL_SENDER_NAME", ""))
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = formataddr((display, address)) if display else address
    mail["To"] = ", ".join(recipients)
    if organiser is not None and getattr(organiser, "email", ""):
        mail["Reply-To"] = organiser.email
    mail["Date"] = format_datetime(clock.now())
    mail["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or None)
    mail.set_content(body)
    return mail


def send_now(app, mail: EmailMessage) -> None:
    backend = app.config.get("MAIL_BACKEND", "console")
    if backend == "console":
        print(f"--- e-mail ---\n{mail}", file=sys.stderr)
    elif backend == "file":
        folder = Path(app.config["MAIL_FILE_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        stamp = clock.now().strftime("%Y%m%dT%H%M%S%f")
        (folder / f"{stamp}.eml").write_bytes(bytes(mail))
    elif backend == "smtp":
        with smtplib.SMTP(app.config["MAIL_SERVER"], app.config["MAIL_PORT"], timeout=10) as s:
            if app.config.get("MAIL_USE_TLS"):
                s.starttls()
            if app.config.get("MAIL_USERNAME"):
                s.login(app.config["MAIL_USERNAME"], app.config["MAIL_PASSWORD"])
            s.send_message(mail)
    elif backend == "none":
        return
    else:  # pragma: no cover - configuration error
        raise RuntimeError(f"unknown MAIL_BACKEND {backend!r}")


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    outbox = session.info.pop(_KEY, [])
    for app, mail in outbox:
        try:
            send_now(app, mail)
        except OSError:  # mail failure never loses the committed data
            app.logger.exception("could not send e-mail to %s", mail["To"])


@event.listens_for(Session, "after_soft_rollback")
def _drop_after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(_KEY, None)
