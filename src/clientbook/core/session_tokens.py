"""Session tokens with sliding expiry (TimeTap's `sessionToken`): issued after a key-pair check, stored as keyed
hashes, and kept alive by use. The expiry moves at most once a minute, so most requests write nothing, and never
waits for another request moving it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Business, utcnow
from clientbook.store.repositories.tenancy import TokenRepository

from . import credentials, secrets

REFRESH_EVERY = timedelta(minutes=1)


async def open_session(
    session: AsyncSession, server_key: str, business_id: int, realm: str, *, prefix: str, ttl: timedelta
) -> str:
    """A new session token `prefix` + 32 hex digits, valid for `ttl` of inactivity."""
    token = prefix + secrets.new_hex(16)
    await credentials.issue_token(session, server_key, business_id, realm, "session", token=token, ttl=ttl)
    return token


async def resolve(
    session: AsyncSession, server_key: str, realm: str, token: str, *, ttl: timedelta, now: datetime | None = None
) -> Business | None:
    """The business of a live session token, its expiry pushed to `now + ttl`; None when unknown or expired."""
    now = now or utcnow()
    found = await credentials.find_token(session, server_key, realm, token, now=now)
    if found is None:
        return None
    record, business = found
    if record.last_used_at is None or now - record.last_used_at >= REFRESH_EVERY:
        # A concurrent request holding the row is extending the same expiry: this one goes on without waiting.
        await TokenRepository(session).save_unless_locked(record, {"last_used_at": now, "expires_at": now + ttl})
    return business
