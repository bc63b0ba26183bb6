"""Public pages (no login) and the signed-in user's start page."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from grants.admin.statement import current_statement
from grants.core.i18n import translate
from grants.public.cookies import cookie_list
from grants.today import views as today_views

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    return redirect(url_for("calls.public_list"))


@bp.route("/start")
@login_required
def dashboard():
    """Where a user lands after login: what needs them today (grants.today)."""
    return today_views.page(current_user)


@bp.route("/deklaracja-dostepnosci")
def accessibility():
    statement = current_statement()
    site_url = (statement.site_url if statement is not None and statement.site_url
                else current_app.config["PUBLIC_BASE_URL"])
    return render_template("public/accessibility.html", statement=statement, site_url=site_url)


@bp.route("/cookies")
def cookies():
    """Which cookies the system sets and why, read from the configuration (only what it needs
    to work: no consent is asked for)."""
    shown = [replace(item, purpose=translate(item.purpose), lifetime=translate(item.lifetime))
             for item in cookie_list(current_app.config)]
    return render_template("public/cookies.html", cookies=shown)


@bp.route("/ochrona-danych")
def privacy():
    return render_template("public/privacy.html")
