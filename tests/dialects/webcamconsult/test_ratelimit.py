"""Past the per-credential limit, Webcamconsult answers 429 with Retry-After in its own error form."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.store.engine import Database
from tests.conftest import TenantFactory
from tests.helpers import Read, row_counts

from .conftest import Api


@pytest.fixture
async def limited(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The app with a limit of 2 requests a day per credential (a day-long window: no test straddles its edge)."""
    app = create_app(settings.model_copy(update={"rate_limit": "2/day"}), database)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        yield client


async def test_the_third_request_a_minute_is_429_in_dutch_and_writes_nothing(
    limited: httpx.AsyncClient, make_tenant: TenantFactory, read: Read
) -> None:
    api = Api(limited, await make_tenant("Beperkt"))
    for n in range(2):
        await api.user(email=f"u{n}@example.com")
    before = await row_counts(read, api.business_id)
    refused = await api("POST", "/users.json", {"user": {"last_name": "Te Veel", "email": "x@example.com"}}, lang="nl")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 86400
    assert refused.json() == {"errors": {"base": ["te veel verzoeken"]}}
    assert await row_counts(read, api.business_id) == before
    other = Api(limited, await make_tenant("Ander"))
    assert await other.ok("GET", "/users.json") == []  # another token has its own count
