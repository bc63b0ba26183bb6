"""Bad input on the forms of contracts, reports, control, settlements and finance: every junk
value gets a clear message (in Polish), never a 500, and nothing already saved is lost.

One test per route (parametrized; the variants are looped inside): build the objects the route
acts on (the access table's builders, tests/permissions/objects_<area>.py), sign in as the user
allowed to use it, GET the page that shows the form and read the form's fields from the HTML,
then send the form back with one field at a time set to each junk value ("abc", impossible
dates, "-1", "1e400", "NaN", 40 nines, blanks, a NUL, markup, 100 000 characters; dates also
0001-01-01 and 9999-12-31), plus unknown and duplicated keys, rows at indexes 999 / 2**31 /
20 digits, odd indexes, a repeated row 0, 120 extra rows and rows left out. The report's
import gets junk files and workbooks with a junk cell. The finance filters and the export's
date are GET forms: the junk goes into the query string. For every response:

- the status is below 500 (an unexpected exception propagates in the test app and is caught
  here as a failure), and no 4xx other than 400/409/413/422/429;
- a redirect carries a flashed message; a 200/400/409/422 page shows the form again (with a
  message on a 4xx; no English WTForms default), and on a 4xx the junk typed into a text,
  date or textarea field is still in that field; a GET filter refuses a value out of its list
  with a message;
- the rows of the areas (contracts and versions with items, tranches, results; payments;
  reports, their versions, costs, documents, results, reviews and calls; visits; findings;
  settlements, return parts and payments; the sources; the audit trail) are unchanged unless
  the response says the data were saved (a redirect with a success message; by design also
  the report's "check"/"add" 200 and the "saved but not filed" 422). The form as shown must be
  saved, so that the junk reaches the services and the database. After a save the changed
  tables are put back (with the tables referring to them), except where the form stays
  usable as it was (a draft edited, one more visit): there the next request is compared with
  the state after the save.

PDF rendering is faked; the clock is frozen per route (mid-task or after the report's due
date). Run it on SQLite and on PostgreSQL (DATABASE_URL): PostgreSQL refuses NUL characters
and out-of-range integers that SQLite stores.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import JSON, LargeBinary, null, select, text
from werkzeug.datastructures import MultiDict

from grants.core import clock
from grants.extensions import db
from tests.conftest import login
from tests.support.taskreports import documents_xlsx

JUNK = ["abc", "31.02.2026", "2026-13-45", "-1", "1e400", "NaN", "9" * 40, "", " ",
        "\u0000x", "<script>alert(1)</script>", "x" * 100_000]
# dates PlDateField parses but that lie far outside any task: overflow in date arithmetic
EXTRA_DATES = ["0001-01-01", "9999-12-31"]

MID_TASK = dt.datetime(2026, 6, 15, 12, 0, tzinfo=clock.WARSAW)
AFTER_DUE = dt.datetime(2026, 12, 10, 12, 0, tzinfo=clock.WARSAW)

# rows compared before/after each request (binary columns left out)
COMPARED = ["contract", "contract_version", "contract_item", "contract_result",
            "contract_tranche", "contract_payment", "task_report", "task_report_version",
            "task_report_cost", "task_report_document", "task_report_result",
            "task_report_review", "task_report_call", "control_visit", "control_misuse",
            "settlement", "return_part", "return_payment", "small_grant_offer", "award",
            "audit_entry"]
ENGLISH = ("Not a valid", "Invalid ", "Field must", "Field cannot", "This field",
           "not a valid", "Invalid Choice", "Invalid date")
ROW_KEY = re.compile(r"^(?P<list>[a-z_]+)-(?P<i>\d+)-(?P<sub>[a-z_]+)$")


# ---------------------------------------------------------------- reading forms from HTML

@dataclass
class FormField:
    name: str
    kind: str            # text, hidden, date, checkbox, radio, select, textarea, button, file...
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class HtmlForm:
    action: str
    method: str
    enctype: str
    fields: list[FormField] = field(default_factory=list)

    def value_of(self, name: str) -> str | None:
        for f in self.fields:
            if f.name == name and f.kind not in ("button", "submit"):
                if f.kind == "select":
                    chosen = [v for v, sel in f.options if sel]
                    return chosen[0] if chosen else None
                return f.value
        return None

    def pairs(self) -> list[tuple[str, str]]:
        """What a browser sends (without a submit button)."""
        out = []
        for f in self.fields:
            if f.kind in ("button", "submit", "file", "reset", "image"):
                continue
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    out.append((f.name, f.value or "on"))
                continue
            if f.kind == "select":
                chosen = [v for v, sel in f.options if sel] or [v for v, _s in f.options[:1]]
                out.extend((f.name, v) for v in chosen[:1])
                continue
            out.append((f.name, f.value))
        return out


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: FormField | None = None
        self._option: list | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = HtmlForm(a.get("action") or "", (a.get("method") or "get").lower(),
                                  a.get("enctype") or "")
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            self._form.fields.append(FormField(name, kind, a.get("value") or "",
                                               checked="checked" in a))
        elif tag == "button" and name:
            self._form.fields.append(FormField(name, "button", a.get("value") or ""))
        elif tag == "select" and name:
            self._select = FormField(name, "select")
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
        elif tag == "textarea" and name:
            self._textarea = FormField(name, "textarea")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        elif self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select.options.append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            self._form.fields.append(self._select)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            value = self._textarea.value
            if value.startswith("\r\n"):
                value = value[2:]
            elif value.startswith("\n"):
                value = value[1:]
            self._textarea.value = value
            self._form.fields.append(self._textarea)
            self._textarea = None


def parse_forms(body: str) -> list[HtmlForm]:
    parser = _Parser()
    parser.feed(body)
    parser.close()
    return parser.forms


def find_form(body: str, page: str, action: str) -> HtmlForm | None:
    for form in parse_forms(body):
        if urlsplit(urljoin(page, form.action)).path == urlsplit(action).path:
            return form
    return None


def messages_of(body: str) -> list[str]:
    """Texts of field messages and error alerts."""
    found = re.findall(r'<div class="invalid-feedback[^"]*"[^>]*>(.*?)</div>', body, re.S)
    found += re.findall(r'<div class="alert alert-(?:danger|warning)"[^>]*>(.*?)</div>',
                        body, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", " ", m)).strip() for m in found]


# ---------------------------------------------------------------- the database

@functools.cache
def _snapshot_sql(dialect: str) -> str:
    """One query returning, per compared table, its rows (without binary columns) as JSON
    text ordered by the primary key: a round trip per request instead of one per table."""
    parts = []
    for name in COMPARED:
        table = db.metadata.tables[name]
        # a JSON column's None is SQL NULL or JSON 'null' (after a restore): the same here
        cols = [f"NULLIF(CAST(t.\"{c.name}\" AS TEXT), 'null')" if isinstance(c.type, JSON)
                else f't."{c.name}"' for c in table.columns
                if not isinstance(c.type, LargeBinary)]
        pk = ", ".join(f't."{c.name}"' for c in table.primary_key.columns)
        if dialect == "postgresql":
            row = "json_build_array(" + ", ".join(cols) + ")"
            parts.append(f"(SELECT coalesce(json_agg({row} ORDER BY {pk}), '[]')::text "
                         f'FROM "{name}" t)')
        else:
            row = "json_array(" + ", ".join(cols) + ")"
            parts.append(f"(SELECT json_group_array({row}) FROM "
                         f'(SELECT * FROM "{name}" t ORDER BY {pk}) t)')
    return "SELECT " + ", ".join(parts)


def _dump() -> dict[str, str]:
    row = db.session.execute(text(_snapshot_sql(db.engine.dialect.name))).one()
    db.session.rollback()  # no read transaction left open (SQLite would lock the restore)
    return dict(zip(COMPARED, row, strict=True))


def _full_dump() -> dict[str, list[dict]]:
    out = {t.name: [dict(r) for r in db.session.execute(select(t)).mappings()]
           for t in db.metadata.sorted_tables}
    db.session.rollback()
    return out


@functools.cache
def _descendants() -> dict[str, set[str]]:
    """table -> the tables that refer to it, directly or not (rows to drop before it)."""
    children: dict[str, set[str]] = {}
    for table in db.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name != table.name:
                children.setdefault(fk.column.table.name, set()).add(table.name)
    out = {}
    for table in db.metadata.sorted_tables:
        seen, todo = set(), [table.name]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        out[table.name] = seen
    return out


def _restore(full: dict[str, list[dict]], changed: set[str]) -> None:
    """Put back the rows of the `changed` tables and of the tables referring to them (rows
    added elsewhere, like a stored PDF, stay: nothing refers to them any more)."""
    db.session.rollback()
    names = set(changed)
    for name in changed:
        names |= _descendants()[name]
    tables = [t for t in db.metadata.sorted_tables if t.name in names]
    conn = db.session.connection()
    for table in reversed(tables):
        conn.execute(table.delete())
    for table in tables:
        # a JSON column's None would go back as JSON 'null': insert SQL NULL explicitly
        json_cols = [c.name for c in table.columns if isinstance(c.type, JSON)]
        groups: dict[tuple, list[dict]] = {}
        for row in full[table.name]:
            nulls = tuple(c for c in json_cols if row[c] is None)
            groups.setdefault(nulls, []).append({k: v for k, v in row.items()
                                                 if k not in nulls})
        for nulls, rows in groups.items():
            conn.execute(table.insert().values({c: null() for c in nulls}), rows)
    db.session.commit()
    db.session.expire_all()


def _diff(before: dict, after: dict) -> str:
    out = []
    for name in before:
        if before[name] != after[name]:
            old = {json.dumps(r) for r in json.loads(before[name])}
            new = {json.dumps(r) for r in json.loads(after[name])}
            out.append(f"{name}: {len(json.loads(before[name]))} -> "
                       f"{len(json.loads(after[name]))} rows; "
                       f"gone {[_short(r) for r in old - new][:2]}, "
                       f"new {[_short(r) for r in new - old][:2]}")
    return "; ".join(out)


def _short(row: str) -> str:
    return re.sub(r'"([^"]{40})[^"]+"', r'"\1..."', row)[:300]


# ---------------------------------------------------------------- the objects

def _contracts(world) -> dict:
    from grants.contracts import annexes
    from tests.permissions import objects_contracts
    from tests.support.contract_factory import make_contract

    objs = objects_contracts.make_objects(world, {})
    annexed = make_contract(world, paid=True)
    annexes.create_annex(annexed, actor=world.officer, reason="Zmiana harmonogramu.")
    db.session.commit()
    objs["annexed"] = annexed.id
    return objs


def _taskreports(world) -> dict:
    from grants.taskreports import drafts
    from grants.taskreports.models import TaskReport
    from tests.permissions import objects_taskreports
    from tests.support.taskreports import report_data

    objs = objects_taskreports.make_objects(world, {})
    report = db.session.get(TaskReport, objs["tr_report"])
    drafts.save_report_draft(report, actor=world.ngo_admin,
                               data=report_data(report.draft_version))
    db.session.commit()
    return objs


def _controls(world) -> dict:
    from grants.contracts.models import Contract
    from grants.controls import services
    from tests.permissions import objects_controls

    objs = objects_controls.make_objects(world, {})
    contract = db.session.get(Contract, objs["ct_contract"])
    services.record_visit(contract, actor=world.officer, visited_on=dt.date(2026, 6, 10),
                          controllers="Jan Kontroler", scope="Dokumentacja finansowa",
                          documents_requested="", findings="", recommendations="",
                          recommendations_due=None)
    db.session.commit()
    return objs


def _settlements(world) -> dict:
    from tests.permissions import objects_settlements

    return objects_settlements.make_objects(world, {})


def _finance(world) -> dict:
    from tests.permissions import objects_finance
    from tests.support.contract_factory import make_contract

    objs = objects_finance.make_objects(world, {})
    make_contract(world, paid=True)  # money paid in the chart's year
    db.session.commit()
    return objs


# ---------------------------------------------------------------- the routes

@dataclass
class Case:
    role: str
    build: Callable
    page: Callable[[dict], str]             # the page that shows the form
    action: Callable[[dict], str] | None = None   # the form's action (default: the page)
    target: Callable[[dict], str] | None = None   # where it is sent (default: the action)
    when: dt.datetime = MID_TASK
    baseline: dict = field(default_factory=dict)  # values set on top of the page's form
    extra: dict = field(default_factory=dict)     # field -> more junk values
    saves_on_200: bool = False                    # a 200 may follow a save (by design)
    upload: bool = False
    # after a save the form is still usable as it was (a draft edited, one more visit):
    # the next request is compared with the state after it instead of putting the database
    # back (a restore costs ~35 ms on PostgreSQL); None: always put it back
    keeps: Callable | None = None
    # junk in this field must not drop rows of this table, even when the form is saved
    stable_rows: tuple[str, str] | None = None


DATES = {"due_on", "paid_on", "use_by", "start_date", "end_date", "signed_on", "visited_on",
         "found_on", "recommendations_due", "terminated_on", "finding_date", "called_on",
         "delivered_on", "requested_on", "period_start", "period_end", "correction_due",
         "issued_on", "do"}
REMOVE = ["remove:-1", "remove:999", "remove:abc", "remove:" + "9" * 40, "file", "check",
          "add"]

FIRST_CHOICE = object()  # baseline value: the first non-empty option of the select

CASES: dict[str, Case] = {
    "contracts.new_from_award": Case(
        "officer", _contracts, lambda o: f"/umowy/nowa/z-konkursu/{o['ct_award']}"),
    "contracts.new_from_small_grant": Case(
        "officer", _contracts, lambda o: f"/umowy/nowa/maly-grant/{o['ct_small_grant']}"),
    "contracts.edit_version": Case(
        "officer", _contracts, lambda o: f"/umowy/{o['ct_draft']}/wersje/0/edycja",
        keeps=lambda response: True),
    "contracts.edit_version(annex)": Case(
        "officer", _contracts, lambda o: f"/umowy/{o['annexed']}/wersje/1/edycja",
        keeps=lambda response: True),
    "contracts.sign": Case(
        "officer", _contracts, lambda o: f"/umowy/{o['ct_draft']}/wersje/0/podpisanie",
        baseline={"understood": "y"}),
    "contracts.sign(annex)": Case(
        "officer", _contracts, lambda o: f"/umowy/{o['annexed']}/wersje/1/podpisanie",
        baseline={"understood": "y"}),
    "contracts.create_annex": Case(
        "officer", _contracts, lambda o: f"/umowy/{o['ct_contract']}",
        lambda o: f"/umowy/{o['ct_contract']}/aneksy",
        baseline={"reason": "Zmiana harmonogramu."}),
    "contracts.record_payment": Case(
        "finance", _contracts, lambda o: f"/umowy/{o['ct_contract']}",
        lambda o: f"/umowy/{o['ct_contract']}/przelewy",
        baseline={"amount": "1000,00", "bank_reference": "PRZELEW/1", "understood": "y"},
        extra={"tranche_number": ["0", "3", "99999", "2147483648"]}),
    "contracts.terminate": Case(
        "officer", _contracts, lambda o: f"/umowy/{o['ct_contract']}/rozwiazanie",
        baseline={"confirm": "y", "reason": "Zaprzestanie realizacji zadania."}),
    "taskreports.start": Case(
        "ngo_admin", _taskreports, lambda o: f"/sprawozdania/{o['tr_partial']}",
        lambda o: f"/sprawozdania/{o['tr_partial']}/rozpocznij", when=AFTER_DUE),
    "taskreports.edit": Case(
        "ngo_admin", _taskreports, lambda o: f"/sprawozdania/{o['tr_report']}/edycja",
        when=dt.datetime(2026, 11, 20, 12, 0, tzinfo=clock.WARSAW),
        baseline={"action": "save"}, extra={"action": REMOVE}, saves_on_200=True,
        stable_rows=("action", "task_report_document"),
        keeps=lambda response: not response.location  # filed: back to the report's page
        or response.location.endswith("/edycja")),
    "taskreports.import_documents": Case(  # the import is a button of the report's form
        "ngo_admin", _taskreports, lambda o: f"/sprawozdania/{o['tr_report']}/edycja",
        lambda o: f"/sprawozdania/{o['tr_report']}/edycja",
        lambda o: f"/sprawozdania/{o['tr_report']}/dokumenty/import",
        when=dt.datetime(2026, 11, 20, 12, 0, tzinfo=clock.WARSAW), upload=True,
        keeps=lambda response: True),
    "taskreports.review": Case(
        "officer", _taskreports, lambda o: f"/sprawozdania/{o['tr_filed']}",
        lambda o: f"/sprawozdania/{o['tr_filed']}/ocena", when=AFTER_DUE,
        baseline={"decision": "corrections", "note": "Uzupełnij opis.",
                  "correction_due": "2026-12-31"},
        extra={"decision": ["accepted", "ACCEPTED", "rejected"]}),
    "taskreports.call": Case(
        "officer", _taskreports, lambda o: f"/sprawozdania/{o['tr_report']}",
        lambda o: f"/sprawozdania/{o['tr_report']}/wezwanie", when=AFTER_DUE,
        baseline={"delivered_on": "2026-12-10"}),
    "taskreports.request_partial": Case(
        "officer", _taskreports, lambda o: f"/umowy/{o['tr_contract']}/sprawozdania/czesciowe",
        baseline={"period_end": "2026-05-31"}),
    "controls.record_visit": Case(
        "officer", _controls, lambda o: f"/umowy/{o['ct_contract']}/kontrole",
        lambda o: f"/umowy/{o['ct_contract']}/kontrole/wizyty",
        baseline={"controllers": "Jan Kontroler", "scope": "Dokumentacja"},
        keeps=lambda response: True),
    "controls.record_misuse": Case(
        "officer", _controls, lambda o: f"/umowy/{o['ct_contract']}/kontrole",
        lambda o: f"/umowy/{o['ct_contract']}/kontrole/nieprawidlowosci",
        baseline={"item_code": "I.1.2", "tranche_number": "1", "amount": "100,00",
                  "description": "Zakup alkoholu."},
        extra={"tranche_number": ["0", "99999", "2147483648"],
               "visit_id": ["0", "2147483648", "99999999999999999999"]}),
    "settlements.for_report": Case(
        "officer", _settlements, lambda o: f"/sprawozdania/{o['st_report']}/rozliczenie",
        when=AFTER_DUE, baseline={"action": "record", "understood": "y"},
        extra={"action": ["preview"]}),
    "settlements.record_payment": Case(
        "finance", _settlements, lambda o: f"/rozliczenia/{o['st_settlement']}",
        lambda o: f"/rozliczenia/{o['st_settlement']}/zwroty", when=AFTER_DUE,
        baseline={"part_id": FIRST_CHOICE, "paid_on": "2026-12-10", "amount": "10,00",
                  "bank_reference": "ZWROT/1", "understood": "y"},
        extra={"part_id": ["0", "2147483648", "99999999999999999999"]}),
    "finance.dashboard": Case(
        "finance", _finance, lambda o: "/finanse",
        extra={"rok": ["0", "2026", "-2026", "99999999999999999999"],
               "dni": ["0", "7", "365000000", "-14"]}),
    "finance.transfers_csv": Case(
        "finance", _finance, lambda o: "/finanse", lambda o: "/finanse/przelewy.csv"),
    "finance.transfers_xlsx": Case(
        "finance", _finance, lambda o: "/finanse", lambda o: "/finanse/przelewy.csv",
        lambda o: "/finanse/przelewy.xlsx"),
}


# ---------------------------------------------------------------- the variants

@dataclass
class Variant:
    label: str
    pairs: list[tuple[str, str]]
    junk_field: str | None = None
    junk: str | None = None
    files: dict | None = None


def _with(pairs, name, value) -> list[tuple[str, str]]:
    """`pairs` with every value of `name` replaced by the one `value` (in its place)."""
    out, done = [], False
    for k, v in pairs:
        if k == name:
            if not done:
                out.append((k, value))
                done = True
            continue
        out.append((k, v))
    if not done:
        out.append((name, value))
    return out


def _baseline(form: HtmlForm, case: Case) -> list[tuple[str, str]]:
    pairs = form.pairs()
    for name, value in case.baseline.items():
        if value is FIRST_CHOICE:
            select_ = next(f for f in form.fields if f.name == name)
            value = next(v for v, _sel in select_.options if v)
        pairs = _with(pairs, name, value)
    return pairs


def _junk_fields(form: HtmlForm, case: Case) -> list[tuple[str, str]]:
    """(name, kind) of each field to spoil; of rows only the first row's fields."""
    seen, out = set(), []
    first_rows = {}
    for f in form.fields:
        m = ROW_KEY.match(f.name)
        if m:
            first_rows.setdefault(m["list"], m["i"])
            if m["i"] != first_rows[m["list"]]:
                continue
        if f.name in seen or f.kind in ("file", "submit", "reset", "image"):
            continue
        if f.kind == "button" and f.name not in case.baseline and f.name not in case.extra:
            continue
        seen.add(f.name)
        out.append((f.name, f.kind))
    for name in case.extra:
        if name not in seen:
            out.append((name, "text"))
    return out


