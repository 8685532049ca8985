"""`/sms/status` and `/sms/inbound` under the `log` and `file:` providers (issue 14 item 11): signed with
CLIENTBOOK_SMS_CALLBACK_SECRET, or unsigned only from loopback outside production; otherwise 403 saying why."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.delivery.providers.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from clientbook.store.engine import Database

REMOTE = "203.0.113.5"
LOOPBACK = "127.0.0.1"
RECEIPT = urlencode({"MessageSid": "SM-unknown", "MessageStatus": "failed"}).encode()
REPLY = urlencode({"From": "+14155550100", "To": "+14155550199", "Body": "hi", "MessageSid": "SM-in"}).encode()
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@asynccontextmanager
async def sms(settings: Settings, database: Database, address: str, **update: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update={"sms_provider": "log", **update}), database)
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        yield client


@pytest.mark.parametrize(("path", "body"), [("/sms/status", RECEIPT), ("/sms/inbound", REPLY)])
async def test_an_unsigned_callback_from_beyond_loopback_is_refused_saying_why(
    settings: Settings, database: Database, path: str, body: bytes
) -> None:
    async with sms(settings, database, REMOTE) as client:
        response = await client.post(path, content=body, headers=FORM)
    assert response.status_code == 403
    assert "CLIENTBOOK_SMS_CALLBACK_SECRET" in response.json()["error"]


async def test_an_unsigned_callback_from_loopback_is_taken_in_development_only(
    settings: Settings, database: Database
) -> None:
    async with sms(settings, database, LOOPBACK) as client:
        assert (await client.post("/sms/status", content=RECEIPT, headers=FORM)).status_code == 200
    async with sms(settings, database, LOOPBACK, environment="production") as client:
        assert (await client.post("/sms/status", content=RECEIPT, headers=FORM)).status_code == 403


async def test_with_a_callback_secret_a_signed_callback_is_taken_from_anywhere_and_an_unsigned_one_is_not(
    settings: Settings, database: Database
) -> None:
    secret = "callback-secret"
    async with sms(settings, database, REMOTE, sms_callback_secret=secret) as client:
        unsigned = await client.post("/sms/status", content=RECEIPT, headers=FORM)
        stamp = str(int(time.time()))
        headers = {**FORM, TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: sign(secret, stamp, RECEIPT)}
        signed = await client.post("/sms/status", content=RECEIPT, headers=headers)
        forged = await client.post("/sms/status", content=RECEIPT, headers={**headers, SIGNATURE_HEADER: "sha256=0"})
    assert (unsigned.status_code, signed.status_code, forged.status_code) == (403, 200, 403)
