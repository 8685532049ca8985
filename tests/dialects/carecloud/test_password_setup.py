"""CareCloud `send-password-setup-email`: the e-mail goes through the outbox (delivered here by the worker to a
`file:` provider), its link opens a form that sets the password once, through the customer password policy, and
expires; an address nobody has is answered the same and sends nothing."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from clientbook.context import Context
from clientbook.core import password_setup
from clientbook.core.errors import ValidationFailed
from clientbook.delivery.mail.file import FileMailer
from clientbook.delivery.providers.log import LogProvider
from clientbook.delivery.worker import Worker
from clientbook.dialects.carecloud.auth import REALM
from clientbook.dialects.carecloud.routes.customers import RULES
from clientbook.store.models import ApiToken, Message, utcnow
from tests.delivery.conftest import FAST
from tests.helpers import Read, row_counts

from .conftest import Api
from .test_tokens import PASSWORD, registered, token_of

LINK = re.compile(r"http://\S+/carecloud/password-setup/(\S+)")


async def _emails_of(read: Read, business_id: int) -> list[Message]:
    query = select(Message).where(Message.business_id == business_id, Message.channel == "email")
    return list(await read(lambda s: s.scalars(query)))


async def _request_link(customer_api: Api, email: str) -> None:
    response = await customer_api.post(
        f"/tokens/{token_of(customer_api)}/actions/send-password-setup-email",
        {"communication_channel_id": "1", "recipient": email},
    )
    assert response.status_code == 204, response.text


async def _delivered_link(context: Context, tmp_path: Path, message_id: int) -> str:
    """Run the worker with a `file:` e-mail provider; the link in the e-mail it wrote for `message_id`."""
    path = tmp_path / "mail.jsonl"
    await Worker(context.db, LogProvider(), FAST, FileMailer(path)).drain()
    records = [json.loads(line) for line in path.read_text().splitlines()]
    [record] = [r for r in records if r["message_id"] == message_id]
    assert record["subject"] == "Set your password"
    found = LINK.search(record["body"])
    assert found is not None
    return found.group(0)


async def test_the_setup_email_carries_a_link_that_sets_the_password_once(
    api: Api, customer_api: Api, http: httpx.AsyncClient, context: Context, tmp_path: Path, read: Read
) -> None:
    customer_id, email = await registered(api)
    await _request_link(customer_api, email)
    [message] = await _emails_of(read, api.tenant["business"]["id"])
    assert (message.to_address, message.client_id, message.status) == (email, int(customer_id), "queued")
    link = await _delivered_link(context, tmp_path, message.id)
    page = await http.get(link)
    assert page.status_code == 200
    assert 'name="password"' in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    weak = await http.post(link, data={"password": "weakpass"})
    assert weak.status_code == 400
    assert "uppercase" in weak.text
    done = await http.post(link, data={"password": "Brand9new"})
    assert done.status_code == 200, done.text
    assert "Password set" in done.text
    login = {"login_type": "email", "login_value": email, "password": "Brand9new"}
    assert (await api.post("/customers/actions/verify-credentials", login)).status_code == 200
    old = {**login, "password": PASSWORD}
    assert (await api.post("/customers/actions/verify-credentials", old)).status_code == 401
    again = await http.post(link, data={"password": "Other9pass"})
    assert again.status_code == 400  # used up
    assert (await api.post("/customers/actions/verify-credentials", login)).status_code == 200


async def test_an_address_nobody_has_is_answered_the_same_and_sends_nothing(customer_api: Api, read: Read) -> None:
    business_id = customer_api.tenant["business"]["id"]
    before = await row_counts(read, business_id)
    await _request_link(customer_api, "nobody@example.com")
    assert await row_counts(read, business_id) == before


async def test_the_deprecated_email_field_works_and_a_malformed_address_is_refused_naming_it(
    api: Api, customer_api: Api, read: Read
) -> None:
    _, email = await registered(api)
    path = f"/tokens/{token_of(customer_api)}/actions/send-password-setup-email"
    business_id = api.tenant["business"]["id"]
    before = await row_counts(read, business_id)
    malformed = await customer_api.post(path, {"recipient": "not-an-address"})
    assert malformed.status_code == 400
    assert [p["name"] for p in malformed.json()["error"]["error_data"]["invalid_params"]] == ["recipient"]
    by_sms = await customer_api.post(path, {"recipient": email, "communication_channel_id": "2"})
    assert by_sms.status_code == 400
    assert await row_counts(read, business_id) == before
    assert (await customer_api.post(path, {"email": email})).status_code == 204
    assert len(await _emails_of(read, business_id)) == 1


async def test_the_action_is_customer_only_and_on_the_callers_own_token(api: Api, customer_api: Api) -> None:
    refused = await api.post("/tokens/abc/actions/send-password-setup-email", {"recipient": "a@example.com"})
    assert refused.status_code == 403
    other = await customer_api.post("/tokens/abc/actions/send-password-setup-email", {"recipient": "a@example.com"})
    assert other.status_code == 404


async def test_a_setup_link_expires_after_an_hour_and_is_stored_only_hashed(
    api: Api, customer_api: Api, context: Context, tmp_path: Path, read: Read
) -> None:
    _, email = await registered(api)
    await _request_link(customer_api, email)
    [message] = await _emails_of(read, api.tenant["business"]["id"])
    token = LINK.search(message.body).group(1)  # type: ignore[union-attr]
    stored = await read(lambda s: s.scalar(select(func.count()).where(ApiToken.token_hash == token)))
    assert stored == 0
    later = utcnow() + password_setup.LIFETIME + timedelta(seconds=1)
    with pytest.raises(ValidationFailed) as expired:
        async with context.db.transaction() as session:
            await password_setup.set_password(
                session, context.secret_key, REALM, token, "Brand9new", rules=RULES, now=later
            )
    assert expired.value.errors[0].field == "token"
