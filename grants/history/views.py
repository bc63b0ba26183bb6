"""The History tab of eight kinds of object and the administrators' log (/admin/audit) with
its CSV and XLSX export. Read only: no action, no audit entry."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user, login_required

from grants.calls.models import Competition
from grants.contracts.models import Contract
from grants.core.http import typed_id
from grants.core.i18n import N_
from grants.extensions import db
from grants.history import exports, filters, permissions, queries, scopes
from grants.offers.models import Offer
from grants.organisations.models import Organisation
from grants.settlements.models import Settlement
from grants.taskreports.models import TaskReport

bp = Blueprint("history", __name__)

MAX_PAGE = 100_000


def _committee(competition_id: int):
    competition = db.session.get(Competition, competition_id)
    return competition if competition and scopes.committee_of(competition) else None


def _committee_scope(competition):
    return scopes.committee_scope(scopes.committee_of(competition))


# kind -> (URL part, title, loader, scope, the object's page (endpoint, argument))
KINDS = {
    "competition": ("konkurs", N_("Historia konkursu"), lambda i: db.session.get(Competition, i),
                    scopes.competition_scope, ("calls.staff_detail", "competition_id")),
    "offer": ("oferta", N_("Historia oferty"), lambda i: db.session.get(Offer, i),
              scopes.offer_scope, ("offers.view", "offer_id")),
    "committee": ("komisja", N_("Historia komisji"), _committee, _committee_scope,
                  ("evaluation.compose", "competition_id")),
    "awards": ("rozstrzygniecie", N_("Historia rozstrzygnięcia"),
               lambda i: db.session.get(Competition, i), scopes.awards_scope,
               ("awards.decision", "competition_id")),
    "contract": ("umowa", N_("Historia umowy"), lambda i: db.session.get(Contract, i),
                 scopes.contract_scope, ("contracts.show", "contract_id")),
    "report": ("sprawozdanie", N_("Historia sprawozdania"), lambda i: db.session.get(TaskReport, i),
               scopes.report_scope, ("taskreports.show", "report_id")),
    "settlement": ("rozliczenie", N_("Historia rozliczenia"),
                   lambda i: db.session.get(Settlement, i), scopes.settlement_scope,
                   ("settlements.show", "settlement_id")),
    "organisation": ("organizacja", N_("Historia organizacji"),
                     lambda i: db.session.get(Organisation, i), scopes.organisation_scope,
                     ("organisations.view", "organisation_id")),
}


def _page_number() -> int:
    return min(typed_id(request.args.get("page")) or 1, MAX_PAGE)


def _per_page() -> int:
    return current_app.config.get("PAGE_SIZE", 20)


def _object_history(kind: str, obj_id: int):
    _part, title, load, scope_of, (endpoint, arg) = KINDS[kind]
    obj = load(obj_id)
    if not permissions.can_see_history(current_user, kind, obj):
        abort(permissions.refusal_status(current_user, kind, obj))
    page = db.paginate(queries.scope_stmt(scope_of(obj)), page=_page_number(),
                       per_page=_per_page(), error_out=False)
    return render_template("history/object.html", title=title, kind=kind, obj=obj,
                           label=_object_label(obj),
                           rows=queries.rows(list(page.items)), page=page,
                           back=url_for(endpoint, **{arg: obj_id}),
                           here=f"history.{kind}", here_args={"obj_id": obj_id})


def _object_label(obj) -> str:
    """What names the object in the page's title (its number, name or title; else its id), so
    that each history page has its own title."""
    for attr in ("number", "name", "title"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)
    return f"#{obj.id}"


def _register(kind: str) -> None:
    def view(obj_id: int):
        return _object_history(kind, obj_id)
    view.__name__ = kind
    bp.add_url_rule(f"/historia/{KINDS[kind][0]}/<int:obj_id>", kind, login_required(view))


for _kind in KINDS:
    _register(_kind)


def history_url(kind: str, obj) -> str | None:
    """The History tab's address for the current user, None when they may not see it."""
    if not permissions.can_see_history(current_user, kind, obj):
        return None
    return url_for(f"history.{kind}", obj_id=obj.id)


@bp.app_context_processor
def _helpers() -> dict:
    return {"history_url": history_url}


def _export_max() -> int:
    return current_app.config.get("AUDIT_EXPORT_MAX", 20_000)


def _log_access():
    if not permissions.can_read_log(current_user):
        abort(403)
    return filters.parse(request.args)


@bp.get("/admin/audit")
@login_required
def audit_log():
    found = _log_access()
    page = None
    if not found.errors:
        stmt = filters.apply(queries.scope_stmt_all(), found)
        page = db.paginate(stmt, page=_page_number(), per_page=_per_page(), error_out=False)
    return render_template("history/log.html", found=found, page=page,
                           rows=queries.rows(list(page.items)) if page else [],
                           types=queries.object_types(), export_max=_export_max()
                           ), (400 if found.errors else 200)


@bp.get("/admin/audit.<any(csv, xlsx):fmt>")
@login_required
def audit_export(fmt: str):
    found = _log_access()
    if found.errors:
        return audit_log()
    stmt = filters.apply(queries.scope_stmt_all(), found)
    return exports.response(stmt, fmt, _export_max())

