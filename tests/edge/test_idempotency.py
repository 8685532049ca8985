"""`Idempotency-Key` on writes (IETF httpapi draft): the first answer replayed byte for byte for 24 hours, a reused
key refused in the dialect's own form, one write for two concurrent requests, expired keys purged."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text, update

from clientbook.context import Context
from clientbook.core import idempotency
from clientbook.store.models import Client, IdempotencyKey, utcnow
from tests.helpers import Read, row_counts

CLIENTS = "/webcamconsult/clients.json"


def webcam(tenant: dict[str, Any], key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Token token={tenant['credentials']['webcamconsult']['token']}"}
    return headers | ({"Idempotency-Key": key} if key else {})


def client_body(last_name: str = "Ester") -> dict[str, Any]:
    return {"client": {"last_name": last_name, "email": "urias@example.com"}}


async def clients_of(read: Read, business_id: int) -> int:
    count = await read(lambda s: s.scalar(select(func.count()).where(Client.business_id == business_id)))
    return int(count)


class TestReplay:
    async def test_a_repeat_gets_the_first_answer_byte_for_byte_and_writes_nothing(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], read: Read
    ) -> None:
        first = await http.post(CLIENTS, json=client_body(), headers=webcam(tenant, '"create-ester-1"'))
        assert first.status_code == 200, first.text
        counts = await row_counts(read, tenant["business"]["id"])
        again = await http.post(CLIENTS, json=client_body(), headers=webcam(tenant, '"create-ester-1"'))
        assert (again.status_code, again.content) == (first.status_code, first.content)
        assert again.headers["content-type"] == first.headers["content-type"]
        assert again.headers["idempotent-replayed"] == "true"
        assert "idempotent-replayed" not in first.headers
        assert await row_counts(read, tenant["business"]["id"]) == counts

    async def test_without_a_key_each_request_writes(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], read: Read
    ) -> None:
        for _ in range(2):
            assert (await http.post(CLIENTS, json=client_body(), headers=webcam(tenant))).status_code == 200
        assert await clients_of(read, tenant["business"]["id"]) == 2

    async def test_a_refusal_is_replayed_as_well(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], read: Read
    ) -> None:
        bad = {"client": {"last_name": " "}}
        first = await http.post(CLIENTS, json=bad, headers=webcam(tenant, "refused-1"))
        again = await http.post(CLIENTS, json=bad, headers=webcam(tenant, "refused-1"))
        assert first.status_code == 422
        assert (again.status_code, again.content) == (422, first.content)
        assert await clients_of(read, tenant["business"]["id"]) == 0

    async def test_keys_belong_to_one_credential(self, http: httpx.AsyncClient, make_tenant: Any, read: Read) -> None:
        one, two = await make_tenant("One"), await make_tenant("Two")
        for tenant in (one, two):
            answer = await http.post(CLIENTS, json=client_body(), headers=webcam(tenant, "shared-key"))
            assert answer.status_code == 200
            assert "idempotent-replayed" not in answer.headers
            assert await clients_of(read, tenant["business"]["id"]) == 1

    async def test_a_read_ignores_the_key(self, http: httpx.AsyncClient, tenant: dict[str, Any], read: Read) -> None:
        assert (await http.get(CLIENTS, headers=webcam(tenant, "read-key"))).status_code == 200
        stored = await read(lambda s: s.scalar(select(func.count()).where(IdempotencyKey.key == "read-key")))
        assert stored == 0


class TestRefusals:
    async def test_a_key_reused_with_another_body_is_refused_in_webcamconsult_form(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], read: Read
    ) -> None:
        assert (await http.post(CLIENTS, json=client_body(), headers=webcam(tenant, "k-1"))).status_code == 200
        counts = await row_counts(read, tenant["business"]["id"])
        other = await http.post(CLIENTS, json=client_body("Other"), headers=webcam(tenant, "k-1"))
        assert other.status_code == 422
        assert list(other.json()["errors"]) == ["idempotency_key"]
        assert await row_counts(read, tenant["business"]["id"]) == counts

    async def test_a_key_reused_on_another_path_is_refused(
        self, http: httpx.AsyncClient, tenant: dict[str, Any]
    ) -> None:
        assert (await http.post(CLIENTS, json=client_body(), headers=webcam(tenant, "k-2"))).status_code == 200
        user = {"user": {"last_name": "Akkermans", "email": "j@example.com"}}
        other = await http.post("/webcamconsult/users.json", json=user, headers=webcam(tenant, "k-2"))
        assert other.status_code == 422
        assert list(other.json()["errors"]) == ["idempotency_key"]

    async def test_a_malformed_key_is_refused_naming_it(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], read: Read
    ) -> None:
        answer = await http.post(CLIENTS, json=client_body(), headers=webcam(tenant, "x" * 300))
        assert answer.status_code == 422
        assert list(answer.json()["errors"]) == ["idempotency_key"]
        assert await clients_of(read, tenant["business"]["id"]) == 0

    async def test_wired_client_refuses_a_reused_key_in_its_own_form(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], read: Read
    ) -> None:
        account = tenant["branches"][0]["account_number"]
        body = {
            **tenant["credentials"]["wiredclient"],
            "account_number": account,
            "id": 0,
            "first_name": "J",
            "last_name": "Smith",
        }
        body["mobile_phone1"] = "+1 415 555 0199"
        url = "/wiredclient/api/v1/client"
        first = await http.post(url, json=body, headers={"Idempotency-Key": "wc-1"})
        again = await http.post(url, json=body, headers={"Idempotency-Key": "wc-1"})
        assert first.json()["status"] == 0, first.text
        assert (again.status_code, again.content) == (200, first.content)
        other = await http.post(url, json={**body, "last_name": "Jones"}, headers={"Idempotency-Key": "wc-1"})
        assert other.status_code == 200  # Wired Client answers refusals with HTTP 200 and a status in the body
        assert other.json()["status"] != 0
        assert "Idempotency-Key" in other.json()["message"]
        assert await clients_of(read, tenant["business"]["id"]) == 1


async def test_two_concurrent_requests_with_one_key_run_the_write_once(
    http: httpx.AsyncClient, tenant: dict[str, Any], context: Context, read: Read, backend: str
) -> None:
    """The first request claims the key and is held inside its write; the second, meanwhile, is told the key is
    in use; once the first is answered, a third gets its answer. Without the claim both would insert a client."""
    if backend != "postgresql":
        pytest.skip("SQLite runs one request's transaction at a time")
    business_id = tenant["business"]["id"]
    async with context.db.transaction() as blocker:
        await blocker.execute(text("LOCK TABLE clients IN EXCLUSIVE MODE"))  # reads pass, inserts wait
        first = asyncio.create_task(http.post(CLIENTS, json=client_body(), headers=webcam(tenant, "together")))
        await _claimed(context, business_id, "together")
        # Unguarded, the second would wait on the lock too: the timeout turns that hang into a failure.
        second = await asyncio.wait_for(
            http.post(CLIENTS, json=client_body(), headers=webcam(tenant, "together")), timeout=30
        )
    assert second.status_code == 409, second.text
    answered = await first
    assert answered.status_code == 200, answered.text
    third = await http.post(CLIENTS, json=client_body(), headers=webcam(tenant, "together"))
    assert (third.status_code, third.content) == (200, answered.content)
    assert await clients_of(read, business_id) == 1


async def _claimed(context: Context, business_id: int, key: str) -> None:
    """Wait until the key's row is committed (the first request is then inside its write)."""
    for _ in range(400):
        async with context.db.transaction() as session:
            found = await session.scalar(
                select(IdempotencyKey.status).where(
                    IdempotencyKey.business_id == business_id, IdempotencyKey.key == key
                )
            )
        if found is not None:
            return
        await asyncio.sleep(0.025)
    raise AssertionError("the first request never claimed its key")


