"""Every delivery state a message moves through is an event (so the change feed and webhooks carry it)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select, update

from clientbook.context import Context
from clientbook.core import messages_outbox
from clientbook.core.messages_outbox import RetryPolicy
from clientbook.delivery.providers.webhook import WebhookProvider
from clientbook.delivery.worker import Worker
from clientbook.store.models import Event, Message, utcnow
from tests.delivery.conftest import FAST, Practice
from tests.fakes.sms_gateway import SECRET, FakeSmsGateway
from tests.helpers import Read


async def states(read: Read, practice: Practice, message_id: int) -> list[tuple[str, str | None]]:
    """(action, status) of each event of the message, in order."""

    async def query(session: object) -> list[tuple[str, str | None]]:
        rows = await session.scalars(  # type: ignore[attr-defined]
            select(Event)
            .where(
                Event.business_id == practice.tenant.business_id,
                Event.entity == "message",
                Event.entity_id == message_id,
            )
            .order_by(Event.id)
        )
        return [(e.action, e.changes.get("status")) for e in rows]

    result: list[tuple[str, str | None]] = await read(query)
    return result


async def test_queued_sending_and_sent_are_each_an_event(
    practice: Practice, webhook_worker: Worker, read: Read
) -> None:
    [message_id] = await practice.queue(1)
    await webhook_worker.drain()
    assert await states(read, practice, message_id) == [
        ("queued", None),
        ("updated", "sending"),
        ("updated", "sent"),
    ]


async def test_a_retry_and_the_final_failure_are_events(
    practice: Practice, context: Context, gateway: FakeSmsGateway, read: Read
) -> None:
    [message_id] = await practice.queue(1)
    gateway.script[message_id] = [503, 503]
    provider = WebhookProvider(gateway.url, SECRET)
    worker = Worker(context.db, provider, replace(FAST, policy=RetryPolicy(max_attempts=2, base_seconds=0)))
    await worker.drain()
    await provider.aclose()
    assert await states(read, practice, message_id) == [
        ("queued", None),
        ("updated", "sending"),
        ("updated", "queued"),
        ("updated", "sending"),
        ("updated", "failed"),
    ]


async def test_a_stale_outcome_records_no_event(practice: Practice, context: Context, read: Read) -> None:
    """An outcome for a row re-claimed since changes nothing, and so says nothing."""
    [message_id] = await practice.queue(1)
    async with context.db.transaction() as session:
        [claimed] = [c for c in await messages_outbox.claim(session, limit=1000) if c.id == message_id]
    async with context.db.transaction() as session:
        await session.execute(
            update(Message)
            .where(Message.business_id == practice.tenant.business_id, Message.id == message_id)
            .values(attempts=Message.attempts + 1)
        )
    async with context.db.transaction() as session:
        await messages_outbox.record(session, [messages_outbox.sent(claimed, "log", None)])
    assert await states(read, practice, message_id) == [("queued", None), ("updated", "sending")]


async def test_a_receipt_moving_a_message_on_is_an_event(practice: Practice, context: Context, read: Read) -> None:
    [message_id] = await practice.queue(1)
    async with context.db.transaction() as session:
        message = await session.get(Message, (practice.tenant.business_id, message_id))
        assert message is not None
        message.status, message.provider_message_id, message.sent_at = "sent", f"SM{message_id}x", utcnow()
    for status in ("delivered", "delivered"):  # the repeat changes nothing, and says nothing
        async with context.db.transaction() as session:
            await messages_outbox.apply_receipt(session, provider_message_id=f"SM{message_id}x", status=status)
    assert (await states(read, practice, message_id))[-1:] == [("updated", "delivered")]
    assert len(await states(read, practice, message_id)) == 2
