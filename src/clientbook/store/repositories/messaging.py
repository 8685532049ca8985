"""SMS queries: conversations, the outbox the delivery worker drains, receipts and inbound matching."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ScalarResult, Select, Table, and_, bindparam, func, select, tuple_, union, update

from clientbook.store.models import Business, Client, Message, Staff
from clientbook.store.models.messaging import SMS, UnmatchedInboundMessage

from ._base import RecordRepository, Repository

OUTBOUND = "outbound"
INBOUND = "inbound"


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt of a claimed message came to (the worker records a batch of these at once)."""

    business_id: int
    message_id: int
    attempts: int  # the claim's attempt number: a stale outcome (the row was re-claimed since) changes nothing
    values: dict[str, Any]


class MessageRepository(RecordRepository[Message]):
    model = Message

    def _of_contact(self, business_id: int, client_id: int | None, staff_id: int | None) -> Select[Message]:
        # A conversation is SMS: e-mails (a password setup link) are the client's messages, not part of the thread.
        query = select(Message).where(Message.business_id == business_id, Message.channel == SMS)
        if client_id is not None:
            query = query.where(Message.client_id == client_id)
        if staff_id is not None:
            query = query.where(Message.staff_id == staff_id)
        return query

    async def conversation(
        self, business_id: int, client_id: int | None, staff_id: int | None
    ) -> builtins.list[Message]:
        """Every message to and from one contact, oldest first."""
        rows = await self.session.scalars(self._of_contact(business_id, client_id, staff_id).order_by(Message.id))
        return builtins.list(rows)

    async def page(
        self, business_id: int, client_id: int | None, offset: int, limit: int | None
    ) -> tuple[builtins.list[Message], int]:
        """One page of the business's messages (optionally one client's), oldest first, with the true total."""
        query = self._of_contact(business_id, client_id, None)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        paged = query.order_by(Message.id).offset(offset)
        if limit is not None:
            paged = paged.limit(limit)
        return builtins.list(await self.session.scalars(paged)), int(total or 0)

    async def mark_read(self, business_id: int, client_id: int | None, staff_id: int | None, at: datetime) -> int:
        """Mark the contact's unread inbound messages read; how many were unread."""
        conditions = [Message.business_id == business_id, Message.direction == INBOUND, Message.read_at.is_(None)]
        if client_id is not None:
            conditions.append(Message.client_id == client_id)
        if staff_id is not None:
            conditions.append(Message.staff_id == staff_id)
        return await self.update_where(Message, {"read_at": at}, *conditions, synchronize=False)

    async def inbound_by_provider_id(self, provider_message_id: str) -> Message | None:
        """An inbound message already stored under the provider's id (providers retry their webhooks)."""
        return await self.session.scalar(
            select(Message)
            .where(Message.provider_message_id == provider_message_id, Message.direction == INBOUND)
            .limit(1)
        )

    async def outbound_by_provider_id(self, provider_message_id: str) -> Message | None:
        return await self.session.scalar(
            select(Message)
            .where(Message.provider_message_id == provider_message_id, Message.direction == OUTBOUND)
            .limit(1)
        )

    # The outbox. These are the only queries across tenants besides inbound matching: the worker serves them all.

    async def outbox_counts(self, statuses: tuple[str, ...]) -> dict[str, int]:
        """Messages in each of `statuses`, across businesses (the operator's /metrics; the status index answers)."""
        query = select(Message.status, func.count()).where(Message.status.in_(statuses)).group_by(Message.status)
        return {status: int(count) for status, count in (await self.session.execute(query)).all()}

    async def oldest_queued_at(self) -> datetime | None:
        """When the longest-waiting queued message was queued (the status index narrows to queued rows)."""
        return await self.session.scalar(select(func.min(Message.created_at)).where(Message.status == "queued"))

    async def claim_due(self, now: datetime, limit: int) -> builtins.list[Message]:
        """Take up to `limit` due queued messages for sending: `sending`, one more attempt, leased from `now`.

        PostgreSQL: rows another worker holds are skipped (FOR UPDATE SKIP LOCKED), so workers never share one.
        SQLite: transactions begin IMMEDIATE (store/engine.py), so one claim runs at a time.
        """
        query = (
            select(Message, Business.sms_number)
            .join(Business, Business.id == Message.business_id)
            .where(Message.status == "queued", Message.next_attempt_at <= now)
            .order_by(Message.next_attempt_at)
            .limit(limit)
        )
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=Message, skip_locked=True)
        rows = (await self.session.execute(query)).all()
        # The sender is the business's own number as it is when sending (a provider default otherwise).
        claims = [
            (
                message,
                {
                    "status": "sending",
                    "sending_at": now,
                    "attempts": message.attempts + 1,
                    "from_number": message.from_number or (number if message.channel == SMS else None),
                },
            )
            for message, number in rows
        ]
        await self.save_many(claims)
        return [message for message, _ in rows]

    async def record(self, outcomes: builtins.list[Outcome], now: datetime) -> builtins.list[Outcome]:
        """Apply each outcome to its message, unless the row was re-claimed or answered by a receipt since; the
        outcomes applied (each updated row carries `now` as its `updated_at`, and stays locked by this transaction)."""
        table = Message.__table__
        assert isinstance(table, Table)
        for names in {tuple(sorted(o.values)) for o in outcomes}:
            same = [o for o in outcomes if tuple(sorted(o.values)) == names]
            statement = (
                update(table)
                .where(
                    and_(
                        table.c.business_id == bindparam("b_business_id"),
                        table.c.id == bindparam("b_id"),
                        table.c.attempts == bindparam("b_attempts"),
                        table.c.status == "sending",
                    )
                )
                .values({name: bindparam(f"v_{name}") for name in names} | {"updated_at": now})
            )
            params = [
                {"b_business_id": o.business_id, "b_id": o.message_id, "b_attempts": o.attempts}
                | {f"v_{name}": value for name, value in o.values.items()}
                for o in same
            ]
            await self.session.execute(statement, params)
        if not outcomes:
            return []
        keys = [(o.business_id, o.message_id) for o in outcomes]
        applied = await self.session.execute(
            select(table.c.business_id, table.c.id).where(
                tuple_(table.c.business_id, table.c.id).in_(keys), table.c.updated_at == now
            )
        )
        done = {(row.business_id, row.id) for row in applied}
        return [o for o in outcomes if (o.business_id, o.message_id) in done]

    async def requeue_stale(self, leased_before: datetime, now: datetime) -> builtins.list[tuple[int, int]]:
        """Put back messages left `sending` by a worker that died (its lease ran out): they are due again now. The
        (business_id, id) of each."""
        result = await self.session.execute(
            update(Message)
            .where(Message.status == "sending", Message.sending_at < leased_before)
            .values(status="queued", next_attempt_at=now, error="delivery interrupted; retrying")
            .returning(Message.business_id, Message.id)
            .execution_options(synchronize_session=False)
        )
        return [(int(row[0]), int(row[1])) for row in result]

    async def businesses_with_mobile(self, phone: str) -> builtins.list[int]:
        """The businesses having a live client or staff member with this E.164 mobile number (at most three)."""
        clients = select(Client.business_id).where(Client.mobile_phone == phone, Client.deleted_at.is_(None))
        staff = select(Staff.business_id).where(Staff.mobile_phone == phone, Staff.deleted_at.is_(None))
        owners = union(clients, staff).subquery()
        rows: ScalarResult[int] = await self.session.scalars(select(owners.c.business_id).limit(3))
        return [int(row) for row in rows]


