"""Wired Client SMS to staff and clients (seed 000 §3–4): every documented answer, and what is queued."""

from __future__ import annotations

from typing import Any

import pytest

from clientbook.context import Context
from clientbook.core import clients, staff
from clientbook.core.clients import ClientChanges
from clientbook.core.types import Tenant
from clientbook.store.models import Message, utcnow
from tests.conftest import TenantFactory
from tests.dialects.wiredclient.conftest import Post, creds
from tests.helpers import Read, row_counts


@pytest.fixture
async def client_id(post: Post, client_body: Any) -> int:
    answer = await post("client", client_body())
    assert answer["status"] == 0
    return int(answer["id"])


@pytest.fixture
async def staff_id(post: Post, staff_body: Any) -> int:
    answer = await post("staff", staff_body(mobile_phone1="+1 415 555 0142"))
    assert answer["status"] == 0
    return int(answer["id"])


def client_sms(tenant: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**creds(tenant, branch=True), **fields}


def staff_sms(tenant: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**creds(tenant, branch=False), **fields}


async def stored(read: Read, tenant: dict[str, Any], smsid: int) -> Message:
    message: Message = await read(lambda s: s.get(Message, (tenant["business"]["id"], smsid)))
    return message


class TestClientSms:
    async def test_queues_the_message_and_answers_its_smsid(
        self, post: Post, tenant: dict[str, Any], client_id: int, read: Read
    ) -> None:
        answer = await post("clientsms", client_sms(tenant, id=client_id, message="See you at 3pm"))
        assert answer["status"] == 0
        assert answer["message"] == "Sent one message"
        assert answer["smsid"] > 0
        message = await stored(read, tenant, answer["smsid"])
        assert (message.status, message.client_id, message.body) == ("queued", client_id, "See you at 3pm")
        assert message.to_number.startswith("+1415555")

    async def test_accepts_the_id_as_a_string(self, post: Post, tenant: dict[str, Any], client_id: int) -> None:
        answer = await post("clientsms", client_sms(tenant, id=str(client_id), message="Hi"))
        assert (answer["status"], answer["message"]) == (0, "Sent one message")

    async def test_trims_past_320_characters_and_says_so(
        self, post: Post, tenant: dict[str, Any], client_id: int, read: Read
    ) -> None:
        answer = await post("clientsms", client_sms(tenant, id=client_id, message="z" * 5000))
        assert answer["status"] == 0
        assert "trimmed to 320 characters" in answer["message"]
        assert len((await stored(read, tenant, answer["smsid"])).body) == 320

    @pytest.mark.parametrize("body", [{"message": ""}, {"message": "   "}, {"message": None}, {}])
    async def test_refuses_an_empty_message(
        self, post: Post, tenant: dict[str, Any], client_id: int, read: Read, body: dict[str, Any]
    ) -> None:
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post("clientsms", client_sms(tenant, id=client_id, **body))
        assert answer == {"smsid": 0, "status": 2000, "message": "Message body is required"}
        assert await row_counts(read, tenant["business"]["id"]) == before

    async def test_refuses_an_unknown_client(self, post: Post, tenant: dict[str, Any], read: Read) -> None:
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post("clientsms", client_sms(tenant, id=987654321, message="Hi"))
        assert answer == {"smsid": 0, "status": 2003, "message": "No matched client"}
        assert await row_counts(read, tenant["business"]["id"]) == before

    async def test_refuses_a_client_of_another_business(
        self, post: Post, make_tenant: TenantFactory, client_id: int
    ) -> None:
        other = await make_tenant(name="Elsewhere")
        answer = await post("clientsms", client_sms(other, id=client_id, message="Hi"))
        assert answer == {"smsid": 0, "status": 2003, "message": "No matched client"}

    async def test_refuses_a_deleted_client(
        self, post: Post, tenant: dict[str, Any], client_id: int, context: Context
    ) -> None:
        async with context.db.transaction() as session:
            await clients.delete(session, Tenant(tenant["business"]["id"]), client_id)
        answer = await post("clientsms", client_sms(tenant, id=client_id, message="Hi"))
        assert (answer["smsid"], answer["status"], answer["message"]) == (0, 2003, "No matched client")

    async def test_refuses_a_client_without_a_mobile_number(
        self, post: Post, tenant: dict[str, Any], context: Context, read: Read
    ) -> None:
        async with context.db.transaction() as session:
            changes = ClientChanges(first_name="No", last_name="Phone")
            client = await clients.create(session, Tenant(tenant["business"]["id"]), changes)
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post("clientsms", client_sms(tenant, id=client.id, message="Hi"))
        assert (answer["smsid"], answer["status"]) == (0, 2000)
        assert "no mobile number" in answer["message"]
        assert await row_counts(read, tenant["business"]["id"]) == before

    async def test_refuses_a_client_who_texted_stop(
        self, post: Post, tenant: dict[str, Any], client_id: int, context: Context, read: Read
    ) -> None:
        async with context.db.transaction() as session:
            # What an inbound STOP does (tests/core/test_messages.py covers the keyword itself).
            client = await clients.get(session, Tenant(tenant["business"]["id"]), client_id)
            client.sms_opted_out_at = utcnow()
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post("clientsms", client_sms(tenant, id=client_id, message="Hi"))
        assert (answer["smsid"], answer["status"]) == (0, 2000)
        assert "opted out" in answer["message"]
        assert "START" in answer["message"]
        assert await row_counts(read, tenant["business"]["id"]) == before

    async def test_refuses_bad_api_credentials(self, post: Post, tenant: dict[str, Any], client_id: int) -> None:
        body = client_sms(tenant, id=client_id, message="Hi", api_password="wrong")
        assert await post("clientsms", body) == {"smsid": 0, "status": 2000, "message": "Invalid API credentials"}

    async def test_refuses_an_unknown_branch_account_number(
        self, post: Post, tenant: dict[str, Any], client_id: int
    ) -> None:
        body = client_sms(tenant, id=client_id, message="Hi", account_number="00000000-0000-0000-0000-000000000000")
        answer = await post("clientsms", body)
        assert (answer["smsid"], answer["status"]) == (0, 1002)

    async def test_refuses_malformed_json(self, post: Post) -> None:
        answer = await post("clientsms", b'{"api_key": ')
        assert (answer["smsid"], answer["status"]) == (0, 2000)
        assert "Malformed JSON" in answer["message"]

    async def test_refuses_a_missing_id(self, post: Post, tenant: dict[str, Any]) -> None:
        answer = await post("clientsms", client_sms(tenant, message="Hi"))
        assert answer == {"smsid": 0, "status": 2000, "message": "id is required"}


