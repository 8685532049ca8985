"""The error kit: the MRO lookup and the handler installation, written once for the dialects, the web app and /sms.

An app's `errors.py` is one `Table` from core error type to its wire form, plus the small functions that render a
row, handed to `install` as `Forms`: core errors, FastAPI's own parameter checks, Starlette's routing errors (404,
and 405 with an Allow header naming every method the path serves), an unexpected exception (logged, answered in
the app's 5xx form, never leaked) and, where the app has a form for it, a database that is not reachable (503).

A route whose refusals need more than the error itself (Wired Client's single sign-on gives codes their own meaning,
CareCloud spells core fields per resource) runs `within(scope)`, or its router uses `route_class(scope)`: a core
error is re-raised as `Scoped(error, scope)`, so what renders it travels with the error, never in `request.state`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException
from starlette.routing import Match

from clientbook.core.errors import ClientbookError

log = logging.getLogger(__name__)

R = TypeVar("R")


class Table(Generic[R]):
    """Core error type → one app's wire form of it, looked up along the MRO: the most specific row answers."""

    def __init__(self, rows: Mapping[type[ClientbookError], R]) -> None:
        if ClientbookError not in rows:
            raise ValueError("an error table needs a row for ClientbookError, the base")
        self.rows: dict[type[ClientbookError], R] = dict(rows)

    def row_class(self, cls: type[ClientbookError]) -> type[ClientbookError]:
        """The class whose row answers for `cls` (ClientbookError itself when nothing more specific has a row)."""
        return next(c for c in cls.__mro__ if c in self.rows)

    def of(self, error: ClientbookError) -> R:
        return self.rows[self.row_class(type(error))]

    def override(self, rows: Mapping[type[ClientbookError], R]) -> Table[R]:
        """This table with a few rows replaced or added: a route's own meaning of some errors."""
        return Table({**self.rows, **rows})


class Scoped(Exception):
    """A core error re-raised by a route together with what its rendering needs (a per-route override). Raised,
    not returned, so the request's transaction rolls back as for any refusal."""

    def __init__(self, error: ClientbookError, scope: object) -> None:
        super().__init__(error.message)
        self.error = error
        self.scope = scope


@contextmanager
def within(scope: object) -> Iterator[None]:
    """Core errors raised inside are rendered with `scope`; an inner `within` wins over an outer one."""
    try:
        yield
    except ClientbookError as error:
        raise Scoped(error, scope) from error


def route_class(scope: object) -> type[APIRoute]:
    """For `APIRouter(route_class=…)`: every route of the router, dependencies included, runs `within(scope)`."""

    class ScopedRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def handle(request: Request) -> Response:
                with within(scope):
                    return await handler(request)

            return handle

    return ScopedRoute


RenderError = Callable[[Request, ClientbookError, object], Response]  # the scope is None outside any `within`


@dataclass(frozen=True, kw_only=True)
class Forms:
    """How one app answers each kind of failure; a form left None keeps FastAPI's answer (`{"detail": …}` for HTTP
    errors, the root app's for an unexpected one)."""

    name: str  # names the app in the log
    error: RenderError
    validation: Callable[[Request, RequestValidationError], Response] | None = None
    http: Callable[[Request, HTTPException], Response] | None = None
    unexpected: Callable[[Request], Response] | None = None
    unavailable: Callable[[Request], Response] | None = None


def is_unavailable(error: Exception) -> bool:
    """The database (or the network to it) is down: worth a retry, unlike a bug."""
    if isinstance(error, OperationalError | ConnectionError | TimeoutError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def install(app: FastAPI, forms: Forms) -> None:
    """Register `forms` as `app`'s exception handlers (a mounted sub-app's handlers win inside its mount)."""

    async def on_error(request: Request, error: Exception) -> Response:
        if isinstance(error, Scoped):
            return forms.error(request, error.error, error.scope)
        assert isinstance(error, ClientbookError)
        return forms.error(request, error, None)

    app.add_exception_handler(ClientbookError, on_error)
    app.add_exception_handler(Scoped, on_error)
    if forms.validation is not None:
        app.add_exception_handler(RequestValidationError, _handler(forms.validation, RequestValidationError))
    app.add_exception_handler(HTTPException, _http_handler(forms.http or _default_http))
    if forms.unavailable is not None:
        app.add_exception_handler(OperationalError, _unavailable_handler(forms.name, forms.unavailable))
    if forms.unexpected is not None:
        app.add_exception_handler(Exception, _unexpected_handler(forms))


E = TypeVar("E", bound=Exception)


def _handler(render: Callable[[Request, E], Response], kind: type[E]) -> Callable[[Request, Exception], Any]:
    async def handle(request: Request, error: Exception) -> Response:
        assert isinstance(error, kind)
        return render(request, error)

    return handle


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app serves at the request's path. Starlette's own 405 names only the methods
    of the first route whose path matched (`GET` where GET and POST are both served)."""
    routes = getattr(getattr(request.scope.get("app"), "router", None), "routes", [])
    return [m for m in METHODS if any(r.matches({**request.scope, "method": m})[0] is Match.FULL for r in routes)]


def _default_http(_request: Request, error: HTTPException) -> Response:
    """FastAPI's own answer (`{"detail": …}`), for apps without a form of their own."""
    if error.status_code in (204, 304):
        return Response(status_code=error.status_code)
    return JSONResponse({"detail": error.detail}, status_code=error.status_code)


def _http_handler(render: Callable[[Request, HTTPException], Response]) -> Callable[[Request, Exception], Any]:
    async def handle(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        response = render(request, error)
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request)) or headers.get("Allow", "")
        response.headers.update(headers)
        return response

    return handle


def _unavailable_handler(name: str, render: Callable[[Request], Response]) -> Callable[[Request, Exception], Any]:
    async def handle(request: Request, error: Exception) -> Response:
        log.warning("%s: database unavailable on %s: %s", name, request.url.path, type(error).__name__)
        return render(request)

    return handle


def _unexpected_handler(forms: Forms) -> Callable[[Request, Exception], Any]:
    assert forms.unexpected is not None
    unexpected = forms.unexpected

    async def handle(request: Request, error: Exception) -> Response:
        if forms.unavailable is not None and is_unavailable(error):
            log.warning("%s: database unavailable on %s: %s", forms.name, request.url.path, type(error).__name__)
            return forms.unavailable(request)
        log.exception("%s: unexpected error on %s %s", forms.name, request.method, request.url.path)
        return unexpected(request)

    return handle
