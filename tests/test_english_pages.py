"""Every page of the demo, in English, as each role: no Polish text outside an element marked
lang="pl" (Polish content: names of organisations, titles of tasks, what people typed).

The pages: every GET route of the app, its arguments filled with the ids of the demo's objects
(competitions, offers, contracts, reports ...), and every link found on the pages seen. Each
route is shown at most a few times per role (the pages of one route share one template), which
keeps the test to a few seconds. Downloads (PDF, XLSX, CSV) are not pages and are skipped."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from flask_babel import refresh
from sqlalchemy import select

from grants.auth.models import User
from grants.awards.models import Award
from grants.calls.models import Competition
from grants.contracts.models import Contract
from grants.demo import load_demo
from grants.extensions import db
from grants.offers.models import Offer
from grants.organisations.models import Organisation
from grants.settlements.models import Settlement
from grants.smallgrants.models import SmallGrantOffer
from grants.taskreports.models import TaskReport
from tests.conftest import login

DIACRITICS = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
POLISH_WORDS = {
    "nie", "oraz", "jest", "lub", "dla", "przez", "brak", "konkurs", "konkursu", "oferta",
    "oferty", "umowa", "umowy", "dotacja", "dotacji", "zadanie", "zadania", "termin",
    "organizacja", "organizacji", "sprawozdanie", "zwrot", "rozliczenie", "tak", "zapisz",
    "szczegóły", "wersja", "strona", "komisja", "ocena", "kwota", "razem", "pozostało",
    "dni", "godz", "zobacz", "pobierz", "dodaj", "usun", "wyslij", "od", "za", "ze", "przed",
}
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
ADDRESS = re.compile(r"\S+@\S+|https?://\S+")  # e-mail addresses and links are no language
CHECKED_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
PER_ENDPOINT = 3  # URLs of one route visited per role
ROLES = ("anon", "admin@grants.local", "urzednik@mops.sopot.pl", "komisja@mops.sopot.pl",
         "finanse@mops.sopot.pl", "ngo@pomocbliznim.org.pl", "wolontariusz@pomocbliznim.org.pl")


def is_polish(text: str) -> bool:
    text = ADDRESS.sub(" ", text)
    if DIACRITICS.search(text):
        return True
    return any(w.lower() in POLISH_WORDS for w in WORD.findall(text))


class PolishFinder(HTMLParser):
    """Text (and the labels in attributes) outside any element marked lang="pl"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []   # (tag, lang)
        self.found: list[str] = []
        self.links: list[str] = []

    def _lang(self) -> str | None:
        for _tag, lang in reversed(self.stack):
            if lang is not None:
                return lang
        return None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        lang = attrs.get("lang")
        inner = (lang or self._lang() or "").split("-")[0]
        if inner != "pl":
            for name in CHECKED_ATTRIBUTES:
                if attrs.get(name) and is_polish(attrs[name]):
                    self.found.append(f"<{tag} {name}={attrs[name]!r}>")
            if tag == "input" and attrs.get("type") in ("submit", "button") and \
                    attrs.get("value") and is_polish(attrs["value"]):
                self.found.append(f"<input value={attrs['value']!r}>")
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        # a <title> holds no markup (its Polish part is marked in the page's <h1>); a
        # <textarea> holds what people typed, to edit, as an <input>'s value does
        if any(t in ("script", "style", "title", "textarea") for t, _ in self.stack):
            return
        text = " ".join(data.split())
        if text and (self._lang() or "").split("-")[0] != "pl" and is_polish(text):
            where = "/".join(t for t, _ in self.stack[-3:])
            self.found.append(f"{where}: {text[:120]!r}")


# the demo's objects that fill a route's arguments (the first few of each); an offer_id is a
# small grant's in the small-grant routes, an offer of a competition's elsewhere
ARGUMENTS = {"competition_id": select(Competition.id), "contract_id": select(Contract.id),
             "offer_id": select(Offer.id).where(Offer.competition_id.is_not(None)),
             "report_id": select(TaskReport.id), "settlement_id": select(Settlement.id),
             "organisation_id": select(Organisation.id), "award_id": select(Award.id)}
SMALL_GRANT_OFFERS = select(SmallGrantOffer.id)
NUMBERS = {"number": (1, 2), "version_no": (1, 2)}


