"""The one place the Webcamconsult error form exists: 422 `{"errors": {"<attribute>": ["<message>", …]}}` naming
every refused attribute in the wire spelling (seed 002), messages in English or, with `Accept-Language: nl`, Dutch.
A bad token is Rails' 401 (vendors.md §3); unknown ids are 404."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException

from clientbook.core import errors as core
from clientbook.core.errors import FieldError, Reason
from clientbook.edge.i18n import message, pick_language
from clientbook.edge.openapi import ErrorAnswer, ErrorForm

from . import wire
from .mapping import wire_field

log = logging.getLogger(__name__)

# Core error → HTTP status, looked up along the MRO. A NotFound or Deleted naming a field other than the record's own
# id is a refused reference in the body: 422 like any other bad attribute.
STATUS: dict[type[core.ClientbookError], int] = {
    core.ValidationFailed: 422,
    core.MalformedRequest: 400,
    core.PayloadTooLarge: 413,
    core.Unauthorized: 401,
    core.Forbidden: 403,
    core.NotFound: 404,
    core.Deleted: 404,
    core.Duplicate: 422,
    core.Conflict: 409,
    core.RateLimited: 429,
    core.ClientbookError: 422,
}

# Messages more precise than their reason, by (core field, reason).
_SPECIFIC = {
    ("duration_minutes", Reason.NOT_ALLOWED): "greater_than_0",
    ("birth_date", Reason.NOT_ALLOWED): "in_the_future",
}

ACCESS_DENIED = "HTTP Token: Access denied.\n"


def _lookup(error: core.ClientbookError) -> int:
    return next(STATUS[cls] for cls in type(error).__mro__ if cls in STATUS)


def _is_reference(error: core.ClientbookError) -> bool:
    return isinstance(error, core.NotFound | core.Deleted) and error.field not in (None, "id")


def status_of(error: core.ClientbookError) -> int:
    return 422 if _is_reference(error) else _lookup(error)


def field_errors_of(error: core.ClientbookError) -> list[FieldError]:
    """The refused attributes, with the reason each was refused for."""
    if isinstance(error, core.ValidationFailed):
        return error.errors
    if isinstance(error, core.NotFound):
        return [FieldError(error.field or "id", Reason.NOT_FOUND, error.message)]
    if isinstance(error, core.Deleted):
        return [FieldError(error.field or "id", Reason.DELETED, error.message)]
    if isinstance(error, core.Duplicate):
        return [FieldError(error.field or "base", Reason.ALREADY_EXISTS, error.message)]
    return [FieldError(error.field or "base", Reason.INVALID_FORMAT, error.message)]


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


def render(error: core.ClientbookError, request: Request) -> Response:
    language = language_of(request)
    status = status_of(error)
    if status == 401:
        return PlainTextResponse(ACCESS_DENIED, 401, headers={"WWW-Authenticate": 'Token realm="Application"'})
    if status == 404:
        return JSONResponse({"errors": {"id": [message("no_such_record", language)]}}, 404)
    if isinstance(error, core.MalformedRequest):
        return JSONResponse(_base("malformed", language), 400)
    if isinstance(error, core.PayloadTooLarge):
        return JSONResponse(_base("too_large", language), 413)
    if isinstance(error, core.RateLimited):
        headers = {"Retry-After": str(error.retry_after)}
        return JSONResponse(_base("rate_limited", language), 429, headers=headers)
    if isinstance(error, core.Forbidden):
        return JSONResponse(_base("forbidden", language), 403)
    return JSONResponse(body_of(field_errors_of(error), language), status)


async def _on_core_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, core.ClientbookError)
    return render(error, request)


async def _on_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    # Routes read their own bodies; this only catches parameters FastAPI checks itself.
    items = [FieldError(str(e["loc"][-1]), Reason.INVALID_FORMAT, str(e["msg"])) for e in error.errors()]
    return JSONResponse(body_of(items, language_of(request)), 422)


async def _on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    language = language_of(request)
    if error.status_code == 404:
        return JSONResponse({"errors": {"base": [message("no_such_record", language)]}}, 404)
    return JSONResponse({"errors": {"base": [str(error.detail)]}}, error.status_code, headers=error.headers)


async def _on_unexpected(request: Request, error: Exception) -> Response:
    log.exception("webcamconsult: unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse(_base("internal", language_of(request)), 500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(core.ClientbookError, _on_core_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)


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
