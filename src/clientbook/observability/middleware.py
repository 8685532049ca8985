"""One pure ASGI middleware on the root app (BaseHTTPMiddleware would cost a task per request): it gives the request
an id (the client's `X-Request-ID` when acceptable, returned in the answer), writes the access log line, and counts
the request for /metrics under its route template, found after routing.

The template comes from the route matched (`scope["route"]`, written into the scope dict every middleware below passes
on: a middleware that rewrites the path must change that dict, not a copy) and the mounts' prefix
(`scope["root_path"]`), never from the raw path: a path nobody routes is
`unmatched`, so no request can add a series or a label value of its choosing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import metrics
from .logs import REQUEST_ID_HEADER, request_context, request_id_from
from .redact import loggable_url

log = logging.getLogger("clientbook.access")
errors = logging.getLogger("clientbook.errors")
UNMATCHED = "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Scope, entry_root_path: str) -> str:
    """The matched route's path template below the mounts (`/timetap/live/clients/{clientId}`), or `unmatched`."""
    prefix = str(scope.get("root_path", ""))[len(entry_root_path) :]
    route = scope.get("route")
    if route is not None:
        # FastAPI keeps included routers nested: the route's own path lacks their prefixes (CareCloud's
        # `/enterprise-interface/{version}`), which the effective route context of the request holds.
        effective = (scope.get("fastapi") or {}).get("effective_route_context")
        path = getattr(effective, "path_format", None) or getattr(route, "path_format", None)
        return prefix + path if isinstance(path, str) else UNMATCHED
    if isinstance(scope.get("endpoint"), StaticFiles):  # a mount serving files: one series for all of them
        return prefix + "/{path}"
    return UNMATCHED


async def _internal_error(send: Send) -> None:
    body = b"Internal Server Error"
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Observe:
    """Request id, access log and request metrics for every HTTP request."""

    def __init__(self, app: ASGIApp, mounts: Sequence[tuple[str, str]], root_routes: Sequence[str] = ()) -> None:
        self.app = app
        # (prefix, label) longest first: the label is the dialect's name, `sms`, `bench`, `root` or `web`.
        self.mounts = sorted(mounts, key=lambda m: -len(m[0]))
        self.root_routes = frozenset(root_routes)

    def dialect_of(self, path: str, template: str) -> str:
        for prefix, name in self.mounts:
            if path == prefix or path.startswith(prefix + "/"):
                return name
        return "root" if template in self.root_routes else "web"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((value for name, value in scope["headers"] if name == b"x-request-id"), None)
        request_id = request_id_from(header)
        entry_root_path, path = str(scope.get("root_path", "")), scope["path"]  # as sent, before any rewriting
        started = time.perf_counter()
        status: int | None = None

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (REQUEST_ID_HEADER.encode(), request_id.encode())]
            await send(message)

        with request_context(request_id):
            try:
                await self.app(scope, receive, observed_send)
            except Exception:
                # Logged here, with the request id (uvicorn would log it after the request, without one); a dialect's
                # handler has answered already, else the client gets a plain 500 rather than a reset connection.
                errors.exception("unhandled error (status %s)", status or 500)
                if status is None:
                    await _internal_error(observed_send)
            finally:
                self._record(scope, entry_root_path, path, status or 500, time.perf_counter() - started)

    def _record(self, scope: Scope, entry_root_path: str, path: str, status: int, seconds: float) -> None:
        template = route_template(scope, entry_root_path)
        method = scope["method"] if scope["method"] in _METHODS else "OTHER"
        dialect = self.dialect_of(path, template)
        metrics.observe_request(dialect, method, template, status, seconds)
        if log.isEnabledFor(logging.INFO):
            extra: dict[str, Any] = {
                "dialect": dialect,
                "method": method,
                "path": loggable_url(path, scope.get("query_string", b""), scope.get("path_params")),
                "route": template,
                "status": status,
                "duration_ms": round(seconds * 1000, 1),
                "client": (scope.get("client") or ("-",))[0],
            }
            log.info("request", extra=extra)
