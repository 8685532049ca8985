"""Webhooks: every change of a subscription's types delivered through the outbox, signed per the Standard Webhooks
spec, retried with backoff, logged attempt by attempt, replayable, in order per resource, disabled after a run of
failures; managed through the native API (tenant isolated) and the CLI."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from clientbook.context import Context
from clientbook.core import clients
from clientbook.core.clients import ClientChanges
from clientbook.core.webhook_outbox import Policy
from clientbook.delivery.webhooks import WebhookConfig, WebhookWorker
from clientbook.store.models import WebhookDelivery
from tests.dialects.clientbook.conftest import Practice, practice_of
from tests.fakes.webhook_receiver import FakeReceiver, running_receiver
from tests.helpers import Read

HOOKS = "/api/v1/webhooks"
FAST = WebhookConfig(
    batch_size=50, concurrency=8, poll_interval=0.02, timeout=1.0, lease_seconds=5.0, policy=Policy(base_seconds=0)
)


@pytest.fixture
def receiver() -> Iterator[FakeReceiver]:
    with running_receiver() as fake:
        yield fake


@pytest.fixture
async def worker(context: Context) -> AsyncIterator[WebhookWorker]:
    hooks = WebhookWorker(context.db, context.secret_key, FAST)
    yield hooks
    await hooks.aclose()


@pytest.fixture
async def practice(context: Context, make_tenant: Any) -> Practice:
    return await practice_of(context, await make_tenant("Hooked Practice"))


async def subscribe(
    http: httpx.AsyncClient, practice: Practice, receiver: FakeReceiver, types: list[str] | None = None
) -> dict[str, Any]:
    answer = await http.post(HOOKS, json={"url": receiver.url, "types": types or []}, headers=practice.headers)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    receiver.secret = created["secret"]
    return created


async def until(worker: WebhookWorker, done: Callable[[], bool], what: str = "the deliveries") -> None:
    """Run worker rounds until `done()` (bounded: a change reaches the outbox once past the feed's horizon)."""
    for _ in range(400):
        await worker.run_once()
        if done():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"never saw {what}")


async def create_client(practice: Practice, last_name: str = "Hook") -> int:
    client = await practice.do(lambda s, t: clients.create(s, t, ClientChanges(last_name=last_name)))
    return client.id


async def deliveries(http: httpx.AsyncClient, practice: Practice, webhook_id: int) -> list[dict[str, Any]]:
    answer = await http.get(f"{HOOKS}/{webhook_id}/deliveries", headers=practice.headers)
    assert answer.status_code == 200, answer.text
    data: list[dict[str, Any]] = answer.json()["data"]
    return data


async def test_a_change_is_delivered_signed_and_logged(
    http: httpx.AsyncClient, practice: Practice, receiver: FakeReceiver, worker: WebhookWorker
) -> None:
    hook = await subscribe(http, practice, receiver)
    assert hook["secret"].startswith("whsec_")
    client_id = await create_client(practice)
    await until(worker, lambda: bool(receiver.accepted))
    [message] = receiver.accepted
    assert message.signed
    assert (message.type, message.data["entity_id"], message.data["action"]) == ("client.created", client_id, "created")
    assert message.webhook_id == f"msg_{hook['id']}_{message.data['id']}"
    [logged] = await deliveries(http, practice, hook["id"])
    assert (logged["status"], logged["webhook_id"], logged["type"]) == (
        "delivered",
        message.webhook_id,
        "client.created",
    )
    [attempt] = logged["attempts"]
    assert attempt["status_code"] == 200
    assert attempt["latency_ms"] >= 0
    assert attempt["response_excerpt"] == '{"ok": true}'


async def test_only_the_subscribed_types_are_delivered(
    http: httpx.AsyncClient, practice: Practice, receiver: FakeReceiver, worker: WebhookWorker
) -> None:
    await subscribe(http, practice, receiver, ["client.deleted"])
    client_id = await create_client(practice)
    await practice.do(lambda s, t: clients.delete(s, t, client_id))
    await until(worker, lambda: bool(receiver.accepted))
    assert receiver.types() == ["client.deleted"]
    assert receiver.accepted[0].data["tombstone"] is True


