"""The finance dashboard (tranches due, reports due and overdue, returns with interest to date,
money paid, settled and returned per month and per competition) and the export of the
transfers due for the bank (CSV, XLSX).

Thin views: parse the GET parameters (WTForms) -> authorize (finance.permissions, built on the
contracts' rules) -> read (finance.queries) -> render. Nothing here changes data.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import get_month_names
from flask import Blueprint, abort, make_response, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grants.core import clock
from grants.finance import charts, exports, forms, permissions, queries
from grants.finance.labels import MEASURE_LABELS, REPORT_LABELS, RETURN_LABELS
from grants.finance.permissions import can_see_finance_dashboard

bp = Blueprint("finance", __name__)

DEFAULT_HORIZON = 14
EXPORT_DAYS = 7
LIST_LIMIT = 50          # rows shown per list unless "wszystko=1" (totals count every row)
CHART_COMPETITIONS = 12  # competitions charted one by one; the rest are one bar


def _sum(values) -> Decimal:
    return sum(values, Decimal("0.00"))


def _top_competitions(rows: list[queries.MoneyRow], limit: int) -> list[queries.MoneyRow]:
    """The `limit` competitions with the most money (in their original order), then the rest
    summed in one row: a chart of 1 800 competitions is unreadable and slow to draw."""
    if len(rows) <= limit + 1:
        return rows
    ranked = sorted(rows, key=lambda r: r.paid + r.settled + r.returned, reverse=True)
    top = {id(r) for r in ranked[:limit]}
    rest = [r for r in rows if id(r) not in top]
    others = queries.MoneyRow(label=_("Pozostałe (%(n)d)", n=len(rest)), competition_id=0)
    for measure in queries.MEASURES:
        others.add(measure, _sum(getattr(r, measure) for r in rest))
    return [r for r in rows if id(r) in top] + [others]


def _charts(money: queries.MoneyYear):
    series = [charts.Series(key=m, label=_(MEASURE_LABELS[m]),
                            values=[getattr(r, m) for r in money.months])
              for m in queries.MEASURES]
    months = get_month_names("abbreviated", context="stand-alone", locale=str(get_locale()))
    by_month = charts.bar_chart("wykres-miesiace", [months[m] for m in range(1, 13)], series)
    by_competition = None
    if money.competitions:
        series = [charts.Series(key=m, label=_(MEASURE_LABELS[m]),
                                values=[getattr(r, m) for r in money.competitions])
                  for m in queries.MEASURES]
        by_competition = charts.bar_chart(
            "wykres-konkursy", [str(i) for i in range(1, len(money.competitions) + 1)], series)
    return by_month, by_competition


def _shown(rows: list, full: bool) -> list:
    return rows if full else rows[:LIST_LIMIT]




def _render_dashboard(*, export_form: forms.ExportForm | None = None, status: int = 200):
    if not can_see_finance_dashboard(current_user):
        abort(403)
    organiser_ids = permissions.dashboard_organiser_ids(current_user)
    today = clock.today()
    years = sorted(set(queries.years_with_money(organiser_ids)) | {today.year - 1, today.year})
    form = forms.DashboardFilterForm(formdata=request.args)
    form.set_years(years)
    year, days = form.choose(year=today.year, days=DEFAULT_HORIZON)
    until = today + dt.timedelta(days=days)
    tranches = queries.tranches_due(organiser_ids, until, today=today)
    reports = queries.reports_due(organiser_ids, today=today, within_days=days)
    returns = queries.returns_due(organiser_ids, today=today)
    money = queries.money_in_year(organiser_ids, year)
    full = request.args.get("wszystko") == "1"
    if not full:
        money.competitions = _top_competitions(money.competitions, CHART_COMPETITIONS)
    by_month, by_competition = _charts(money)
    can_export = permissions.can_export_transfers(current_user)
    if export_form is None and can_export:
        export_form = forms.ExportForm(formdata=None,
                                       do=today + dt.timedelta(days=EXPORT_DAYS))
    month_names = get_month_names("wide", context="stand-alone", locale=str(get_locale()))
    body = render_template(
        "finance/dashboard.html", form=form, year=year, days=days, today=today, until=until,
        tranches=_shown(tranches, full), reports=_shown(reports, full),
        returns=_shown(returns, full), money=money, full=full,
        counts={"tranches": len(tranches), "reports": len(reports), "returns": len(returns)},
        month_names=month_names, chart_month=by_month, chart_competition=by_competition,
        measures=queries.MEASURES, measure_labels=MEASURE_LABELS,
        return_labels=RETURN_LABELS, report_labels=REPORT_LABELS,
        small_grants_label=queries.SMALL_GRANTS_LABEL,
        totals={
            "payable": _sum(t.left for t in tranches if t.payable),
            "blocked": _sum(t.left for t in tranches if not t.payable),
            "principal": _sum(r.principal_left for r in returns),
            "interest": _sum(r.interest for r in returns),
            "reports_overdue": sum(1 for r in reports if r.overdue),
            "reports_soon": sum(1 for r in reports if not r.overdue),
        },
        can_export=can_export, export_form=export_form)
    return body, status


@bp.get("/finanse")
@login_required
def dashboard():
    return _render_dashboard()


def _transfers_for_export():
    """The payable tranches due up to the asked day (default: today + 7 days), or a response
    re-rendering the dashboard with the message when the day is not a date."""
    if not permissions.can_export_transfers(current_user):
        abort(403)
    today = clock.today()
    if "do" in request.args:
        form = forms.ExportForm(formdata=request.args)
        if not form.validate():
            return None, _render_dashboard(export_form=form, status=422)
        until = form.do.data
    else:
        until = today + dt.timedelta(days=EXPORT_DAYS)
    rows = [t for t in queries.tranches_due(permissions.export_organiser_ids(current_user),
                                            until, today=today) if t.payable]
    return (rows, until), None


def _download(data: bytes, mimetype: str, filename: str):
    response = make_response(data)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/finanse/przelewy.csv")
@login_required
def transfers_csv():
    found, refused = _transfers_for_export()
    if refused is not None:
        return refused
    rows, until = found
    return _download(exports.transfers_csv(rows), "text/csv; charset=utf-8",
                     f"przelewy-do-{until.isoformat()}.csv")


@bp.get("/finanse/przelewy.xlsx")
@login_required
def transfers_xlsx():
    found, refused = _transfers_for_export()
    if refused is not None:
        return refused
    rows, until = found
    return _download(exports.transfers_xlsx(rows),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     f"przelewy-do-{until.isoformat()}.xlsx")
