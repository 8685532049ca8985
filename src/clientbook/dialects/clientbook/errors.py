"""The one place the native API's error form exists: RFC 9457 problem details (`application/problem+json`), with
`errors` naming every refused field in the core's spelling."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from clientbook.core import errors as core
from clientbook.core.errors import FieldError, Reason
from clientbook.edge.openapi import ErrorAnswer, ErrorForm

from . import wire

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"

# Core error → HTTP status, looked up along the MRO.
STATUS: dict[type[core.ClientbookError], int] = {
    core.ValidationFailed: 422,
    core.MalformedRequest: 400,
    core.Unauthorized: 401,
    core.Forbidden: 403,
    core.NotFound: 404,
    core.Deleted: 410,
    core.Duplicate: 409,
    core.Conflict: 409,
    core.PayloadTooLarge: 413,
    core.RateLimited: 429,
    core.ClientbookError: 400,
}


def status_of(error: core.ClientbookError) -> int:
    return next(STATUS[cls] for cls in type(error).__mro__ if cls in STATUS)


def _fields(error: core.ClientbookError) -> list[FieldError]:
    if isinstance(error, core.ValidationFailed):
        return error.errors
    return [FieldError(error.field, Reason.INVALID_FORMAT, error.message)] if error.field else []


def problem(status: int, code: str, detail: str, fields: Sequence[FieldError] = ()) -> JSONResponse:
    body = wire.Problem(
        type=f"https://clientbook.dev/problems/{code}",
        title=code.replace("_", " "),
        status=status,
        detail=detail,
        errors=[wire.ProblemField(field=f.field, reason=f.reason.value, message=f.message) for f in fields],
    )
    return JSONResponse(body.model_dump(), status, media_type=MEDIA_TYPE)


async def _on_core_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, core.ClientbookError)
    response = problem(status_of(error), error.code.value, error.message, _fields(error))
    if isinstance(error, core.RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, core.Unauthorized):
        response.headers["WWW-Authenticate"] = 'Bearer realm="clientbook"'
    return response


async def _on_validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    fields = [
        FieldError(str(e["loc"][-1]), Reason.INVALID_FORMAT, f"{e['loc'][-1]}: {e['msg']}") for e in error.errors()
    ]
    return problem(422, core.ErrorCode.INVALID.value, fields[0].message if fields else "invalid request", fields)


async def _on_http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    return problem(error.status_code, "not_found" if error.status_code == 404 else "http_error", str(error.detail))


async def _on_unexpected(request: Request, _error: Exception) -> JSONResponse:
    log.exception("clientbook API: unexpected error on %s %s", request.method, request.url.path)
    return problem(500, "internal", "internal server error")


def install(app: FastAPI) -> None:
    app.add_exception_handler(core.ClientbookError, _on_core_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)


def _answer(description: str) -> ErrorAnswer:
    return ErrorAnswer(description, wire.Problem, media_type=MEDIA_TYPE)


# What the served OpenAPI document says of these answers (edge/openapi.py puts them on every operation).
ERROR_FORM = ErrorForm(
    answers={
        400: _answer("Malformed request or parameter"),
        401: _answer("Missing or wrong Bearer token"),
        403: _answer("The token may not do this"),
        404: _answer("No such record in this business"),
        409: _answer("Conflicts with the record's current state"),
        410: _answer("The record is deleted"),
        413: _answer("The body is larger than the server accepts"),
        422: _answer("Refused fields, each named in `errors`"),
        429: _answer("Too many requests for this token: see Retry-After"),
        500: _answer("Internal error (logged)"),
    },
    security_schemes={"bearer": {"type": "http", "scheme": "bearer", "description": "the `clientbook` token"}},
)
