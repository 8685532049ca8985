"""The /sms sub-app's error form: `{"error": message, "field": field}` with the HTTP status as the signal."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse

from clientbook.core import errors as core
from clientbook.edge import errors as kit

# Core error → HTTP status, looked up along the MRO.
TABLE = kit.Table(
    {
        core.Forbidden: 403,  # a signature that is missing or does not match
        core.PayloadTooLarge: 413,
        core.ValidationFailed: 400,
        core.MalformedRequest: 400,
        core.Unauthorized: 400,
        core.NotFound: 400,
        core.Deleted: 400,
        core.Duplicate: 400,
        core.Conflict: 400,
        core.RateLimited: 400,
        core.NoMobileNumber: 400,
        core.OptedOut: 400,
        core.ClientbookError: 400,
    }
)


def render(_request: Request, error: core.ClientbookError, _scope: object) -> JSONResponse:
    return JSONResponse({"error": error.message, "field": error.field}, status_code=TABLE.of(error))


FORMS = kit.Forms(name="sms", error=render)
