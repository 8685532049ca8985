"""A receptionist's Thursday in a real browser (issue 17): the day's appointments as Wired Client, Webcamconsult and
CareCloud booked them on one page (TimeTap's API has no appointment calls: its client is found and texted), a
client's conversation with its delivery states, phone numbers as the receptionist dials them, and signing in with
the business's account number by keyboard alone. Every page is checked with axe-core and saved under
test-artifacts/ (the helpers of test_browser_frontdesk)."""

from __future__ import annotations

import hashlib
import re
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from clientbook.context import Context
from clientbook.core import conversations, messages_outbox
from clientbook.core.sso import Contact
from tests.e2e.test_browser_frontdesk import PASSWORD, check, next_thursday
from tests.phones import unique_mobile
from tests.web.factories import make_login, tenant_of

pytestmark = pytest.mark.browser
ENTERPRISE = "/carecloud/enterprise-interface/v1.0"


async def _ok(response: httpx.Response) -> Any:
    assert response.status_code in (200, 201), f"{response.request.url}: {response.status_code} {response.text}"
    return response.json()


async def _wired(api: httpx.AsyncClient, tenant: dict[str, Any], path: str, body: dict[str, Any]) -> dict[str, Any]:
    keys = tenant["credentials"]["wiredclient"]
    answer: dict[str, Any] = await _ok(
        await api.post(
            f"/wiredclient/api/v1/{path}", json={**keys, "account_number": tenant["business"]["account_number"], **body}
        )
    )
    assert answer["status"] == 0, answer
    return answer


async def _webcamconsult(api: httpx.AsyncClient, tenant: dict[str, Any], path: str, body: dict[str, Any]) -> Any:
    headers = {"Authorization": f"Token token={tenant['credentials']['webcamconsult']['token']}"}
    return await _ok(await api.post(f"/webcamconsult/{path}", json=body, headers=headers))


async def _carecloud(api: httpx.AsyncClient, tenant: dict[str, Any]) -> dict[str, str]:
    keys = tenant["credentials"]["carecloud"]
    login = await _ok(
        await api.post(
            f"{ENTERPRISE}/users/actions/login",
            json={
                "user_external_application_id": keys["external_application_id"],
                "login": keys["login"],
                "password": keys["password"],
            },
        )
    )
    return {"Authorization": f"Bearer {login['data']['bearer_token']}"}


async def _timetap(api: httpx.AsyncClient, tenant: dict[str, Any]) -> dict[str, str]:
    keys = tenant["credentials"]["timetap"]
    signature = hashlib.md5((keys["api_key"] + keys["private_key"]).encode()).hexdigest()
    params = {"apiKey": keys["api_key"], "timestamp": str(int(time.time())), "signature": signature}
    session = await _ok(await api.get("/timetap/live/sessionToken", params=params))
    return {"Authorization": f"Bearer {session['sessionToken']}"}


