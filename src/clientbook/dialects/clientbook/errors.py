"""The one place the native API's error form exists: RFC 9457 problem details (`application/problem+json`), with
`errors` naming every refused field in the core's spelling."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from clientbook.core import errors as core
from clientbook.core.errors import FieldError, Reason
from clientbook.edge import errors as kit
from clientbook.edge.openapi import ErrorAnswer, ErrorForm

from . import wire

MEDIA_TYPE = "application/problem+json"

# Core error → HTTP status, looked up along the MRO; the problem's `type` is the error's stable code.
TABLE = kit.Table(
    {
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
        core.NoMobileNumber: 400,
        core.OptedOut: 400,
        core.ClientbookError: 400,
    }
)


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


def render(_request: Request, error: core.ClientbookError, _scope: object) -> JSONResponse:
    response = problem(TABLE.of(error), error.code.value, error.message, _fields(error))
    if isinstance(error, core.RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, core.Unauthorized):
        response.headers["WWW-Authenticate"] = 'Bearer realm="clientbook"'
    return response


def _on_validation(_request: Request, error: RequestValidationError) -> JSONResponse:
    fields = [
        FieldError(str(e["loc"][-1]), Reason.INVALID_FORMAT, f"{e['loc'][-1]}: {e['msg']}") for e in error.errors()
    ]
    return problem(422, core.ErrorCode.INVALID.value, fields[0].message if fields else "invalid request", fields)


def _on_http(_request: Request, error: HTTPException) -> JSONResponse:
    return problem(error.status_code, "not_found" if error.status_code == 404 else "http_error", str(error.detail))


def _on_unexpected(_request: Request) -> JSONResponse:
    return problem(500, "internal", "internal server error")


FORMS = kit.Forms(name="clientbook", error=render, validation=_on_validation, http=_on_http, unexpected=_on_unexpected)


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
