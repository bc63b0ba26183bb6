from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("offers", __name__, url_prefix="/offers")


@bp.route("/mine")
@login_required
def my_offers():
    return render_template("errors/error.html", status=200, message="TODO")
