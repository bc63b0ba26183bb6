"""Page titles (WCAG 2.4.2): every page of the demo, as each role, has a title of its own that
ends in the installation's name (config INSTALLATION_NAME), so a person with many tabs or a
screen reader's list of windows tells the pages apart and knows whose service this is.
On the same pages, no id repeats and every field has a label (WCAG 1.3.1, 4.1.1, 3.3.2).

The pages are those of the English pages' crawl (every GET route with the demo's ids and every
link seen), in Polish. A title belongs to one page: two different paths never share it."""

from __future__ import annotations

import html
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from flask_babel import refresh
from sqlalchemy import select

from grants.auth.models import User
from grants.extensions import db
from tests.conftest import login
from tests.test_english_pages import PER_ENDPOINT, ROLES, _endpoint, _local, _start_urls, demo  # noqa: F401

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]+)"')
FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>")
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
LABEL_FOR = re.compile(r'<label\b[^>]*\bfor="([^"]+)"')
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


def id_and_label_problems(text: str) -> list[str]:
    """Ids used twice, and fields with no label (<label for>, aria-label or -labelledby)."""
    ids = ID.findall(text)
    problems = [f"id {i!r} repeats" for i in sorted({i for i in ids if ids.count(i) > 1})]
    labelled = set(LABEL_FOR.findall(text))
    for tag, attrs in FIELD.findall(text):
        a = dict(ATTR.findall(attrs))
        if a.get("type") in UNLABELLED_TYPES or "aria-label" in a or "aria-labelledby" in a:
            continue
        if a.get("id") not in labelled:
            problems.append(f"<{tag} name={a.get('name')!r} id={a.get('id')!r}> has no label")
    return problems


def _titles(app, client, forms: dict[str, list[str]] | None = None) -> dict[str, str]:
    """path -> title of every page seen (and in `forms`, path -> its id and label problems)."""
    seen: set[str] = set()
    per_endpoint: dict[str, int] = {}
    titles: dict[str, str] = {}
    queue = deque(_start_urls(app))
    while queue:
        url = queue.popleft()
        endpoint = _endpoint(app, url)
        if url in seen or endpoint is None or per_endpoint.get(endpoint, 0) >= PER_ENDPOINT:
            continue
        seen.add(url)
        refresh()
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
        text = response.get_data(as_text=True)
        found = TITLE.search(text)
        titles[urlsplit(url).path] = " ".join(html.unescape(found.group(1)).split()) if found else ""
        if forms is not None and (found_here := id_and_label_problems(text)):
            forms[urlsplit(url).path] = found_here
        links = (_local(html.unescape(h)) for h in HREF.findall(text))
        queue.extend(link for link in links if link and link not in seen)
    return titles


def title_problems(titles: dict[str, str], installation: str) -> list[str]:
    """Titles that do not end in the installation's name, and titles of several pages."""
    problems = [f"{path}: {title!r} does not end in {installation!r}"
                for path, title in titles.items() if not title.endswith(installation)]
    by_title: dict[str, list[str]] = {}
    for path, title in titles.items():
        by_title.setdefault(title, []).append(path)
    problems += [f"{title!r} is the title of {len(paths)} pages: {', '.join(sorted(paths)[:4])}"
                 for title, paths in by_title.items() if len(paths) > 1]
    return problems


def test_title_problems_finds_repeats_and_a_missing_name():
    titles = {"/a": "Umowy · X", "/b": "Umowy · X", "/c": "Oferty · grants"}
    problems = title_problems(titles, "X")
    assert len(problems) == 2
    assert "'Oferty · grants' does not end in 'X'" in problems[0]
    assert "2 pages: /a, /b" in problems[1]


def test_the_installation_name_is_a_setting(app, client):
    default = app.config.get("INSTALLATION_NAME")
    app.config["INSTALLATION_NAME"] = "Dotacje – Gmina Testowa"
    try:
        text = client.get("/konkursy").get_data(as_text=True)
    finally:
        app.config["INSTALLATION_NAME"] = default
    assert TITLE.search(text).group(1).endswith("Dotacje – Gmina Testowa")


def test_id_and_label_problems_finds_repeats_and_unlabelled_fields():
    text = ('<form><input id="email" name="email"><label for="email">E-mail</label></form>'
            '<form><input id="email" name="email"><select name="role"></select>'
            '<input type="hidden" name="x"><input name="q" aria-label="Szukaj"></form>')
    assert id_and_label_problems(text) == ["id 'email' repeats",
                                           "<select name='role' id=None> has no label"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_its_own_title_and_labelled_fields(app, demo, role):  # noqa: F811
    """One crawl per role: the titles (their own, ending in the installation's name), and
    on the same pages no repeated id and no field without a label."""
    client = app.test_client()
    if role != "anon":
        login(client, db.session.scalar(select(User).filter_by(email=role)))
    forms: dict[str, list[str]] = {}
    titles = _titles(app, client, forms)
    assert len(titles) > 3, titles
    problems = title_problems(titles, app.config["INSTALLATION_NAME"])
    problems += [f"{path}: {'; '.join(found)}" for path, found in forms.items()]
    assert not problems, f"{len(problems)} problems as {role}:\n" + "\n".join(problems)