async def test_failures_and_timeouts_are_retried_with_the_same_webhook_id(
    http: httpx.AsyncClient, practice: Practice, receiver: FakeReceiver, worker: WebhookWorker
) -> None:
    hook = await subscribe(http, practice, receiver)
    receiver.script = [500, "hang", 503]
    receiver.hang_seconds = FAST.timeout + 1
    await create_client(practice)
    await until(worker, lambda: bool(receiver.accepted))
    ids = {r.webhook_id for r in receiver.received}
    assert len(ids) == 1
    [logged] = await deliveries(http, practice, hook["id"])
    codes = [a["status_code"] for a in logged["attempts"]]
    assert codes == [500, None, 503, 200]
    assert "Timeout" in logged["attempts"][1]["error"]
    assert logged["status"] == "delivered"


async def test_a_slow_receiver_within_the_timeout_is_delivered_once(
    http: httpx.AsyncClient, practice: Practice, receiver: FakeReceiver, worker: WebhookWorker
) -> None:
    hook = await subscribe(http, practice, receiver)
    receiver.script = ["slow"]
    await create_client(practice)
    await until(worker, lambda: bool(receiver.accepted))
    [logged] = await deliveries(http, practice, hook["id"])
    assert [a["status_code"] for a in logged["attempts"]] == [200]


async def test_a_backoff_delays_the_next_attempt(
    http: httpx.AsyncClient, practice: Practice, receiver: FakeReceiver, context: Context, read: Read
) -> None:
    hook = await subscribe(http, practice, receiver)
    receiver.always = 500
    slow = WebhookWorker(context.db, context.secret_key, replace(FAST, policy=Policy(base_seconds=60)))
    try:
        await create_client(practice)
        await until(slow, lambda: bool(receiver.received))
    finally:
        await slow.aclose()
    delivery = await read(
        lambda s: s.scalar(
            select(WebhookDelivery).where(
                WebhookDelivery.business_id == practice.tenant.business_id,
                WebhookDelivery.subscription_id == hook["id"],
            )
        )
    )
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert (delivery.next_attempt_at - delivery.sending_at).total_seconds() >= 59


async def test_a_run_of_failures_disables_the_subscription_and_enabling_resumes(
    http: httpx.AsyncClient, practice: Practice, receiver: FakeReceiver, context: Context
) -> None:
    hook = await subscribe(http, practice, receiver)
    receiver.always = 500
    policy = Policy(base_seconds=0, max_attempts=2, disable_after=3)
    strict = WebhookWorker(context.db, context.secret_key, replace(FAST, policy=policy))
    try:
        for n in range(3):
            await create_client(practice, f"Lost {n}")

        async def disabled() -> bool:
            answer = await http.get(f"{HOOKS}/{hook['id']}", headers=practice.headers)
            return not answer.json()["enabled"]

        for _ in range(400):
            await strict.run_once()
            if await disabled():
                break
            await asyncio.sleep(0.02)
        state = (await http.get(f"{HOOKS}/{hook['id']}", headers=practice.headers)).json()
        assert state["enabled"] is False
        assert state["consecutive_failures"] >= 3  # attempts already in flight count too
        assert "3 failed attempts in a row" in state["disabled_reason"]
        seen = len(receiver.received)
        await create_client(practice, "While disabled")
        for _ in range(5):
            await strict.run_once()
        assert len(receiver.received) == seen  # nothing is sent while disabled

        receiver.always = None
        enabled = await http.post(f"{HOOKS}/{hook['id']}/enable", headers=practice.headers)
        assert (enabled.status_code, enabled.json()["enabled"]) == (200, True)
        await until(strict, lambda: "While disabled" in _names(receiver))
    finally:
        await strict.aclose()


def _names(receiver: FakeReceiver) -> list[str]:
    return [str(r.data["changes"].get("last_name")) for r in receiver.accepted]