async def book_through_every_dialect(api: httpx.AsyncClient, tenant: dict[str, Any], thursday: date) -> dict[str, Any]:
    """Kim (staff) and Ada through Wired Client, Ada booked 10:30 with Kim at Harbour St; Grace and her 12:00 with
    Kim through Webcamconsult; Olga and her 14:15 through CareCloud; Alan through TimeTap."""
    harbour = tenant["branches"][0]
    kim = await _wired(
        api,
        tenant,
        "staff",
        {
            "id": 0,
            "first_name": "Kim",
            "last_name": "Lee",
            "email_address1": "kim@harbour.example",
            "mobile_phone1": unique_mobile(),
        },
    )
    ada = await _wired(
        api,
        tenant,
        "client",
        {
            "id": 0,
            "first_name": "Ada",
            "last_name": "Lovelace",
            "mobile_phone1": "(416) 555-0101",
            "email_address1": "ada@engine.example",
            "pending_appointments": [
                {
                    "appointment_date": thursday.isoformat(),
                    "appointment_time": "10:30",
                    "appointment_account_number": harbour["account_number"],
                    "appointment_staff_id": kim["id"],
                }
            ],
        },
    )
    grace = await _webcamconsult(
        api,
        tenant,
        "clients.json",
        {"client": {"initials": "G.", "last_name": "Hopper", "email": "grace@navy.example"}},
    )
    await _webcamconsult(
        api,
        tenant,
        "appointments.json",
        {
            "appointment": {
                "client_id": grace["client"]["id"],
                "user_id": f"{int(kim['id']):024x}",
                "date": f"{thursday.isoformat()}T12:00:00.000-05:00",
                "duration": 45,
            }
        },
    )
    carecloud = await _carecloud(api, tenant)
    sources = await _ok(await api.get(f"{ENTERPRISE}/customer-sources", headers=carecloud))
    olga = await _ok(
        await api.post(
            f"{ENTERPRISE}/customers",
            headers=carecloud,
            json={
                "customer": {"personal_information": {"first_name": "Olga", "last_name": "Havel", "language_id": "en"}},
                "customer_source": {"customer_source_id": sources["data"]["customer_sources"][0]["customer_source_id"]},
                "autologin": False,
            },
        )
    )
    await _ok(
        await api.post(
            f"{ENTERPRISE}/bookings",
            headers=carecloud,
            json={
                "booking": {
                    "customer_id": olga["data"]["customer_id"],
                    "created_at": "2026-01-01 00:00:00",
                    "booking_items": [
                        {"time_slot_id": f"{thursday.isoformat()}T14:15:00/50", "created_at": "2026-01-01 00:00:00"}
                    ],
                }
            },
        )
    )
    alan = await _ok(
        await api.post(
            "/timetap/live/clients",
            headers=await _timetap(api, tenant),
            json={
                "firstName": "Alan",
                "lastName": "Turing",
                "emailAddress": "alan@bletchley.example",
                "cellPhone": "+44 20 7946 0018",
            },
        )
    )
    return {
        "kim": int(kim["id"]),
        "ada": int(ada["id"]),
        "grace": int(grace["client"]["id"], 16),
        "olga": int(olga["data"]["customer_id"]),
        "alan": int(alan["clientId"]),
    }


async def text_ada(context: Context, tenant: dict[str, Any], ada: int) -> None:
    """Three SMS to Ada from the front desk: one the provider delivered, one it could not, one still queued."""
    acting = await tenant_of(context, tenant)
    for body, receipt in (("See you at 10:30", "delivered"), ("Bring your X-rays", "undelivered"), ("Parking?", None)):
        async with context.db.transaction() as session:
            sent = await conversations.reply(session, acting, Contact("client", ada), body)
            if receipt is not None:
                await messages_outbox.apply_receipt(
                    session,
                    provider_message_id=f"SM-{sent.message.id}-{unique_mobile()}",
                    status=receipt,
                    error="30003 handset unreachable" if receipt == "undelivered" else None,
                    business_id=acting.business_id,
                    message_id=sent.message.id,
                )


@pytest.fixture
async def thursday_desk(base_url: str, context: Context, make_tenant: Any) -> dict[str, Any]:
    tenant = await make_tenant(
        name="Harbour Physio",
        branches=("Harbour St", "Queen St"),
        time_zone="America/Toronto",
        handle=f"harbour-day-{unique_mobile()[-6:]}",
        sms_number=unique_mobile(),
    )
    thursday = next_thursday(date.today())
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as api:
        people = await book_through_every_dialect(api, tenant, thursday)
    await make_login(context, tenant, account_name="robin", password=PASSWORD)
    await text_ada(context, tenant, people["ada"])
    return {"tenant": tenant, "thursday": thursday, **people}


async def sign_in_by_keyboard(page: Page, base_url: str, account_number: str) -> None:
    """The 36-character account number, typed into the fields reached with Tab; Enter submits."""
    await page.goto(f"{base_url}/login")
    await page.get_by_label("Business handle or account number").focus()
    await page.keyboard.type(account_number)
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.id") == "account_name"
    await page.keyboard.type("robin")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.id") == "password"
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/messages/list")


