"""The English interface: the catalogue is complete and compiles, pages and service messages
come out in English, numbers and dates follow the chosen language.

`make test` compiles the catalogue first; the module fixture compiles it again (into
grants/translations/en/LC_MESSAGES/messages.mo) so that a bare `pytest` run works as well.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask_babel import force_locale, get_babel, refresh
from werkzeug.datastructures import MultiDict
from wtforms import Form

from grants.auth import services as auth_services
from grants.core import clock, formatting
from grants.core.errors import DomainError
from grants.core.forms import MoneyField
from grants.extensions import db
from tests.support.factories import PASSWORD, make_competition, make_organiser, make_user

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "grants" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "N_": None, "msg": None}


def _catalogue():
    with PO.open("rb") as fh:
        return read_po(fh, locale="en")


def _compile(target: Path) -> None:
    """messages.po -> messages.mo, written atomically (a parallel run may read it)."""
    buf = io.BytesIO()
    write_mo(buf, _catalogue())
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".mo.tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(buf.getvalue())
    os.replace(tmp, target)


def _wanted_directory(dirpath: str) -> bool:
    """Like `pybabel extract --ignore-dirs='.* __pycache__'`: templates/_macros is scanned."""
    name = os.path.basename(dirpath)
    return not (name.startswith(".") or name == "__pycache__")


@functools.cache
def _extracted() -> dict[str, set[str]]:
    """msgid -> the files it comes from, extracted from the code as it is today."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh, "babel.cfg")
    found: dict[str, set[str]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS,
        directory_filter=_wanted_directory,
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, set()).add(filename)
    return found


@pytest.fixture(scope="module", autouse=True)
def english_catalogue(app):
    _compile(MO)
    with app.app_context():  # drop a catalogue loaded (or found missing) before compiling
        get_babel().instance.domain_instance.cache.clear()
    yield


def _in_english(client):
    client.post("/language", data={"lang": "en"})


def _get(client, path: str):
    refresh()  # requests share the test's app context: let each one choose its language again
    return client.get(path)


def _post(client, path: str, data: dict):
    refresh()
    return client.post(path, data=data)


# ---------------------------------------------------------------- the catalogue

def test_catalogue_has_no_untranslated_or_fuzzy_entries():
    catalogue = _catalogue()
    assert not catalogue.fuzzy, "the header of messages.po is marked fuzzy"
    untranslated = [m.id for m in catalogue if m.id and not m.string]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert len(catalogue) > 500


def test_catalogue_passes_babels_checks_and_compiles(tmp_path):
    catalogue = _catalogue()
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalogue.check()]
    assert not problems, problems
    target = tmp_path / "en" / "LC_MESSAGES" / "messages.mo"
    target.parent.mkdir(parents=True)
    _compile(target)
    translations = Translations.load(str(tmp_path), ["en"])
    assert translations.gettext("Konkursy") == "Competitions"
    assert translations.gettext("Deklaracja dostępności") == "Accessibility statement"


def test_every_message_in_the_code_is_in_the_catalogue():
    """A new _("..."), _l("...") or N_("...") without an English entry fails here."""
    known = {m.id for m in _catalogue() if m.id}
    missing = sorted(set(_extracted()) - known)
    assert not missing, (
        "messages without an English translation (see babel.cfg for the commands):\n"
        + "\n".join(missing))


def test_translations_keep_the_placeholders():
    """Named placeholders are the same; a message shown by a template (Jinja formats every
    translated string with `%`) must format with its variables in English too."""
    sources = _extracted()
    for message in _catalogue():
        if not message.id:
            continue
        names = dict(re.findall(r"%\((\w+)\)([sd])", message.id))
        assert set(re.findall(r"%\((\w+)\)", message.string)) == set(names), message.id
        from_template = any(f.startswith("templates") for f in sources.get(message.id, ()))
        if from_template or names:
            values = {n: 1 if kind == "d" else "x" for n, kind in names.items()}
            message.string % values  # noqa: B018 - raises on a stray or broken placeholder


def test_service_messages_are_marked_and_stay_polish_in_the_service():
    """Services raise the Polish msgid whatever the language; the view translates it."""
    make_user("a@example.org")
    db.session.commit()
    with force_locale("en"), pytest.raises(DomainError) as caught:
        auth_services.authenticate("a@example.org", "wrong-password-1")
    assert caught.value.message == "Nieprawidłowy e-mail lub hasło."
    assert "Nieprawidłowy e-mail lub hasło." in _extracted()


@pytest.mark.parametrize("locale, expected", [
    ("pl", "„abc” nie jest kwotą – wpisz ją tak: 1\xa0234,56."),
    ("en", "“abc” is not an amount – type it like this: 1,234.56."),
])
def test_an_amount_error_with_a_value_is_translated(locale, expected):
    class AmountForm(Form):
        amount = MoneyField("amount")

    with force_locale(locale):
        form = AmountForm(MultiDict({"amount": "abc"}))
        assert not form.validate()
        assert form.amount.errors == [expected]


