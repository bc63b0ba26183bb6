"""Domain errors raised by services; views and the API translate them to HTTP."""

from __future__ import annotations


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
