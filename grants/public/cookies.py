"""What the cookies page lists: every cookie the system sets (and what it keeps in the
browser's localStorage), with names and lifetimes read from the configuration.

All of it is strictly necessary for the service the user asks for (signing in, protecting
forms, the chosen language and display): under art. 173 ust. 3 of the telecommunications law
(now art. 399 ust. 3 Prawa komunikacji elektronicznej) such storage needs no consent, so the
system shows no consent banner. A new cookie must be added here; tests/public check that
every cookie a login flow sets is listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from grants.core.i18n import N_, msg

# The localStorage keys of the accessibility panel (grants/static/js/a11y-panel.js).
PANEL_KEYS = ("grants-a11y-contrast", "grants-a11y-text")


@dataclass(frozen=True)
class StoredItem:
    name: str
    kind: str        # "cookie" or "localStorage"
    purpose: str     # Polish, translated where shown
    lifetime: str    # Polish, translated where shown


def _hours(value: Any) -> int:
    if isinstance(value, dt.timedelta):
        return int(value.total_seconds() // 3600)
    return int(value) // 3600


def _session_lifetime(config: Mapping[str, Any]) -> str:
    if config.get("SESSION_PERMANENT_COOKIE"):
        return msg("%(hours)s godz.", hours=_hours(config["PERMANENT_SESSION_LIFETIME"]))
    hours = config.get("SESSION_STAFF_HOURS"), config.get("SESSION_HOURS")
    if all(hours):
        return msg("Do zamknięcia przeglądarki; zalogowanie kończy się najpóźniej po "
                   "%(staff)s godz. (pracownicy) lub %(others)s godz. (pozostali).",
                   staff=hours[0], others=hours[1])
    return N_("Do zamknięcia przeglądarki (wylogowanie usuwa zalogowanie).")


def cookie_list(config: Mapping[str, Any]) -> list[StoredItem]:
    """The cookies and browser storage of this installation, as configured."""
    session_name = config.get("SESSION_COOKIE_NAME") or "session"
    remember_name = config.get("REMEMBER_COOKIE_NAME") or "remember_token"
    return [
        StoredItem(session_name, "cookie", N_(
            "Sesja: zalogowanie, token chroniący formularze przed podrobieniem (CSRF), "
            "wybrany język strony i jednorazowe komunikaty po wykonaniu czynności. "
            "Podpisane, niedostępne dla skryptów (HttpOnly)."),
            _session_lifetime(config)),
        StoredItem(remember_name, "cookie", N_(
            "Zapamiętanie logowania – system go nie ustawia (logowanie nie jest "
            "zapamiętywane po zamknięciu przeglądarki); jeśli przeglądarka je przyśle, "
            "system je usuwa."), N_("nie dotyczy")),
        StoredItem(PANEL_KEYS[0], "localStorage", N_(
            "Wybór wersji o wysokim kontraście w panelu dostępności. Nie jest wysyłany do "
            "serwera."), N_("Do usunięcia danych strony w przeglądarce lub wyłączenia opcji.")),
        StoredItem(PANEL_KEYS[1], "localStorage", N_(
            "Wybór większego tekstu w panelu dostępności. Nie jest wysyłany do serwera."),
            N_("Do usunięcia danych strony w przeglądarce lub wyłączenia opcji.")),
    ]
