"""The one place the TimeTap error form exists: the HTTP status is the signal (vendors.md §1 Errors), with a small
JSON body naming the offending parameter or field in TimeTap's spelling:
`{"errorMessage": "...", "field": "emailAddress", "status": 400}`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from clientbook.core import errors as core
from clientbook.edge.openapi import ErrorAnswer, ErrorForm

from . import wire
from .mapping import wire_field

log = logging.getLogger(__name__)

# Core error → HTTP status, looked up along the MRO.
STATUS: dict[type[core.ClientbookError], int] = {
    core.ValidationFailed: 400,
    core.MalformedRequest: 400,
    core.Unauthorized: 401,
    core.Forbidden: 403,
    core.NotFound: 404,
    core.Deleted: 404,
    core.Duplicate: 409,
    core.Conflict: 409,
    core.PayloadTooLarge: 413,
    core.RateLimited: 429,
    core.ClientbookError: 400,
}


def status_of(error: core.ClientbookError) -> int:
    return next(STATUS[cls] for cls in type(error).__mro__ if cls in STATUS)


def _rename(message: str, field: str | None) -> str:
    wire = wire_field(field)
    if field and wire and wire != field:
        return message.replace(field, wire)
    return message


def body(status: int, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"errorMessage": message, "field": field, "status": status, **extra}


async def _on_core_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, core.ClientbookError)
    status = status_of(error)
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, core.RateLimited) else None
    if isinstance(error, core.ValidationFailed):
        fields = [
            {"field": wire_field(e.field), "reason": e.reason.value, "errorMessage": _rename(e.message, e.field)}
            for e in error.errors
        ]
        message = "; ".join(str(f["errorMessage"]) for f in fields)
        content = body(status, message, wire_field(error.field), errors=fields)
    else:
        content = body(status, _rename(error.message, error.field), wire_field(error.field) if error.field else None)
    return JSONResponse(content, status_code=status, headers=headers)


async def _on_validation_error(_request: Request, error: Exception) -> JSONResponse:
    """FastAPI's own parameter checks (a path id that is not a number): 400 naming the parameter."""
    assert isinstance(error, RequestValidationError)
    first = error.errors()[0]
    name = str(first["loc"][-1]) if first.get("loc") else None
    return JSONResponse(body(400, f"{name}: {first['msg']}", name), status_code=400)


async def _on_http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    return JSONResponse(body(error.status_code, str(error.detail)), status_code=error.status_code)


async def _on_unexpected(request: Request, _error: Exception) -> JSONResponse:
    log.exception("timetap: unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse(body(500, "Internal server error"), status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(core.ClientbookError, _on_core_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)


# What the served OpenAPI document says of these answers (edge/openapi.py puts them on every operation).
ERROR_FORM = ErrorForm(
    answers={
        400: ErrorAnswer("Bad input: the body or a parameter is refused; `field` names it", wire.ErrorResponse),
        401: ErrorAnswer(
            "No session token, or an expired or unknown one: get one from /sessionToken", wire.ErrorResponse
        ),
        403: ErrorAnswer("The credential may not do this", wire.ErrorResponse),
        404: ErrorAnswer("No such client (or other record) in this business", wire.ErrorResponse),
        409: ErrorAnswer("Conflicts with another record (a duplicate)", wire.ErrorResponse),
        413: ErrorAnswer("The body is larger than the server accepts", wire.ErrorResponse),
        429: ErrorAnswer("Too many requests for this credential: see Retry-After", wire.ErrorResponse),
        500: ErrorAnswer("Internal error (logged)", wire.ErrorResponse),
    },
    security_schemes={
        "sessionToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "`Authorization: Bearer <sessionToken>` (or `?sessionToken=`), from GET /sessionToken",
        }
    },
    public_paths=frozenset({"/sessionToken"}),
)
