"""Command-line verbs: `flask demo load`, `flask users create-admin`, `flask reminders send`,
`flask files purge-orphans`.

The statutory rule set and the rate table are seeded by migration 0002 (`flask db upgrade`)."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from grants.auth.services import create_user
from grants.core import clock
from grants.core.errors import DomainError
from grants.demo import load_demo
from grants.demo.people import ACCOUNTS, PASSWORD
from grants.documents.orphans import purge_orphans
from grants.extensions import db
from grants.reminders.services import send_reminders

demo_cli = AppGroup("demo", help="Demo data modelled on MOPS Sopot.")
users_cli = AppGroup("users", help="Accounts.")
reminders_cli = AppGroup(
    "reminders", help="E-mail reminders about reports and returns (run daily by cron).")
files_cli = AppGroup("files", help="Stored files.")


def public_request_context(app: Flask):
    """A request context at the public address, so that commands (demo, reminders) can build
    the absolute links their e-mails carry."""
    return app.test_request_context(base_url=app.config["PUBLIC_BASE_URL"])


@demo_cli.command("load")
def demo_load():
    """Load the demo (idempotent) and print the demo accounts."""
    app = current_app._get_current_object()
    backend = app.config["MAIL_BACKEND"]
    app.config["MAIL_BACKEND"] = "none"  # the demo's organisations are fictitious
    try:
        with public_request_context(app):
            load_demo()
            db.session.commit()
    finally:
        app.config["MAIL_BACKEND"] = backend
    click.echo(f"Demo data loaded. Accounts (password for all: {PASSWORD}):")
    for email, role in ACCOUNTS:
        click.echo(f"  {email:38} {role}")


@users_cli.command("create-admin")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.password_option()
def create_admin(email: str, full_name: str, password: str):
    """Create an administrator account."""
    try:
        create_user(email=email, full_name=full_name, password=password, is_admin=True,
                    verified=True)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"Administrator {email} created.")


@reminders_cli.command("send")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day of the run (YYYY-MM-DD); today in Warsaw by default.")
def reminders_send(day):
    """Send the reminders due today (idempotent: a second run sends nothing twice)."""
    on = day.date() if day else clock.today()
    with public_request_context(current_app._get_current_object()):
        summary = send_reminders(on)
        db.session.commit()
    click.echo(f"Reminders for {on.isoformat()}:")
    for kind, count in summary.items():
        click.echo(f"  {kind:22} {count}")


@files_cli.command("purge-orphans")
@click.option("--older-than-hours", "hours", type=click.IntRange(min=0), default=None,
              help="Keep orphans younger than this (ORPHAN_FILE_HOURS by default).")
def files_purge_orphans(hours):
    """Delete the stored files nothing refers to any more (run daily by cron)."""
    hours = current_app.config["ORPHAN_FILE_HOURS"] if hours is None else hours
    purged = purge_orphans(actor=None, older_than=dt.timedelta(hours=hours))
    db.session.commit()
    click.echo(f"Deleted {purged.count} stored files nothing refers to ({purged.bytes} bytes).")


def register_cli(app: Flask) -> None:
    """Attach the command groups to the app's `flask` command."""
    for group in (demo_cli, users_cli, reminders_cli, files_cli):
        app.cli.add_command(group)