def _values_for(name: str, case: Case) -> list[str]:
    short = name.rsplit("-", 1)[-1]
    values = list(JUNK)
    if short in DATES:
        values += EXTRA_DATES
    return values + case.extra.get(name, [])


def _structural(base, form: HtmlForm) -> list[Variant]:
    out = [Variant("no fields at all", []),
           Variant("unknown keys", base + [("zzz", "abc"), ("\u0000", "x"), ("a" * 300, "1"),
                                           ("csrf_token", "abc")]),
           Variant("every key twice, junk second", base + [(k, "abc") for k, _v in base]),
           Variant("every key twice, junk first", [(k, "abc") for k, _v in base] + base),
           Variant("every value 40 nines", [(k, "9" * 40) for k, _v in base]),
           Variant("every value -1", [(k, "-1") for k, _v in base]),
           Variant("every value 1e400", [(k, "1e400") for k, _v in base]),
           Variant("every value NUL", [(k, "\u0000") for k, _v in base])]
    lists: dict[str, set[str]] = {}
    for f in form.fields:
        m = ROW_KEY.match(f.name)
        if m:
            lists.setdefault(m["list"], set()).add(m["sub"])
    for lst, subs in sorted(lists.items()):
        subs = sorted(subs)
        for index in ("999", "99999999999999999999", "2147483648"):
            out.append(Variant(f"{lst}: row {index}", base + [
                (f"{lst}-{index}-{s}", "abc") for s in subs]))
            out.append(Variant(f"{lst}: row {index} valid-looking", base + [
                (f"{lst}-{index}-{s}", "1") for s in subs]))
        out.append(Variant(f"{lst}: odd indexes", base + [
            (f"{lst}--1-{subs[0]}", "abc"), (f"{lst}-abc-{subs[0]}", "abc"),
            (f"{lst}-0x1-{subs[0]}", "abc"), (f"{lst}- 1-{subs[0]}", "abc"),
            (f"{lst}-0-zzz", "abc"), (f"{lst}-0", "abc"), (lst, "abc")]))
        out.append(Variant(f"{lst}: row 0 repeated", base + [
            (f"{lst}-0-{s}", "abc") for s in subs] + [(f"{lst}-0-{s}", "1") for s in subs]))
        out.append(Variant(f"{lst}: 120 rows more", base + [  # over tranches' and use_by's max
            (f"{lst}-{i}-{subs[0]}", "abc") for i in range(1000, 1120)]))
        out.append(Variant(f"{lst}: rows removed", [
            (k, v) for k, v in base if not k.startswith(f"{lst}-")]))
    return out


