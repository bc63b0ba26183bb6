"""Domain errors raised by services; views and the API translate them to HTTP."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class DomainError(Exception):
    """Base of every refusal a service may give. `message` is shown to the user."""

    status_code = 400

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


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
    text = message + " " + " ".join(p.message for p in problems) if listed else message
    raise error(text.strip(), field_errors=field_errors_of(problems))
