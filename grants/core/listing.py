"""Lists that find things: one declarative spec per list, the request's arguments parsed into
a state, the query searched, filtered, sorted and paged, and the same selection exported as
CSV or XLSX.

A view builds the query of what its viewer may see (the area's permissions) and hands it to
`build`; every filter and the search only add conditions to it (WHERE ... AND ...), so a
filter never widens a list: an NGO asking for another organisation's offers gets none.

The arguments live in the URL (GET), so a list can be bookmarked and sent:
  q=<text>  sort=<column key>  order=asc|desc  page=<n>  <filter key>=<value>  export=csv|xlsx
A bad value is ignored with a message on the page (never a 500). Sorting is by whitelisted
SQL expressions of the spec with the row's id as the stable tie-break; the page number is
bounded by the number of pages. A page costs a fixed number of statements (the count, the
rows and the spec's loader options), whatever the number of rows.

Exports hold every row the filters select (not only the page) in the chosen order, up to
EXPORT_LIMIT rows; more is refused with a message asking to narrow the filters. CSV: UTF-8
with a BOM, `;` between fields (Polish Excel's list separator), amounts as numbers with a
decimal point and two decimals (Decimal, never a float), dates ISO (YYYY-MM-DD, instants
"YYYY-MM-DD HH:MM" in Warsaw time); texts a spreadsheet would run are neutralised with an
apostrophe. XLSX: openpyxl's write-only workbook (constant memory), amounts as number cells
"0.00", dates as date cells "yyyy-mm-dd", texts as text cells (never formulas).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask import flash, redirect, render_template, request, send_file, url_for
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy import Select, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from grants.core import clock
from grants.core.i18n import N_, msg, translate
from grants.core.spreadsheets import ILLEGAL_CHARACTERS_RE, formula_like, neutralise

PER_PAGE = 25
MAX_PAGE = 100_000
MAX_QUERY = 100
EXPORT_LIMIT = 20_000
EXPORT_CHUNK = 500
EXPORTS = ("csv", "xlsx")
MIN_YEAR, MAX_YEAR = 2000, 2100
RESERVED = frozenset({"q", "sort", "order", "page", "export"})


# ---------------------------------------------------------------------------- the spec

@dataclass(frozen=True)
class Column:
    """A column of the list: its `label` (a Polish msgid), how a row gives its exported
    `value`, and, when sortable, the SQL expression it sorts by."""

    key: str
    label: str
    value: Callable[[Any], Any]
    sort: Any = None
    money: bool = False
    translated: bool = False                # the value is a msgid (a state's label)


@dataclass(frozen=True)
class Filter:
    """A filter: `kind` "choice" (one of `choices`, validated), "id" (a positive number: the
    rows of that object, among those the viewer sees anyway) or "year". `condition(value)`
    is the SQL added to the query; `choices` (value, label) are offered in the form (for
    "id", the objects the viewer may see; given per request)."""

    key: str
    label: str
    condition: Callable[[Any], ColumnElement[bool]]
    kind: str = "choice"
    choices: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class ListSpec:
    name: str                               # the file name of an export
    columns: tuple[Column, ...]
    id_column: Any                          # the tie-break of every order
    default_sort: str                       # a column key
    default_desc: bool = False
    # what `q` searches: SQL expressions, or functions of a LIKE pattern giving a condition
    # (e.g. an EXISTS over the versions)
    search: tuple[Any, ...] = ()
    search_label: str = N_("Szukaj")
    filters: tuple[Filter, ...] = ()
    per_page: int = PER_PAGE

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def with_choices(self, **choices: Sequence[tuple[str, str]]) -> ListSpec:
        """The spec with the choices of some filters given (for this request's viewer)."""
        filters = tuple(
            Filter(f.key, f.label, f.condition, f.kind, tuple(choices[f.key]))
            if f.key in choices else f for f in self.filters)
        return ListSpec(self.name, self.columns, self.id_column, self.default_sort,
                        self.default_desc, self.search, self.search_label, filters,
                        self.per_page)


# ---------------------------------------------------------------------------- the state

@dataclass
class ListState:
    """What the request asks for, validated; `problems` says what was ignored and why."""

    q: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    sort: str = ""
    desc: bool = False
    page: int = 1
    export: str = ""
    problems: list[str] = field(default_factory=list)


def _positive(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) and int(text) > 0 else None


def _filter_value(f: Filter, raw: str):
    """The value of filter `f` typed as `raw`, or None when it is not one."""
    if f.kind == "id":
        return _positive(raw)
    if f.kind == "year":
        year = _positive(raw)
        return year if year is not None and MIN_YEAR <= year <= MAX_YEAR else None
    return raw if raw in {value for value, _label in f.choices} else None


def parse(spec: ListSpec, args) -> ListState:
    """The state of `spec`'s list asked for by `args` (request.args: a MultiDict or a dict).
    Pure: no database."""
    state = ListState(sort=spec.default_sort, desc=spec.default_desc)
    state.q = " ".join((args.get("q") or "").split())[:MAX_QUERY]
    for f in spec.filters:
        raw = (args.get(f.key) or "").strip()
        if not raw:
            continue
        value = _filter_value(f, raw)
        if value is None:
            state.problems.append(msg("Pominięto filtr „%(name)s”: nieprawidłowa wartość.",
                                      name=msg(f.label)))
        else:
            state.filters[f.key] = value
    sort = args.get("sort") or ""
    column = spec.column(sort)
    if sort and (column is None or column.sort is None):
        state.problems.append(msg("Nie można sortować według „%(name)s”.", name=sort[:40]))
    elif column is not None:
        state.sort = sort
        state.desc = (args.get("order") or "") == "desc"
    page = args.get("page") or ""
    state.page = min(_positive(page) or 1, MAX_PAGE)
    export = args.get("export") or ""
    if export and export not in EXPORTS:
        state.problems.append(msg("Nieznany format eksportu: %(name)s.", name=export[:10]))
    elif export:
        state.export = export
    return state


# ---------------------------------------------------------------------------- the query

def matches(column, pattern: str) -> ColumnElement[bool]:
    """`column` holds the LIKE `pattern` (see like_pattern), case-insensitively."""
    return func.coalesce(column, "").ilike(pattern, escape="\\")


def like_pattern(text: str) -> str:
    """`text` as a LIKE pattern of its own characters anywhere (% _ and \\ escaped)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filtered(spec: ListSpec, stmt: Select, state: ListState) -> Select:
    """`stmt` narrowed by the search and the filters (conditions added, never removed).
    The search is case-insensitive: ILIKE on PostgreSQL, lower() LIKE lower() on SQLite
    (whose lower() folds ASCII letters only); every word must occur in one of the columns."""
    for word in state.q.split():
        pattern = like_pattern(word)
        stmt = stmt.where(or_(*(c(pattern) if callable(c) else matches(c, pattern)
                                for c in spec.search)))
    for f in spec.filters:
        if f.key in state.filters:
            stmt = stmt.where(f.condition(state.filters[f.key]))
    return stmt


def ordered(spec: ListSpec, stmt: Select, state: ListState) -> Select:
    column = spec.column(state.sort) or spec.column(spec.default_sort)
    keys = [column.sort] if column is not None and column.sort is not None else []
    keys.append(spec.id_column)
    return stmt.order_by(None).order_by(*(k.desc() if state.desc else k.asc() for k in keys))


def in_year(column, year: int, *, instant: bool = True) -> ColumnElement[bool]:
    """`column` (an instant, or a date when not `instant`) falls in `year`, Warsaw time; a
    range, so that an index on the column serves it."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    if instant:
        start = clock.local_instant(start, dt.time(0, 0))
        end = clock.local_instant(end, dt.time(0, 0))
    return (column >= start) & (column < end)


def choices_of(enum_labels: dict) -> tuple[tuple[str, str], ...]:
    """(value, label msgid) of an enum's labels, for a "choice" filter."""
    return tuple((str(getattr(k, "value", k)), label) for k, label in enum_labels.items())


# ---------------------------------------------------------------------------- the page

@dataclass
class Listing:
    """One page of a list, with what the templates need to draw its form, headers, pages and
    export links (`url` keeps the other arguments)."""

    spec: ListSpec
    state: ListState
    items: list
    total: int
    endpoint: str
    view_args: dict

    @property
    def page(self) -> int:
        return self.state.page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.spec.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.spec.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.spec.per_page, self.total)

    def args(self, **changes) -> dict:
        """The list's arguments (only those that differ from the defaults) with `changes`;
        a change to None drops that argument."""
        s, spec = self.state, self.spec
        current = {"q": s.q or None, "page": s.page if s.page > 1 else None,
                   "export": None}
        if (s.sort, s.desc) != (spec.default_sort, spec.default_desc):
            current.update(sort=s.sort, order="desc" if s.desc else "asc")
        current.update({k: v for k, v in s.filters.items()})
        current.update(changes)
        return {k: v for k, v in current.items() if v not in (None, "")}

    @property
    def base_url(self) -> str:
        """The list without arguments (the action of its GET form)."""
        return url_for(self.endpoint, **self.view_args)

    def url(self, **changes) -> str:
        return url_for(self.endpoint, **self.view_args, **self.args(**changes))

    def sort_url(self, key: str) -> str:
        """Sort by `key`: ascending, or the other way when it is already the order."""
        desc = not self.state.desc if self.state.sort == key else False
        return self.url(sort=key, order="desc" if desc else "asc", page=None)

    def aria_sort(self, key: str) -> str | None:
        if self.state.sort != key:
            return None
        return "descending" if self.state.desc else "ascending"

    def export_url(self, fmt: str) -> str:
        return self.url(export=fmt, page=None)

    @property
    def filtering(self) -> bool:
        return bool(self.state.q or self.state.filters)

    @property
    def messages(self) -> list[str]:
        """What was ignored in the arguments, in the viewer's language."""
        return [translate(p) for p in self.state.problems]


