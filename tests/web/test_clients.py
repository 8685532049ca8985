"""The front desk's client search (`/clients?q=`) and client pages (`/clients/{id}`, `/staff/{id}`), issue 17."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from clientbook.context import Context
from clientbook.core import appointments, clients, fields, messages, notes, tags
from clientbook.core.appointments import AppointmentChanges
from clientbook.core.clients import ClientChanges
from clientbook.store.models import Message, utcnow
from clientbook.store.repositories.people import ClientRepository
from tests.phones import unique_mobile
from tests.web.conftest import csrf_of
from tests.web.factories import Login, make_client, make_staff, receive_from_client, receive_from_staff, tenant_of


async def add_client(context: Context, tenant: dict[str, Any], **values: Any) -> int:
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        return (await clients.create(session, acting, ClientChanges(**values))).id


async def outbound(context: Context, business_id: int) -> list[Message]:
    async with context.db.transaction() as session:
        rows = await session.scalars(
            select(Message).where(Message.business_id == business_id, Message.direction == "outbound")
        )
        return list(rows)


class TestSearch:
    @pytest.mark.parametrize("typed", ["(416) 555-0101", "4165550101", "+1 416 555 0101", "416.555.0101", "555-0101"])
    async def test_a_phone_number_in_any_format_finds_the_client(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login, typed: str
    ) -> None:
        found = await add_client(context, tenant, first_name="Grace", last_name="Hopper", mobile_phone="416-555-0101")
        await add_client(context, tenant, first_name="Alan", last_name="Turing", mobile_phone="+14165550199")
        page = await http.get("/clients", params={"q": typed})
        assert page.status_code == 200
        assert f'href="/clients/{found}"' in page.text
        assert "Alan Turing" not in page.text
        assert "1 client found" in page.text

    async def test_name_and_email_find_the_client_case_insensitively(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        found = await add_client(context, tenant, first_name="Ada", last_name="Lovelace", email="Ada@Engine.example")
        await add_client(context, tenant, first_name="Charles", last_name="Babbage")
        for q in ("lovelace", "ADA LOVE", "ada@engine.example"):
            page = await http.get("/clients", params={"q": q})
            assert f'href="/clients/{found}"' in page.text, q
            assert "Charles Babbage" not in page.text, q

    async def test_words_too_short_for_the_index_ask_for_more(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        await add_client(context, tenant, first_name="Al", last_name="Jo")
        page = await http.get("/clients", params={"q": "Al"})
        assert page.status_code == 200
        assert "Type at least 3 letters or digits" in page.text
        assert "/clients/" not in page.text.split("<main")[1]

    async def test_results_page_with_a_true_total(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        for n in range(30):
            await add_client(context, tenant, first_name=f"Pat{n:02d}", last_name="Pager")
        first = await http.get("/clients", params={"q": "pager"})
        assert "30 clients found" in first.text
        assert first.text.count('href="/clients/') == 25
        assert 'href="/clients?q=pager&amp;page=2"' in first.text
        second = await http.get("/clients", params={"q": "pager", "page": "2"})
        assert second.text.count('href="/clients/') == 5
        assert "Pat29 Pager" in second.text
        assert "Next page" not in second.text

    async def test_another_business_s_clients_are_never_found(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any, signed_in: Login
    ) -> None:
        other = await make_tenant(name="Other Practice")
        await add_client(context, other, first_name="Secret", last_name="Stranger", mobile_phone="+14165550123")
        for q in ("stranger", "4165550123", ""):
            page = await http.get("/clients", params={"q": q})
            assert "Stranger" not in page.text, q

    async def test_searching_needs_a_session(self, http: httpx.AsyncClient) -> None:
        page = await http.get("/clients", params={"q": "ada"})
        assert page.status_code == 303
        assert page.headers["location"].startswith("/login?next=")


class TestClientPage:
    async def test_shows_contact_details_tags_notes_fields_appointments_and_messages(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        # A number no other test's business holds: an inbound SMS is matched to the one business that knows it.
        mobile = unique_mobile()
        client_id = await add_client(
            context,
            tenant,
            first_name="Ada",
            last_name="Lovelace",
            mobile_phone=mobile,
            email="ada@engine.example",
            city="London",
        )
        staff_id = await make_staff(context, tenant, "Kim", "Lee")
        acting = await tenant_of(context, tenant)
        async with context.db.transaction() as session:
            await tags.set_for_client(session, acting, client_id, ["VIP", "Insured"])
            await notes.add(session, acting, client_id, "Prefers mornings")
            insurer = await fields.create(session, acting, fields.NewField(label="Insurer"))
            await fields.set_values(session, acting, client_id, {insurer.id: "Acme Mutual"})
            soon = utcnow() + timedelta(days=2)
            await appointments.create(
                session, acting, AppointmentChanges(client_id=client_id, staff_id=staff_id, starts_at=soon)
            )
            await appointments.create(
                session, acting, AppointmentChanges(client_id=client_id, starts_at=utcnow() - timedelta(days=30))
            )
        await receive_from_client(context, tenant, client_id, "See you Thursday")
        page = await http.get(f"/clients/{client_id}")
        assert page.status_code == 200
        text = page.text
        for expected in (mobile, "ada@engine.example", "London", "VIP", "Insured", "Prefers mornings"):
            assert expected in text, expected
        assert "Insurer" in text
        assert "Acme Mutual" in text
        upcoming, past = text.split('id="upcoming-heading"')[1].split('id="past-heading"')
        assert f'href="/staff/{staff_id}">Kim Lee' in upcoming
        assert "None yet." not in past
        assert "<time" in past
        assert "See you Thursday" in text
        assert "may be texted" in text
        assert 'action="/clients/' in text
        assert "Start a conversation" not in text

    async def test_the_composer_starts_a_conversation_with_a_client_who_has_a_mobile(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await make_client(context, tenant, "Alan", "Turing")
        page = await http.get(f"/clients/{client_id}")
        assert "Start a conversation with Alan Turing" in page.text
        response = await http.post(
            f"/clients/{client_id}/messages", data={"csrf_token": csrf_of(page.text), "body": "Your results are in"}
        )
        assert response.status_code == 303
        assert response.headers["location"].startswith(f"/clients/{client_id}?sent=")
        sent = await outbound(context, signed_in.business_id)
        assert [(m.client_id, m.body, m.status, m.sent_by_staff_id) for m in sent] == [
            (client_id, "Your results are in", "queued", signed_in.staff_id)
        ]
        after = await http.get(response.headers["location"])
        assert "Message queued for delivery." in after.text
        assert 'class="status">queued' in after.text

    async def test_no_mobile_number_shows_why_and_no_composer(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await add_client(context, tenant, first_name="No", last_name="Phone")
        page = await http.get(f"/clients/{client_id}")
        assert "No mobile number" in page.text
        assert f'action="/clients/{client_id}/messages"' not in page.text
        response = await http.post(
            f"/clients/{client_id}/messages", data={"csrf_token": csrf_of(page.text), "body": "Hello"}
        )
        assert response.status_code == 400
        assert await outbound(context, signed_in.business_id) == []

    async def test_an_opted_out_client_shows_the_opt_out_and_is_not_sent_to(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await make_client(context, tenant, "Opted", "Out")
        await receive_from_client(context, tenant, client_id, "STOP")
        page = await http.get(f"/clients/{client_id}")
        assert "opted out</strong>" in page.text
        assert "Opted out of SMS" in page.text
        response = await http.post(
            f"/clients/{client_id}/messages", data={"csrf_token": csrf_of(page.text), "body": "Hello?"}
        )
        assert response.status_code == 400
        assert await outbound(context, signed_in.business_id) == []

    async def test_an_empty_message_is_refused_with_the_reason_and_writes_nothing(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await make_client(context, tenant)
        await receive_from_client(context, tenant, client_id, "Hello there")
        page = await http.get(f"/clients/{client_id}")
        await receive_from_client(context, tenant, client_id, "Still there?")
        response = await http.post(
            f"/clients/{client_id}/messages", data={"csrf_token": csrf_of(page.text), "body": " "}
        )
        assert response.status_code == 400
        assert 'role="alert"' in response.text
        assert await outbound(context, signed_in.business_id) == []
        acting = await tenant_of(context, tenant)
        async with context.db.transaction() as session:
            stored = await messages.conversation(session, acting, client_id=client_id)
        assert [m.read_at is None for m in stored] == [False, True]  # the refused form marked nothing read

    async def test_the_composer_refuses_a_form_without_its_csrf_token(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await make_client(context, tenant)
        response = await http.post(f"/clients/{client_id}/messages", data={"body": "Hi", "csrf_token": "forged"})
        assert response.status_code == 403
        assert await outbound(context, signed_in.business_id) == []

    @pytest.mark.parametrize("path", ["/clients/{id}", "/clients/{id}/messages"])
    async def test_another_business_s_client_is_not_found_and_nothing_changes(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any, signed_in: Login, path: str
    ) -> None:
        other = await make_tenant(name="Other Practice")
        foreign = await make_client(context, other, "Foreign", "Client")
        await receive_from_client(context, other, foreign, "Private matter")
        own = await http.get("/clients")
        url = path.format(id=foreign)
        if url.endswith("/messages"):
            response = await http.post(url, data={"csrf_token": csrf_of(own.text), "body": "Hi"})
        else:
            response = await http.get(url)
        assert response.status_code == 404
        assert "Private matter" not in response.text
        assert "Foreign" not in response.text
        assert await outbound(context, other["business"]["id"]) == []
        acting = await tenant_of(context, other)
        async with context.db.transaction() as session:
            stored = await messages.conversation(session, acting, client_id=foreign)
        assert all(m.read_at is None for m in stored)

    @pytest.mark.parametrize("raw", ["abc", "-1", "99999999999999999999", "1.5"])
    async def test_a_path_that_is_no_id_is_not_found(self, http: httpx.AsyncClient, signed_in: Login, raw: str) -> None:
        assert (await http.get(f"/clients/{raw}")).status_code == 404
        assert (await http.get(f"/staff/{raw}")).status_code == 404

    async def test_a_deleted_client_is_not_found(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        client_id = await make_client(context, tenant)
        acting = await tenant_of(context, tenant)
        async with context.db.transaction() as session:
            await clients.delete(session, acting, client_id)
            assert await ClientRepository(session).count(acting.business_id) >= 0
        assert (await http.get(f"/clients/{client_id}")).status_code == 404

    async def test_phone_numbers_read_as_the_front_desk_dials_them(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        """A number of the business's country (the test business is in the US) in national format, a foreign one
        international; the mobile's link dials the stored E.164 number."""
        client_id = await add_client(
            context,
            tenant,
            first_name="Two",
            last_name="Phones",
            mobile_phone="416-555-0177",
            home_phone="+44 20 7946 0018",
        )
        page = await http.get(f"/clients/{client_id}")
        assert '<a href="tel:+14165550177">(416) 555-0177</a>' in page.text
        assert "<dd>+44 20 7946 0018</dd>" in page.text
        found = await http.get("/clients", params={"q": "(416) 555-0177"})
        assert "<td>(416) 555-0177</td>" in found.text


