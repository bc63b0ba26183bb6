"""Public pages (no login) and the signed-in user's start page."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from grants.auth import roles
from grants.auth.models import StaffRoleKind

bp = Blueprint("public", __name__)


@bp.route("/")
def index():
    return redirect(url_for("calls.public_list"))


@bp.route("/start")
@login_required
def dashboard():
    """Where a user lands after login: the place of their main work."""
    if roles.organiser_ids(current_user, StaffRoleKind.OFFICER):
        return redirect(url_for("calls.manage"))
    if roles.organiser_ids(current_user, StaffRoleKind.COMMITTEE):
        return redirect(url_for("evaluation.my_competitions"))
    if roles.organiser_ids(current_user, StaffRoleKind.FINANCE):
        return redirect(url_for("finance.dashboard"))
    if roles.is_staff(current_user):
        return redirect(url_for("organisations.staff_list"))
    if roles.is_admin(current_user):
        return redirect(url_for("admin.rules"))
    return redirect(url_for("offers.my_offers"))


@bp.route("/deklaracja-dostepnosci")
def accessibility():
    return render_template("public/accessibility.html")


@bp.route("/ochrona-danych")
def privacy():
    return render_template("public/privacy.html")
