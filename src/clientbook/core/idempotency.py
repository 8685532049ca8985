"""Idempotent writes (IETF httpapi `Idempotency-Key` draft): the rules, apart from HTTP.

A write sent with a key first *claims* it: inserting the key's row in a transaction of its own, so that of two
concurrent requests exactly one inserts it and runs the write (the other is told the key is in use). Its answer is
then stored on the row, and for 24 hours every repeat with the same key and the same request gets that answer back
without running anything. A repeat with a different request is refused. A claim left unanswered for longer than
`LEASE` (its process died while the write ran) may be taken over: the HTTP edge commits a write together with its
answer, so a claim without an answer is a write that never committed. Stored answers are sealed under the server key
(a token minted by a keyed write must not sit readable in a database dump).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import IdempotencyKey, utcnow
from clientbook.store.repositories.idempotency import IdempotencyRepository

from . import secrets
from .errors import IdempotencyKeyInUse, IdempotencyKeyReused, Reason, ValidationFailed

TTL = timedelta(hours=24)
LEASE = timedelta(minutes=5)
MAX_KEY_LENGTH = 255
RUNNING, DONE = "running", "done"
SEALED = "idempotent-answer"  # the purpose stored answers are sealed for (core/secrets.py)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[list[str]]
    body: bytes


@dataclass(frozen=True)
class Request:
    """Whose key, and the fingerprint of the request it came with."""

    business_id: int
    credential: str
    key: str
    fingerprint: str


def check_key(value: str, *, field: str = "idempotency_key") -> str:
    """The key of an `Idempotency-Key` header: a structured-field string (`"…"`), bare text accepted too."""
    key = value.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        message = f"{field} must be 1 to {MAX_KEY_LENGTH} printable characters"
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, message, value)
    return key


def _claim_row(request: Request, now: datetime) -> dict[str, object]:
    return {
        "business_id": request.business_id,
        "credential": request.credential,
        "key": request.key,
        "fingerprint": request.fingerprint,
        "status": RUNNING,
        "response_status": None,
        "response_headers": None,
        "response_body": None,
        "created_at": now,
        "expires_at": now + TTL,
    }


def _abandoned(row: IdempotencyKey, now: datetime) -> bool:
    return row.expires_at <= now or (row.status == RUNNING and row.created_at <= now - LEASE)


async def claim(session: AsyncSession, request: Request, server_key: str) -> Answer | None:
    """None when this request now holds the key (run the write); the stored answer of a repeat; raises for a key
    used with another request, or whose first request is still running."""
    repository = IdempotencyRepository(session)
    now = utcnow()
    for _ in range(3):  # a row vanishing or taken over between our reads: look again
        if await repository.insert_claim(_claim_row(request, now)):
            return None
        row = await repository.get(request.business_id, request.credential, request.key)
        if row is None:
            continue
        if _abandoned(row, now):
            if await repository.take_over(
                request.business_id, request.credential, request.key, row.created_at, _claim_row(request, now)
            ):
                return None
            continue
        if row.fingerprint != request.fingerprint:
            raise IdempotencyKeyReused()
        if row.status == RUNNING or row.response_status is None:
            raise IdempotencyKeyInUse()
        body = secrets.unseal_bytes(server_key, SEALED, row.response_body) if row.response_body else b""
        return Answer(row.response_status, row.response_headers or [], body)
    raise IdempotencyKeyInUse()


async def answer(session: AsyncSession, request: Request, answer: Answer, server_key: str) -> None:
    """Store the first answer. On SQLite the claim shares the request's transaction and a refused request rolls it
    back: the row is written anew then."""
    values: dict[str, object] = {"status": DONE, "response_status": answer.status, "response_headers": answer.headers}
    values["response_body"] = secrets.seal_bytes(server_key, SEALED, answer.body)
    repository = IdempotencyRepository(session)
    if not await repository.answer(request.business_id, request.credential, request.key, values):
        await repository.insert({**_claim_row(request, utcnow()), **values})


async def release(session: AsyncSession, request: Request) -> None:
    """Forget the claim of a request that failed on our side (a 5xx): its retry runs the write."""
    await IdempotencyRepository(session).release(request.business_id, request.credential, request.key)


async def purge(session: AsyncSession) -> int:
    """Delete every business's expired keys; how many."""
    return await IdempotencyRepository(session).purge(utcnow())
