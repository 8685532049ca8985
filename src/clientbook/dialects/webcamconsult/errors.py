"""The one place the Webcamconsult error form exists: 422 `{"errors": {"<attribute>": ["<message>", …]}}` naming
every refused attribute in the wire spelling (seed 002), messages in English or, with `Accept-Language: nl`, Dutch.
A bad token is Rails' 401 (vendors.md §3); unknown ids are 404."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException

from clientbook.core import errors as core
from clientbook.core.errors import FieldError, Reason
from clientbook.edge import errors as kit
from clientbook.edge.i18n import message, pick_language
from clientbook.edge.openapi import ErrorAnswer, ErrorForm

from . import wire
from .mapping import wire_field


@dataclass(frozen=True)
class Row:
    status: int
    base: str | None = None  # the message key of a `{"errors": {"base": [...]}}` answer; None names the attributes
    reason: Reason = Reason.INVALID_FORMAT  # why the attribute the error names was refused


# Core error → its answer, looked up along the MRO. 401 is Rails' plain-text refusal and 404 `{"errors": {"id": …}}`;
# a NotFound or Deleted naming a field other than the record's own id is a refused reference in the body: 422 like
# any other bad attribute.
TABLE = kit.Table(
    {
        core.ValidationFailed: Row(422),
        core.MalformedRequest: Row(400, "malformed"),
        core.PayloadTooLarge: Row(413, "too_large"),
        core.Unauthorized: Row(401),
        core.Forbidden: Row(403, "forbidden"),
        core.NotFound: Row(404, reason=Reason.NOT_FOUND),
        core.Deleted: Row(404, reason=Reason.DELETED),
        core.Duplicate: Row(422, reason=Reason.ALREADY_EXISTS),
        core.Conflict: Row(409),
        core.RateLimited: Row(429, "rate_limited"),
        core.NoMobileNumber: Row(422),
        core.OptedOut: Row(422),
        core.ClientbookError: Row(422),
    }
)

# Messages more precise than their reason, by (core field, reason).
_SPECIFIC = {
    ("duration_minutes", Reason.NOT_ALLOWED): "greater_than_0",
    ("birth_date", Reason.NOT_ALLOWED): "in_the_future",
}

ACCESS_DENIED = "HTTP Token: Access denied.\n"


def _is_reference(error: core.ClientbookError) -> bool:
    return isinstance(error, core.NotFound | core.Deleted) and error.field not in (None, "id")


def field_errors_of(error: core.ClientbookError) -> list[FieldError]:
    """The refused attributes, with the reason each was refused for."""
    if isinstance(error, core.ValidationFailed):
        return error.errors
    return [FieldError(error.field or "base", TABLE.of(error).reason, error.message)]


def body_of(errors: list[FieldError], language: str) -> dict[str, dict[str, list[str]]]:
    rendered: dict[str, list[str]] = {}
    for item in errors:
        text = message(_SPECIFIC.get((item.field, item.reason), item.reason), language)
        messages = rendered.setdefault(wire_field(item.field), [])
        if text not in messages:
            messages.append(text)
    return {"errors": rendered}


def _base(key: str, language: str) -> dict[str, dict[str, list[str]]]:
    return {"errors": {"base": [message(key, language)]}}


def language_of(request: Request) -> str:
    return pick_language(request.headers.get("accept-language"))


def render(request: Request, error: core.ClientbookError, _scope: object) -> Response:
    language = language_of(request)
    if _is_reference(error):
        return JSONResponse(body_of(field_errors_of(error), language), 422)
    row = TABLE.of(error)
    if row.status == 401:
        return PlainTextResponse(ACCESS_DENIED, 401, headers={"WWW-Authenticate": 'Token realm="Application"'})
    if row.status == 404:
        return JSONResponse({"errors": {"id": [message("no_such_record", language)]}}, 404)
    if row.base is not None:
        headers = {"Retry-After": str(error.retry_after)} if isinstance(error, core.RateLimited) else None
        return JSONResponse(_base(row.base, language), row.status, headers=headers)
    return JSONResponse(body_of(field_errors_of(error), language), row.status)


def _on_validation(request: Request, error: RequestValidationError) -> Response:
    # Routes read their own bodies; this only catches parameters FastAPI checks itself.
    items = [FieldError(str(e["loc"][-1]), Reason.INVALID_FORMAT, str(e["msg"])) for e in error.errors()]
    return JSONResponse(body_of(items, language_of(request)), 422)


def _on_http(request: Request, error: HTTPException) -> Response:
    if error.status_code == 404:
        return JSONResponse({"errors": {"base": [message("no_such_record", language_of(request))]}}, 404)
    return JSONResponse({"errors": {"base": [str(error.detail)]}}, error.status_code)


def _on_unexpected(request: Request) -> Response:
    return JSONResponse(_base("internal", language_of(request)), 500)


FORMS = kit.Forms(
    name="webcamconsult", error=render, validation=_on_validation, http=_on_http, unexpected=_on_unexpected
)


# What the served OpenAPI document says of these answers (edge/openapi.py puts them on every operation).
ERROR_FORM = ErrorForm(
    answers={
        400: ErrorAnswer("The body is not valid JSON", wire.Errors),
        401: ErrorAnswer(
            "Missing or wrong token (Rails' `HTTP Token: Access denied.`)", media_type="text/plain", text=True
        ),
        403: ErrorAnswer("The token may not do this", wire.Errors),
        404: ErrorAnswer("No such record in this organisation", wire.Errors),
        409: ErrorAnswer("Conflicts with the record's current state", wire.Errors),
        413: ErrorAnswer("The body is larger than the server accepts", wire.Errors),
        422: ErrorAnswer(
            "Refused attributes, each with its messages (English, or Dutch with Accept-Language: nl)", wire.Errors
        ),
        429: ErrorAnswer("Too many requests for this token: see Retry-After", wire.Errors),
        500: ErrorAnswer("Internal error (logged)", wire.Errors),
    },
    security_schemes={
        "token": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token token=<organisation token>` (or the `authentication_token` parameter)",
        }
    },
)
