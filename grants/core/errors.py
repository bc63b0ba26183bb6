"""Domain errors raised by services; views and the API translate them to HTTP."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from grants.core import formatting  # noqa: F401 - tells i18n how a message's values are shown
from grants.core.i18n import as_message


class DomainError(Exception):
    """Base of every refusal a service may give. `message` is shown to the user: a Polish
    msgid, or a message with values (`msg(...)` or `_l("... %(amount)s", amount=...)`,
    grants.core.i18n) that is shown in the viewer's language with its values formatted there;
    the same for the messages of `field_errors`."""

    status_code = 400

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None):
        message = as_message(message)
        super().__init__(message)
        self.message = message
        self.field_errors = {field: [as_message(m) for m in messages]
                             for field, messages in (field_errors or {}).items()}


class ValidationFailed(DomainError):
    status_code = 422


class NotAllowed(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class InvalidTransition(DomainError):
    status_code = 409


class DeadlinePassed(DomainError):
    status_code = 409


class BudgetExceeded(DomainError):
    status_code = 409


@dataclass(frozen=True)
class Problem:
    """One reason a rule refuses something: the field it belongs to and a Polish message.
    Pure rule functions return lists of these; services turn them into a refusal."""

    field: str
    message: str


def field_errors_of(problems: Iterable[Problem]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for p in problems:
        errors.setdefault(p.field, []).append(p.message)
    return errors


def refuse(problems: Sequence[Problem], message: str, *, listed: bool = False,
           error: type[DomainError] = ValidationFailed) -> None:
    """Raise `error` (ValidationFailed) with every problem on its field, when there are any.
    `listed`: the message is followed by the problems' messages (shown above the form)."""
    if not problems:
        return
    text = (message + " " + " ".join(p.message for p in problems)).strip() if listed else \
        message
    raise error(text, field_errors=field_errors_of(problems))
