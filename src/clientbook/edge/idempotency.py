"""`Idempotency-Key` on every write of every dialect (IETF httpapi draft), implemented once for all of them.

A dialect installs the middleware (`idempotency.install(app)`) and calls `claim(...)` where its authentication has
resolved the tenant. The middleware fingerprints a write that carries the header (method, path, query, body) and
buffers its answer; `claim` takes the key for the business and credential (core/idempotency.py), or has the stored
answer replayed byte for byte, or raises the core's refusal, which the dialect's own error table renders.

A keyed write and its answer commit together: the request's transaction (`request_transaction`, behind
`edge.deps.SessionDep`) does not commit when the endpoint returns but is held until the middleware has the answer,
which it stores in that same transaction before committing and sending it. A process that dies in between leaves
neither the write nor the answer, so the retry that takes the key over runs the write for the first time. A refusal
(4xx) rolls the write back and its answer is stored on its own; a 5xx rolls back and releases the key, so the retry
runs the write.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clientbook.context import Context
from clientbook.core import idempotency
from clientbook.core.types import Tenant

from .body import parse_json

log = logging.getLogger(__name__)

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADER = b"idempotency-key"
REPLAYED = [b"idempotent-replayed", b"true"]
PURGE_INTERVAL = 3600.0  # seconds between purges of expired keys


@dataclass
class _Pending:
    """A write that came with a key: what `claim` needs, and the claim once taken."""

    raw_key: str
    fingerprint: str
    credential: str
    claimed: idempotency.Request | None = None
    held: _Held | None = None


@dataclass
class _Held:
    """The request's transaction, its commit waiting for the answer (`request_transaction`)."""

    session: AsyncSession
    exit: contextlib.AsyncExitStack


_current: ContextVar[_Pending | None] = ContextVar("clientbook_idempotency", default=None)


class _Replay(Exception):
    """Raised by `claim` for a repeat; no handler is registered for it, so it reaches the middleware."""

    def __init__(self, answer: idempotency.Answer) -> None:
        super().__init__("replay")
        self.answer = answer


async def claim(context: Context, session: AsyncSession, tenant: Tenant) -> None:
    """Take the request's `Idempotency-Key` for `tenant` (nothing when it has none). A repeat ends the request with
    the stored answer; a reused or busy key raises the core's refusal."""
    pending = _current.get()
    if pending is None or pending.claimed is not None:
        return
    key = idempotency.check_key(pending.raw_key)
    request = idempotency.Request(tenant.business_id, pending.credential, key, pending.fingerprint)
    if context.db.backend == "sqlite":
        # One connection, one transaction at a time: no request can run beside this one, and a second transaction
        # here would wait for the connection this request holds.
        stored = await idempotency.claim(session, request, context.secret_key)
    else:
        async with context.db.transaction() as own:  # committed at once: a concurrent request sees the claim
            stored = await idempotency.claim(own, request, context.secret_key)
    if stored is not None:
        raise _Replay(stored)
    pending.claimed = request


@asynccontextmanager
async def request_transaction(context: Context) -> AsyncIterator[AsyncSession]:
    """The request's one transaction: committed when the endpoint returns, rolled back when it raises, except that a
    request holding an `Idempotency-Key` hands its open transaction to the middleware, which commits it with the
    answer stored in it."""
    async with contextlib.AsyncExitStack() as stack:
        session = await stack.enter_async_context(context.db.transaction())
        yield session
        pending = _current.get()
        if pending is not None and pending.claimed is not None and pending.held is None:
            pending.held = _Held(session, stack.pop_all())


