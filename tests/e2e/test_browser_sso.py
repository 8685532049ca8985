"""A real browser follows a single sign-on magic link into the staff web app, reads a client's SMS and replies.

Everything is real: a uvicorn server in its own process on a free port with its own SQLite file, the CLI for the
business and the login account, the Wired Client API for the staff member, the client and the SSO call, Twilio's
form at /sms/inbound for the client's message, and Debian's Chromium driven headless by Playwright.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import async_playwright, expect

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.servers import free_port, serving

BUSINESS_NUMBER = "+14155550100"
CLIENT_MOBILE = "+14155550142"
PASSWORD = "front desk password"

pytestmark = pytest.mark.browser


@dataclass
class Server:
    url: str
    env: dict[str, str]


def _cli(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-c", "from clientbook.cli import main; main()", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`clientbook serve` on a free port with its own SQLite file; the delivery worker off, so replies stay queued."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install -y chromium)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "CLIENTBOOK_DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'clientbook.db'}",
        "CLIENTBOOK_SECRET_KEY": "e2e-secret-key",
        "CLIENTBOOK_PUBLIC_URL": url,
        "CLIENTBOOK_RUN_WORKER": "false",
        "CLIENTBOOK_SMS_PROVIDER": "log",
    }
    _cli(env, "db", "upgrade")
    with serving(env, tmp_path_factory.mktemp("e2e-log") / "server.log", port=port):
        yield Server(url, env)


@pytest.fixture
async def api(server: Server) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as client:
        yield client


async def _wired(api: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await api.post(f"/wiredclient/api/v1/{path}", json=body)
    assert response.status_code == 200
    answer: dict[str, Any] = response.json()
    assert answer["status"] == 0, answer
    return answer


async def test_magic_link_opens_the_client_conversation_and_the_reply_is_queued(
    server: Server, api: httpx.AsyncClient, artifacts_dir: Path
) -> None:
    tenant = json.loads(
        await asyncio.to_thread(
            _cli, server.env, "tenant", "create", "--name", "Harbour Physio", "--sms-number", BUSINESS_NUMBER, "--json"
        )
    )
    keys = tenant["credentials"]["wiredclient"]
    business = tenant["business"]["account_number"]
    staff = await _wired(
        api,
        "staff",
        {
            **keys,
            "account_number": business,
            "id": 0,
            "first_name": "Sam",
            "last_name": "Rivera",
            "email_address1": "sam@harbour.example",
            "mobile_phone1": "+14155550177",
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
            "mobile_phone1": CLIENT_MOBILE,
        },
    )
    await asyncio.to_thread(
        _cli,
        server.env,
        "account",
        "create",
        "--business",
        business,
        "--staff-id",
        str(staff["id"]),
        "--account-name",
        "sam",
        "--password",
        PASSWORD,
    )
    inbound = await api.post(
        "/sms/inbound",
        data={"From": CLIENT_MOBILE, "To": BUSINESS_NUMBER, "Body": "Can I move Thursday to 4pm?", "MessageSid": "SM1"},
    )
    assert inbound.status_code == 200, inbound.text
    sso = await api.post(
        "/wiredclient/api/v1/sso/contactlist",
        json={
            **keys,
            "business_account_number": business,
            "account_name": "sam",
            "account_password": PASSWORD,
            "staff_id": staff["id"],
            "contact_id": client["id"],
        },
    )
    answer = sso.json()
    assert answer["status"] == 0, answer
    assert answer["login_url"].startswith(f"{server.url}/#/user/auto-login?token=")

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 390, "height": 844})  # a phone
            await page.goto(answer["login_url"])
            await page.wait_for_url(f"**/messages/list?contactId={client['id']}&contactType=client")
            await expect(page.get_by_role("heading", name="Conversation with Ada Lovelace")).to_be_visible()
            await expect(page.get_by_text("Can I move Thursday to 4pm?")).to_be_visible()
            await page.screenshot(path=str(artifacts_dir / "sso-1-conversation.png"), full_page=True)

            await page.get_by_label("Reply to Ada Lovelace").fill("Yes, 4pm Thursday works. See you then!")
            await page.get_by_role("button", name="Send reply").click()
            await expect(page.get_by_role("status")).to_have_text("Reply queued for delivery.")
            reply = page.locator("li.message.outbound", has_text="See you then!")
            await expect(reply.locator(".status")).to_have_text("queued")
            await page.screenshot(path=str(artifacts_dir / "sso-2-reply-queued.png"), full_page=True)

            # The link was single-use: opening it again does not sign anyone in.
            again = await browser.new_page()
            await again.goto(answer["login_url"])
            await expect(again.get_by_role("heading", name="Sign-in link not valid")).to_be_visible()
            await again.screenshot(path=str(artifacts_dir / "sso-3-link-used.png"))
        finally:
            await browser.close()
