"""The one place the Wired Client error form exists: HTTP 200, a status code and a message (seed 000)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from clientbook.core import errors as core
from clientbook.edge import errors as kit
from clientbook.edge.openapi import ErrorAnswer, ErrorForm

from . import wire
from .mapping import wire_field

SUCCESS = 0
INTERNAL = 5000
FAILED = 2000
LOGIN_FAILED = "Target contact account not found or invalid password"

# Core error → status code, looked up along the MRO (vendors.md W1, W7, W8).
TABLE = kit.Table(
    {
        core.BusinessNotFound: 1001,
        core.BranchNotFound: 1002,
        core.StaffDeleted: 1003,
        core.DuplicateMobile: 1005,
        core.StaffNotFound: 2001,
        core.ClientNotFound: 2003,
        core.ClientDeleted: 2003,
        core.NoMobileNumber: FAILED,  # SMS: the recipient has no mobile number (seed 000 §3–4: 2000)
        core.OptedOut: FAILED,  # SMS: the recipient texted STOP
        core.ValidationFailed: FAILED,
        core.MalformedRequest: FAILED,
        core.PayloadTooLarge: FAILED,
        core.Unauthorized: FAILED,  # the message says which credentials
        core.Forbidden: FAILED,
        core.NotFound: FAILED,
        core.Deleted: FAILED,
        core.Duplicate: FAILED,
        core.Conflict: FAILED,
        core.RateLimited: FAILED,  # with HTTP 429 and Retry-After
        core.ClientbookError: FAILED,
    }
)
# An appointment's staff is the "next appointment staff" of the seed: its own two codes.
APPOINTMENT_STAFF_STATUS = {1003: 1004, 2001: 2002}
STAFF_CODES = (1003, 1004, 2001, 2002)  # their message is the staff member's name


@dataclass(frozen=True)
class Route:
    """What a route adds to the rendering of its refusals (`kit.within(Route(…))`): its own meaning of some codes,
    fixed messages, the staff names the caller sent (by core field), and the single sign-on answer form."""

    status: kit.Table[int] = TABLE
    messages: Mapping[int, str] = field(default_factory=dict)
    staff_names: Mapping[str, str] = field(default_factory=dict)
    sso: bool = False


PLAIN = Route()
# Single sign-on: 2001 means the account (or `staff_id`) and 2003 the contact (W1), with the seed's messages.
SSO = Route(
    status=TABLE.override({core.LoginFailed: 2001, core.ContactNotFound: 2003}),
    messages={2001: LOGIN_FAILED, 2003: "Target contact not found"},
    sso=True,
)


def status_of(error: core.ClientbookError, table: kit.Table[int] = TABLE) -> int:
    status = table.of(error)
    if error.field and error.field.startswith("appointments."):
        status = APPOINTMENT_STAFF_STATUS.get(status, status)
    return status


def message_of(error: core.ClientbookError, status: int, staff_names: Mapping[str, str]) -> str:
    """The seed's message: for the four staff codes, the staff member's name."""
    if status in STAFF_CODES:
        name = error.data.get("staff_name") or staff_names.get(error.field or "")
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


def render(request: Request, error: core.ClientbookError, scope: object) -> JSONResponse:
    route = scope if isinstance(scope, Route) else PLAIN
    status = status_of(error, route.status)
    if route.sso:
        message = route.messages.get(status) or message_of(error, status, route.staff_names)
        refused = wire.SsoResponse(token=None, login_url=None, status=status, message=message)
        return JSONResponse(refused.model_dump())
    if isinstance(error, core.RateLimited):
        # The one answer that is not HTTP 200: 429 with the usual body and Retry-After, which HTTP clients and
        # proxies act on (a 200 would read as success to a client that checks only the HTTP status).
        message = f"Too many requests: retry after {error.retry_after} seconds"
        headers = {"Retry-After": str(error.retry_after)}
        return JSONResponse(body(status, message, _id_key(request)), status_code=429, headers=headers)
    message = route.messages.get(status) or message_of(error, status, route.staff_names)
    return JSONResponse(body(status, message, _id_key(request)))


def _on_validation(request: Request, error: RequestValidationError) -> JSONResponse:
    return JSONResponse(body(FAILED, str(error), _id_key(request)))


def _on_unexpected(request: Request) -> JSONResponse:
    return JSONResponse(body(INTERNAL, "Internal server error", _id_key(request)))


FORMS = kit.Forms(name="wiredclient", error=render, validation=_on_validation, unexpected=_on_unexpected)


# What the served OpenAPI document says of these answers (edge/openapi.py puts them on every operation): every other
# refusal is HTTP 200 with its status code in the body (seed 000), which each route documents as its 200.
ERROR_FORM = ErrorForm(
    answers={429: ErrorAnswer("Too many requests for this key pair: see Retry-After", wire.StatusResponse)},
)
