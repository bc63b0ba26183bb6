from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/rules")
@login_required
def rules():
    return render_template("errors/error.html", status=200, message="TODO")
