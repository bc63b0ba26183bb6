from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("calls", __name__)


@bp.route("/konkursy")
def public_list():
    return render_template("errors/error.html", status=200, message="TODO")


@bp.route("/officer/competitions")
@login_required
def manage():
    return render_template("errors/error.html", status=200, message="TODO")
