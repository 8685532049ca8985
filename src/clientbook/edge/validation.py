"""Turn pydantic's validation errors into core field errors, so each dialect reports them in its own form."""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from clientbook.core.errors import FieldError, Reason, ValidationFailed
from clientbook.core.text import unstorable

M = TypeVar("M", bound=BaseModel)

_REASONS = {
    "missing": Reason.REQUIRED,
    "enum": Reason.NOT_ALLOWED,
    "literal_error": Reason.NOT_ALLOWED,
}


def field_errors(error: ValidationError) -> list[FieldError]:
    """One FieldError per problem, named by its dotted wire path (`pending_appointments.0.appointment_date`)."""
    errors = []
    for item in error.errors():
        path = ".".join(str(p) for p in item["loc"] if p != "body")
        reason = _REASONS.get(item["type"], Reason.INVALID_FORMAT)
        message = item["msg"]
        if reason is Reason.REQUIRED:
            message = f"{path} is required"
        elif message.startswith("Value error, "):
            message = f"{path}: {message.removeprefix('Value error, ')}"
        else:
            message = f"{path}: {message}"
        errors.append(FieldError(path, reason, message, item.get("input")))
    return errors


def validate(model: type[M], data: Any) -> M:
    """`model` from `data`, or ValidationFailed naming every bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ValidationFailed(field_errors(error)) from error


async def refuse_nul_in_url(request: Request) -> None:
    """A dependency of every dialect app: a query or path parameter holding NUL (`%00`) is refused naming the
    parameter before any route or database sees it (PostgreSQL refuses NUL; SQLite would store it)."""
    named = [*request.query_params.multi_items(), *request.path_params.items()]
    problems = [(name, unstorable(value)) for name, value in named if isinstance(value, str)]
    errors = [FieldError(name, Reason.INVALID_FORMAT, f"{name} {problem}") for name, problem in problems if problem]
    if errors:
        raise ValidationFailed(errors)