def _fingerprint(scope: Scope, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (scope["method"].encode(), scope["path"].encode(), scope.get("query_string", b""), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


async def _read_body(receive: Receive, limit: int) -> tuple[bytes | None, Receive]:
    """The whole body (None past `limit`: the route refuses it) and a receive that hands it over again."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        more = message.get("more_body", False)
        if size > limit:
            break
    body = b"".join(chunks)
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return (None if size > limit else body), replay


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, *, owner: Any) -> None:
        self.app = app
        self.owner = owner  # the dialect's FastAPI app, for its context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = dict(scope.get("headers") or []).get(HEADER) if scope["type"] == "http" else None
        if raw is None or scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        context: Context = self.owner.state.context
        body, receive = await _read_body(receive, context.settings.max_body_bytes)
        if body is None:
            await self.app(scope, receive, send)
            return
        pending = _Pending(raw.decode("latin-1"), _fingerprint(scope, body), _credential_of(scope, body))
        answered: list[Message] = []

        async def buffer(message: Message) -> None:
            answered.append(message)

        token = _current.set(pending)
        try:
            await self.app(scope, receive, buffer)
        except _Replay as replay:
            await _send(send, replay.answer)
            return
        except BaseException as error:
            await _settle(context, pending, None, error)
            raise
        finally:
            _current.reset(token)
        await _settle(context, pending, _answer_of(answered), None)
        for message in answered:
            await send(message)


async def _settle(
    context: Context, pending: _Pending, answer: idempotency.Answer | None, error: BaseException | None
) -> None:
    """Store the answer of a claimed key, in the write's held transaction when there is one (committing both); or,
    when we failed (no answer, or a 5xx), roll the write back and release the key so that the retry runs it."""
    claimed = pending.claimed
    if claimed is None:
        return
    held, pending.held = pending.held, None
    if answer is not None and answer.status < 500:
        if held is None:
            async with context.db.transaction() as session:
                await idempotency.answer(session, claimed, answer, context.secret_key)
            return
        try:
            async with held.exit:  # the write commits with its answer, or neither does
                await idempotency.answer(held.session, claimed, answer, context.secret_key)
        except Exception:
            await _release(context, claimed)
            raise  # the buffered answer is never sent: the client gets a 500 and retries
        return
    if held is not None:
        failure = error or RuntimeError(f"answered {answer.status if answer else 'nothing'}")
        await held.exit.__aexit__(type(failure), failure, failure.__traceback__)  # rolls the write back
    await _release(context, claimed)


async def _release(context: Context, claimed: idempotency.Request) -> None:
    async with context.db.transaction() as session:
        await idempotency.release(session, claimed)


def _answer_of(messages: list[Message]) -> idempotency.Answer | None:
    start = next((m for m in messages if m["type"] == "http.response.start"), None)
    if start is None:
        return None
    headers = [[name.decode("latin-1"), value.decode("latin-1")] for name, value in start.get("headers", [])]
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return idempotency.Answer(start["status"], headers, body)


async def _send(send: Send, answer: idempotency.Answer) -> None:
    headers = [[name.encode("latin-1"), value.encode("latin-1")] for name, value in answer.headers]
    await send({"type": "http.response.start", "status": answer.status, "headers": [*headers, REPLAYED]})
    await send({"type": "http.response.body", "body": answer.body})


def install(app: Any) -> None:
    """Make every write of `app` (a dialect's FastAPI app) honour `Idempotency-Key`; install before rate limits."""
    app.add_middleware(IdempotencyMiddleware, owner=app)


@asynccontextmanager
async def purger(context: Context, interval: float = PURGE_INTERVAL) -> AsyncIterator[None]:
    """Delete expired keys now and every `interval` seconds, for as long as the block lasts (a background service
    of `clientbook serve`)."""
    stop = asyncio.Event()

    async def run() -> None:
        while not stop.is_set():
            try:
                async with context.db.transaction() as session:
                    purged = await idempotency.purge(session)
                if purged:
                    log.info("purged %d expired idempotency keys", purged)
            except Exception:  # the database may be restarting: try again next round
                log.exception("purging idempotency keys failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)

    task = asyncio.create_task(run(), name="idempotency-purger")
    try:
        yield
    finally:
        stop.set()
        await task


# Who sent the write, as the key's scope: the credential the request carries, hashed (moved here from the old
# rate-limit middleware, which now charges the credential each dialect resolves).
_QUERY_KEYS = ("apiKey", "sessionToken", "authentication_token", "api_key", "token")


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _credential_of(scope: Scope, body: bytes) -> str:
    headers = dict(scope.get("headers") or [])
    authorization = headers.get(b"authorization")
    if authorization:
        return "auth:" + _digest(authorization.decode("latin-1"))
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    for key in _QUERY_KEYS:
        if query.get(key):
            return "query:" + _digest(query[key][0])
    try:
        data = parse_json(body) if body else None
    except Exception:  # any refusal: the route answers it; here it only means "no body credential"
        data = None
    if isinstance(data, dict) and isinstance(data.get("api_key"), str) and data["api_key"]:
        return "body:" + _digest(data["api_key"])
    client = scope.get("client")
    return "ip:" + (client[0] if client else "unknown")
