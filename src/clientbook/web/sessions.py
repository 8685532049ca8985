"""Web sessions and CSRF.

A session is a random token in an HttpOnly, SameSite=Lax cookie (Secure when the public URL is https); the database
keeps only its keyed hash (an `api_tokens` row of realm "web"), so logout and expiry work across processes. Each
form carries a CSRF token derived from the session token with the server key; the login form, before any session,
uses a double-submit cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import accounts, credentials, ratelimit, secrets, tenants
from clientbook.core.accounts import SignedIn
from clientbook.core.errors import CsrfRejected, LoginRequired
from clientbook.core.types import Tenant
from clientbook.edge.deps import ContextDep, SessionDep

log = logging.getLogger(__name__)

COOKIE = "clientbook_session"
LOGIN_CSRF_COOKIE = "clientbook_login_csrf"
BUSINESS_COOKIE = "clientbook_business"  # not a secret: spares staff typing a UUID at every login
REALM = "web"
KIND = "session"
LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class WebUser:
    signed_in: SignedIn
    business_name: str
    token: str
    csrf_token: str

    @property
    def tenant(self) -> Tenant:
        return self.signed_in.tenant


def csrf_for(server_key: str, session_token: str) -> str:
    return secrets.keyed_hash(server_key, f"csrf:{session_token}")


def check_csrf(expected: str | None, given: object) -> None:
    if not expected or not isinstance(given, str) or not hmac.compare_digest(expected.encode(), given.encode()):
        raise CsrfRejected("The form has expired or did not come from this site. Reload the page and try again.")


def _secure(context: Context) -> bool:
    return context.settings.public_url.lower().startswith("https://")


async def start(session: AsyncSession, context: Context, signed_in: SignedIn, response: Response) -> str:
    """Open a session for `signed_in` and set its cookie on `response`."""
    token, _record = await credentials.issue_token(
        session,
        context.secret_key,
        signed_in.account.business_id,
        REALM,
        KIND,
        ttl=LIFETIME,
        subject_type="staff_account",
        subject_id=signed_in.account.id,
    )
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(LIFETIME.total_seconds()),
        path="/",
        secure=_secure(context),
        httponly=True,
        samesite="lax",
    )
    return token


async def end(session: AsyncSession, context: Context, user: WebUser, response: Response) -> None:
    await credentials.revoke_token(session, context.secret_key, user.signed_in.account.business_id, user.token)
    response.delete_cookie(COOKIE, path="/", secure=_secure(context), httponly=True, samesite="lax")


async def find_user(session: AsyncSession, context: Context, token: str | None) -> WebUser | None:
    """The staff member whose live session `token` is; None when there is none."""
    if not token or len(token) > 200:
        return None
    found = await credentials.find_token(session, context.secret_key, REALM, token)
    if found is None:
        return None
    record, business = found
    if record.kind != KIND or record.subject_id is None:
        return None
    signed_in = await accounts.signed_in(session, tenants.tenant_of(business), record.subject_id)
    if signed_in is None:
        return None
    return WebUser(signed_in, business.name, token, csrf_for(context.secret_key, token))


async def current_user(request: Request, context: ContextDep, session: SessionDep) -> WebUser:
    user = await find_user(session, context, request.cookies.get(COOKIE))
    if user is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(path if request.method == "GET" else "/messages/list")
    return user


CurrentUser = Annotated[WebUser, Depends(current_user)]


def set_login_csrf(context: Context, response: Response, value: str) -> None:
    response.set_cookie(
        LOGIN_CSRF_COOKIE, value, max_age=3600, path="/", secure=_secure(context), httponly=True, samesite="lax"
    )


def remember_business(context: Context, response: Response, account_number: str) -> None:
    response.set_cookie(
        BUSINESS_COOKIE,
        account_number,
        max_age=365 * 24 * 3600,
        path="/login",
        secure=_secure(context),
        httponly=True,
        samesite="lax",
    )


TOO_MANY_ATTEMPTS = "Too many sign-in attempts for this account. Wait a few minutes and try again."
LIMITER_DOWN = "Signing in is unavailable for a moment (the attempt counter cannot be reached). Try again shortly."


def _login_limiter(context: Context, setting: str) -> ratelimit.Limiter:
    limiter = context.extras.get(f"web_{setting}")
    if limiter is None:
        limiter = ratelimit.create_limiter(getattr(context.settings, setting), context.settings.redis_url)
        context.extras[f"web_{setting}"] = limiter
    return limiter


async def login_refusal(request: Request, context: Context, business: str, account_name: str) -> tuple[int, str] | None:
    """(status, message) when another password attempt is refused now, else None. Three counts, shared through Redis
    when configured: the account from this client address (CLIENTBOOK_LOGIN_RATE_LIMIT, 10 per 15 minutes), so
    an attacker elsewhere spends their own budget and not the user's; this address over all accounts
    (CLIENTBOOK_LOGIN_ADDRESS_RATE_LIMIT); and the account from everywhere, looser
    (CLIENTBOOK_LOGIN_ACCOUNT_RATE_LIMIT), against guessing from many addresses. argon2id makes guessing slow, this
    makes it hopeless. With the counter unreachable, sign-in is refused unless CLIENTBOOK_LOGIN_RATE_LIMIT_FAIL_OPEN."""
    who = f"{business.strip().lower()}\0{account_name.strip().lower()}"
    account = hashlib.sha256(who.encode()).hexdigest()[:32]
    address = request.client.host if request.client else "unknown"
    counts = (
        ("login_rate_limit", f"web-login:{account}:{address}"),
        ("login_address_rate_limit", f"web-login-address:{address}"),
        ("login_account_rate_limit", f"web-login-account:{account}"),
    )
    try:
        for setting, key in counts:
            if await _login_limiter(context, setting).hit(key) is not None:
                return 429, TOO_MANY_ATTEMPTS
    except (OSError, ConnectionError) as error:
        log.warning("login rate limiter unavailable: %s", type(error).__name__)
        if not context.settings.login_rate_limit_fail_open:
            return 503, LIMITER_DOWN
    return None
