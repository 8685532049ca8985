"""Core messaging: queueing SMS to clients and staff, refusals, conversations, inbound matching, STOP/START."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from clientbook.context import Context
from clientbook.core import clients, messages, staff
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import (
    ClientNotFound,
    MessageNotFound,
    NoMobileNumber,
    OptedOut,
    StaffNotFound,
    ValidationFailed,
)
from clientbook.core.staff import StaffChanges
from clientbook.core.types import Tenant
from clientbook.store.models import Client, Event, Message
from clientbook.store.models.messaging import UnmatchedInboundMessage as Unmatched
from tests.conftest import TenantFactory
from tests.helpers import Read, row_counts
from tests.phones import unique_mobile


class Practice:
    """A business with one client and one staff member, both with mobile numbers."""

    def __init__(self, context: Context, data: dict[str, Any]) -> None:
        self.context = context
        self.data = data
        self.tenant = Tenant(business_id=data["business"]["id"], actor="test")
        self.client_id = 0
        self.staff_id = 0
        self.client_mobile = unique_mobile()
        self.staff_mobile = unique_mobile()

    async def setup(self) -> Practice:
        async with self.context.db.transaction() as session:
            client = await clients.create(
                session, self.tenant, ClientChanges(first_name="Ann", last_name="Lee", mobile_phone=self.client_mobile)
            )
            member = await staff.create(
                session, self.tenant, StaffChanges(first_name="Bo", last_name="Kim", mobile_phone=self.staff_mobile)
            )
        self.client_id, self.staff_id = client.id, member.id
        return self

    async def add_client(self, **fields: Any) -> int:
        async with self.context.db.transaction() as session:
            changes = ClientChanges(**{"first_name": "Cy", "last_name": "Roe", **fields})
            return (await clients.create(session, self.tenant, changes)).id


@pytest.fixture
async def practice(context: Context, make_tenant: TenantFactory) -> Practice:
    return await Practice(context, await make_tenant(sms_number=unique_mobile())).setup()


class TestSendToClient:
    async def test_queues_one_outbound_message_to_the_clients_mobile(self, practice: Practice, read: Read) -> None:
        async with practice.context.db.transaction() as session:
            sent = await messages.send_to_client(session, practice.tenant, practice.client_id, "  Hello  ")
        stored = await read(lambda s: s.get(Message, (practice.tenant.business_id, sent.message.id)))
        assert (stored.status, stored.direction, stored.body) == ("queued", "outbound", "Hello")
        assert stored.to_number == practice.client_mobile
        assert stored.attempts == 0
        assert stored.queued_at is not None
        assert stored.next_attempt_at is not None
        assert sent.trimmed is False

    async def test_trims_the_body_to_320_characters_and_says_so(self, practice: Practice) -> None:
        async with practice.context.db.transaction() as session:
            sent = await messages.send_to_client(session, practice.tenant, practice.client_id, "x" * 400)
        assert sent.trimmed is True
        assert len(sent.message.body) == 320
        assert sent.message.trimmed is True

    async def test_keeps_a_320_character_body_whole(self, practice: Practice) -> None:
        async with practice.context.db.transaction() as session:
            sent = await messages.send_to_client(session, practice.tenant, practice.client_id, "y" * 320)
        assert (sent.trimmed, len(sent.message.body)) == (False, 320)

    @pytest.mark.parametrize("body", ["", "   ", None])
    async def test_refuses_an_empty_body_and_queues_nothing(self, practice: Practice, read: Read, body: Any) -> None:
        before = await row_counts(read, practice.tenant.business_id)
        with pytest.raises(ValidationFailed) as refused:
            async with practice.context.db.transaction() as session:
                await messages.send_to_client(session, practice.tenant, practice.client_id, body)
        assert refused.value.field == "body"
        assert refused.value.message == "Message body is required"
        assert await row_counts(read, practice.tenant.business_id) == before

    async def test_refuses_an_unknown_client(self, practice: Practice, read: Read) -> None:
        before = await row_counts(read, practice.tenant.business_id)
        with pytest.raises(ClientNotFound, match="No matched client"):
            async with practice.context.db.transaction() as session:
                await messages.send_to_client(session, practice.tenant, 999_999_999, "Hi")
        assert await row_counts(read, practice.tenant.business_id) == before

    async def test_refuses_another_business_client(
        self, practice: Practice, make_tenant: TenantFactory, context: Context
    ) -> None:
        other = await Practice(context, await make_tenant()).setup()
        with pytest.raises(ClientNotFound):
            async with practice.context.db.transaction() as session:
                await messages.send_to_client(session, practice.tenant, other.client_id, "Hi")

    async def test_refuses_a_deleted_client(self, practice: Practice, read: Read) -> None:
        async with practice.context.db.transaction() as session:
            await clients.delete(session, practice.tenant, practice.client_id)
        before = await row_counts(read, practice.tenant.business_id)
        with pytest.raises(ClientNotFound):
            async with practice.context.db.transaction() as session:
                await messages.send_to_client(session, practice.tenant, practice.client_id, "Hi")
        assert await row_counts(read, practice.tenant.business_id) == before

    async def test_refuses_a_client_without_a_mobile_number(self, practice: Practice, read: Read) -> None:
        client_id = await practice.add_client()
        before = await row_counts(read, practice.tenant.business_id)
        with pytest.raises(NoMobileNumber, match="no mobile number"):
            async with practice.context.db.transaction() as session:
                await messages.send_to_client(session, practice.tenant, client_id, "Hi")
        assert await row_counts(read, practice.tenant.business_id) == before


class TestSendToStaff:
    async def test_queues_one_outbound_message_to_the_staff_mobile(self, practice: Practice) -> None:
        async with practice.context.db.transaction() as session:
            sent = await messages.send_to_staff(
                session, practice.tenant, practice.staff_id, "Shift?", sent_by_staff_id=practice.staff_id
            )
        assert (sent.message.staff_id, sent.message.client_id) == (practice.staff_id, None)
        assert sent.message.to_number == practice.staff_mobile
        assert sent.message.sent_by_staff_id == practice.staff_id

    async def test_refuses_an_unknown_staff_member(self, practice: Practice, read: Read) -> None:
        before = await row_counts(read, practice.tenant.business_id)
        with pytest.raises(StaffNotFound, match="No matched staff"):
            async with practice.context.db.transaction() as session:
                await messages.send_to_staff(session, practice.tenant, 999_999_999, "Hi")
        assert await row_counts(read, practice.tenant.business_id) == before

    async def test_refuses_a_deleted_staff_member(self, practice: Practice) -> None:
        async with practice.context.db.transaction() as session:
            await staff.delete(session, practice.tenant, practice.staff_id)
        with pytest.raises(StaffNotFound):
            async with practice.context.db.transaction() as session:
                await messages.send_to_staff(session, practice.tenant, practice.staff_id, "Hi")


async def inbound(context: Context, sender: str, to: str, body: str, sid: str | None = None) -> Message | None:
    async with context.db.transaction() as session:
        return await messages.receive(
            session, from_number=sender, to_number=to, body=body, provider_message_id=sid or uuid.uuid4().hex
        )


class TestReceive:
    async def test_matches_the_sender_within_the_business_that_owns_the_number(self, practice: Practice) -> None:
        message = await inbound(practice.context, practice.client_mobile, await _sms_number(practice), "Hi there")
        assert message is not None
        assert (message.business_id, message.client_id, message.status) == (
            practice.tenant.business_id,
            practice.client_id,
            "received",
        )
        assert message.read_at is None

    async def test_matches_a_staff_sender(self, practice: Practice) -> None:
        message = await inbound(practice.context, practice.staff_mobile, await _sms_number(practice), "Running late")
        assert message is not None
        assert (message.staff_id, message.client_id) == (practice.staff_id, None)

    async def test_keeps_an_unknown_sender_in_the_business_that_owns_the_number(self, practice: Practice) -> None:
        message = await inbound(practice.context, unique_mobile(), await _sms_number(practice), "Who is this?")
        assert message is not None
        assert (message.business_id, message.client_id, message.staff_id) == (practice.tenant.business_id, None, None)

    async def test_matches_across_businesses_when_exactly_one_has_the_sender(self, practice: Practice) -> None:
        message = await inbound(practice.context, practice.client_mobile, unique_mobile(), "Hello?")
        assert message is not None
        assert (message.business_id, message.client_id) == (practice.tenant.business_id, practice.client_id)

    async def test_keeps_unmatched_when_two_businesses_have_the_sender(
        self, practice: Practice, make_tenant: TenantFactory, read: Read
    ) -> None:
        other = await Practice(practice.context, await make_tenant()).setup()
        await other.add_client(mobile_phone=practice.client_mobile)
        before = await row_counts(read, practice.tenant.business_id)
        before_other = await row_counts(read, other.tenant.business_id)
        sid = uuid.uuid4().hex
        assert await inbound(practice.context, practice.client_mobile, unique_mobile(), "Hello?", sid) is None
        assert await row_counts(read, practice.tenant.business_id) == before
        assert await row_counts(read, other.tenant.business_id) == before_other
        kept = await read(lambda s: s.scalar(select(Unmatched).where(Unmatched.provider_message_id == sid)))
        assert (kept.body, kept.candidate_businesses) == ("Hello?", 2)

    async def test_keeps_unmatched_when_no_business_has_the_sender(self, context: Context, read: Read) -> None:
        sid = uuid.uuid4().hex
        assert await inbound(context, unique_mobile(), unique_mobile(), "Anyone?", sid) is None
        kept = await read(lambda s: s.scalar(select(Unmatched).where(Unmatched.provider_message_id == sid)))
        assert kept.candidate_businesses == 0

    async def test_a_provider_retry_is_stored_once(self, practice: Practice, read: Read) -> None:
        sid = uuid.uuid4().hex
        first = await inbound(practice.context, practice.client_mobile, await _sms_number(practice), "Hi", sid)
        again = await inbound(practice.context, practice.client_mobile, await _sms_number(practice), "Hi", sid)
        assert first is not None
        assert again is not None
        assert first.id == again.id
        count = await read(
            lambda s: s.scalar(select(func.count()).select_from(Message).where(Message.provider_message_id == sid))
        )
        assert count == 1


async def _sms_number(practice: Practice) -> str:
    from clientbook.store.models import Business

    async with practice.context.db.transaction() as session:
        business = await session.get(Business, practice.tenant.business_id)
        assert business is not None
        assert business.sms_number
        return business.sms_number


class TestStopAndStart:
    @pytest.mark.parametrize("word", ["STOP", "stop", " Stop ", "unsubscribe"])
    async def test_stop_refuses_further_messages(self, practice: Practice, read: Read, word: str) -> None:
        await inbound(practice.context, practice.client_mobile, await _sms_number(practice), word)
        before = await row_counts(read, practice.tenant.business_id)
        with pytest.raises(OptedOut, match="START"):
            async with practice.context.db.transaction() as session:
                await messages.send_to_client(session, practice.tenant, practice.client_id, "Still there?")
        assert await row_counts(read, practice.tenant.business_id) == before

    async def test_stop_and_start_are_recorded_as_changes_to_the_client(self, practice: Practice, read: Read) -> None:
        number = await _sms_number(practice)
        await inbound(practice.context, practice.client_mobile, number, "STOP")
        await inbound(practice.context, practice.client_mobile, number, "START")
        query = select(Event.changes).where(
            Event.business_id == practice.tenant.business_id,
            Event.entity == "client",
            Event.entity_id == practice.client_id,
            Event.action == "updated",
        )
        changes = list(await read(lambda s: s.scalars(query.order_by(Event.id))))
        assert [set(c) for c in changes] == [{"sms_opted_out_at"}, {"sms_opted_out_at"}]
        assert changes[0]["sms_opted_out_at"] is not None
        assert changes[1]["sms_opted_out_at"] is None

    async def test_start_allows_messages_again(self, practice: Practice, read: Read) -> None:
        number = await _sms_number(practice)
        await inbound(practice.context, practice.client_mobile, number, "STOP")
        await inbound(practice.context, practice.client_mobile, number, "start")
        stored = await read(lambda s: s.get(Client, (practice.tenant.business_id, practice.client_id)))
        assert stored.sms_opted_out_at is None
        async with practice.context.db.transaction() as session:
            sent = await messages.send_to_client(session, practice.tenant, practice.client_id, "Welcome back")
        assert sent.message.status == "queued"

    async def test_stop_inside_a_sentence_is_just_a_message(self, practice: Practice, read: Read) -> None:
        await inbound(practice.context, practice.client_mobile, await _sms_number(practice), "please don't stop")
        stored = await read(lambda s: s.get(Client, (practice.tenant.business_id, practice.client_id)))
        assert stored.sms_opted_out_at is None

    async def test_staff_stop_refuses_messages_to_staff(self, practice: Practice) -> None:
        await inbound(practice.context, practice.staff_mobile, await _sms_number(practice), "STOP")
        with pytest.raises(OptedOut):
            async with practice.context.db.transaction() as session:
                await messages.send_to_staff(session, practice.tenant, practice.staff_id, "Shift?")


class TestConversationAndReading:
    async def test_conversation_holds_both_directions_oldest_first(self, practice: Practice) -> None:
        async with practice.context.db.transaction() as session:
            await messages.send_to_client(session, practice.tenant, practice.client_id, "Hi Ann")
        await inbound(practice.context, practice.client_mobile, await _sms_number(practice), "Hi back")
        async with practice.context.db.transaction() as session:
            rows = await messages.conversation(session, practice.tenant, client_id=practice.client_id)
        assert [(m.direction, m.body) for m in rows] == [("outbound", "Hi Ann"), ("inbound", "Hi back")]

    async def test_inbound_is_unread_until_marked_read(self, practice: Practice) -> None:
        number = await _sms_number(practice)
        await inbound(practice.context, practice.client_mobile, number, "one")
        await inbound(practice.context, practice.client_mobile, number, "two")
        async with practice.context.db.transaction() as session:
            assert await messages.mark_read(session, practice.tenant, client_id=practice.client_id) == 2
        async with practice.context.db.transaction() as session:
            assert await messages.mark_read(session, practice.tenant, client_id=practice.client_id) == 0
            rows = await messages.conversation(session, practice.tenant, client_id=practice.client_id)
        assert all(m.read_at is not None for m in rows)

    async def test_conversation_needs_exactly_one_contact(self, practice: Practice) -> None:
        with pytest.raises(ValidationFailed):
            async with practice.context.db.transaction() as session:
                await messages.conversation(session, practice.tenant)

    async def test_get_refuses_another_business_message(
        self, practice: Practice, make_tenant: TenantFactory, context: Context
    ) -> None:
        async with practice.context.db.transaction() as session:
            sent = await messages.send_to_client(session, practice.tenant, practice.client_id, "Hi")
        other = Tenant(business_id=(await make_tenant())["business"]["id"])
        with pytest.raises(MessageNotFound):
            async with context.db.transaction() as session:
                await messages.get(session, other, sent.message.id)
        async with context.db.transaction() as session:
            assert (await messages.get(session, practice.tenant, sent.message.id)).body == "Hi"

    async def test_list_messages_pages_with_the_true_total(self, practice: Practice) -> None:
        async with practice.context.db.transaction() as session:
            for n in range(5):
                await messages.send_to_client(session, practice.tenant, practice.client_id, f"n{n}")
        async with practice.context.db.transaction() as session:
            page, total = await messages.list_messages(
                session, practice.tenant, client_id=practice.client_id, offset=1, limit=2
            )
        assert total == 5
        assert [m.body for m in page] == ["n1", "n2"]