async def the_day_from_every_dialect(page: Page, base_url: str, desk: dict[str, Any], axe: Path, out: Path) -> None:
    await page.goto(f"{base_url}/appointments?date={desk['thursday'].isoformat()}")
    await expect(page.get_by_role("status")).to_contain_text("3 appointments on")
    await expect(page.get_by_role("status")).to_contain_text("times in America/Toronto")
    rows = page.locator("table.grid tbody tr")
    await expect(rows).to_have_count(3)
    await expect(rows.nth(0)).to_contain_text("10:30 EST")
    await expect(rows.nth(0)).to_contain_text("Ada Lovelace")
    await expect(rows.nth(0)).to_contain_text("Harbour St")
    await expect(rows.nth(1)).to_contain_text("12:00 EST")
    await expect(rows.nth(1)).to_contain_text("Hopper")
    await expect(rows.nth(1)).to_contain_text("45 min")
    await expect(rows.nth(2)).to_contain_text("14:15 EST")
    await expect(rows.nth(2)).to_contain_text("Olga Havel")
    await expect(rows.nth(2)).to_contain_text("50 min")
    # A booked appointment reads "Booked", not the stored state's id.
    await expect(rows.nth(0).get_by_role("cell", name="Booked")).to_be_visible()
    await check(page, axe, out, "day-1-appointments")
    # Kim's day: the Wired Client and the Webcamconsult bookings, not CareCloud's (no staff member).
    await page.get_by_label("Staff member").select_option(label="Kim Lee")
    await page.get_by_role("button", name="Show").click()
    await expect(page.get_by_role("status")).to_contain_text("2 appointments on")
    await page.goto(f"{base_url}/appointments?date={desk['thursday'].isoformat()}")
    await page.get_by_role("link", name="Olga Havel").click()
    await expect(page.get_by_role("heading", level=1, name="Olga Havel")).to_be_visible()
    await expect(page.get_by_text("14:15 EST")).to_be_visible()


async def ada_s_conversation(page: Page, base_url: str, desk: dict[str, Any], axe: Path, out: Path) -> None:
    await page.goto(f"{base_url}/clients?q=416-555-0101")
    await page.get_by_role("link", name="Ada Lovelace").click()
    # The number as a Toronto receptionist dials it; the link dials the full international number.
    mobile = page.get_by_role("link", name="(416) 555-0101")
    await expect(mobile).to_have_attribute("href", "tel:+14165550101")
    messages = page.locator("li.message.outbound")
    await expect(messages).to_have_count(3)
    await expect(messages.nth(0).locator(".status")).to_have_text(re.compile(r"^delivered \d\d:\d\d E[SD]T$"))
    await expect(messages.nth(1)).to_contain_text("failed")
    await expect(messages.nth(1)).to_contain_text("30003 handset unreachable")
    await expect(messages.nth(2)).to_contain_text("queued")
    await check(page, axe, out, "day-2-conversation-states")


async def alan_through_timetap(page: Page, base_url: str, axe: Path, out: Path) -> None:
    """A London number stays international; the composer texts him."""
    await page.goto(f"{base_url}/clients?q=turing")
    await expect(page.get_by_role("cell", name="+44 20 7946 0018")).to_be_visible()
    await check(page, axe, out, "day-3-search-international")
    await page.get_by_role("link", name="Alan Turing").click()
    await page.get_by_label("Start a conversation with Alan Turing").fill("Your referral arrived.")
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")  # the Send SMS button, by keyboard
    await expect(page.get_by_text("Message queued for delivery.")).to_be_visible()
    # A stale link: the error page keeps the way on.
    await page.goto(f"{base_url}/clients/999999999")
    await expect(page.get_by_role("heading", level=1, name="Not found")).to_be_visible()
    await page.get_by_role("navigation", name="Main").get_by_role("link", name="Appointments").click()
    await expect(page.get_by_role("heading", level=1, name="Appointments")).to_be_visible()
    await check(page, axe, out, "day-4-after-a-stale-link")


async def test_a_receptionist_s_thursday(
    base_url: str, browser: Browser, thursday_desk: dict[str, Any], axe_script: Path, artifacts_dir: Path
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = await context.new_page()
    await sign_in_by_keyboard(page, base_url, thursday_desk["tenant"]["business"]["account_number"])
    await the_day_from_every_dialect(page, base_url, thursday_desk, axe_script, artifacts_dir)
    await ada_s_conversation(page, base_url, thursday_desk, axe_script, artifacts_dir)
    await alan_through_timetap(page, base_url, axe_script, artifacts_dir)
    await context.close()
