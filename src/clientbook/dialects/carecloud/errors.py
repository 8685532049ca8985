"""The one place the CareCloud error envelope exists: `{"error": {type, exception, title, detail, error_data}}` with
the documented status codes 400, 401, 403, 404, 405, 429, 500, 503 (seed 003 "Status codes"; vendors.md §2)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from clientbook.core import errors as core

from .conventions import language
from .mapping import wire_field

log = logging.getLogger(__name__)

# Core error → HTTP status, looked up along the MRO. Body-level "not found" and "deleted" are bad input (400 with a
# reason); a resource named in the path that does not exist is a 404 (ResourceNotFound).
STATUS: dict[type[Exception], int] = {
    core.ResourceNotFound: 404,
    core.Unauthorized: 401,
    core.Forbidden: 403,
    core.RateLimited: 429,
    core.ClientbookError: 400,
}

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

# Titles in the reader's language (Accept-Language); details stay in English, naming the field.
TITLES: dict[str, dict[int, str]] = {
    "en": {
        400: "Bad request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not found",
        405: "Method not allowed",
        429: "Too many requests",
        500: "Internal server error",
        503: "Service unavailable",
    },
    "cs": {
        400: "Chybný požadavek",
        401: "Neautorizovaný přístup",
        403: "Přístup zakázán",
        404: "Nenalezeno",
        405: "Metoda není povolena",
        429: "Příliš mnoho požadavků",
        500: "Interní chyba serveru",
        503: "Služba není dostupná",
    },
    "de": {
        400: "Ungültige Anfrage",
        401: "Nicht autorisiert",
        403: "Verboten",
        404: "Nicht gefunden",
        405: "Methode nicht erlaubt",
        429: "Zu viele Anfragen",
        500: "Interner Serverfehler",
        503: "Dienst nicht verfügbar",
    },
}

# What a reason means, in the reader's language; English messages are our own detailed ones (they name the rule).
REASON_TEXT: dict[str, dict[str, str]] = {
    "cs": {
        "required": "je povinný údaj",
        "empty": "nesmí být prázdný",
        "invalid_value_format": "má neplatný formát",
        "not_allowed_value": "není povolená hodnota",
        "already_exists": "již existuje",
        "not_found": "neexistuje",
        "deleted": "byl smazán",
        "relation_already_exists": "vazba již existuje",
    },
    "de": {
        "required": "muss angegeben werden",
        "empty": "darf nicht leer sein",
        "invalid_value_format": "hat ein ungültiges Format",
        "not_allowed_value": "ist kein zulässiger Wert",
        "already_exists": "existiert bereits",
        "not_found": "existiert nicht",
        "deleted": "wurde gelöscht",
        "relation_already_exists": "die Verknüpfung existiert bereits",
    },
}

# The documented generic reasons (seed 003 via the spec's `invalid_params[].reason`).
_REASONS = {core.Reason.TOO_LONG: "invalid_value_format"}


def status_of(error: Exception) -> int:
    return next(STATUS[cls] for cls in type(error).__mro__ if cls in STATUS)


def envelope(
    request: Request, status: int, detail: str, error_data: dict[str, Any] | None = None, *, kind: str | None = None
) -> JSONResponse:
    titles = TITLES.get(language(request), TITLES["en"])
    exception = kind or EXCEPTIONS[status]
    body: dict[str, Any] = {
        "type": kind or "about:blank",
        "exception": exception,
        "title": titles.get(status, TITLES["en"][status]),
        "detail": detail,
    }
    if error_data is not None:
        body["error_data"] = error_data
    return JSONResponse({"error": body}, status_code=status)


def _wire(request: Request, field: str | None) -> str:
    names = getattr(request.state, "wire_names", None)
    return wire_field(field, names) or "body"


def _reason(error: core.ClientbookError, fallback: str) -> str:
    if isinstance(error, core.AlreadyMember):
        return "relation_already_exists"
    if isinstance(error, core.Duplicate):
        return "already_exists"
    if isinstance(error, core.Deleted):
        return "deleted"
    if isinstance(error, core.NotFound):
        return "not_found"
    if isinstance(error, core.MalformedRequest | core.PayloadTooLarge):
        return "invalid_value_format"
    return fallback


def _param(request: Request, field: str | None, reason: str, message: str, value: object) -> dict[str, Any]:
    name = _wire(request, field)
    translated = REASON_TEXT.get(language(request), {}).get(reason)
    text = f"{name}: {translated}" if translated else message.replace(field or "\0", name)
    item: dict[str, Any] = {"name": name, "reason": reason, "message": text}
    if value is not None and reason != "required":
        item["value"] = value if isinstance(value, str) else str(value)
    return item


def invalid_params(request: Request, error: core.ClientbookError) -> list[dict[str, Any]]:
    if isinstance(error, core.ValidationFailed):
        return [
            _param(request, e.field, _REASONS.get(e.reason, e.reason.value), e.message, e.value) for e in error.errors
        ]
    value = error.data.get("value", getattr(error, "id", None))
    return [_param(request, error.field, _reason(error, "not_allowed_value"), error.message, value)]


async def _on_core_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, core.ClientbookError)
    status = status_of(error)
    if status == 400:
        params = invalid_params(request, error)
        detail = "; ".join(p["message"] for p in params)
        return envelope(request, 400, detail, {"invalid_params": params})
    if isinstance(error, core.ResourceNotFound):
        data = {"resource_name": error.resource_name, "resource_id": error.resource_id}
        return envelope(request, 404, error.message, data)
    if isinstance(error, core.RateLimited):
        response = envelope(request, 429, error.message, {"retry_after": error.retry_after})
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    response = envelope(request, status, error.message, {})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="CareCloud"'
    return response


async def _on_interface(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, core.InterfaceNotAllowed)
    data = {"invalid_resource_name": error.resource, "interface": error.interface}
    return envelope(request, 403, str(error), data, kind="interface_not_allowed_exception")


async def _on_http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 405:
        detail = f"Method {request.method} is not allowed for this resource"
        response = envelope(request, 405, detail, {"http_method": request.method})
        if error.headers:
            response.headers.update(error.headers)
        return response
    if error.status_code == 404:
        path = request.url.path
        data = {"resource_name": path.rstrip("/").rsplit("/", 1)[-1], "resource_id": ""}
        return envelope(request, 404, f"Resource {path} was not found", data)
    status = error.status_code if error.status_code in EXCEPTIONS else 400
    return envelope(request, status, str(error.detail), {})


async def _on_validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    params = []
    for item in error.errors():
        name = ".".join(str(p) for p in item["loc"] if p not in ("body", "query", "path", "header"))
        params.append({"name": name, "reason": "invalid_value_format", "message": f"{name}: {item['msg']}"})
    return envelope(request, 400, "; ".join(p["message"] for p in params), {"invalid_params": params})


async def _on_unavailable(request: Request, error: Exception) -> JSONResponse:
    log.warning("carecloud: database unavailable on %s: %s", request.url.path, type(error).__name__)
    response = envelope(request, 503, "The service is temporarily unavailable, retry later", {})
    response.headers["Retry-After"] = "5"
    return response


async def _on_unexpected(request: Request, error: Exception) -> JSONResponse:
    if isinstance(error, OperationalError | ConnectionError | TimeoutError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated
    ):
        return await _on_unavailable(request, error)
    log.exception("carecloud: unexpected error on %s", request.url.path)
    return envelope(request, 500, "Internal server error", {})


def install(app: FastAPI) -> None:
    app.add_exception_handler(core.ClientbookError, _on_core_error)
    app.add_exception_handler(core.InterfaceNotAllowed, _on_interface)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(OperationalError, _on_unavailable)
    app.add_exception_handler(Exception, _on_unexpected)