def count(stmt: Select, session) -> int:
    return session.scalar(select(func.count()).select_from(
        stmt.order_by(None).options().subquery())) or 0


def build(spec: ListSpec, base: Select, args, *, session, endpoint: str,
          view_args: dict | None = None) -> tuple[Listing, Select]:
    """The page of `base` (what the viewer may see) that `args` asks for, and the full
    filtered, ordered query (for an export). Two statements plus the loader options of
    `base`, whatever the number of rows."""
    state = parse(spec, args)
    stmt = ordered(spec, filtered(spec, base, state), state)
    total = count(filtered(spec, base, state), session)
    pages = max(1, -(-total // spec.per_page))
    state.page = min(state.page, pages)
    items = [] if state.export else list(session.scalars(
        stmt.limit(spec.per_page).offset((state.page - 1) * spec.per_page)).unique())
    return Listing(spec, state, items, total, endpoint, dict(view_args or {})), stmt


# ---------------------------------------------------------------------------- exports

def _warsaw(value: dt.datetime) -> dt.datetime:
    return clock.to_local(value).replace(tzinfo=None) if value.tzinfo else value


def export_value(value, *, money: bool = False):
    """A value as it goes into a file: money a Decimal of two places, instants in Warsaw
    time (naive), enums by their value."""
    if value is None:
        return None
    if money or isinstance(value, Decimal):
        return Decimal(value).quantize(Decimal("0.01"))
    if isinstance(value, dt.datetime):
        return _warsaw(value)
    if hasattr(value, "value") and not isinstance(value, dt.date):
        return value.value
    if not isinstance(value, str | int | float | dt.date):
        return str(value)  # a lazy text
    return value


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(neutralise(str(value)))


def rows(spec: ListSpec, items: Iterable, translate: Callable[[str], str] = str
         ) -> Iterable[list]:
    for item in items:
        yield [export_value(translate(v) if c.translated and v else v, money=c.money)
               for c in spec.columns for v in (c.value(item),)]


def too_many(total: int) -> str | None:
    if total > EXPORT_LIMIT:
        return msg("Eksport obejmuje najwyżej %(limit)s wierszy, a filtry wybierają "
                   "%(total)s. Zawęź wyszukiwanie lub filtry.", limit=EXPORT_LIMIT,
                   total=total)
    return None


def iterate(stmt: Select, session) -> Iterable:
    """The rows of `stmt` in chunks (the loader options run per chunk)."""
    offset = 0
    while True:
        chunk = list(session.scalars(stmt.limit(EXPORT_CHUNK).offset(offset)).unique())
        yield from chunk
        if len(chunk) < EXPORT_CHUNK:
            return
        offset += EXPORT_CHUNK


def write_csv(header: Sequence[str], lines: Iterable[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([csv_text(h) for h in header])
    for line in lines:
        writer.writerow([csv_text(v) for v in line])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _xlsx_cell(ws, value):
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        if formula_like(value):
            cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, Decimal):
        cell.number_format = "0.00"
    elif isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def write_xlsx(title: str, header: Sequence[str], lines: Iterable[list]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.append([_xlsx_cell(ws, str(h)) for h in header])
    for line in lines:
        ws.append([_xlsx_cell(ws, v) for v in line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_file(listing: Listing, stmt: Select, session, translate: Callable[[str], str]
                ) -> tuple[bytes, str, str]:
    """(content, mimetype, file name) of the export `listing.state.export` of every row of
    `stmt`; the caller checks `too_many(listing.total)` first."""
    spec = listing.spec
    header = [translate(c.label) for c in spec.columns]
    lines = rows(spec, iterate(stmt, session), translate)
    stamp = clock.today().isoformat()
    if listing.state.export == "csv":
        return (write_csv(header, lines), "text/csv; charset=utf-8",
                f"{spec.name}-{stamp}.csv")
    return (write_xlsx(spec.name, header, lines),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{spec.name}-{stamp}.xlsx")


# ---------------------------------------------------------------------------- the view

def load(spec: ListSpec, base: Select, *, session) -> tuple[Listing, Select]:
    """`build` with the current request's arguments, endpoint and view arguments."""
    return build(spec, base, request.args, session=session, endpoint=request.endpoint,
                 view_args=request.view_args)


def export_response(listing: Listing, stmt: Select, *, session):
    """The export the arguments ask for (a file, or a redirect to the list with a message over
    EXPORT_LIMIT rows); None when they ask for none."""
    if not listing.state.export:
        return None
    problem = too_many(listing.total)
    if problem:
        flash(translate(problem), "error")
        return redirect(listing.url())
    content, mimetype, name = export_file(listing, stmt, session, translate)
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True,
                     download_name=name)


def respond(spec: ListSpec, base: Select, *, template: str, session, **context):
    """The response of a list view: the page rendered with `listing` (and `context`), or the
    export the arguments ask for."""
    listing, stmt = load(spec, base, session=session)
    exported = export_response(listing, stmt, session=session)
    if exported is not None:
        return exported
    return render_template(template, listing=listing, **context)