class UnmatchedInboundRepository(Repository):
    async def newest(self, limit: int) -> list[UnmatchedInboundMessage]:
        query = select(UnmatchedInboundMessage).order_by(UnmatchedInboundMessage.id.desc()).limit(limit)
        return list(await self.session.scalars(query))

    async def by_provider_id(self, provider_message_id: str) -> UnmatchedInboundMessage | None:
        return await self.session.scalar(
            select(UnmatchedInboundMessage).where(UnmatchedInboundMessage.provider_message_id == provider_message_id)
        )


class UnmatchedMessageRepository(Repository):
    """Inbound SMS a business received from a number none of its contacts has (client and staff both empty)."""

    def _where(self, business_id: int) -> list[Any]:
        return [
            Message.business_id == business_id,
            Message.client_id.is_(None),
            Message.staff_id.is_(None),
            Message.direction == INBOUND,
            Message.status == "received",
        ]

    async def page(self, business_id: int, offset: int, limit: int) -> tuple[list[Message], int]:
        """Newest first, with the true total; (business_id, client_id, id) serves both."""
        where = self._where(business_id)
        total = await self.session.scalar(select(func.count()).select_from(Message).where(*where))
        rows = await self.session.scalars(
            select(Message).where(*where).order_by(Message.id.desc()).offset(offset or None).limit(limit)
        )
        return list(rows), int(total or 0)

    async def get(self, business_id: int, message_id: int) -> Message | None:
        return await self.session.scalar(select(Message).where(*self._where(business_id), Message.id == message_id))