async def test_changes_of_one_resource_arrive_in_order_while_others_pass(
    http: httpx.AsyncClient, practice: Practice, receiver: FakeReceiver, worker: WebhookWorker
) -> None:
    await subscribe(http, practice, receiver, ["client"])
    first = await create_client(practice, "A0")
    receiver.fail_resource[f"client:{first}"] = 2
    for n in range(1, 4):
        await practice.do(lambda s, t, n=n: clients.update(s, t, first, ClientChanges(last_name=f"A{n}")))  # type: ignore[misc]
    other = await create_client(practice, "B0")
    await until(worker, lambda: len(receiver.accepted) == 5)
    mine = [r.data["changes"]["last_name"] for r in receiver.accepted if r.data["entity_id"] == first]
    assert mine == ["A0", "A1", "A2", "A3"]
    assert [r.data["entity_id"] for r in receiver.accepted].index(other) < 4  # not held back by the first


async def test_one_delivery_and_a_time_range_can_be_replayed_with_their_ids(
    http: httpx.AsyncClient, practice: Practice, receiver: FakeReceiver, worker: WebhookWorker
) -> None:
    hook = await subscribe(http, practice, receiver)
    for n in range(2):
        await create_client(practice, f"R{n}")
    await until(worker, lambda: len(receiver.accepted) == 2)
    logged = await deliveries(http, practice, hook["id"])
    url = f"{HOOKS}/{hook['id']}/replay"
    one = await http.post(url, json={"delivery_id": logged[0]["id"]}, headers=practice.headers)
    assert one.status_code == 202, one.text
    await until(worker, lambda: len(receiver.accepted) == 3)
    assert receiver.accepted[2].webhook_id == logged[0]["webhook_id"]
    ranged = await http.post(url, json={"since": logged[0]["created_at"]}, headers=practice.headers)
    assert len(ranged.json()["data"]) == 3  # both originals and the first replay
    await until(worker, lambda: len(receiver.accepted) == 6)
    assert {r.webhook_id for r in receiver.accepted} == {d["webhook_id"] for d in logged}


async def test_a_test_message_is_delivered(
    http: httpx.AsyncClient, practice: Practice, receiver: FakeReceiver, worker: WebhookWorker
) -> None:
    hook = await subscribe(http, practice, receiver)
    answer = await http.post(f"{HOOKS}/{hook['id']}/test", headers=practice.headers)
    assert answer.status_code == 202
    await until(worker, lambda: bool(receiver.accepted))
    assert receiver.types() == ["webhook.test"]


class TestRefusals:
    async def test_a_bad_url_or_type_is_refused_naming_it(self, http: httpx.AsyncClient, practice: Practice) -> None:
        for body, field in (({"url": "ftp://x"}, "url"), ({"url": "http://x", "types": ["no such!"]}, "types.0")):
            answer = await http.post(HOOKS, json=body, headers=practice.headers)
            assert answer.status_code == 422
            assert [e["field"] for e in answer.json()["errors"]] == [field]
        assert (await http.get(HOOKS, headers=practice.headers)).json() == []

    async def test_a_replay_needs_a_delivery_or_a_start(
        self, http: httpx.AsyncClient, practice: Practice, receiver: FakeReceiver
    ) -> None:
        hook = await subscribe(http, practice, receiver)
        answer = await http.post(f"{HOOKS}/{hook['id']}/replay", json={}, headers=practice.headers)
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["field"] == "delivery_id"


class TestTenantIsolation:
    async def test_another_business_finds_none_of_the_subscriptions(
        self,
        http: httpx.AsyncClient,
        practice: Practice,
        receiver: FakeReceiver,
        worker: WebhookWorker,
        context: Context,
        make_tenant: Any,
    ) -> None:
        hook = await subscribe(http, practice, receiver)
        await create_client(practice)
        await until(worker, lambda: bool(receiver.accepted))
        [logged] = await deliveries(http, practice, hook["id"])
        other = await practice_of(context, await make_tenant("Other"))
        base = f"{HOOKS}/{hook['id']}"
        assert (await http.get(HOOKS, headers=other.headers)).json() == []
        for method, path, body in (
            ("GET", base, None),
            ("GET", f"{base}/deliveries", None),
            ("POST", f"{base}/disable", None),
            ("POST", f"{base}/test", None),
            ("POST", f"{base}/replay", {"delivery_id": logged["id"]}),
        ):
            answer = await http.request(method, path, json=body, headers=other.headers)
            assert answer.status_code == 404, (path, answer.text)
        # Their changes never reach this business's subscription.
        await create_client(other, "Theirs")
        for _ in range(10):
            await worker.run_once()
        assert "Theirs" not in _names(receiver)
