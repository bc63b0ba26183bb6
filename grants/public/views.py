"""Public pages (no login) and the signed-in user's start page."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

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
    return render_template("public/accessibility.html")


@bp.route("/ochrona-danych")
def privacy():
    return render_template("public/privacy.html")
