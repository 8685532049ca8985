"""Signing in and out: the `/` hash forwarder, the SSO auto-login, the password login form, logout."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from clientbook.core import accounts, secrets, sso
from clientbook.core.errors import BusinessNotFound, InvalidSsoToken, LoginFailed
from clientbook.edge.deps import ContextDep, SessionDep

from .. import sessions
from ..redirects import safe_redirect
from ..sessions import CurrentUser
from ..templating import render, secure_headers

router = APIRouter()


def _see_other(location: str) -> RedirectResponse:
    response = RedirectResponse(location, status_code=303)
    secure_headers(response)
    return response


@router.get("/")
async def index(request: Request) -> Response:
    """Magic links arrive as `/#/user/auto-login?token=…&redirect=…` (seed 000 §5); the hash never reaches the
    server, so a tiny script forwards it to `/user/auto-login?…`."""
    return render(request, "index.html", {})


@router.get("/user/auto-login")
async def auto_login(
    request: Request, context: ContextDep, session: SessionDep, token: str = "", redirect: str = ""
) -> Response:
    """Consume the single-use SSO token, start a session, and go where the link says (local paths only)."""
    try:
        signed_in = await sso.consume(session, context.secret_key, token)
    except InvalidSsoToken:
        message = "This sign-in link is invalid, has expired (links last 3 minutes) or has been used already."
        return render(
            request, "error.html", {"title": "Sign-in link not valid", "message": message, "login": True}, 401
        )
    response = _see_other(safe_redirect(redirect))
    await sessions.start(session, context, signed_in, response)
    return response


def _login_page(
    request: Request,
    context: ContextDep,
    *,
    next_path: str,
    business: str,
    account_name: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    csrf = secrets.new_secret()
    values: dict[str, Any] = {
        "csrf_token": csrf,
        "next": safe_redirect(next_path),
        "business": business,
        "account_name": account_name,
        "error": error,
    }
    response = render(request, "login.html", values, status_code)
    sessions.set_login_csrf(context, response, csrf)
    return response


@router.get("/login")
async def login_form(request: Request, context: ContextDep, next: str = "", business: str = "") -> Response:
    """The password form; the business account number is remembered from the last sign-in on this browser."""
    remembered = request.cookies.get(sessions.BUSINESS_COOKIE, "")[:64]
    return _login_page(request, context, next_path=next, business=business or remembered)


@router.post("/login")
async def login(request: Request, context: ContextDep, session: SessionDep) -> Response:
    form = await request.form()
    sessions.check_csrf(request.cookies.get(sessions.LOGIN_CSRF_COOKIE), form.get("csrf_token"))
    business, name, password, next_path = (
        str(form.get(k) or "") for k in ("business", "account_name", "password", "next")
    )
    # Counted by the business it names (account number or handle alike), not by how it was typed.
    counted = await accounts.login_key(session, business)
    if (refused := await sessions.login_refusal(request, context, counted, name)) is not None:
        status, error = refused
        return _login_page(
            request, context, next_path=next_path, business=business, account_name=name, error=error, status_code=status
        )
    try:
        tenant = await accounts.tenant_for(session, business)
        signed_in = await accounts.authenticate(session, tenant, name, password)
    except (BusinessNotFound, LoginFailed):
        error = "Business account number, account name or password is not right."
        return _login_page(
            request, context, next_path=next_path, business=business, account_name=name, error=error, status_code=401
        )
    response = _see_other(safe_redirect(next_path))
    await sessions.start(session, context, signed_in, response)
    response.delete_cookie(sessions.LOGIN_CSRF_COOKIE, path="/")
    sessions.remember_business(context, response, business.strip())
    return response


@router.post("/logout")
async def logout(request: Request, context: ContextDep, session: SessionDep, user: CurrentUser) -> Response:
    form = await request.form()
    sessions.check_csrf(user.csrf_token, form.get("csrf_token"))
    response = _see_other("/login")
    await sessions.end(session, context, user, response)
    return response