def _variants(form: HtmlForm, case: Case) -> list[Variant]:
    base = _baseline(form, case)
    out = [Variant("the form as shown", base)]
    for name, _kind in _junk_fields(form, case):
        for junk in _values_for(name, case):
            out.append(Variant(f"{name}={junk[:20]!r}", _with(base, name, junk), name, junk))
    out += _structural(base, form)
    return out


def _upload_variants(form: HtmlForm) -> list[Variant]:
    from grants.taskreports.imports import COLUMNS

    good = ["FV/1/2026", "31.03.2026", "Jan Koordynator", "100,00", "I.1.1", "50,00",
            "05.04.2026"]
    base = form.pairs()
    out = [Variant("no file", base), Variant("a valid file", base,
                                             files={"file": (documents_xlsx([good]), "d.xlsx")})]
    for junk in JUNK:
        raw = junk.encode("utf-8")
        out.append(Variant(f"file content {junk[:20]!r}", base,
                           files={"file": (raw, "dokumenty.xlsx")}))
        out.append(Variant(f"file name {junk[:20]!r}", base,
                           files={"file": (documents_xlsx([good]), junk[:1000] or "x")}))
    out.append(Variant("a zip that is not a workbook", base,
                       files={"file": (_zip(), "dokumenty.xlsx")}))
    out.append(Variant("rows over the limit", base,
                       files={"file": (documents_xlsx([good] * 5001), "dokumenty.xlsx")}))
    for i, (key, _header) in enumerate(COLUMNS):
        for junk in [*JUNK, *EXTRA_DATES, -1, 1e308, 10**40, float("nan")]:
            if isinstance(junk, str) and "\u0000" in junk:
                continue  # a workbook cannot hold a NUL character
            row = list(good)
            row[i] = junk
            out.append(Variant(f"cell {key}={str(junk)[:20]!r}", base,
                               files={"file": (documents_xlsx([row]), "dokumenty.xlsx")}))
    return out


