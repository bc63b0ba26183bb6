"""HTTP error pages: never a bare 500 for bad input, always a clear Polish message."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from grants.core.errors import DomainError
from grants.core.i18n import N_, msg, translate
from grants.extensions import db

MESSAGES = {
    400: N_("Nieprawidłowe żądanie."),
    403: N_("Nie masz uprawnień do tej strony."),
    404: N_("Nie znaleziono strony."),
    405: N_("Ta operacja nie jest dozwolona."),
    409: N_("Operacja jest niemożliwa w obecnym stanie."),
    413: N_("Plik jest za duży."),
    422: N_("Nieprawidłowe dane."),
    429: N_("Zbyt wiele prób. Spróbuj ponownie za chwilę."),
    500: N_("Wystąpił błąd serwera. Spróbuj ponownie później."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def _render(status: int, message: str | None = None, back: str | None = None):
    text = translate(message or MESSAGES.get(status, MESSAGES[400]))
    if _wants_json():
        return jsonify({"error": {"status": status, "message": text}}), status
    return render_template("errors/error.html", status=status, message=text, back=back), status


def _csrf_message(exc: CSRFError) -> str:
    """An expired form (open longer than WTF_CSRF_TIME_LIMIT) says so; any other refusal of
    the form's token asks for a fresh page."""
    if "expired" in str(exc.description):
        hours = max(1, int(current_app.config.get("WTF_CSRF_TIME_LIMIT") or 0) // 3600)
        return msg("Formularz wygasł: strona była otwarta dłużej niż %(hours)s godz. Dane z "
                   "formularza nie zostały zapisane. Otwórz formularz ponownie i wyślij go "
                   "jeszcze raz.", hours=hours)
    return N_("Formularz wygasł lub jest nieprawidłowy. Odśwież stronę i spróbuj ponownie.")


def _form_page() -> str | None:
    """The address of the page holding the refused form, when it can be opened (GET)."""
    rule = request.url_rule
    return request.path if rule is not None and "GET" in (rule.methods or ()) else None


UNTRUSTED_HOST = N_("Ta strona nie jest dostępna pod tym adresem.")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(SecurityError)
    def _untrusted_host(exc: SecurityError):
        # A Host outside TRUSTED_HOSTS: no URL can be built for it, so no page template.
        return Response(translate(UNTRUSTED_HOST), status=400, mimetype="text/plain")

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        return _render(400, _csrf_message(exc), back=_form_page())

    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        db.session.rollback()
        return _render(exc.status_code, exc.message)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        return _render(exc.code or 500, MESSAGES.get(exc.code or 500))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # pragma: no cover - last resort
        db.session.rollback()
        app.logger.exception("unexpected error")
        if app.config.get("TESTING") and app.config.get("PROPAGATE_UNEXPECTED", True):
            raise exc
        return _render(500)
