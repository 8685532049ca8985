"""A `clientbook worker` killed (SIGKILL) in the middle of webhook deliveries: after a restart every change reaches
the receiver, and a change that arrives twice arrives with the same `webhook-id` and the same body."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import select

from clientbook.config import Settings
from clientbook.context import Context
from clientbook.core import clients, tenants, webhooks
from clientbook.core.clients import ClientChanges
from clientbook.store.models import Business, WebhookDelivery
from tests.delivery.processes import FreshDatabase, fresh_database, start, stop
from tests.fakes.webhook_receiver import FakeReceiver, running_receiver
from tests.servers import SECRET_KEY

COUNT = 40


async def _changes(fresh: FreshDatabase, context: Context, url: str) -> tuple[int, str]:
    """A business subscribed to `url`, with COUNT new clients (one change each); its id and the secret."""
    own = Context(settings=Settings(database_url=fresh.url, secret_key=SECRET_KEY), db=fresh.db)
    data = await fresh.make_tenant(own)
    async with fresh.db.transaction() as session:
        business = await session.get(Business, data["business"]["id"])
        assert business is not None
        tenant = tenants.tenant_of(business, actor="test")
        created = await webhooks.create(session, tenant, webhooks.NewSubscription(url, ["client"]), SECRET_KEY)
    for n in range(COUNT):
        async with fresh.db.transaction() as session:
            await clients.create(session, tenant, ClientChanges(last_name=f"Crash {n}"))
    return tenant.business_id, created.secret


async def _statuses(fresh: FreshDatabase, business_id: int) -> list[str]:
    async with fresh.db.transaction() as session:
        rows = await session.scalars(select(WebhookDelivery.status).where(WebhookDelivery.business_id == business_id))
        return list(rows)


async def _wait(condition: Callable[[], Awaitable[bool]], timeout: float, what: str) -> None:
    started = time.monotonic()
    while not await condition():
        assert time.monotonic() - started < timeout, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


def _env(fresh: FreshDatabase) -> dict[str, str]:
    return {
        "CLIENTBOOK_DATABASE_URL": fresh.url,
        "CLIENTBOOK_WEBHOOK_BATCH_SIZE": "8",
        "CLIENTBOOK_WEBHOOK_CONCURRENCY": "8",
        "CLIENTBOOK_WEBHOOK_POLL_INTERVAL": "0.05",
        "CLIENTBOOK_WEBHOOK_TIMEOUT": "1",
        "CLIENTBOOK_WEBHOOK_LEASE_SECONDS": "1.5",
    }


async def test_a_worker_killed_mid_delivery_loses_nothing_and_repeats_only_with_the_same_id(
    backend: str, context: Context, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    async with fresh_database(backend, tmp_path) as fresh:
        with running_receiver() as receiver:
            business_id, receiver.secret = await _changes(fresh, context, receiver.url)
            # The receiver takes a message on arrival and answers 0.3 s later: a kill then leaves taken messages
            # the worker never recorded as delivered.
            receiver.answer_delay = 0.3
            first = start(["worker"], _env(fresh), log)
            try:
                await _wait(lambda: _taken_at_least(receiver, 10), 60, "the first deliveries")
                first.send_signal(signal.SIGKILL)
                first.wait(10)
            finally:
                stop(first)
            assert "sending" in await _statuses(fresh, business_id), "the kill should catch deliveries in flight"

            second = start(["worker"], _env(fresh), log)
            try:
                await _wait(lambda: _all_delivered(fresh, business_id), 90, "every delivery")
            finally:
                stop(second)
        _check(receiver, log)


def _check(receiver: FakeReceiver, log: Path) -> None:
    taken = receiver.accepted
    assert all(r.signed for r in taken)
    names = {r.data["changes"]["last_name"] for r in taken}
    assert names == {f"Crash {n}" for n in range(COUNT)}, log.read_text()[-2000:]
    by_id: dict[str, set[str]] = {}
    for r in taken:
        by_id.setdefault(r.webhook_id, set()).add(r.data["changes"]["last_name"])
    assert len(by_id) == COUNT  # one webhook-id per change, however often it was sent
    assert all(len(bodies) == 1 for bodies in by_id.values())


async def _taken_at_least(receiver: FakeReceiver, count: int) -> bool:
    with receiver.lock:
        return len(receiver.accepted) >= count


async def _all_delivered(fresh: FreshDatabase, business_id: int) -> bool:
    statuses = await _statuses(fresh, business_id)
    return len(statuses) == COUNT and set(statuses) == {"delivered"}
