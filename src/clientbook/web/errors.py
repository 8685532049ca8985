"""Core errors as HTML pages (the web app's own rendering of the same typed errors the dialects translate)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from clientbook.core import errors as core
from clientbook.edge import errors as kit

from .sessions import COOKIE
from .templating import render as render_page
from .templating import secure_headers


@dataclass(frozen=True)
class Page:
    status: int
    title: str


CANNOT = "Cannot do that"
# Core error → the error page, looked up along the MRO; LoginRequired is the redirect to the login form instead.
TABLE = kit.Table(
    {
        core.LoginRequired: Page(303, "Sign in"),
        core.CsrfRejected: Page(403, "Form expired"),
        core.NotFound: Page(404, "Not found"),
        core.Deleted: Page(404, "Not found"),
        core.Unauthorized: Page(401, "Not signed in"),
        core.Forbidden: Page(403, "Not allowed"),
        core.ValidationFailed: Page(400, CANNOT),
        core.MalformedRequest: Page(400, CANNOT),
        core.PayloadTooLarge: Page(413, CANNOT),
        core.Duplicate: Page(409, CANNOT),
        core.Conflict: Page(409, CANNOT),
        core.RateLimited: Page(400, CANNOT),
        core.NoMobileNumber: Page(400, CANNOT),
        core.OptedOut: Page(400, CANNOT),
        core.ClientbookError: Page(400, CANNOT),
    }
)


def _page(request: Request, title: str, message: str, status: int) -> Response:
    """The error page. A browser holding a session cookie keeps the main navigation (links only: the handler has no
    database session to check the cookie with, and a link to a page it may not open leads to the sign-in form), so a
    stale link or a mistyped date does not strand the receptionist on a page with one way out."""
    values = {"title": title, "message": message, "nav": COOKIE in request.cookies, "section": ""}
    return render_page(request, "error.html", values, status_code=status)


def render(request: Request, error: core.ClientbookError, _scope: object) -> Response:
    if isinstance(error, core.LoginRequired):
        response = RedirectResponse("/login?" + urlencode({"next": error.next_path}), status_code=303)
        secure_headers(response)
        return response
    page = TABLE.of(error)
    message = "; ".join(e.message for e in error.errors) if isinstance(error, core.ValidationFailed) else error.message
    return _page(request, page.title, message, page.status)


def _on_unexpected(request: Request) -> Response:
    return _page(request, "Something went wrong", "The error was logged. Please try again.", 500)


FORMS = kit.Forms(name="web", error=render, unexpected=_on_unexpected)