def _zip() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<x/>")
    return buf.getvalue()


# ---------------------------------------------------------------- the test

def _flashes(client) -> list[tuple[str, str]]:
    with client.session_transaction() as sess:
        return list(sess.pop("_flashes", []))


def _send(client, method, url, variant: Variant):
    from flask import g

    g.pop("_login_user", None)
    if method == "get":
        return client.get(url, query_string=MultiDict(variant.pairs))
    data = MultiDict(variant.pairs)
    if variant.files:
        for name, (content, filename) in variant.files.items():
            data.add(name, (io.BytesIO(content), filename))
        return client.post(url, data=data, content_type="multipart/form-data")
    return client.post(url, data=data)


def _check(variant: Variant, response, flashes, shown: HtmlForm, page: str,
           action: str) -> list[str]:
    """What the user gets for one request (see the module's docstring)."""
    status = response.status_code
    label = variant.label
    if status >= 500:
        return [f"{label}: status {status}"]
    problems = []
    if 300 <= status < 400:
        if "/login" in (response.location or ""):
            problems.append(f"{label}: {status} to the login page")
        elif not flashes:
            problems.append(f"{label}: {status} to {response.location} without a message")
        return problems
    is_html = response.mimetype == "text/html"
    if status >= 400 and status not in (400, 409, 413, 422, 429):
        problems.append(f"{label}: unexpected status {status}")
    if status not in (200, 400, 409, 422) or not is_html:
        return problems
    body = response.get_data(as_text=True)
    form = find_form(body, page, action)
    if form is None:
        problems.append(f"{label}: {status} without the form")
    messages = messages_of(body)
    english = [m for m in messages if any(e in m for e in ENGLISH)]
    if english:
        problems.append(f"{label}: message in English: {english[0][:120]}")
    junk = (variant.junk or "").replace("\u0000", "")  # the app drops NUL characters
    kind = _kind(shown, variant.junk_field) if variant.junk_field else None
    if status >= 400 and not messages:
        problems.append(f"{label}: {status} without a message")
    if status == 200 and kind == "select" and shown.method == "get":
        # a GET filter refuses a value out of its list with a message (and uses the default)
        options = next(f.options for f in shown.fields if f.name == variant.junk_field)
        if junk not in [v for v, _sel in options] and not messages:
            problems.append(f"{label}: a value out of the list without a message")
    if (status >= 400 and form is not None and junk.strip()
            and kind in ("text", "textarea", "date", "number", "email", "tel")):
        kept = form.value_of(variant.junk_field)
        if kept not in (junk, junk.strip()):
            problems.append(f"{label}: {status}, the typed value is not kept "
                            f"(field shows {str(kept)[:40]!r})")
    return problems


