"""The front desk in a real browser (issue 17): sign in with the business's handle, search a client by a phone
number typed any way, open the client, start a conversation, see the week's appointments (booked through Wired
Client), a staff member's page, and the admin pages; every page checked with axe-core (no serious or critical
violation) and by keyboard, with a screenshot in test-artifacts/.

The app is the test app served by uvicorn on a loopback port (tests/e2e/conftest.py `base_url`); the data is
written through the Wired Client API and the core, as integrations and the SMS provider would write it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from clientbook.context import Context
from clientbook.core import clients, messages
from clientbook.core.clients import ClientChanges
from tests.phones import unique_mobile
from tests.web.factories import make_login, tenant_of

PASSWORD = "front desk password"

pytestmark = pytest.mark.browser


async def check(page: Page, axe: Path, artifacts: Path, name: str) -> None:
    """No serious or critical axe-core violation on the page as it is; then a full-page screenshot."""
    await page.add_script_tag(path=str(axe))
    results: dict[str, Any] = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{name}: {bad}"
    await page.screenshot(path=str(artifacts / f"frontdesk-{name}.png"), full_page=True)


def next_thursday(today: date) -> date:
    return today + timedelta(days=(3 - today.weekday()) % 7 or 7)


async def _wired(api: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await api.post(f"/wiredclient/api/v1/{path}", json=body)
    answer: dict[str, Any] = response.json()
    assert answer["status"] == 0, answer
    return answer


@pytest.fixture
async def practice(base_url: str, context: Context, make_tenant: Any) -> dict[str, Any]:
    """A Toronto practice with a handle, an admin login, Ada (booked for Thursday 10:30 through Wired Client, who
    texted), a client with no mobile number, and an SMS from a stranger."""
    handle = f"harbour-{unique_mobile()[-6:]}"
    sms_number = unique_mobile()
    tenant = await make_tenant(
        name="Harbour Physio",
        branches=("Harbour St",),
        time_zone="America/Toronto",
        handle=handle,
        sms_number=sms_number,
    )
    keys = tenant["credentials"]["wiredclient"]
    business = tenant["business"]["account_number"]
    branch = tenant["branches"][0]["account_number"]
    thursday = next_thursday(date.today())
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as api:
        staff = await _wired(
            api,
            "staff",
            {
                **keys,
                "account_number": business,
                "id": 0,
                "first_name": "Kim",
                "email_address1": "kim@harbour.example",
                "last_name": "Lee",
                "mobile_phone1": unique_mobile(),
            },
        )
        client = await _wired(
            api,
            "client",
            {
                **keys,
                "account_number": business,
                "id": 0,
                "first_name": "Ada",
                "last_name": "Lovelace",
                "mobile_phone1": "(416) 555-0101",
                "email_address1": "ada@engine.example",
                "pending_appointments": [
                    {
                        "appointment_date": thursday.isoformat(),
                        "appointment_time": "10:30",
                        "appointment_account_number": branch,
                        "appointment_staff_id": staff["id"],
                    }
                ],
            },
        )
    login = await make_login(context, tenant, account_name="sam", password=PASSWORD, admin=True)
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:  # Wired Client requires a mobile number; CareCloud would not
        await clients.create(session, acting, ClientChanges(first_name="Charles", last_name="Babbage"))
    async with context.db.transaction() as session:
        for sender, body in (("+14165550101", "Can I move Thursday to 4pm?"), ("+14165550999", "Who is this?")):
            await messages.receive(
                session, from_number=sender, to_number=sms_number, body=body, provider_message_id=None
            )
    return {
        "tenant": tenant,
        "handle": handle,
        "client_id": client["id"],
        "staff_id": staff["id"],
        "thursday": thursday,
        "login": login,
    }


async def sign_in_with_the_handle(page: Page, base_url: str, practice: dict[str, Any], axe: Path, out: Path) -> None:
    """The short handle instead of the 36-character account number."""
    await page.goto(f"{base_url}/login")
    await check(page, axe, out, "1-login")
    await page.get_by_label("Business").fill(practice["handle"])
    await page.get_by_label("Account name").fill("sam")
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/messages/list")
    await expect(page.get_by_label("1 unread messages")).to_be_visible()


async def search_by_keyboard(page: Page, base_url: str, axe: Path, out: Path) -> None:
    """The skip link first, then the search field, a phone number typed another way than stored, Enter."""
    await page.goto(f"{base_url}/clients")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.textContent") == "Skip to content"
    await page.get_by_label("Search by name, e-mail or phone number").focus()
    await page.keyboard.type("+1 416 555 0101")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/clients?q=*")
    await expect(page.get_by_role("status")).to_have_text("1 client found")
    await check(page, axe, out, "2-search")


async def open_the_client_and_text_them(
    page: Page, base_url: str, practice: dict[str, Any], axe: Path, out: Path
) -> None:
    """Details, the Thursday appointment booked through Wired Client, the conversation and the composer."""
    await page.get_by_role("link", name="Ada Lovelace").click()
    await expect(page.get_by_role("heading", level=1, name="Ada Lovelace")).to_be_visible()
    await expect(page.get_by_role("link", name="(416) 555-0101")).to_have_attribute("href", "tel:+14165550101")
    upcoming = page.locator("section", has=page.get_by_role("heading", name="Upcoming appointments"))
    await expect(upcoming.get_by_text(f"{practice['thursday'].isoformat()} 10:30 E")).to_be_visible()
    await expect(page.get_by_text("Can I move Thursday to 4pm?")).to_be_visible()
    await page.get_by_label("Reply to Ada Lovelace").fill("Yes, 4pm Thursday works.")
    await page.get_by_role("button", name="Send SMS").click()
    await expect(page.get_by_text("Message queued for delivery.")).to_be_visible()
    await expect(page.locator("li.message.outbound .status")).to_have_text("queued")
    await check(page, axe, out, "3-client")
    # A client with no mobile number says so instead of offering a composer.
    await page.goto(f"{base_url}/clients?q=babbage")
    await page.get_by_role("link", name="Charles Babbage").click()
    await expect(page.get_by_text("No mobile number")).to_be_visible()
    await expect(page.get_by_role("button", name="Send SMS")).to_have_count(0)


async def the_week_and_the_staff_member(
    page: Page, base_url: str, practice: dict[str, Any], axe: Path, out: Path
) -> None:
    await page.goto(f"{base_url}/appointments?view=week&date={practice['thursday'].isoformat()}")
    await page.get_by_label("Staff member").select_option(label="Kim Lee")
    await page.get_by_role("button", name="Show").click()
    await expect(page.get_by_role("status")).to_contain_text("1 appointment")
    await expect(page.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    await check(page, axe, out, "4-appointments-week")
    await page.get_by_role("link", name="Kim Lee").first.click()
    await expect(page.get_by_role("heading", level=1, name="Kim Lee")).to_be_visible()
    await expect(page.get_by_role("button", name="Send SMS")).to_be_visible()
    await check(page, axe, out, "5-staff")


async def the_admin_pages(page: Page, axe: Path, out: Path) -> None:
    """Create an account, then file the stranger's SMS away under a client."""
    await page.get_by_role("link", name="Admin").click()
    await page.get_by_label("Account name").fill("kim")
    await page.get_by_label("Password (at least 8 characters)").fill("another password")
    await page.get_by_role("button", name="Create account").click()
    await expect(page.get_by_role("status")).to_have_text("Account created.")
    await expect(page.get_by_role("cell", name="kim", exact=True)).to_be_visible()
    await check(page, axe, out, "6-admin-accounts")
    await page.get_by_role("link", name="Unmatched SMS").click()
    await expect(page.get_by_text("Who is this?")).to_be_visible()
    await check(page, axe, out, "7-admin-inbox")
    await page.get_by_role("link", name="Assign to a client").click()
    await page.get_by_label("Find the client by name, e-mail or phone number").fill("babbage")
    await page.keyboard.press("Enter")
    await page.get_by_role("button", name="Assign to Charles Babbage").click()
    await expect(page.get_by_text("Message added to the client's conversation.")).to_be_visible()


async def test_the_front_desk_in_a_browser(
    base_url: str, browser: Browser, practice: dict[str, Any], axe_script: Path, artifacts_dir: Path
) -> None:
    # bypass_csp: the pages allow only their own nonce'd script, and axe-core is injected as another one.
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = await context.new_page()
    await sign_in_with_the_handle(page, base_url, practice, axe_script, artifacts_dir)
    await search_by_keyboard(page, base_url, axe_script, artifacts_dir)
    await open_the_client_and_text_them(page, base_url, practice, axe_script, artifacts_dir)
    await the_week_and_the_staff_member(page, base_url, practice, axe_script, artifacts_dir)
    await the_admin_pages(page, axe_script, artifacts_dir)
    # On a phone the same pages fit.
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto(f"{base_url}/clients/{practice['client_id']}")
    await check(page, axe_script, artifacts_dir, "8-client-phone")
    await page.goto(f"{base_url}/appointments?view=week&date={practice['thursday'].isoformat()}")
    await check(page, axe_script, artifacts_dir, "9-appointments-phone")
    await context.close()
