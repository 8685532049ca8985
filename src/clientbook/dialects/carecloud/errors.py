"""The one place the CareCloud error envelope exists: `{"error": {type, exception, title, detail, error_data}}` with
the documented status codes 400, 401, 403, 404, 405, 429, 500, 503 (seed 003 "Status codes"; vendors.md §2).

Titles, and what a field's refusal reason means, are in the reader's language (edge/locale/*.po, contexts
"carecloud title" and "carecloud reason"); details stay in English, naming the field as the route's resource spells
it (the routers' `wire_names`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from clientbook.core import errors as core
from clientbook.edge import errors as kit
from clientbook.edge.i18n import message, translation

from .conventions import language
from .mapping import wire_field

ErrorData = Callable[[core.ClientbookError], dict[str, Any]]


def _no_data(_error: core.ClientbookError) -> dict[str, Any]:
    return {}


def _resource(error: core.ClientbookError) -> dict[str, Any]:
    assert isinstance(error, core.ResourceNotFound)
    return {"resource_name": error.resource_name, "resource_id": error.resource_id}


def _interface(error: core.ClientbookError) -> dict[str, Any]:
    assert isinstance(error, core.InterfaceNotAllowed)
    return {"invalid_resource_name": error.resource, "interface": error.interface}


def _retry(error: core.ClientbookError) -> dict[str, Any]:
    assert isinstance(error, core.RateLimited)
    return {"retry_after": error.retry_after}


@dataclass(frozen=True)
class Row:
    status: int
    reason: str = "not_allowed_value"  # 400: the `invalid_params` reason of the field the error names
    data: ErrorData = _no_data  # other statuses: the `error_data`
    kind: str | None = None  # the `type` and `exception` when not the status's own


# Core error → its envelope, looked up along the MRO. Body-level "not found" and "deleted" are bad input (400 with a
# reason); a resource named in the path that does not exist is a 404 (ResourceNotFound).
TABLE = kit.Table(
    {
        core.ResourceNotFound: Row(404, data=_resource),
        core.NotFound: Row(400, "not_found"),
        core.Deleted: Row(400, "deleted"),
        core.AlreadyMember: Row(400, "relation_already_exists"),
        core.Duplicate: Row(400, "already_exists"),
        core.ValidationFailed: Row(400),  # each field with its own reason
        core.MalformedRequest: Row(400, "invalid_value_format"),
        core.PayloadTooLarge: Row(400, "invalid_value_format"),
        core.Conflict: Row(400),
        core.NoMobileNumber: Row(400),
        core.OptedOut: Row(400),
        core.Unauthorized: Row(401),
        core.InterfaceNotAllowed: Row(403, data=_interface, kind="interface_not_allowed_exception"),
        core.Forbidden: Row(403),
        core.RateLimited: Row(429, data=_retry),
        core.ClientbookError: Row(400),
    }
)

EXCEPTIONS = {
    400: "bad_request_exception",
    401: "unauthorized_exception",
    403: "forbidden_exception",
    404: "not_found_exception",
    405: "method_not_allowed_exception",
    429: "too_many_requests_exception",
    500: "internal_server_error_exception",
    503: "service_unavailable_exception",
}
# The documented generic reasons (seed 003 via the spec's `invalid_params[].reason`).
_REASONS = {core.Reason.TOO_LONG: "invalid_value_format"}


def envelope(
    request: Request, status: int, detail: str, error_data: dict[str, Any] | None = None, *, kind: str | None = None
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": kind or "about:blank",
        "exception": kind or EXCEPTIONS[status],
        "title": message(EXCEPTIONS[status], language(request), "carecloud title"),
        "detail": detail,
    }
    if error_data is not None:
        body["error_data"] = error_data
    return JSONResponse({"error": body}, status_code=status)


def _param(
    request: Request, names: Mapping[str, str], field: str | None, reason: str, text: str, value: object
) -> dict[str, Any]:
    name = wire_field(field, names) or "body"
    translated = translation(reason, language(request), "carecloud reason")
    item: dict[str, Any] = {
        "name": name,
        "reason": reason,
        # The core's message starts with its field name ("language is not an ISO 639-1 language code"): once.
        "message": f"{name}: {translated}" if translated else text.replace(field or "\0", name, 1),
    }
    if value is not None and reason != "required":
        item["value"] = value if isinstance(value, str) else str(value)
    return item


def invalid_params(request: Request, error: core.ClientbookError, names: Mapping[str, str]) -> list[dict[str, Any]]:
    if isinstance(error, core.ValidationFailed):
        return [
            _param(request, names, e.field, _REASONS.get(e.reason, e.reason.value), e.message, e.value)
            for e in error.errors
        ]
    value = error.data.get("value", getattr(error, "id", None))
    return [_param(request, names, error.field, TABLE.of(error).reason, error.message, value)]


def render(request: Request, error: core.ClientbookError, scope: object) -> JSONResponse:
    """`scope`: how the route's resource spells core fields (`kit.route_class(names)`), if it says."""
    row = TABLE.of(error)
    if row.status == 400:
        return _bad_request(request, invalid_params(request, error, scope if isinstance(scope, Mapping) else {}))
    response = envelope(request, row.status, error.message, row.data(error), kind=row.kind)
    if isinstance(error, core.RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    if row.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="CareCloud"'
    return response


def _on_http(request: Request, error: HTTPException) -> JSONResponse:
    if error.status_code == 405:
        detail = f"Method {request.method} is not allowed for this resource"
        return envelope(request, 405, detail, {"http_method": request.method})
    if error.status_code == 404:
        path = request.url.path
        data = {"resource_name": path.rstrip("/").rsplit("/", 1)[-1], "resource_id": ""}
        return envelope(request, 404, f"Resource {path} was not found", data)
    status = error.status_code if error.status_code in EXCEPTIONS else 400
    return envelope(request, status, str(error.detail), {})


def _on_validation(request: Request, error: RequestValidationError) -> JSONResponse:
    params = []
    for item in error.errors():
        name = ".".join(str(p) for p in item["loc"] if p not in ("body", "query", "path", "header"))
        params.append({"name": name, "reason": "invalid_value_format", "message": f"{name}: {item['msg']}"})
    return _bad_request(request, params)


# The spec's `invalid_params` holds at most 1,000 items (BadRequestErrorBody): a batch refused item by item names the
# first 1,000 refused fields and says how many more there were.
MAX_INVALID_PARAMS = 1000


def _bad_request(request: Request, params: list[dict[str, Any]]) -> JSONResponse:
    shown = params[:MAX_INVALID_PARAMS]
    message = "; ".join(p["message"] for p in shown)
    if len(params) > len(shown):
        message += f"; and {len(params) - len(shown)} more"
    return envelope(request, 400, message, {"invalid_params": shown})


def _on_unavailable(request: Request) -> JSONResponse:
    response = envelope(request, 503, "The service is temporarily unavailable, retry later", {})
    response.headers["Retry-After"] = "5"
    return response


def _on_unexpected(request: Request) -> JSONResponse:
    return envelope(request, 500, "Internal server error", {})


FORMS = kit.Forms(
    name="carecloud",
    error=render,
    validation=_on_validation,
    http=_on_http,
    unexpected=_on_unexpected,
    unavailable=_on_unavailable,
)
