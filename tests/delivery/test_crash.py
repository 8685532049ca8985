"""A worker process killed in the middle of a delivery run: after a restart every queued message reaches the
provider exactly once (issue 3). The fake gateway counts what it accepted, keyed by our idempotency key."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

from sqlalchemy import select

from clientbook.context import Context
from clientbook.core import clients, messages
from clientbook.core.clients import ClientChanges
from clientbook.core.types import Tenant
from clientbook.store.models import Message
from tests.delivery.processes import FreshDatabase, fresh_database, start, stop
from tests.fakes.sms_gateway import SECRET, FakeSmsGateway, running_gateway

COUNT = 48


async def _queue(fresh: FreshDatabase, context: Context) -> tuple[int, list[int]]:
    data = await fresh.make_tenant(Context(settings=context.settings, db=fresh.db))
    tenant = Tenant(business_id=data["business"]["id"], actor="test")
    ids = []
    async with fresh.db.transaction() as session:
        client = await clients.create(
            session, tenant, ClientChanges(first_name="Kim", last_name="Crash", mobile_phone="+14155550123")
        )
        for n in range(COUNT):
            ids.append((await messages.send_to_client(session, tenant, client.id, f"Message {n}")).message.id)
    return tenant.business_id, ids


async def _statuses(fresh: FreshDatabase, business_id: int) -> dict[int, str]:
    async with fresh.db.transaction() as session:
        rows = await session.execute(select(Message.id, Message.status).where(Message.business_id == business_id))
        return {row.id: row.status for row in rows}


async def _wait(condition: object, timeout: float, what: str) -> None:
    started = time.monotonic()
    while not await condition():  # type: ignore[operator]
        assert time.monotonic() - started < timeout, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def test_a_worker_killed_mid_run_delivers_every_message_exactly_once_after_restart(
    backend: str, context: Context, tmp_path: Path
) -> None:
    log = tmp_path / "worker.log"
    async with fresh_database(backend, tmp_path) as fresh:
        business_id, ids = await _queue(fresh, context)
        # The gateway accepts a message on arrival and answers 0.3 s later: a kill then leaves accepted messages
        # that the worker never recorded as sent.
        with running_gateway(delay=0.3) as gateway:
            env = {
                "CLIENTBOOK_DATABASE_URL": fresh.url,
                "CLIENTBOOK_SMS_PROVIDER": f"webhook:{gateway.url}",
                "CLIENTBOOK_SMS_WEBHOOK_SECRET": SECRET,
                "CLIENTBOOK_SMS_BATCH_SIZE": "8",
                "CLIENTBOOK_SMS_CONCURRENCY": "8",
                "CLIENTBOOK_SMS_POLL_INTERVAL": "0.05",
                "CLIENTBOOK_SMS_SEND_TIMEOUT": "1",
                "CLIENTBOOK_SMS_LEASE_SECONDS": "1.5",
            }
            first = start(["worker"], env, log)
            try:
                await _wait(lambda: _accepted_at_least(gateway, ids, 12), 30, "the first deliveries")
                first.send_signal(signal.SIGKILL)
                first.wait(10)
            finally:
                stop(first)
            interrupted = [i for i, status in (await _statuses(fresh, business_id)).items() if status == "sending"]
            assert interrupted, "the kill should have caught messages in flight"
            assert len(gateway.deliveries(set(ids))) < COUNT

            second = start(["worker"], env, log)
            try:
                await _wait(lambda: _all_sent(fresh, business_id), 60, "every message sent")
            finally:
                stop(second)

            delivered = gateway.deliveries(set(ids))
            assert delivered == dict.fromkeys(ids, 1), log.read_text()[-2000:]
            # Posted before the kill (usually) and again after it, yet delivered once: the idempotency key at work.
            assert all(1 <= gateway.posts[i] <= 2 for i in interrupted)
            assert sum(gateway.posts[i] for i in ids) >= COUNT
            assert gateway.bad_signatures == 0


async def _accepted_at_least(gateway: FakeSmsGateway, ids: list[int], count: int) -> bool:
    with gateway.lock:
        return sum(gateway.posts[i] for i in ids) >= count


async def _all_sent(fresh: FreshDatabase, business_id: int) -> bool:
    return set((await _statuses(fresh, business_id)).values()) == {"sent"}
