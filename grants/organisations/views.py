from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.route("/mine")
@login_required
def mine():
    return render_template("errors/error.html", status=200, message="TODO")


@bp.route("/staff")
@login_required
def staff_list():
    return render_template("errors/error.html", status=200, message="TODO")
