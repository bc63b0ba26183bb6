"""Helpers for the tests of lists (grants.core.listing): the rows of a CSV or XLSX export,
bad arguments that must never give a 500, and the number of statements of a page."""

from __future__ import annotations

import csv
import io
from html import unescape

from openpyxl import load_workbook

from tests.support.statements import count_statements

BAD_ARGS = (
    "page=abc", "page=-5", "page=0", "page=99999999999999999999", "sort=password_hash",
    "sort=number%20desc", "order=sideways", "status=nonsense", "year=abc", "year=99999",
    "organisation=abc", "organisation=-1", "organiser=1%27", "task=%00", "export=pdf",
    "q=%25_%5C", "page=%C2%B2", "organisation=%C2%B2", "q=" + "x" * 500, "q=%00",
)


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200, response.status_code
    assert response.mimetype.endswith("spreadsheetml.sheet")
    ws = load_workbook(io.BytesIO(response.get_data())).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def assert_bad_args_answered(client, url: str) -> None:
    """Every bad argument is ignored or refused with a message, never a 500."""
    sep = "&" if "?" in url else "?"
    for bad in BAD_ARGS:
        r = client.get(f"{url}{sep}{bad}")
        assert r.status_code in (200, 302), (bad, r.status_code)


def statements_of(client, url: str) -> int:
    """The statements of a request to `url`, after one request that fills what a test's
    session keeps between requests (the signed-in user)."""
    client.get(url)
    with count_statements() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def position(page: str, *names: str) -> list[int]:
    return [page.index(n) for n in names]