def _values(endpoint: str, name: str) -> list:
    if name in NUMBERS:
        return list(NUMBERS[name])
    query = ARGUMENTS.get(name)
    if name == "offer_id" and "small_grant" in endpoint or endpoint.startswith("smallgrants."):
        query = SMALL_GRANT_OFFERS if name == "offer_id" else query
    if query is None:
        return []
    return list(db.session.scalars(query.order_by(query.selected_columns[0]).limit(4)))


def _start_urls(app) -> list[str]:
    """Every GET route: those without arguments, and the others with the demo's ids."""
    urls: set[str] = set()
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        combos: list[dict] = [{}]
        for name in sorted(rule.arguments):
            combos = [dict(c, **{name: v}) for c in combos for v in _values(rule.endpoint, name)]
        for values in combos:
            urls.add(adapter.build(rule.endpoint, values))
    return sorted(urls)


def _endpoint(app, url: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(urlsplit(url).path, method="GET")
    except Exception:  # noqa: BLE001 - a redirect, a 404 or a POST-only route: not a page
        return None
    return endpoint


def _local(href: str) -> str | None:
    href = urldefrag(href)[0]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith("/static/"):
        return None
    return href


def _crawl(app, client) -> tuple[dict[str, list[str]], set[str]]:
    seen: set[str] = set()
    per_endpoint: dict[str, int] = {}
    problems: dict[str, list[str]] = {}
    visited: set[str] = set()
    queue = deque(_start_urls(app))
    while queue:
        url = queue.popleft()
        endpoint = _endpoint(app, url)
        if url in seen or endpoint is None or per_endpoint.get(endpoint, 0) >= PER_ENDPOINT:
            continue
        seen.add(url)
        refresh()  # requests share the test's app context: let each choose its language
        response = client.get(url)
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
        visited.add(endpoint)
        finder = PolishFinder()
        finder.feed(response.get_data(as_text=True))
        if finder.found:
            problems[url] = finder.found
        queue.extend(link for link in map(_local, finder.links) if link and link not in seen)
    return problems, visited


@pytest.fixture
def demo():
    load_demo()
    db.session.commit()


def test_the_finder_sees_polish_outside_lang_pl():
    finder = PolishFinder()
    finder.feed('<p>Offer <span lang="pl">Fundacja „Bezpieczna Przystań”</span></p>'
                '<td title="Pozostały czas">3 days</td><p>Termin minął</p>'
                '<div lang="pl"><p>oraz <b>nie</b></p></div><p>Deadline</p>')
    assert finder.found == ["td title='Pozostały czas'", "p: 'Termin minął'"] or \
        len(finder.found) == 2


@pytest.mark.parametrize("role", ROLES)
def test_english_pages_hold_no_polish_outside_lang_pl(app, demo, role):
    client = app.test_client()
    if role == "anon":
        with client.session_transaction() as sess:
            sess["lang"] = "en"
    else:
        user = db.session.scalar(select(User).filter_by(email=role))
        user.locale = "en"
        db.session.commit()
        login(client, user)
    problems, visited = _crawl(app, client)
    assert len(visited) > 3, visited
    first_seen: dict[str, str] = {}
    for url, found in problems.items():
        for text in found:
            first_seen.setdefault(text, url)
    report = "\n".join(f"{url}  {text}" for text, url in first_seen.items())
    assert not problems, (f"Polish text on {len(problems)} of the English pages seen by "
                          f"{role} (each text once, with the first page showing it):\n{report}")


def test_time_left_is_time_and_money_left_is_money(app, demo):
    """"Pozostało" of a deadline is "Time left"; of the tranches of a contract, money to pay."""
    officer = db.session.scalar(select(User).filter_by(email="urzednik@mops.sopot.pl"))
    officer.locale = "en"
    db.session.commit()
    client = app.test_client()
    login(client, officer)
    refresh()
    contract = db.session.scalars(select(Contract).order_by(Contract.id)).all()[-1]
    page = client.get(f"/umowy/{contract.id}").get_data(as_text=True)
    assert "Left to pay" in page and "Time left" not in page
    competition = db.session.scalar(select(Competition).order_by(Competition.id))
    refresh()
    assert "Time left" in client.get(f"/konkursy/{competition.id}").get_data(as_text=True)
