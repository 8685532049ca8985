"""The contact list, conversations, unread counts and replies, each scoped to the signed-in staff member's business."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event, func, inspect, select

from clientbook.context import Context
from clientbook.store.models import Client, Message, utcnow
from tests.web.conftest import csrf_of
from tests.web.factories import Login, make_client, make_staff, receive_from_client, receive_from_staff


async def messages_of(context: Context, business_id: int, client_id: int) -> list[Message]:
    async with context.db.transaction() as session:
        rows = await session.scalars(
            select(Message)
            .where(Message.business_id == business_id, Message.client_id == client_id)
            .order_by(Message.id)
        )
        return list(rows)


async def outbound_count(context: Context, business_id: int) -> int:
    async with context.db.transaction() as session:
        query = (
            select(func.count())
            .select_from(Message)
            .where(Message.business_id == business_id, Message.direction == "outbound")
        )
        return int(await session.scalar(query) or 0)


def page_of(client_id: int, kind: str = "client") -> str:
    return f"/messages/list?contactId={client_id}&contactType={kind}"


class TestContactList:
    async def test_lists_clients_with_their_unread_counts(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        quiet = await make_client(context, tenant, "Quiet", "Client")
        chatty = await make_client(context, tenant, "Chatty", "Client")
        await receive_from_client(context, tenant, chatty, "Hello?")
        await receive_from_client(context, tenant, chatty, "Are you there?")
        page = await http.get("/messages/list")
        assert page.status_code == 200
        assert "Quiet Client" in page.text
        assert 'aria-label="2 unread">2</span>' in page.text
        # Newest conversation first.
        assert page.text.index("Chatty Client") < page.text.index("Quiet Client")
        assert f"contactId={quiet}" in page.text

    async def test_unread_filter_lists_only_contacts_with_unread_messages(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        await make_client(context, tenant, "Quiet", "Client")
        chatty = await make_client(context, tenant, "Chatty", "Client")
        await receive_from_client(context, tenant, chatty, "Hello?")
        page = await http.get("/messages/list?filter=unread")
        assert "Chatty Client" in page.text
        assert "Quiet Client" not in page.text

    async def test_contact_filter_shows_one_contact_and_its_conversation(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        await make_client(context, tenant, "Other", "Client")
        client_id = await make_client(context, tenant, "Ada", "Lovelace")
        await receive_from_client(context, tenant, client_id, "Can I move my appointment?")
        page = await http.get(page_of(client_id))
        assert page.status_code == 200
        assert "Conversation with Ada Lovelace" in page.text
        assert "Can I move my appointment?" in page.text
        assert "Other Client" not in page.text
        assert '<label for="reply-body">Reply to Ada Lovelace</label>' in page.text

    async def test_contact_type_is_detected_when_absent(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await make_client(context, tenant, "Ada", "Lovelace")
        page = await http.get(f"/messages/list?contactId={client_id}")
        assert "Conversation with Ada Lovelace" in page.text

    async def test_opening_a_conversation_marks_it_read(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await make_client(context, tenant)
        await receive_from_client(context, tenant, client_id, "Hello?")
        first = await http.get(page_of(client_id))
        assert '<span class="new-label">new</span>' in first.text
        stored = await messages_of(context, signed_in.business_id, client_id)
        assert all(m.read_at is not None for m in stored)
        again = await http.get(page_of(client_id))
        assert '<span class="new-label">new</span>' not in again.text
        assert "Ada Lovelace" not in (await http.get("/messages/list?filter=unread")).text

    async def test_lists_in_a_fixed_number_of_queries_however_many_contacts(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        for n in range(2):
            await receive_from_client(context, tenant, await make_client(context, tenant, f"C{n}", "X"), "hi")
        with count_queries(context) as few:
            await http.get("/messages/list")
        for n in range(8):
            await receive_from_client(context, tenant, await make_client(context, tenant, f"D{n}", "X"), "hi")
        with count_queries(context) as many:
            await http.get("/messages/list")
        assert len(many) == len(few)

    async def test_unread_filter_lists_staff_who_texted_in_beside_clients(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        staff_id = await make_staff(context, tenant, "Kim", "Lee")
        client_id = await make_client(context, tenant, "Ada", "Lovelace")
        await receive_from_client(context, tenant, client_id, "From a client")
        await receive_from_staff(context, tenant, staff_id, "From a colleague")
        page = await http.get("/messages/list?filter=unread")
        assert page.text.index("Kim Lee") < page.text.index("Ada Lovelace")  # newest first
        assert f"contactId={staff_id}&amp;contactType=staff" in page.text
        assert 'aria-label="2 unread messages">2</span>' in page.text
        conversation = await http.get(page_of(staff_id, "staff"))
        assert "From a colleague" in conversation.text

    async def test_staff_list_shows_the_business_s_staff(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        await make_staff(context, tenant, "Kim", "Lee")
        await make_client(context, tenant, "Ada", "Lovelace")
        page = await http.get("/messages/list?contactType=staff")
        assert page.status_code == 200
        assert "Kim Lee" in page.text
        assert "Ada Lovelace" not in page.text

    @pytest.mark.parametrize(
        ("query", "field"), [("contactId=abc", "contactId"), ("contactId=1&contactType=robot", "contactType")]
    )
    async def test_bad_filter_values_are_refused_naming_the_field(
        self, http: httpx.AsyncClient, signed_in: Login, query: str, field: str
    ) -> None:
        page = await http.get(f"/messages/list?{query}")
        assert page.status_code == 400
        assert field in page.text


class TestReply:
    async def test_reply_is_queued_in_the_outbox_and_shown_queued(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await make_client(context, tenant)
        page = await http.get(page_of(client_id))
        response = await http.post(
            "/messages/reply",
            data={
                "csrf_token": csrf_of(page.text),
                "contact_type": "client",
                "contact_id": str(client_id),
                "body": "See you at 3pm",
            },
        )
        assert response.status_code == 303
        assert response.headers["location"].startswith(page_of(client_id) + "&sent=")
        stored = await messages_of(context, signed_in.business_id, client_id)
        assert [(m.direction, m.body, m.status, m.sent_by_staff_id) for m in stored] == [
            ("outbound", "See you at 3pm", "queued", signed_in.staff_id)
        ]
        shown = await http.get(response.headers["location"])
        assert "Reply queued for delivery." in shown.text
        assert '<span class="status">queued</span>' in shown.text

    async def test_reply_without_the_csrf_token_is_refused_and_writes_nothing(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await make_client(context, tenant)
        response = await http.post(
            "/messages/reply", data={"contact_type": "client", "contact_id": str(client_id), "body": "Hi"}
        )
        assert response.status_code == 403
        assert await outbound_count(context, signed_in.business_id) == 0

    async def test_empty_reply_is_refused_and_writes_nothing(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await make_client(context, tenant)
        page = await http.get(page_of(client_id))
        response = await http.post(
            "/messages/reply",
            data={
                "csrf_token": csrf_of(page.text),
                "contact_type": "client",
                "contact_id": str(client_id),
                "body": " ",
            },
        )
        assert response.status_code == 400
        assert "Message body is required" in response.text
        assert await outbound_count(context, signed_in.business_id) == 0

    async def test_reply_to_a_client_who_texted_stop_is_refused_beside_the_form_keeping_the_draft(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await make_client(context, tenant)
        async with context.db.transaction() as session:
            client = await session.get(Client, (signed_in.business_id, client_id))
            assert client is not None
            client.sms_opted_out_at = utcnow()
        page = await http.get(page_of(client_id))
        response = await http.post(
            "/messages/reply",
            data={
                "csrf_token": csrf_of(page.text),
                "contact_type": "client",
                "contact_id": str(client_id),
                "body": "Are you still coming?",
            },
        )
        assert response.status_code == 400
        assert 'role="alert">The client opted out of SMS' in response.text
        assert ">Are you still coming?</textarea>" in response.text
        assert await outbound_count(context, signed_in.business_id) == 0

    async def test_reply_without_a_session_goes_to_the_login_form_and_writes_nothing(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], login: Login
    ) -> None:
        client_id = await make_client(context, tenant)
        response = await http.post(
            "/messages/reply", data={"contact_type": "client", "contact_id": str(client_id), "body": "Hi"}
        )
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")
        assert await outbound_count(context, login.business_id) == 0


class TestTenantScoping:
    """A staff member sees and writes only their own business's contacts."""

    async def test_another_business_s_clients_are_not_listed(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any, signed_in: Login
    ) -> None:
        other = await make_tenant(name="Other Practice")
        await make_client(context, other, "Foreign", "Client")
        page = await http.get("/messages/list")
        assert "Foreign Client" not in page.text

    @pytest.mark.parametrize("kind", ["client", ""])
    async def test_another_business_s_conversation_is_not_found(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any, signed_in: Login, kind: str
    ) -> None:
        other = await make_tenant(name="Other Practice")
        foreign = await make_client(context, other, "Foreign", "Client")
        await receive_from_client(context, other, foreign, "Private matter")
        page = await http.get(f"/messages/list?contactId={foreign}&contactType={kind}")
        assert page.status_code == 404
        assert "Private matter" not in page.text
        stored = await messages_of(context, other["business"]["id"], foreign)
        assert all(m.read_at is None for m in stored)  # not marked read by a stranger

    async def test_reply_to_another_business_s_client_is_refused_and_writes_nothing(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any, signed_in: Login
    ) -> None:
        other = await make_tenant(name="Other Practice")
        foreign = await make_client(context, other, "Foreign", "Client")
        page = await http.get("/messages/list")
        response = await http.post(
            "/messages/reply",
            data={"csrf_token": csrf_of(page.text), "contact_type": "client", "contact_id": str(foreign), "body": "Hi"},
        )
        assert response.status_code == 404
        assert await outbound_count(context, other["business"]["id"]) == 0
        assert await outbound_count(context, signed_in.business_id) == 0

    async def test_unread_badge_counts_only_this_business(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], make_tenant: Any, signed_in: Login
    ) -> None:
        other = await make_tenant(name="Other Practice")
        await receive_from_client(context, other, await make_client(context, other), "Not yours")
        page = await http.get("/messages/list?filter=unread")
        assert "No unread messages." in page.text
        assert "unread messages" not in page.text.split("<main")[0]


@contextmanager
def count_queries(context: Context) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = context.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_unread_counts_are_served_by_partial_indexes(context: Context) -> None:
    def index_names(connection: Any) -> set[str]:
        return {i["name"] for i in inspect(connection).get_indexes("messages") if i["name"]}

    async with context.db.engine.connect() as connection:
        names = await connection.run_sync(index_names)
    assert {"ix_messages_unread_client_id", "ix_messages_unread_staff_id"} <= names
