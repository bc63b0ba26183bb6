"""Readable audit entries: action names and field labels (Polish msgids, English in the
catalogue; an unknown action or field shows as recorded) and values formatted in the viewer's
language (money, dates, instants in Warsaw time, yes/no)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation

from flask_babel import gettext

from grants.core import formatting
from grants.core.i18n import N_

ACTIONS = {
    "call.create": N_("Utworzenie konkursu"), "call.update": N_("Zmiana konkursu"),
    "call.publish": N_("Publikacja konkursu"), "call.correct": N_("Sprostowanie ogłoszenia"),
    "call.fill_same_kind": N_("Tabela zadań tego samego rodzaju"),
    "procedure.document_added": N_("Dodanie dokumentu"),
    "procedure.document_removed": N_("Usunięcie dokumentu"),
    "offer.started": N_("Rozpoczęcie oferty"), "offer.filed": N_("Złożenie oferty"),
    "offer.withdrawn": N_("Wycofanie oferty"),
    "offer.replacement_started": N_("Rozpoczęcie oferty zastępującej"),
    "offer.replacement_discarded": N_("Porzucenie oferty zastępującej"),
    "offer.update_started": N_("Rozpoczęcie aktualizacji oferty"),
    "offer.update_filed": N_("Złożenie aktualizacji oferty"),
    "offer.update_discarded": N_("Porzucenie aktualizacji oferty"),
    "offer.attachment_added": N_("Dodanie załącznika"),
    "offer.attachment_removed": N_("Usunięcie załącznika"),
    "formal.started": N_("Rozpoczęcie oceny formalnej"),
    "formal.items_recorded": N_("Zapis listy kontrolnej"),
    "formal.decided": N_("Wynik oceny formalnej"),
    "formal.correction_started": N_("Rozpoczęcie korekty oferty"),
    "committee.create": N_("Powołanie komisji"), "committee.settings": N_("Zmiana komisji"),
    "committee.add_member": N_("Dodanie członka komisji"),
    "committee.remove_member": N_("Usunięcie członka komisji"),
    "committee.set_function": N_("Zmiana funkcji w komisji"),
    "committee.sign_declaration": N_("Podpisanie oświadczenia o bezstronności"),
    "committee.declare_conflict": N_("Zgłoszenie konfliktu interesów"),
    "committee.confirm_no_conflict": N_("Potwierdzenie braku konfliktu"),
    "committee.save_score": N_("Zapis oceny"), "committee.submit_score": N_("Złożenie oceny"),
    "committee.reopen_score": N_("Ponowne otwarcie oceny"),
    "committee.score_dropped_by_conflict": N_("Ocena unieważniona z powodu konfliktu"),
    "committee.close_scoring": N_("Zamknięcie oceny"),
    "awards.ranking_built": N_("Ułożenie rankingu"),
    "awards.grants_proposed": N_("Propozycja dotacji"),
    "awards.decision_recorded": N_("Zapis rozstrzygnięcia"),
    "awards.results_published": N_("Publikacja wyników"),
    "awards.objection_recorded": N_("Zapis odwołania"),
    "awards.competition_annulled": N_("Unieważnienie konkursu"),
    "awards.grant_given_up": N_("Rezygnacja z dotacji"),
    "awards.update_filed": N_("Przyjęcie dotacji (aktualizacja)"),
    "awards.update_lapsed": N_("Upływ terminu aktualizacji"),
    "contract.generated": N_("Przygotowanie umowy"),
    "contract.version_edited": N_("Zmiana projektu umowy"),
    "contract.signed": N_("Podpisanie umowy"), "contract.annex_created": N_("Przygotowanie aneksu"),
    "contract.annex_signed": N_("Podpisanie aneksu"),
    "contract.payment_recorded": N_("Zapis przelewu transzy"),
    "contract.terminated": N_("Rozwiązanie umowy"), "contract.closed": N_("Zamknięcie umowy"),
    "contract.reopened": N_("Ponowne otwarcie umowy"),
    "control.visit_recorded": N_("Zapis kontroli"),
    "control.misuse_recorded": N_("Zapis nieprawidłowego wydatku"),
    "report.expected": N_("Oczekiwane sprawozdanie"),
    "report.partial_requested": N_("Wezwanie do sprawozdania częściowego"),
    "report.due_changed": N_("Zmiana terminu sprawozdania"),
    "report.version_started": N_("Rozpoczęcie wersji sprawozdania"),
    "report.draft_saved": N_("Zapis projektu sprawozdania"),
    "report.documents_imported": N_("Import zestawienia dokumentów"),
    "report.filed": N_("Złożenie sprawozdania"), "report.accepted": N_("Przyjęcie sprawozdania"),
    "report.corrections": N_("Wezwanie do poprawek"),
    "report.call_recorded": N_("Wezwanie do złożenia sprawozdania"),
    "settlement.recorded": N_("Rozliczenie dotacji"),
    "return.part_added": N_("Kwota do zwrotu"), "return.paid": N_("Zapis wpłaty zwrotu"),
    "organisation.register": N_("Rejestracja organizacji"),
    "organisation.update": N_("Zmiana danych organizacji"),
    "organisation.verify": N_("Weryfikacja organizacji"),
    "organisation.reject": N_("Odrzucenie weryfikacji"),
    "invitation.create": N_("Zaproszenie członka"), "invitation.revoke": N_("Cofnięcie zaproszenia"),
    "membership.accept_invitation": N_("Przyjęcie zaproszenia"),
    "membership.remove": N_("Usunięcie członka"),
    "membership.set_admin": N_("Zmiana uprawnień członka"),
    "offer.draft_saved": N_("Zapis projektu oferty"),
    "offer.update_saved": N_("Zapis projektu aktualizacji"),
    "smallgrant.started": N_("Rozpoczęcie oferty (mały grant)"),
    "smallgrant.draft_saved": N_("Zapis projektu oferty"),
    "smallgrant.filed": N_("Złożenie oferty"), "smallgrant.withdrawn": N_("Wycofanie oferty"),
    "smallgrant.mode_set": N_("Wybór trybu"), "smallgrant.area_set": N_("Wybór obszaru"),
    "smallgrant.assessed": N_("Ocena celowości"), "smallgrant.published": N_("Publikacja oferty"),
    "smallgrant.comment_submitted": N_("Uwaga do oferty"),
    "smallgrant.comment_moderated": N_("Moderacja uwagi"),
    "smallgrant.consideration_recorded": N_("Rozpatrzenie uwag"),
    "smallgrant.contracting": N_("Skierowanie do umowy"),
    "smallgrant.award_year_moved": N_("Zmiana roku dotacji"),
    "smallgrant.year_plan_set": N_("Plan dotacji na rok"),
    "organiser.create": N_("Utworzenie organizatora"),
    "organiser.return_settings": N_("Zmiana ustawień zwrotów"),
    "rule.set": N_("Zmiana reguły ustawowej"), "tax_rate.set": N_("Zmiana stopy odsetek"),
    "staff_role.grant": N_("Nadanie roli"), "staff_role.revoke": N_("Odebranie roli"),
    "user.create": N_("Utworzenie konta"), "user.activate": N_("Aktywacja konta"),
    "user.deactivate": N_("Dezaktywacja konta"), "user.locked": N_("Blokada konta"),
    "user.password_reset_requested": N_("Prośba o nowe hasło"),
    "user.password_reset": N_("Ustawienie nowego hasła"),
    "committee.scoring_opened": N_("Otwarcie oceny"),
    "organisation.claim": N_("Zgłoszenie praw do organizacji"),
    "organiser.executive_body": N_("Zmiana organu wykonawczego"),
    "stored_file.deleted": N_("Usunięcie pliku"),
    "stored_file.orphans_purged": N_("Usunięcie nieużywanych plików"),
    "user.confirmation_sent": N_("Wysłanie potwierdzenia adresu"),
    "user.email_verified": N_("Potwierdzenie adresu e-mail"),
    "user.registered_again": N_("Ponowna rejestracja"),
    "user.sessions_ended": N_("Zakończenie sesji"),
    "procedure.published.announcement": N_("Publikacja ogłoszenia"),
    "procedure.published.results": N_("Publikacja wyników"),
    "procedure.published.annulment": N_("Publikacja unieważnienia"),
    "procedure.published.offer": N_("Publikacja oferty"),
    "procedure.published.notice": N_("Publikacja ogłoszenia"),
}

FIELDS = {
    "status": N_("Stan"), "state": N_("Stan"), "title": N_("Tytuł"), "name": N_("Nazwa"),
    "amount": N_("Kwota"), "grant": N_("Dotacja"), "total": N_("Razem"),
    "deadline": N_("Termin"), "due": N_("Termin"), "due_date": N_("Termin"),
    "email": N_("E-mail"), "user": N_("Osoba"), "user_id": N_("Osoba (id)"),
    "outcome": N_("Wynik"), "decision": N_("Decyzja"), "reason": N_("Uzasadnienie"),
    "note": N_("Uwagi"), "notes": N_("Uwagi"), "version_id": N_("Wersja (id)"),
    "number": N_("Numer"), "version_no": N_("Numer wersji"), "sha256": "SHA-256",
    "filename": N_("Plik"), "is_chair": N_("Przewodniczący"), "is_secretary": N_("Sekretarz"),
    "is_admin": N_("Administrator organizacji"), "kind": N_("Rodzaj"), "points": N_("Punkty"),
    "paid_on": N_("Data wpłaty"), "starts_on": N_("Początek"), "ends_on": N_("Koniec"),
    "verification_status": N_("Weryfikacja"), "nip": "NIP", "regon": "REGON", "krs": "KRS",
    "iban": "IBAN", "address": N_("Adres"), "rows": N_("Wiersze"), "items": N_("Pozycje"),
}

HIDDEN = N_("ukryte")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INSTANT_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
MONEY_WORDS = {"amount", "grant", "total", "sum", "cost", "interest", "principal", "financial",
               "personal"}
MONEY_NAMES = {"own_in_kind"}
MONEY_RE = re.compile(r"^-?\d+(\.\d+)?$")
MAX_TEXT = 200


def action_label(action: str) -> str:
    label = ACTIONS.get(action)
    return gettext(label) if label else action


def field_label(name: str) -> str:
    label = FIELDS.get(name)
    return gettext(label) if label else name


def _is_money(field: str) -> bool:
    name = field.lower()
    return name in MONEY_NAMES or bool(MONEY_WORDS & set(name.split("_")))


def _text(value: str, field: str) -> str:
    if INSTANT_RE.match(value):
        try:
            return formatting.datetime(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    if DATE_RE.match(value):
        try:
            return formatting.date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if _is_money(field) and MONEY_RE.match(value):
        try:
            return formatting.money(Decimal(value))
        except InvalidOperation:
            return value
    return value


def _compound(value) -> str:
    """A dict as "key: value; ...", a list as "value; ..." (one level, plain)."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return "; ".join(_plain(v) for v in value)


def _plain(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "–" if value is None else str(value)


def value_text(field: str, value) -> str:
    """A recorded value as the viewer reads it."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return gettext("tak") if value else gettext("nie")
    if isinstance(value, int | float):
        return formatting.money(Decimal(str(value))) if _is_money(field) else str(value)
    if isinstance(value, str):
        text = _text(value, field)
    elif isinstance(value, dict | list):
        text = _compound(value)
    else:
        text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def changes(before: dict | None, after: dict | None) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each field recorded: changed fields when both sides
    are there, every field of the one side otherwise."""
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    names = list(dict.fromkeys([*before, *after]))
    both = bool(before) and bool(after)
    return [(field_label(n), value_text(n, before.get(n)), value_text(n, after.get(n)))
            for n in names if not both or before.get(n) != after.get(n)]
