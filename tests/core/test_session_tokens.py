"""Session tokens' sliding expiry under concurrent requests (TimeTap's sessionToken)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from clientbook.core import session_tokens
from clientbook.store.models import ApiToken, utcnow

KEY = "test-secret-key"
TTL = timedelta(minutes=30)


async def test_a_request_finding_the_expiry_due_does_not_wait_for_another_moving_it(
    context: Any, tenant: Any, read: Any
) -> None:
    if context.db.backend != "postgresql":
        pytest.skip("SQLite runs one transaction at a time")
    business_id = tenant["business"]["id"]
    async with context.db.transaction() as session:
        token = await session_tokens.open_session(session, KEY, business_id, "testrealm", prefix="t", ttl=TTL)
    due = utcnow() + timedelta(minutes=2)  # past the refresh interval for both requests
    async with context.db.transaction() as first:
        found = await session_tokens.resolve(first, KEY, "testrealm", token, ttl=TTL, now=due)
        # The first request moved the expiry and holds the row until it commits; the second is served meanwhile
        # (waiting for the first, which this coroutine holds open, would end in the lock timeout's error).
        async with context.db.transaction() as second:
            await second.execute(text("SET LOCAL lock_timeout = '10s'"))
            also = await session_tokens.resolve(second, KEY, "testrealm", token, ttl=TTL, now=due)
    assert found is not None
    assert also is not None
    assert found.id == also.id == business_id
    mine = select(ApiToken.expires_at).where(ApiToken.business_id == business_id, ApiToken.realm == "testrealm")
    stored = await read(lambda s: s.scalar(mine))
    assert stored == due + TTL