async def test_expired_keys_are_purged_and_the_key_may_be_used_again(
    http: httpx.AsyncClient, tenant: dict[str, Any], context: Context, read: Read
) -> None:
    business_id = tenant["business"]["id"]
    assert (await http.post(CLIENTS, json=client_body(), headers=webcam(tenant, "old"))).status_code == 200
    async with context.db.transaction() as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.business_id == business_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    async with context.db.transaction() as session:
        assert await idempotency.purge(session) >= 1
    assert await read(lambda s: s.scalar(select(func.count()).where(IdempotencyKey.business_id == business_id))) == 0
    again = await http.post(CLIENTS, json=client_body("Other"), headers=webcam(tenant, "old"))
    assert again.status_code == 200
    assert "idempotent-replayed" not in again.headers
    assert await clients_of(read, business_id) == 2


class TestTheWriteCommitsWithItsAnswer:
    async def test_a_write_whose_answer_cannot_be_stored_is_not_kept_and_its_retry_runs_it_once(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], read: Read, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Storing the answer fails as a process killed right after the write would: the write must not be kept,
        or the retry that takes the abandoned key over would write a second client."""
        store = idempotency.answer
        calls = 0

        async def fails_once(*args: Any) -> None:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise ConnectionError("the database went away")
            await store(*args)

        monkeypatch.setattr(idempotency, "answer", fails_once)
        business_id = tenant["business"]["id"]
        first = await http.post(CLIENTS, json=client_body(), headers=webcam(tenant, "lost-answer"))
        assert first.status_code == 500
        assert await clients_of(read, business_id) == 0
        retry = await http.post(CLIENTS, json=client_body(), headers=webcam(tenant, "lost-answer"))
        assert retry.status_code == 200, retry.text
        assert "idempotent-replayed" not in retry.headers
        again = await http.post(CLIENTS, json=client_body(), headers=webcam(tenant, "lost-answer"))
        assert (again.status_code, again.content) == (200, retry.content)
        assert await clients_of(read, business_id) == 1

    async def test_stored_answers_are_sealed(self, http: httpx.AsyncClient, tenant: dict[str, Any], read: Read) -> None:
        answered = await http.post(CLIENTS, json=client_body("Sealedname"), headers=webcam(tenant, "sealed"))
        assert answered.status_code == 200
        stored = await read(
            lambda s: s.scalar(select(IdempotencyKey.response_body).where(IdempotencyKey.key == "sealed"))
        )
        assert b"Sealedname" in answered.content
        assert stored
        assert b"Sealedname" not in stored


class TestWritesThatAuthenticateNoTenantYet:
    async def test_a_carecloud_device_token_retried_with_its_key_is_minted_once(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], read: Read
    ) -> None:
        body = {
            "device": {"device_id": "till-1", "device_system": "iOS 17", "device_name": "Till", "device_type": "phone"},
            "setup": {"language_id": "en", "allowed_gps": False, "allowed_notifications": True},
            "external_application_id": tenant["credentials"]["carecloud"]["external_application_id"],
        }
        url = "/carecloud/customer-interface/v1.0/tokens"
        first = await http.post(url, json=body, headers={"Idempotency-Key": "token-1"})
        assert first.status_code == 201, first.text
        again = await http.post(url, json=body, headers={"Idempotency-Key": "token-1"})
        assert (again.status_code, again.content) == (201, first.content)
        assert again.headers["idempotent-replayed"] == "true"
        token = first.json()["data"]["token_id"]
        me = await http.get(url.removesuffix("/tokens") + "/customers", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code != 401  # the replayed token is the one minted, still valid

    async def test_a_wired_client_sign_on_retried_with_its_key_issues_one_token(
        self, http: httpx.AsyncClient, tenant: dict[str, Any], context: Context, read: Read
    ) -> None:
        from tests.dialects.wiredclient.test_sso import sso_body, tokens_issued
        from tests.web.factories import make_login

        body = sso_body(tenant, await make_login(context, tenant))
        url = "/wiredclient/api/v1/sso/contactlist"
        first = await http.post(url, json=body, headers={"Idempotency-Key": "sso-1"})
        again = await http.post(url, json=body, headers={"Idempotency-Key": "sso-1"})
        assert first.json()["status"] == 0, first.text
        assert (again.status_code, again.content) == (200, first.content)
        assert await tokens_issued(context, tenant["business"]["id"]) == 1