def _kind(form: HtmlForm, name: str) -> str | None:
    return next((f.kind for f in form.fields if f.name == name), None)


def _saved(case: Case, response, flashes) -> bool:
    """Does the response tell the user that the data were saved?"""
    status = response.status_code
    if 300 <= status < 400:
        return any(cat == "success" for cat, _m in flashes)
    if case.saves_on_200 and status == 200:
        return True
    if case.saves_on_200 and status == 422:
        return "Zapisano zmiany" in response.get_data(as_text=True)
    return False


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_with_a_message_and_loses_nothing(name, app, world, monkeypatch):
    case = CASES[name]
    clock.set_now(case.when)
    objs = case.build(world)
    page = case.page(objs)
    action = (case.action or case.page)(objs)
    target = (case.target or case.action or case.page)(objs)
    client = app.test_client()
    login(client, getattr(world, case.role))

    shown = client.get(page)
    assert shown.status_code == 200, f"GET {page}: {shown.status_code}"
    form = find_form(shown.get_data(as_text=True), page, action)
    assert form is not None, f"no form with action {action} on {page}"
    method = form.method
    variants = _upload_variants(form) if case.upload else _variants(form, case)

    original = initial = _dump()
    full = _full_dump()
    problems: list[str] = []
    for variant in variants:
        try:
            response = _send(client, method, target, variant)
        except Exception as exc:  # noqa: BLE001 - an unexpected error is the finding
            db.session.rollback()
            problems.append(f"{variant.label}: {type(exc).__name__}: {str(exc)[:200]}")
            response = None
        flashes = _flashes(client)
        if response is not None:
            problems += _check(variant, response, flashes, form, page, action)
        saved = response is not None and _saved(case, response, flashes)
        if variant.label in ("the form as shown", "a valid file") and method == "post" \
                and not saved:
            problems.append(f"{variant.label}: not saved ({getattr(response, 'status_code', '')}"
                            f" {flashes[:1]}) - the junk would not reach the services")
        after = _dump()
        if case.stable_rows and variant.junk_field == case.stable_rows[0]:
            table = case.stable_rows[1]
            if len(json.loads(after[table])) < len(json.loads(original[table])):
                problems.append(f"{variant.label}: rows of {table} removed")
        if after != original:
            if not saved:
                status = response.status_code if response is not None else "exception"
                problems.append(f"{variant.label}: {status} {flashes[:1]} but the data "
                                f"changed: {_diff(original, after)}")
            if saved and case.keeps is not None and case.keeps(response):
                original = after
            else:
                _restore(full, {t for t in COMPARED if after[t] != initial[t]})
                original = initial
    assert not problems, (f"{name}: {len(problems)} of {len(variants)} variants wrong:\n"
                          + "\n".join(problems[:60]))
