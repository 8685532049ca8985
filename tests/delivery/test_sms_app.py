"""POST /sms/inbound and /sms/status: Twilio's form fields, signature checks, replies and delivery receipts."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.context import Context
from clientbook.delivery.providers.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from clientbook.store.models import Message
from tests.delivery.conftest import Practice, load
from tests.fakes.sms_gateway import SECRET
from tests.fakes.twilio import ACCOUNT_SID, AUTH_TOKEN
from tests.helpers import Read
from tests.phones import unique_mobile


@pytest.fixture(scope="module")
def twilio_app(settings: Settings, database: Any) -> FastAPI:
    """The app as deployed with the twilio provider: /sms requests must be signed with the auth token."""
    configured = settings.model_copy(
        update={"sms_provider": "twilio", "twilio_account_sid": ACCOUNT_SID, "twilio_auth_token": AUTH_TOKEN}
    )
    return create_app(configured, database)


@pytest.fixture
async def twilio_http(twilio_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=twilio_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        yield client


def signed(url: str, form: dict[str, str], token: str = AUTH_TOKEN) -> dict[str, str]:
    return {"X-Twilio-Signature": RequestValidator(token).compute_signature(url, form)}


async def business_number(practice: Practice, read: Read) -> str:
    from clientbook.store.models import Business

    business = await read(lambda s: s.get(Business, practice.tenant.business_id))
    return str(business.sms_number)


async def inbound_count(read: Read, sid: str) -> int:
    query = select(func.count()).select_from(Message).where(Message.provider_message_id == sid)
    return int(await read(lambda s: s.scalar(query)))


class TestInbound:
    async def test_a_signed_reply_is_stored_unread_and_answered_with_empty_twiml(
        self, practice: Practice, twilio_http: httpx.AsyncClient, read: Read
    ) -> None:
        sid = "SM" + uuid.uuid4().hex
        form = {
            "From": practice.mobile,
            "To": await business_number(practice, read),
            "Body": "Yes, see you",
            "MessageSid": sid,
        }
        url = "http://clientbook.test/sms/inbound"
        response = await twilio_http.post("/sms/inbound", data=form, headers=signed(url, form))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/xml")
        assert "<Response></Response>" in response.text
        stored = await read(lambda s: s.scalar(select(Message).where(Message.provider_message_id == sid)))
        assert (stored.direction, stored.client_id, stored.body, stored.read_at) == (
            "inbound",
            practice.client_id,
            "Yes, see you",
            None,
        )

    @pytest.mark.parametrize("signature", [None, "forged", "token"])
    async def test_an_unsigned_or_forged_reply_is_refused_and_not_stored(
        self, practice: Practice, twilio_http: httpx.AsyncClient, read: Read, signature: str | None
    ) -> None:
        sid = "SM" + uuid.uuid4().hex
        form = {"From": practice.mobile, "To": await business_number(practice, read), "Body": "hi", "MessageSid": sid}
        headers = {}
        if signature == "forged":
            headers = {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"}
        elif signature == "token":  # signed, but with another account's token
            headers = signed("http://clientbook.test/sms/inbound", form, token="someone-else")
        response = await twilio_http.post("/sms/inbound", data=form, headers=headers)
        assert response.status_code == 403
        assert "X-Twilio-Signature" in response.json()["error"]
        assert await inbound_count(read, sid) == 0

    async def test_a_reply_without_a_sender_names_the_field(self, twilio_http: httpx.AsyncClient, read: Read) -> None:
        form = {"To": unique_mobile(), "Body": "hi", "MessageSid": "SM" + uuid.uuid4().hex}
        response = await twilio_http.post(
            "/sms/inbound", data=form, headers=signed("http://clientbook.test/sms/inbound", form)
        )
        assert response.status_code == 400
        assert response.json() == {"error": "From is required", "field": "From"}
        assert await inbound_count(read, form["MessageSid"]) == 0

    async def test_without_twilio_no_signature_is_asked_for(
        self, practice: Practice, http: httpx.AsyncClient, read: Read
    ) -> None:
        sid = "SM" + uuid.uuid4().hex
        form = {"From": practice.mobile, "To": await business_number(practice, read), "Body": "STOP", "MessageSid": sid}
        response = await http.post("/sms/inbound", data=form)
        assert response.status_code == 200
        assert await inbound_count(read, sid) == 1


class TestStatus:
    async def _sent(self, practice: Practice, context: Context, sid: str) -> int:
        [message_id] = await practice.queue(1)
        async with context.db.transaction() as session:
            message = await session.get(Message, (practice.tenant.business_id, message_id))
            assert message is not None
            message.status, message.provider_message_id, message.attempts = "sent", sid, 1
        return message_id

    async def _receipt(self, client: httpx.AsyncClient, query: str, form: dict[str, str]) -> httpx.Response:
        url = f"http://clientbook.test/sms/status{query}"
        return await client.post(f"/sms/status{query}", data=form, headers=signed(url, form))

    async def test_delivered_receipt_marks_the_message_delivered(
        self, practice: Practice, context: Context, twilio_http: httpx.AsyncClient, read: Read
    ) -> None:
        sid = "SM" + uuid.uuid4().hex
        message_id = await self._sent(practice, context, sid)
        response = await self._receipt(twilio_http, "", {"MessageSid": sid, "MessageStatus": "delivered"})
        assert (response.status_code, response.json()) == (200, {"status": "ok"})
        message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
        assert message.status == "delivered"
        assert message.delivered_at is not None

    @pytest.mark.parametrize("status", ["undelivered", "failed"])
    async def test_failure_receipt_marks_the_message_failed_with_the_error_code(
        self, practice: Practice, context: Context, twilio_http: httpx.AsyncClient, read: Read, status: str
    ) -> None:
        sid = "SM" + uuid.uuid4().hex
        message_id = await self._sent(practice, context, sid)
        form = {"MessageSid": sid, "MessageStatus": status, "ErrorCode": "30003"}
        assert (await self._receipt(twilio_http, "", form)).status_code == 200
        message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
        assert message.status == "failed"
        assert message.error == f"provider reported {status}: 30003"

    async def test_a_final_state_is_never_left(
        self, practice: Practice, context: Context, twilio_http: httpx.AsyncClient, read: Read
    ) -> None:
        sid = "SM" + uuid.uuid4().hex
        message_id = await self._sent(practice, context, sid)
        await self._receipt(twilio_http, "", {"MessageSid": sid, "MessageStatus": "delivered"})
        await self._receipt(twilio_http, "", {"MessageSid": sid, "MessageStatus": "sent"})
        await self._receipt(twilio_http, "", {"MessageSid": sid, "MessageStatus": "failed"})
        assert (await load(read, practice.tenant.business_id, [message_id]))[message_id].status == "delivered"

    async def test_a_receipt_before_the_worker_recorded_the_sid_finds_the_message_by_our_ids(
        self, practice: Practice, twilio_http: httpx.AsyncClient, read: Read
    ) -> None:
        [message_id] = await practice.queue(1)
        sid = "SM" + uuid.uuid4().hex
        query = f"?business_id={practice.tenant.business_id}&message_id={message_id}"
        response = await self._receipt(twilio_http, query, {"MessageSid": sid, "MessageStatus": "delivered"})
        assert response.json() == {"status": "ok"}
        message = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
        assert (message.status, message.provider_message_id) == ("delivered", sid)

    @pytest.mark.parametrize("status", ["queued", "sent"])
    async def test_a_receipt_for_a_message_still_sending_marks_it_sent_so_it_is_not_sent_again(
        self, practice: Practice, context: Context, twilio_http: httpx.AsyncClient, read: Read, status: str
    ) -> None:
        [message_id] = await practice.queue(1)
        async with context.db.transaction() as session:  # claimed by a worker that then died before recording
            message = await session.get(Message, (practice.tenant.business_id, message_id))
            assert message is not None
            message.status, message.attempts = "sending", 1
        sid = "SM" + uuid.uuid4().hex
        query = f"?business_id={practice.tenant.business_id}&message_id={message_id}"
        await self._receipt(twilio_http, query, {"MessageSid": sid, "MessageStatus": status})
        stored = (await load(read, practice.tenant.business_id, [message_id]))[message_id]
        assert (stored.status, stored.provider_message_id) == ("sent", sid)
        assert stored.sent_at is not None

    async def test_a_receipt_for_an_unknown_message_changes_nothing(self, twilio_http: httpx.AsyncClient) -> None:
        form = {"MessageSid": "SM" + uuid.uuid4().hex, "MessageStatus": "delivered"}
        response = await self._receipt(twilio_http, "", form)
        assert (response.status_code, response.json()) == (200, {"status": "unknown message"})

    async def test_an_unsigned_receipt_is_refused(
        self, practice: Practice, context: Context, twilio_http: httpx.AsyncClient, read: Read
    ) -> None:
        sid = "SM" + uuid.uuid4().hex
        message_id = await self._sent(practice, context, sid)
        response = await twilio_http.post("/sms/status", data={"MessageSid": sid, "MessageStatus": "delivered"})
        assert response.status_code == 403
        assert (await load(read, practice.tenant.business_id, [message_id]))[message_id].status == "sent"


@pytest.fixture(scope="module")
def webhook_app(settings: Settings, database: Any) -> FastAPI:
    """The app with the webhook provider: its gateway signs callbacks with the shared secret."""
    configured = settings.model_copy(
        update={"sms_provider": "webhook:http://127.0.0.1:9/messages", "sms_webhook_secret": SECRET}
    )
    return create_app(configured, database)


@pytest.fixture
async def webhook_http(webhook_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=webhook_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        yield client


class TestWebhookGatewayCallbacks:
    def _signed(self, form: dict[str, str], *, age: int = 0, secret: str = SECRET) -> tuple[bytes, dict[str, str]]:
        raw = urlencode(form).encode()
        timestamp = str(int(time.time()) - age)
        return raw, {
            "Content-Type": "application/x-www-form-urlencoded",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(secret, timestamp, raw),
        }

    async def test_a_signed_reply_is_stored(
        self, practice: Practice, webhook_http: httpx.AsyncClient, read: Read
    ) -> None:
        sid = uuid.uuid4().hex
        form = {"From": practice.mobile, "To": await business_number(practice, read), "Body": "ok", "MessageSid": sid}
        raw, headers = self._signed(form)
        response = await webhook_http.post("/sms/inbound", content=raw, headers=headers)
        assert response.status_code == 200
        assert await inbound_count(read, sid) == 1

    @pytest.mark.parametrize("problem", ["unsigned", "stale", "other secret"])
    async def test_an_unsigned_stale_or_forged_callback_is_refused(
        self, practice: Practice, webhook_http: httpx.AsyncClient, read: Read, problem: str
    ) -> None:
        sid = uuid.uuid4().hex
        form = {"From": practice.mobile, "To": await business_number(practice, read), "Body": "ok", "MessageSid": sid}
        raw, headers = self._signed(
            form, age=600 if problem == "stale" else 0, secret="other" if problem == "other secret" else SECRET
        )
        if problem == "unsigned":
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
        response = await webhook_http.post("/sms/inbound", content=raw, headers=headers)
        assert response.status_code == 403
        assert response.json()["field"] == SIGNATURE_HEADER
        assert await inbound_count(read, sid) == 0
