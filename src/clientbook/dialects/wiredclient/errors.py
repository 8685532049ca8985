"""The one place the Wired Client error form exists: HTTP 200, a status code and a message (seed 000)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from clientbook.core import errors as core
from clientbook.edge.openapi import ErrorAnswer, ErrorForm

from . import wire
from .mapping import wire_field

log = logging.getLogger(__name__)

SUCCESS = 0
INTERNAL = 5000
FAILED = 2000

# Core error → status code, looked up along the MRO (vendors.md W1, W7, W8).
STATUS: dict[type[core.ClientbookError], int] = {
    core.BusinessNotFound: 1001,
    core.BranchNotFound: 1002,
    core.StaffDeleted: 1003,
    core.DuplicateMobile: 1005,
    core.StaffNotFound: 2001,
    core.ClientNotFound: 2003,
    core.ClientDeleted: 2003,
    core.NoMobileNumber: FAILED,  # SMS: the recipient has no mobile number (seed 000 §3–4: 2000)
    core.OptedOut: FAILED,  # SMS: the recipient texted STOP
    core.ClientbookError: FAILED,
}
# An appointment's staff is the "next appointment staff" of the seed: its own two codes.
APPOINTMENT_STAFF_STATUS = {1003: 1004, 2001: 2002}


def status_of(error: core.ClientbookError) -> int:
    status = next(STATUS[cls] for cls in type(error).__mro__ if cls in STATUS)
    if error.field and error.field.startswith("appointments."):
        status = APPOINTMENT_STAFF_STATUS.get(status, status)
    return status


def message_of(error: core.ClientbookError, request: Request) -> str:
    """The seed's message: for the four staff codes, the staff member's name."""
    status = status_of(error)
    if status in (1003, 1004, 2001, 2002):
        given = getattr(request.state, "staff_names", {}).get(error.field or "")
        name = error.data.get("staff_name") or given
        if name:
            return str(name)
    if isinstance(error, core.Unauthorized):
        return "Invalid API credentials"
    if isinstance(error, core.ValidationFailed):
        return "; ".join(_rename(e.message, e.field) for e in error.errors)
    return _rename(error.message, error.field)


def _rename(message: str, field: str | None) -> str:
    """Speak the vendor's field names: `mobile_phone is not…` → `mobile_phone1 is not…`."""
    wire = wire_field(field)
    if field and wire and wire != field:
        return message.replace(field, wire)
    return message


def body(status: int, message: str, id_key: str = "id") -> dict[str, object]:
    return {id_key: 0, "status": status, "message": message}


def _id_key(request: Request) -> str:
    return "smsid" if request.url.path.endswith("sms") else "id"


async def _on_core_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, core.ClientbookError)
    return JSONResponse(body(status_of(error), message_of(error, request), _id_key(request)))


async def _on_validation_error(request: Request, error: Exception) -> JSONResponse:
    return JSONResponse(body(FAILED, str(error), _id_key(request)))


async def _on_rate_limited(request: Request, error: Exception) -> JSONResponse:
    """Rate limited: the one answer that is not HTTP 200 — 429 with the usual body and Retry-After, which HTTP clients
    and proxies act on (a 200 would read as success to a client that checks only the HTTP status)."""
    assert isinstance(error, core.RateLimited)
    message = f"Too many requests: retry after {error.retry_after} seconds"
    headers = {"Retry-After": str(error.retry_after)}
    return JSONResponse(body(FAILED, message, _id_key(request)), status_code=429, headers=headers)


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    log.exception("wiredclient: unexpected error on %s", request.url.path)
    return JSONResponse(body(INTERNAL, "Internal server error", _id_key(request)))


def install(app: FastAPI) -> None:
    app.add_exception_handler(core.ClientbookError, _on_core_error)
    app.add_exception_handler(core.RateLimited, _on_rate_limited)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)


# What the served OpenAPI document says of these answers (edge/openapi.py puts them on every operation): every other
# refusal is HTTP 200 with its status code in the body (seed 000), which each route documents as its 200.
ERROR_FORM = ErrorForm(
    answers={429: ErrorAnswer("Too many requests for this key pair: see Retry-After", wire.StatusResponse)},
)