class TestStaffPage:
    async def test_shows_the_staff_member_s_appointments_and_opt_out(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        staff_id = await make_staff(context, tenant, "Kim", "Lee")
        client_id = await make_client(context, tenant, "Ada", "Lovelace")
        acting = await tenant_of(context, tenant)
        async with context.db.transaction() as session:
            for when in (utcnow() + timedelta(days=3), utcnow() - timedelta(days=3)):
                changes = AppointmentChanges(client_id=client_id, staff_id=staff_id, starts_at=when)
                await appointments.create(session, acting, changes)
        await receive_from_staff(context, tenant, staff_id, "STOP")
        page = await http.get(f"/staff/{staff_id}")
        upcoming, past = page.text.split('id="upcoming-heading"')[1].split('id="past-heading"')
        assert f'href="/clients/{client_id}">Ada Lovelace' in upcoming
        assert f'href="/clients/{client_id}">Ada Lovelace' in past
        assert "Booked" in upcoming
        assert "opted out</strong>" in page.text
        assert f'action="/staff/{staff_id}/messages"' not in page.text
        response = await http.post(
            f"/staff/{staff_id}/messages", data={"csrf_token": csrf_of(page.text), "body": "Are you in today?"}
        )
        assert response.status_code == 400
        assert [m for m in await outbound(context, signed_in.business_id) if m.staff_id == staff_id] == []

    async def test_shows_the_staff_member_and_sends_them_an_sms(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        staff_id = await make_staff(context, tenant, "Kim", "Lee")
        page = await http.get(f"/staff/{staff_id}")
        assert page.status_code == 200
        assert "<h1>Kim Lee</h1>" in page.text
        response = await http.post(
            f"/staff/{staff_id}/messages", data={"csrf_token": csrf_of(page.text), "body": "Running late"}
        )
        assert response.status_code == 303
        sent = await outbound(context, signed_in.business_id)
        assert [(m.staff_id, m.body) for m in sent] == [(staff_id, "Running late")]

    async def test_another_business_s_staff_member_is_not_found_and_nothing_is_sent(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any, signed_in: Login
    ) -> None:
        other = await make_tenant(name="Other Practice")
        foreign = await make_staff(context, other, "Foreign", "Staff")
        own = await http.get("/clients")
        assert (await http.get(f"/staff/{foreign}")).status_code == 404
        response = await http.post(f"/staff/{foreign}/messages", data={"csrf_token": csrf_of(own.text), "body": "Hi"})
        assert response.status_code == 404
        async with context.db.transaction() as session:
            count = await session.scalar(select(func.count()).select_from(Message).where(Message.staff_id == foreign))
        assert count == 0


async def test_a_search_holding_a_nul_character_is_refused_not_an_error(
    http: httpx.AsyncClient, signed_in: Login
) -> None:
    page = await http.get("/clients", params={"q": "ada\x00"})
    assert page.status_code == 400
