"""The one place the TimeTap error form exists: the HTTP status is the signal (vendors.md §1 Errors), with a small
JSON body naming the offending parameter or field in TimeTap's spelling:
`{"errorMessage": "...", "field": "emailAddress", "status": 400}`."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from clientbook.core import errors as core
from clientbook.edge import errors as kit
from clientbook.edge.openapi import ErrorAnswer, ErrorForm

from . import wire
from .mapping import wire_field

# Core error → HTTP status, looked up along the MRO.
TABLE = kit.Table(
    {
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
        core.NoMobileNumber: 400,
        core.OptedOut: 400,
        core.ClientbookError: 400,
    }
)


def _rename(message: str, field: str | None) -> str:
    wire = wire_field(field)
    if field and wire and wire != field:
        return message.replace(field, wire)
    return message


def body(status: int, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"errorMessage": message, "field": field, "status": status, **extra}


def render(_request: Request, error: core.ClientbookError, _scope: object) -> JSONResponse:
    status = TABLE.of(error)
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


def _on_validation(_request: Request, error: RequestValidationError) -> JSONResponse:
    """FastAPI's own parameter checks (a path id that is not a number): 400 naming the parameter."""
    first = error.errors()[0]
    name = str(first["loc"][-1]) if first.get("loc") else None
    return JSONResponse(body(400, f"{name}: {first['msg']}", name), status_code=400)


def _on_http(_request: Request, error: HTTPException) -> JSONResponse:
    return JSONResponse(body(error.status_code, str(error.detail)), status_code=error.status_code)


def _on_unexpected(_request: Request) -> JSONResponse:
    return JSONResponse(body(500, "Internal server error"), status_code=500)


FORMS = kit.Forms(name="timetap", error=render, validation=_on_validation, http=_on_http, unexpected=_on_unexpected)


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
