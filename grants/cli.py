"""Command-line verbs: `flask demo load`, `flask users create-admin`, `flask reminders send`.

The statutory rule set and the rate table are seeded by migration 0002 (`flask db upgrade`)."""

from __future__ import annotations

import click
from flask import Flask


def public_request_context(app: Flask):
    """A request context at the public address, so that commands (demo, reminders) can build
    the absolute links their e-mails carry."""
    return app.test_request_context(base_url=app.config["PUBLIC_BASE_URL"])


def register_cli(app: Flask) -> None:
    @app.cli.group("demo")
    def demo_group():
        """Demo data modelled on MOPS Sopot."""

    @demo_group.command("load")
    def demo_load():
        """Load the demo (idempotent) and print the demo accounts."""
        from grants.demo import ACCOUNTS, PASSWORD, load_demo
        from grants.extensions import db

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

    @app.cli.group("users")
    def users_group():
        """Accounts."""

    @users_group.command("create-admin")
    @click.option("--email", required=True)
    @click.option("--name", "full_name", required=True)
    @click.password_option()
    def create_admin(email: str, full_name: str, password: str):
        from grants.auth.services import create_user
        from grants.core.errors import DomainError
        from grants.extensions import db

        try:
            create_user(email=email, full_name=full_name, password=password, is_admin=True)
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        db.session.commit()
        click.echo(f"Administrator {email} created.")

    @app.cli.group("reminders")
    def reminders_group():
        """E-mail reminders about reports and returns (run daily by cron)."""

    @reminders_group.command("send")
    @click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                  help="The day of the run (YYYY-MM-DD); today in Warsaw by default.")
    def reminders_send(day):
        """Send the reminders due today (idempotent: a second run sends nothing twice)."""
        from grants.core import clock
        from grants.extensions import db
        from grants.reminders.services import send_reminders

        on = day.date() if day else clock.today()
        with public_request_context(app):
            summary = send_reminders(on)
            db.session.commit()
        click.echo(f"Reminders for {on.isoformat()}:")
        for kind, count in summary.items():
            click.echo(f"  {kind:22} {count}")
