"""The delivery worker: every state a message moves through, retries with backoff, giving up, lease recovery."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import update

from clientbook.context import Context
from clientbook.core.messages_outbox import RetryPolicy
from clientbook.delivery.providers.webhook import WebhookProvider
from clientbook.delivery.worker import Worker
from clientbook.store.models import Business, Message, utcnow
from tests.delivery.conftest import FAST, Practice, load
from tests.fakes.sms_gateway import SECRET, FakeSmsGateway, running_gateway
from tests.helpers import Read


async def test_delivers_a_queued_message_and_records_it_sent(
    practice: Practice, webhook_worker: Worker, gateway: FakeSmsGateway, read: Read
) -> None:
    [message_id] = await practice.queue(1, "Your appointment is at 3pm")
    await webhook_worker.drain()
    message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
    assert (message.status, message.attempts, message.provider, message.error) == ("sent", 1, "webhook", None)
    assert message.sending_at is not None
    assert message.sent_at is not None
    assert message.provider_message_id is not None
    assert message.provider_message_id.startswith("gw-")
    delivered = gateway.delivered[f"clientbook-sms-{message_id}"]
    assert (delivered["to"], delivered["body"]) == (practice.mobile, "Your appointment is at 3pm 0")
    assert delivered["from"] == await business_number(read, practice)  # the business's own number sends
    assert gateway.bad_signatures == 0


async def business_number(read: Read, practice: Practice) -> str:
    business = await read(lambda s: s.get(Business, practice.tenant.business_id))
    return str(business.sms_number)


async def test_a_provider_error_is_retried_after_an_exponential_backoff(
    practice: Practice, context: Context, gateway: FakeSmsGateway, read: Read
) -> None:
    [message_id] = await practice.queue(1)
    gateway.script[message_id] = [503, 503]
    provider = WebhookProvider(gateway.url, SECRET)
    worker = Worker(context.db, provider, replace(FAST, policy=RetryPolicy(max_attempts=5, base_seconds=30)))
    before = utcnow()
    await worker.drain()
    message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.error is not None
    assert "HTTP 503" in message.error
    assert message.next_attempt_at is not None
    assert before + timedelta(seconds=29) < message.next_attempt_at < utcnow() + timedelta(seconds=31)

    await _make_due(context, practice, message_id)
    await worker.drain()
    message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
    assert (message.status, message.attempts) == ("queued", 2)
    assert message.next_attempt_at is not None
    assert message.next_attempt_at > utcnow() + timedelta(seconds=59)  # doubled: 60 s after the second failure

    await _make_due(context, practice, message_id)
    await worker.drain()
    message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
    assert (message.status, message.attempts, message.error) == ("sent", 3, None)
    assert gateway.posts[message_id] == 3
    await provider.aclose()


async def _make_due(context: Context, practice: Practice, message_id: int) -> None:
    async with context.db.transaction() as session:
        await session.execute(
            update(Message)
            .where(Message.business_id == practice.tenant.business_id, Message.id == message_id)
            .values(next_attempt_at=utcnow())
        )


async def test_gives_up_after_the_last_attempt_with_the_reason(
    practice: Practice, webhook_worker: Worker, gateway: FakeSmsGateway, read: Read
) -> None:
    [message_id] = await practice.queue(1)
    gateway.script[message_id] = [500] * 10
    await webhook_worker.drain()
    message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
    assert (message.status, message.attempts) == ("failed", FAST.policy.max_attempts)
    assert message.failed_at is not None
    assert message.error is not None
    assert "HTTP 500" in message.error
    assert gateway.posts[message_id] == FAST.policy.max_attempts


async def test_a_permanent_refusal_fails_at_once(
    practice: Practice, webhook_worker: Worker, gateway: FakeSmsGateway, read: Read
) -> None:
    [message_id] = await practice.queue(1)
    gateway.script[message_id] = [422]
    await webhook_worker.drain()
    message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.error is not None
    assert "HTTP 422" in message.error


async def test_a_timeout_is_retried(practice: Practice, context: Context, read: Read) -> None:
    with running_gateway(delay=0.5) as slow:
        provider = WebhookProvider(slow.url, SECRET)
        worker = Worker(context.db, provider, replace(FAST, send_timeout=0.1, policy=RetryPolicy(5, 30)))
        [message_id] = await practice.queue(1)
        await worker.drain()
        await provider.aclose()
    message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.error == "provider timed out after 0.1s"


async def test_a_message_left_sending_by_a_dead_worker_is_delivered_once_after_its_lease(
    practice: Practice, webhook_worker: Worker, gateway: FakeSmsGateway, context: Context, read: Read
) -> None:
    [message_id] = await practice.queue(1)
    await webhook_worker.drain()  # delivered and recorded
    # A worker that sent it and died before recording: back to `sending` with a lease that ran out.
    async with context.db.transaction() as session:
        await session.execute(
            update(Message)
            .where(Message.business_id == practice.tenant.business_id, Message.id == message_id)
            .values(status="sending", sending_at=utcnow() - timedelta(seconds=FAST.lease_seconds + 1))
        )
    assert await webhook_worker.recover() >= 1
    await webhook_worker.drain()
    message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
    assert message.status == "sent"
    assert gateway.posts[message_id] == 2  # sent again, with the same idempotency key…
    assert gateway.deliveries({message_id}) == {message_id: 1}  # …so the phone got it once


async def test_a_message_within_its_lease_is_not_taken_from_its_worker(
    practice: Practice, webhook_worker: Worker, gateway: FakeSmsGateway, context: Context, read: Read
) -> None:
    [message_id] = await practice.queue(1)
    async with context.db.transaction() as session:
        await session.execute(
            update(Message)
            .where(Message.business_id == practice.tenant.business_id, Message.id == message_id)
            .values(status="sending", sending_at=utcnow(), attempts=1)
        )
    await webhook_worker.recover()
    await webhook_worker.drain()
    assert (await load(read, practice.tenant.business_id, [message_id]))[message_id].status == "sending"
    assert gateway.posts[message_id] == 0


async def test_two_workers_at_once_never_send_a_message_twice(
    practice: Practice, context: Context, gateway: FakeSmsGateway, read: Read
) -> None:
    ids = await practice.queue(40)
    providers = [WebhookProvider(gateway.url, SECRET) for _ in range(2)]
    workers = [Worker(context.db, p, replace(FAST, batch_size=5)) for p in providers]
    await asyncio.gather(*(w.drain() for w in workers))
    stored = await load(read, practice.tenant.business_id, ids)
    assert {m.status for m in stored.values()} == {"sent"}
    assert {gateway.posts[i] for i in ids} == {1}
    for provider in providers:
        await provider.aclose()