class TestStaffSms:
    async def test_queues_the_message_and_answers_its_smsid(
        self, post: Post, tenant: dict[str, Any], staff_id: int, read: Read
    ) -> None:
        answer = await post("staffsms", staff_sms(tenant, id=staff_id, message="Can you cover 4pm?"))
        assert (answer["status"], answer["message"]) == (0, "Sent one message")
        message = await stored(read, tenant, answer["smsid"])
        assert (message.status, message.staff_id, message.to_number) == ("queued", staff_id, "+14155550142")

    async def test_refuses_an_unknown_staff_member(self, post: Post, tenant: dict[str, Any], read: Read) -> None:
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post("staffsms", staff_sms(tenant, id=987654321, message="Hi"))
        assert answer == {"smsid": 0, "status": 2001, "message": "No matched staff"}
        assert await row_counts(read, tenant["business"]["id"]) == before

    async def test_refuses_a_staff_member_without_a_mobile_number(
        self, post: Post, tenant: dict[str, Any], staff_body: Any, read: Read
    ) -> None:
        member = await post("staff", staff_body(email_address1="nomobile@example.com"))
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post("staffsms", staff_sms(tenant, id=member["id"], message="Hi"))
        assert (answer["smsid"], answer["status"]) == (0, 2000)
        assert "no mobile number" in answer["message"]
        assert await row_counts(read, tenant["business"]["id"]) == before

    async def test_refuses_an_empty_message(self, post: Post, tenant: dict[str, Any], staff_id: int) -> None:
        answer = await post("staffsms", staff_sms(tenant, id=staff_id, message=""))
        assert answer == {"smsid": 0, "status": 2000, "message": "Message body is required"}

    async def test_refuses_a_branch_account_number(self, post: Post, tenant: dict[str, Any], staff_id: int) -> None:
        body = {
            **staff_sms(tenant, id=staff_id, message="Hi"),
            "account_number": tenant["branches"][0]["account_number"],
        }
        answer = await post("staffsms", body)
        assert (answer["smsid"], answer["status"]) == (0, 1001)

    async def test_refuses_bad_api_credentials(self, post: Post, tenant: dict[str, Any], staff_id: int) -> None:
        body = staff_sms(tenant, id=staff_id, message="Hi", api_key="nope")
        assert await post("staffsms", body) == {"smsid": 0, "status": 2000, "message": "Invalid API credentials"}

    async def test_refuses_a_deleted_staff_member(
        self, post: Post, tenant: dict[str, Any], staff_id: int, context: Context
    ) -> None:
        async with context.db.transaction() as session:
            await staff.delete(session, Tenant(tenant["business"]["id"]), staff_id)
        answer = await post("staffsms", staff_sms(tenant, id=staff_id, message="Hi"))
        assert answer == {"smsid": 0, "status": 2001, "message": "No matched staff"}

    async def test_refuses_a_staff_member_who_texted_stop(
        self, post: Post, tenant: dict[str, Any], staff_id: int, context: Context, read: Read
    ) -> None:
        async with context.db.transaction() as session:
            member = await staff.get(session, Tenant(tenant["business"]["id"]), staff_id)
            member.sms_opted_out_at = utcnow()
        before = await row_counts(read, tenant["business"]["id"])
        answer = await post("staffsms", staff_sms(tenant, id=staff_id, message="Hi"))
        assert (answer["smsid"], answer["status"]) == (0, 2000)
        assert "opted out" in answer["message"]
        assert await row_counts(read, tenant["business"]["id"]) == before

    async def test_refuses_an_unknown_business_account_number(
        self, post: Post, tenant: dict[str, Any], staff_id: int
    ) -> None:
        body = staff_sms(tenant, id=staff_id, message="Hi", account_number="00000000-0000-0000-0000-000000000000")
        answer = await post("staffsms", body)
        assert (answer["smsid"], answer["status"]) == (0, 1001)
