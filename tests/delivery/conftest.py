"""Delivery fixtures: a practice with a client to text, queued messages, and workers on fake providers.

The test database is shared and never truncated, so a worker here also drains messages other tests queued; every
assertion is about this test's own message ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from clientbook.context import Context
from clientbook.core import clients, messages
from clientbook.core.clients import ClientChanges
from clientbook.core.messages_outbox import RetryPolicy
from clientbook.core.types import Tenant
from clientbook.delivery.providers.webhook import WebhookProvider
from clientbook.delivery.worker import Worker, WorkerConfig
from clientbook.store.models import Message
from tests.conftest import TenantFactory
from tests.fakes.sms_gateway import SECRET, FakeSmsGateway, running_gateway
from tests.helpers import Read
from tests.phones import unique_mobile

FAST = WorkerConfig(
    batch_size=50,
    concurrency=8,
    poll_interval=0.02,
    send_timeout=2.0,
    lease_seconds=5.0,
    policy=RetryPolicy(max_attempts=3, base_seconds=0.0),
)


@dataclass
class Practice:
    context: Context
    data: dict[str, Any]
    tenant: Tenant
    client_id: int
    mobile: str

    async def queue(self, count: int = 1, body: str = "Hello") -> list[int]:
        """Queue `count` messages to the client, each in its own request-like transaction."""
        ids = []
        for n in range(count):
            async with self.context.db.transaction() as session:
                sent = await messages.send_to_client(session, self.tenant, self.client_id, f"{body} {n}")
                ids.append(sent.message.id)
        return ids


@pytest.fixture
async def practice(context: Context, make_tenant: TenantFactory) -> Practice:
    data = await make_tenant(sms_number=unique_mobile())
    tenant = Tenant(business_id=data["business"]["id"], actor="test")
    mobile = unique_mobile()
    async with context.db.transaction() as session:
        changes = ClientChanges(first_name="Ann", last_name="Lee", mobile_phone=mobile)
        client = await clients.create(session, tenant, changes)
    return Practice(context, data, tenant, client.id, mobile)


async def load(read: Read, business_id: int, ids: list[int]) -> dict[int, Message]:
    """The stored messages, fresh from the database."""

    async def query(session: Any) -> dict[int, Message]:
        rows = await session.scalars(select(Message).where(Message.business_id == business_id, Message.id.in_(ids)))
        return {m.id: m for m in rows}

    result: dict[int, Message] = await read(query)
    return result


@pytest.fixture
def gateway() -> Iterator[FakeSmsGateway]:
    with running_gateway() as fake:
        yield fake


@pytest.fixture
async def webhook_worker(context: Context, gateway: FakeSmsGateway) -> Any:
    provider = WebhookProvider(gateway.url, SECRET, timeout=FAST.send_timeout)
    yield Worker(context.db, provider, FAST)
    await provider.aclose()
