"""Rate limiting for every dialect: an ASGI middleware that counts requests per credential and, over the limit,
answers with the dialect's own handler for `core.errors.RateLimited` (so each dialect says 429 in its own form).

One line in a dialect's `create_app`: `ratelimit.install(app, NAME)`. The credential is what the request
authenticates with (Authorization header, a token or key in the query, Wired Client's `api_key` in the JSON body);
requests without one are counted per client address.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clientbook.context import Context
from clientbook.core import ratelimit
from clientbook.core.errors import ClientbookError, RateLimited
from clientbook.core.text import is_digits

from .body import parse_json

log = logging.getLogger(__name__)

QUERY_KEYS = ("apiKey", "sessionToken", "authentication_token", "api_key", "token")
BODY_KEYS = ("api_key",)


def limiter_of(context: Context) -> ratelimit.Limiter:
    """The process's limiter, built once from the settings and shared by every dialect."""
    limiter = context.extras.get("rate_limiter")
    if limiter is None:
        settings = context.settings
        limiter = ratelimit.create_limiter(settings.rate_limit, settings.redis_url)
        context.extras["rate_limiter"] = limiter
    return limiter


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _from_body(body: bytes) -> str | None:
    try:
        data = parse_json(body)
    except (ClientbookError, ValueError):
        return None
    if isinstance(data, dict):
        for key in BODY_KEYS:
            if isinstance(data.get(key), str) and data[key]:
                return str(data[key])
    return None


def credential_of(scope: Scope, body: bytes) -> str:
    """Who is asking, as a stable key (hashed: never a secret in memory or Redis keys)."""
    headers = dict(scope.get("headers") or [])
    authorization = headers.get(b"authorization")
    if authorization:
        return "auth:" + _digest(authorization.decode("latin-1"))
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    for key in QUERY_KEYS:
        if query.get(key):
            return "query:" + _digest(query[key][0])
    found = _from_body(body) if body else None
    if found:
        return "body:" + _digest(found)
    client = scope.get("client")
    return "ip:" + (client[0] if client else "unknown")


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, name: str, owner: Any) -> None:
        self.app = app
        self.name = name
        self.owner = owner  # the dialect's FastAPI app: its context and its RateLimited handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        context: Context = self.owner.state.context
        body, receive = await _buffer(scope, receive, context.settings.max_body_bytes)
        key = f"{self.name}:{credential_of(scope, body)}"
        try:
            await ratelimit.check(limiter_of(context), key)
        except RateLimited as error:
            handlers = self.owner.exception_handlers
            handler = next((handlers[c] for c in type(error).__mro__ if c in handlers), None)
            if handler is None or handlers.get(Exception) is handler:
                raise
            response = await handler(Request(scope, receive), error)
            await response(scope, receive, send)
            return
        except (OSError, ConnectionError) as error:  # Redis unreachable: serve rather than fail every request
            log.warning("rate limiter unavailable: %s", type(error).__name__)
        await self.app(scope, receive, send)


async def _buffer(scope: Scope, receive: Receive, limit: int) -> tuple[bytes, Receive]:
    """Read a small JSON body (to find a credential in it) and hand the app a receive that replays it."""
    headers = dict(scope.get("headers") or [])
    length = headers.get(b"content-length", b"")
    wants_body = scope.get("method") in ("POST", "PUT", "PATCH") and b"json" in headers.get(b"content-type", b"")
    if not wants_body or not is_digits(length.decode("latin-1")) or int(length) > limit or b"authorization" in headers:
        return b"", receive
    chunks: list[bytes] = []
    message: Message = {"type": "http.request", "body": b"", "more_body": True}
    while message.get("more_body", False):
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


def install(app: Any, name: str) -> None:
    """Count every request to `app` (a dialect's FastAPI app) against the per-credential limit."""
    app.add_middleware(RateLimitMiddleware, name=name, owner=app)
