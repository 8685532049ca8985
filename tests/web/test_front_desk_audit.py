"""What a receptionist found wrong using the front desk (issue 17 audit): an error page that dropped the navigation,
"may be texted" beside "No mobile number", no way back to today from another day, and the contact list's
conversation without the delivery time the client page shows."""

from __future__ import annotations

import re
from typing import Any

import httpx

from clientbook.context import Context
from clientbook.core import conversations, messages_outbox
from clientbook.core.sso import Contact
from tests.web.factories import Login, make_client, make_staff, tenant_of
from tests.web.test_clients import add_client


async def test_an_error_page_keeps_the_navigation_for_a_signed_in_browser(
    http: httpx.AsyncClient, app: Any, signed_in: Login
) -> None:
    for path, status in (("/clients/999999999", 404), ("/appointments?date=tomorrow", 400)):
        page = await http.get(path)
        assert page.status_code == status, path
        header = page.text.split("<main")[0]
        for link in ('href="/clients"', 'href="/appointments"', 'href="/messages/list"'):
            assert link in header, (path, link)
        assert 'aria-current="page"' not in header, path
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as stranger:
        page = await stranger.get("/no-such-page")
        assert page.status_code == 404
        assert 'href="/appointments"' not in page.text


async def test_a_contact_without_a_mobile_says_it_cannot_be_texted_in_the_sms_row(
    http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
) -> None:
    client_id = await add_client(context, tenant, first_name="No", last_name="Phone", email="no@phone.example")
    page = " ".join((await http.get(f"/clients/{client_id}")).text.split())
    assert "<dt>SMS</dt><dd>cannot be texted (no mobile)</dd>" in page
    assert "may be texted" not in page
    texted = " ".join((await http.get(f"/staff/{await make_staff(context, tenant)}")).text.split())
    assert "<dt>SMS</dt><dd>may be texted</dd>" in texted


async def test_a_link_back_to_today_keeps_the_view_and_the_filters(
    http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
) -> None:
    kim = await make_staff(context, tenant)
    week = await http.get("/appointments", params={"view": "week", "date": "2026-12-03", "staff": kim})
    assert f'<a href="/appointments?view=week&amp;staff={kim}">This week</a>' in week.text
    day = await http.get("/appointments", params={"date": "2026-12-03"})
    assert '<a href="/appointments?view=day">Today</a>' in day.text


async def test_the_contact_list_s_conversation_says_when_a_message_was_delivered(
    http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
) -> None:
    client_id = await make_client(context, tenant)
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        sent = await conversations.reply(session, acting, Contact("client", client_id), "See you at 10:30")
        await messages_outbox.apply_receipt(
            session,
            provider_message_id=f"SM-web-{sent.message.id}-{client_id}",
            status="delivered",
            business_id=acting.business_id,
            message_id=sent.message.id,
        )
    for path in (f"/messages/list?contactId={client_id}&contactType=client", f"/clients/{client_id}"):
        page = await http.get(path)
        assert re.search(r'<span class="status">delivered \d\d:\d\d [A-Z]+</span>', page.text), path
