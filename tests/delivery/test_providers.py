"""Providers chosen by CLIENTBOOK_SMS_PROVIDER: log, file:PATH, webhook:URL and twilio (against a local fake of
Twilio's HTTP API: the official package and our whole code path run; only Twilio's server is fake)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.context import Context
from clientbook.core.messages_outbox import RetryPolicy
from clientbook.delivery import delivery_worker
from clientbook.delivery.providers import OutboundSms, create_provider
from clientbook.delivery.providers.file import FileProvider
from clientbook.delivery.providers.log import LogProvider
from clientbook.delivery.providers.twilio import TwilioProvider
from clientbook.delivery.worker import Worker
from tests.delivery.conftest import FAST, Practice, load
from tests.fakes.twilio import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio, running_twilio
from tests.helpers import Read


class TestChoosingAProvider:
    @pytest.mark.parametrize(
        ("value", "kind"), [("log", LogProvider), ("file:/tmp/clientbook-test-sms.jsonl", FileProvider)]
    )
    async def test_builds_the_named_provider(self, value: str, kind: type) -> None:
        provider = create_provider(Settings(sms_provider=value))
        assert isinstance(provider, kind)
        await provider.aclose()

    @pytest.mark.parametrize(
        ("value", "problem"),
        [
            ("carrier-pigeon", "unknown CLIENTBOOK_SMS_PROVIDER"),
            ("file:", "needs a PATH"),
            ("webhook:http://127.0.0.1:9/", "CLIENTBOOK_SMS_WEBHOOK_SECRET"),
            ("twilio", "CLIENTBOOK_TWILIO_ACCOUNT_SID"),
        ],
    )
    def test_refuses_an_incomplete_setting_with_what_is_missing(self, value: str, problem: str) -> None:
        with pytest.raises(ValueError, match=problem):
            create_provider(Settings(sms_provider=value))


SMS = OutboundSms(message_id=7, business_id=1, to="+14155550100", from_=None, body="Hi")


class TestFileProvider:
    async def test_writes_one_json_object_per_message(self, tmp_path: Path) -> None:
        path = tmp_path / "sms.jsonl"
        provider = FileProvider(path)
        await provider.send(SMS)
        await provider.send(replace(SMS, message_id=8, body="Bye"))
        lines = [json.loads(line) for line in path.read_text().splitlines()]
        assert [(d["message_id"], d["to"], d["body"]) for d in lines] == [(7, "+14155550100", "Hi"), (8, SMS.to, "Bye")]

    async def test_a_message_already_in_the_file_is_not_written_again_after_a_restart(self, tmp_path: Path) -> None:
        path = tmp_path / "sms.jsonl"
        await FileProvider(path).send(SMS)
        path.write_text(path.read_text() + '{"message_id": 9, "to": "+1')  # a line torn by a crash
        again = FileProvider(path)
        await again.send(SMS)
        await again.send(replace(SMS, message_id=9))
        lines = path.read_text().splitlines()
        assert path.read_text().count('"message_id": 7,') == 1
        assert json.loads(lines[-1])["message_id"] == 9  # on a line of its own, after the torn one

    async def test_a_message_another_worker_wrote_is_not_written_again(self, tmp_path: Path) -> None:
        path = tmp_path / "sms.jsonl"
        first, second = FileProvider(path), FileProvider(path)  # two worker processes on one file
        await first.send(SMS)
        await second.send(SMS)  # the resend after the first worker's lease ran out
        await second.send(replace(SMS, message_id=8))
        assert [json.loads(line)["message_id"] for line in path.read_text().splitlines()] == [7, 8]


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    with running_twilio() as fake:
        yield fake


def twilio_provider(fake: FakeTwilio, *, token: str = AUTH_TOKEN, from_number: str | None = "+15005550006") -> Any:
    return TwilioProvider(
        account_sid=ACCOUNT_SID,
        auth_token=token,
        from_number=from_number,
        messaging_service_sid=None,
        status_callback="http://clientbook.test/sms/status",
        api_url=fake.url,
        timeout=2.0,
    )


@pytest.fixture
def twilio_app(settings: Settings, database: Any) -> FastAPI:
    configured = settings.model_copy(
        update={"sms_provider": "twilio", "twilio_account_sid": ACCOUNT_SID, "twilio_auth_token": AUTH_TOKEN}
    )
    return create_app(configured, database)


@pytest.fixture
async def twilio_http(twilio_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=twilio_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        yield client


class TestTwilioEndToEnd:
    async def test_sends_through_twilio_and_takes_the_signed_delivery_receipt(
        self, practice: Practice, context: Context, twilio: FakeTwilio, twilio_http: httpx.AsyncClient, read: Read
    ) -> None:
        [message_id] = await practice.queue(1, "Reminder")
        provider = twilio_provider(twilio)
        await Worker(context.db, provider, FAST).drain()
        await provider.aclose()

        [posted] = [m for m in twilio.messages if m["To"] == practice.mobile]
        assert posted["Body"] == "Reminder 0"
        assert posted["From"].startswith("+1415")  # the business's own number wins over the default sender
        callback = urlsplit(posted["StatusCallback"])
        assert f"{callback.scheme}://{callback.netloc}{callback.path}" == "http://clientbook.test/sms/status"
        assert dict(parse_qsl(callback.query)) == {
            "business_id": str(practice.tenant.business_id),
            "message_id": str(message_id),
        }
        message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
        assert (message.status, message.provider, message.provider_message_id) == ("sent", "twilio", posted["sid"])

        receipt = twilio.status_callback(posted, "delivered")
        response = await twilio_http.post(
            receipt.url.removeprefix("http://clientbook.test"),
            data=receipt.form,
            headers={"X-Twilio-Signature": receipt.signature},
        )
        assert response.status_code == 200
        message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
        assert message.status == "delivered"

    async def test_an_invalid_number_fails_at_once_with_twilios_error(
        self, practice: Practice, context: Context, twilio: FakeTwilio, read: Read
    ) -> None:
        [message_id] = await practice.queue(1)
        twilio.script[practice.mobile] = [(400, 21211, "The 'To' number is not a valid phone number.")]
        provider = twilio_provider(twilio)
        await Worker(context.db, provider, FAST).drain()
        await provider.aclose()
        message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
        assert (message.status, message.attempts) == ("failed", 1)
        assert message.error is not None
        assert "Twilio error 21211" in message.error

    async def test_a_twilio_outage_is_retried(
        self, practice: Practice, context: Context, twilio: FakeTwilio, read: Read
    ) -> None:
        [message_id] = await practice.queue(1)
        twilio.script[practice.mobile] = [(503, 20503, "Service unavailable")]
        provider = twilio_provider(twilio)
        await Worker(context.db, provider, replace(FAST, policy=RetryPolicy(3, 0.0))).drain()
        await provider.aclose()
        message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
        assert (message.status, message.attempts) == ("sent", 2)

    async def test_wrong_credentials_fail_with_twilios_authentication_error(
        self, practice: Practice, context: Context, twilio: FakeTwilio, read: Read
    ) -> None:
        [message_id] = await practice.queue(1)
        provider = twilio_provider(twilio, token="wrong-token")
        await Worker(context.db, provider, FAST).drain()
        await provider.aclose()
        message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
        assert message.status == "failed"
        assert message.error is not None
        assert "20003" in message.error
        assert twilio.unauthorized >= 1


class TestInsideTheServer:
    async def test_the_server_worker_writes_a_queued_message_to_the_file_within_a_second(
        self, practice: Practice, context: Context, tmp_path: Path
    ) -> None:
        path = tmp_path / "sms.jsonl"
        configured = context.settings.model_copy(update={"sms_provider": f"file:{path}", "run_worker": True})
        async with delivery_worker(Context(settings=configured, db=context.db)):
            [message_id] = await practice.queue(1, "Within a second")
            started = time.monotonic()
            while not (path.exists() and f'"message_id": {message_id},' in path.read_text()):
                assert time.monotonic() - started < 1.0, "not delivered within a second"
                await asyncio.sleep(0.02)
        record = next(json.loads(x) for x in path.read_text().splitlines() if json.loads(x)["message_id"] == message_id)
        assert (record["to"], record["body"]) == (practice.mobile, "Within a second 0")
