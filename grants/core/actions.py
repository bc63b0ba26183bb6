"""The transaction of one action of a view, in one place: validate the form, call the service,
commit, flash and redirect; when the form is invalid or the service refuses (DomainError),
roll back and show why - on the form's fields and above it, or as a message after a redirect.

    return actions.run(
        lambda: services.record_visit(contract, actor=current_user, **form.data),
        form=form, invalid=_("Kontrola nie została zapisana - popraw zaznaczone pola."),
        success=_("Zapisano kontrolę."), next=url_for("controls.index", contract_id=c.id),
        refused=lambda r: _render(contract, visit_form=form, loose=r.messages,
                                  status=r.status))

Services flush and never commit; this is the commit point of a request. (The JSON API has
its own translation of DomainError; the transaction rule is the same.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import flash, redirect

from grants.core.errors import DomainError
from grants.core.forms import apply_refusal
from grants.core.i18n import translate
from grants.extensions import db

T = TypeVar("T")


@dataclass(frozen=True)
class Refusal:
    """Why an action did not happen: the messages to show above the form (translated; the
    field messages are already on the form's fields) and the HTTP status to answer with."""

    messages: list[str]
    status: int
    error: DomainError | None = None

    @property
    def unplaced(self) -> list[str]:
        """What to show above a form whose fields carry their own messages: the refusal
        itself when the service named no field, otherwise only what no field took."""
        named_fields = self.error is not None and bool(self.error.field_errors)
        return self.messages[1:] if named_fields else list(self.messages)

    def flash(self, *, shown=()) -> None:
        """Flash `unplaced` (less what the page `shown` elsewhere) as errors."""
        for message in self.unplaced:
            if message not in shown:
                flash(message, "error")


Target = str | Callable[[Any], str]


def _target(target: Target, result: Any) -> str:
    return target(result) if callable(target) else target


def refusal_of(exc: DomainError, form=None, *,
               rows: Mapping[str, Sequence[int]] | None = None) -> Refusal:
    """The refusal of a service as shown: field messages placed on `form`."""
    if form is not None:
        messages = apply_refusal(form, exc, rows=rows)
    else:
        messages = [translate(exc.message)]
    return Refusal(messages=messages, status=exc.status_code, error=exc)


def run(call: Callable[[], T], *, next: Target, success: str | Callable[[T], str] | None = None,
        form=None, invalid: str | None = None, refused: Callable[[Refusal], Any] | None = None,
        rows: Mapping[str, Sequence[int]] | None = None, refused_next: Target | None = None,
        category: str = "success"):
    """Do one action and answer the request.

    - `form` with `invalid`: the form is validated first; if it is not valid nothing is called
      and `refused` gets a Refusal(status 422, [invalid]).
    - `call()` runs the service. On DomainError the session is rolled back and `refused` gets
      the Refusal (field messages put on `form`; `rows` maps row tables to form entries); with
      no `refused`, the refusal is flashed and the browser goes to `refused_next` (or `next`).
    - Otherwise the session is committed, `success` flashed (as `category`), and the browser
      goes to `next` (a URL, or a function of the service's result).
    """
    if form is not None and invalid is not None and not form.validate():
        refusal = Refusal(messages=[invalid], status=422)
        if refused is None:
            flash(invalid, "error")
            return redirect(_target(refused_next or next, None))
        return refused(refusal)
    try:
        result = call()
    except DomainError as exc:
        db.session.rollback()
        refusal = refusal_of(exc, form, rows=rows)
        if refused is None:
            for message in refusal.messages:
                flash(message, "error")
            return redirect(_target(refused_next or next, None))
        return refused(refusal)
    db.session.commit()
    if success:
        flash(success(result) if callable(success) else success, category)
    return redirect(_target(next, result))


def commit(call: Callable[[], T]) -> T:
    """Call a service and commit; a DomainError rolls back and propagates (the error handler
    shows its message). For actions whose only answer to a refusal is the error page."""
    try:
        result = call()
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    return result