# ---------------------------------------------------------------- pages in English

@pytest.mark.parametrize("path, english, polish", [
    ("/konkursy", "Open competitions of offers", "Otwarte konkursy ofert"),
    ("/login", "Log in", "Logowanie"),
    ("/deklaracja-dostepnosci", "Accessibility statement", "Deklaracja dostępności"),
    ("/ochrona-danych", "GDPR information notice", "Klauzula informacyjna RODO"),
])
def test_pages_in_english(client, path, english, polish):
    html = _get(client, path).get_data(as_text=True)
    assert polish in html and '<html lang="pl">' in html
    _in_english(client)
    r = _get(client, path)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert '<html lang="en">' in html
    assert english in html
    assert polish not in html
    assert "Skip to content" in html and "Przejdź do treści" not in html


def test_public_competition_in_english_shows_pln_and_iso_dates(client):
    organiser = make_organiser()
    competition = make_competition(organiser)
    db.session.commit()
    _in_english(client)
    html = _get(client, f"/konkursy/{competition.id}").get_data(as_text=True)
    assert "Announcement of an open competition of offers" in html
    assert "Ogłoszenie o otwartym konkursie ofert" not in html
    assert "PLN\xa0" in html and "\xa0zł" not in html
    deadline = clock.to_local(competition.offer_deadline)
    assert deadline.strftime("%Y-%m-%d %H:%M") in html


def test_a_service_error_is_shown_in_english(client):
    make_user("a@example.org")
    db.session.commit()
    _in_english(client)
    html = _post(client, "/login", {"email": "a@example.org",
                                    "password": "wrong-password-1"}).get_data(as_text=True)
    assert "Incorrect e-mail or password." in html
    assert "Nieprawidłowy e-mail lub hasło." not in html


def test_a_service_field_error_is_shown_in_english_next_to_its_field(client):
    _in_english(client)
    html = _post(client, "/register", {
        "full_name": "Anna Nowak", "email": "anna@example.org",
        "password": "tylkolitery", "confirm": "tylkolitery",
    }).get_data(as_text=True)
    assert "The password must contain letters and digits or special characters." in html
    assert "Hasło musi zawierać" not in html
    assert 'value="anna@example.org"' in html  # what was typed is kept


def test_error_pages_in_english(client):
    _in_english(client)
    r = _get(client, "/konkursy/999999")
    assert r.status_code == 404
    assert "Page not found." in r.get_data(as_text=True)


def test_login_required_message_in_english(client):
    _in_english(client)
    r = _get(client, "/account")
    assert r.status_code == 302
    html = _get(client, r.headers["Location"]).get_data(as_text=True)
    assert "Log in to see this page." in html


def test_signed_in_user_keeps_english(client):
    user = make_user("a@example.org")
    db.session.commit()
    _post(client, "/login", {"email": "a@example.org", "password": PASSWORD})
    _post(client, "/language", {"lang": "en"})
    html = _get(client, "/konkursy").get_data(as_text=True)
    assert "My offers" in html and "Moje oferty" not in html
    assert db.session.get(type(user), user.id).locale == "en"


# ---------------------------------------------------------------- formats

DAY = dt.date(2026, 12, 24)
NOON_WARSAW = dt.datetime(2026, 12, 24, 11, 0, tzinfo=dt.UTC)  # 12:00 in Warsaw (CET)


@pytest.mark.parametrize("locale, amount, expected", [
    ("pl", Decimal("1234.56"), "1\xa0234,56\xa0zł"),
    ("pl", Decimal("-5"), "-5,00\xa0zł"),
    ("pl", Decimal("1234567.80"), "1\xa0234\xa0567,80\xa0zł"),
    ("en", Decimal("1234.56"), "PLN\xa01,234.56"),
    ("en", Decimal("-5"), "-PLN\xa05.00"),
    ("en", Decimal("1234567.80"), "PLN\xa01,234,567.80"),
])
def test_money(locale, amount, expected):
    with force_locale(locale):
        assert formatting.money(amount) == expected


@pytest.mark.parametrize("locale, day, when, number, percent", [
    ("pl", "24.12.2026", "24.12.2026 12:00", "1\xa0234,50", "12,5\xa0%"),
    ("en", "2026-12-24", "2026-12-24 12:00", "1,234.50", "12.5\xa0%"),
])
def test_dates_and_numbers(locale, day, when, number, percent):
    with force_locale(locale):
        assert formatting.date(DAY) == day
        assert formatting.date(NOON_WARSAW) == day
        assert formatting.datetime(NOON_WARSAW) == when
        assert formatting.number(Decimal("1234.5")) == number
        assert formatting.percent(Decimal("12.5")) == percent


@pytest.mark.parametrize("locale, expected", [
    ("pl", "2 dni 3 godz."),
    ("en", "2 days 3 hrs"),
])
def test_time_left(locale, expected):
    clock.set_now(NOON_WARSAW)
    with force_locale(locale):
        assert formatting.time_left(NOON_WARSAW + dt.timedelta(days=2, hours=3)) == expected
