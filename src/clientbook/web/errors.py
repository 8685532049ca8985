"""Core errors as HTML pages (the web app's own rendering of the same typed errors the dialects translate)."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse

from clientbook.core import errors as core

from .templating import render, secure_headers

log = logging.getLogger(__name__)

STATUS: dict[type[core.ClientbookError], int] = {
    core.NotFound: 404,
    core.Deleted: 404,
    core.Unauthorized: 401,
    core.Forbidden: 403,
    core.ValidationFailed: 400,
    core.MalformedRequest: 400,
    core.PayloadTooLarge: 413,
    core.Duplicate: 409,
    core.Conflict: 409,
    core.ClientbookError: 400,
}


def status_of(error: core.ClientbookError) -> int:
    return next(STATUS[cls] for cls in type(error).__mro__ if cls in STATUS)


def _page(request: Request, title: str, message: str, status: int) -> Response:
    return render(request, "error.html", {"title": title, "message": message}, status_code=status)


async def _on_login_required(request: Request, error: Exception) -> Response:
    assert isinstance(error, core.LoginRequired)
    response = RedirectResponse("/login?" + urlencode({"next": error.next_path}), status_code=303)
    secure_headers(response)
    return response


async def _on_csrf(request: Request, error: Exception) -> Response:
    return _page(request, "Form expired", str(error), 403)


async def _on_core_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, core.ClientbookError)
    status = status_of(error)
    message = "; ".join(e.message for e in error.errors) if isinstance(error, core.ValidationFailed) else error.message
    titles = {404: "Not found", 401: "Not signed in", 403: "Not allowed"}
    return _page(request, titles.get(status, "Cannot do that"), message, status)


async def _on_unexpected(request: Request, error: Exception) -> Response:
    log.exception("web: unexpected error on %s", request.url.path)
    return _page(request, "Something went wrong", "The error was logged. Please try again.", 500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(core.LoginRequired, _on_login_required)
    app.add_exception_handler(core.CsrfRejected, _on_csrf)
    app.add_exception_handler(core.ClientbookError, _on_core_error)
    app.add_exception_handler(Exception, _on_unexpected)
