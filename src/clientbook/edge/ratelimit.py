"""Rate limits for every dialect, charged where the dialect resolves the credential (issue 14 item 9).

A request that authenticates is counted on `<dialect>:<business id>:<credential>`, the credential being what the
dialect resolved (the tenant's actor: a key, a login, a token's hash), never the raw header: a random header beside
body credentials, a scheme spelled in another case or a fresh session token each leave the budget where it was.
A request without a valid credential is counted per client address, and minting a token (TimeTap `/sessionToken`,
CareCloud logins and device tokens) is counted per client address and per key or login named, under
`CLIENTBOOK_TOKEN_RATE_LIMIT`. Over the limit, `core.errors.RateLimited` reaches the dialect's own handler (429 with
Retry-After in its form).
"""

from __future__ import annotations

import hashlib
import logging

from starlette.requests import Request

from clientbook.context import Context
from clientbook.core import ratelimit
from clientbook.core.types import Tenant

log = logging.getLogger(__name__)

REQUESTS = "rate_limiter"
MINTING = "token_rate_limiter"


def limiter_of(context: Context, kind: str = REQUESTS) -> ratelimit.Limiter:
    """The process's limiter of `kind`, built once from the settings and shared by every dialect."""
    limiter = context.extras.get(kind)
    if limiter is None:
        settings = context.settings
        limit = settings.rate_limit if kind == REQUESTS else settings.token_rate_limit
        limiter = ratelimit.create_limiter(limit, settings.redis_url)
        context.extras[kind] = limiter
    return limiter


def _digest(value: str) -> str:
    """Keys are hashed: never a secret in memory or in Redis key names."""
    return hashlib.sha256(value.encode()).hexdigest()[:24]


async def _hit(request: Request, kind: str, key: str) -> None:
    context: Context = request.app.state.context
    try:
        await ratelimit.check(limiter_of(context, kind), key)
    except (OSError, ConnectionError) as error:  # Redis unreachable: serve rather than fail every request
        log.warning("rate limiter unavailable: %s", type(error).__name__)


def address_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def charge(request: Request, dialect: str, tenant: Tenant) -> None:
    """Count one request of the credential `tenant` was resolved from (its business and actor)."""
    await _hit(request, REQUESTS, f"{dialect}:{tenant.business_id}:{_digest(tenant.actor or '')}")


async def charge_address(request: Request, dialect: str) -> None:
    """Count one request that holds no valid credential, per client address."""
    await _hit(request, REQUESTS, f"{dialect}:address:{address_of(request)}")


async def charge_minting(request: Request, dialect: str, key: str) -> None:
    """Count one token minted with `key` (an API key, a login, an application id), and the request per address."""
    await charge_address(request, dialect)
    await _hit(request, MINTING, f"{dialect}:mint:{_digest(key)}")
