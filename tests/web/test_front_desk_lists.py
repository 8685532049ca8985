"""Issue 17 item 4: the contact list pages (no 200 cap), its unread counts agree with the header, and the login page
takes the business's short handle (`clientbook tenant create --handle`) as well as its account number."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from clientbook.context import Context
from clientbook.core import clients, tenants
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import Duplicate, ValidationFailed
from clientbook.store.models import Business
from tests.web.conftest import csrf_of
from tests.web.factories import Login, make_client, make_login, make_staff, receive_from_client, tenant_of


def header_badge(page: str) -> int:
    found = re.search(r'aria-label="(\d+) unread messages"', page.split("<main")[0])
    return int(found.group(1)) if found else 0


def list_badges(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'aria-label="(\d+) unread"', page.split("<main")[1])]


class TestContactListPages:
    async def test_past_the_first_page_a_next_page_link_shows_the_rest(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        acting = await tenant_of(context, tenant)
        async with context.db.transaction() as session:
            for n in range(55):
                await clients.create(session, acting, ClientChanges(first_name=f"C{n:02d}", last_name="Listed"))
        first = await http.get("/messages/list")
        assert first.text.count('class="name"') == 50
        assert 'href="/messages/list?page=2"' in first.text
        second = await http.get("/messages/list", params={"page": "2"})
        assert second.text.count('class="name"') == 5
        assert 'href="/messages/list"' in second.text  # back to page 1
        names = re.findall(r'class="name">([^<]+)<', first.text + second.text)
        assert len(set(names)) == 55

    @pytest.mark.parametrize("raw", ["0", "-1", "x", "²", "9999999"])
    async def test_a_page_number_that_is_no_page_shows_the_first(
        self, http: httpx.AsyncClient, signed_in: Login, raw: str
    ) -> None:
        page = await http.get("/messages/list", params={"page": raw})
        assert page.status_code == 200


class TestUnreadAgree:
    async def test_the_header_badge_is_the_sum_of_the_unread_list(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        ada, alan = await make_client(context, tenant, "Ada"), await make_client(context, tenant, "Alan")
        for body in ("one", "two"):
            await receive_from_client(context, tenant, ada, body)
        await receive_from_client(context, tenant, alan, "three")
        page = await http.get("/messages/list?filter=unread")
        assert header_badge(page.text) == sum(list_badges(page.text)) == 3

    async def test_opening_a_conversation_clears_it_in_the_list_and_the_header_at_once(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        ada = await make_client(context, tenant, "Ada")
        await receive_from_client(context, tenant, ada, "hello")
        page = await http.get(f"/messages/list?contactId={ada}&contactType=client")
        assert header_badge(page.text) == 0
        assert list_badges(page.text) == []

    async def test_a_deleted_client_s_messages_count_nowhere(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        gone = await make_client(context, tenant, "Gone")
        await receive_from_client(context, tenant, gone, "bye")
        acting = await tenant_of(context, tenant)
        async with context.db.transaction() as session:
            await clients.delete(session, acting, gone)
        page = await http.get("/messages/list?filter=unread")
        assert header_badge(page.text) == sum(list_badges(page.text)) == 0

    async def test_unread_staff_messages_count_in_both(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        from tests.web.factories import receive_from_staff

        kim = await make_staff(context, tenant)
        await receive_from_staff(context, tenant, kim, "running late")
        page = await http.get("/clients")
        assert header_badge(page.text) == 1


class TestHandle:
    async def test_the_login_page_takes_the_business_s_handle(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any
    ) -> None:
        tenant = await make_tenant(name="Harbour Physio", handle="Harbour-Physio-7")
        login = await make_login(context, tenant)
        form = await http.get("/login")
        assert "Business handle or account number" in form.text
        response = await http.post(
            "/login",
            data={
                "csrf_token": csrf_of(form.text),
                "business": " harbour-physio-7 ",
                "account_name": login.account_name,
                "password": login.password,
                "next": "/clients",
            },
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/clients"
        assert (await http.get("/clients")).status_code == 200

    async def test_an_unknown_handle_is_the_same_refusal_as_a_wrong_password(
        self, http: httpx.AsyncClient, login: Login
    ) -> None:
        form = await http.get("/login")
        response = await http.post(
            "/login",
            data={
                "csrf_token": csrf_of(form.text),
                "business": "no-such-practice",
                "account_name": login.account_name,
                "password": login.password,
            },
        )
        assert response.status_code == 401
        assert "clientbook_session=" not in response.headers.get("set-cookie", "")

    @pytest.mark.parametrize("handle", ["ab", "-lead", "trail-", "two--hyphens", "with space", "x" * 41, "émile"])
    async def test_a_malformed_handle_is_refused_and_no_business_is_made(self, context: Context, handle: str) -> None:
        with pytest.raises(ValidationFailed) as refused:
            async with context.db.transaction() as session:
                await tenants.create(session, tenants.NewBusiness(name="Malformed Handle Practice", handle=handle))
        assert refused.value.errors[0].field == "handle"
        async with context.db.transaction() as session:
            made = await session.scalars(select(Business).where(Business.name == "Malformed Handle Practice"))
            assert list(made) == []

    async def test_a_taken_handle_is_refused_whatever_its_case(self, context: Context, make_tenant: Any) -> None:
        await make_tenant(name="First", handle="taken-handle")
        with pytest.raises(Duplicate) as refused:
            await make_tenant(name="Second", handle="Taken-Handle")
        assert refused.value.field == "handle"


async def test_the_handle_and_the_account_number_share_one_login_budget(
    settings: Any, database: Any, context: Context, make_tenant: Any
) -> None:
    """Typing the business two ways does not buy twice the password guesses."""
    from clientbook.app import create_app

    tenant = await make_tenant(name="Budget Practice", handle=f"budget-{id(settings) % 100000}")
    login = await make_login(context, tenant)
    async with context.db.transaction() as session:
        stored = await session.get(Business, login.business_id)
        assert stored is not None
        tenant_handle = stored.handle
    assert tenant_handle
    app = create_app(settings.model_copy(update={"login_rate_limit": "2/day"}), database)
    statuses = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://clientbook.test") as web:
        for business, password in (
            (login.account_number, "wrong password"),
            (tenant_handle, "wrong again"),
            (tenant_handle.upper(), login.password),
        ):
            form = await web.get("/login")
            response = await web.post(
                "/login",
                data={
                    "csrf_token": csrf_of(form.text),
                    "business": business,
                    "account_name": login.account_name,
                    "password": password,
                },
            )
            statuses.append(response.status_code)
    assert statuses == [401, 401, 429]
