"""/metrics (prometheus-client): parseable by prometheus-client's own parser whatever paths were requested, labelled by
dialect, route template and status (never the raw path), with the outbox, the pool and SMS delivery."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from clientbook.context import Context
from clientbook.delivery.providers.log import LogProvider
from clientbook.delivery.worker import Worker
from tests.conftest import TenantFactory


async def scrape(http: httpx.AsyncClient) -> dict[str, list[Sample]]:
    answer = await http.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    return {family.name: family.samples for family in text_string_to_metric_families(answer.text)}


def requests_of(metrics: dict[str, list[Sample]]) -> list[Sample]:
    return [s for s in metrics["clientbook_http_requests"] if s.name == "clientbook_http_requests_total"]


def count(metrics: dict[str, list[Sample]], **labels: str) -> float:
    return sum(s.value for s in requests_of(metrics) if labels.items() <= s.labels.items())


HOSTILE = ["/a%22b%5Cc", '/a"b\\c', "/%0Anewline", "/wiredclient/%22%7D%20x", "/timetap/live/%5C%5C", "/\u00e9t\u00e9"]


async def test_hostile_paths_leave_the_scrape_parseable_and_are_one_unmatched_series(http: httpx.AsyncClient) -> None:
    for path in HOSTILE:
        await http.get(path)
    metrics = await scrape(http)
    routes = {s.labels["route"] for s in requests_of(metrics)}
    assert not any('"' in route or "\\" in route or "\n" in route for route in routes)
    assert count(metrics, route="unmatched") >= len(HOSTILE)


async def test_random_paths_do_not_grow_the_series(http: httpx.AsyncClient) -> None:
    async def random_paths(n: int) -> None:
        for _ in range(n):
            await http.get(f"/{uuid.uuid4().hex}/{uuid.uuid4().hex}")
            await http.post(f"/timetap/live/{uuid.uuid4().hex}")
            await http.get(f"/webcamconsult/{uuid.uuid4().hex}.json")

    await random_paths(1)
    before = await scrape(http)
    await random_paths(30)
    after = await scrape(http)
    series = {name: {tuple(sorted(s.labels.items())) for s in samples} for name, samples in after.items()}
    old = {name: {tuple(sorted(s.labels.items())) for s in samples} for name, samples in before.items()}
    assert series["clientbook_http_requests"] == old["clientbook_http_requests"]
    assert series["clientbook_http_request_duration_seconds"] == old["clientbook_http_request_duration_seconds"]
    assert count(after, route="unmatched") - count(before, route="unmatched") == 90


@pytest.mark.parametrize(
    ("method", "path", "dialect", "route"),
    [
        ("GET", "/timetap/live/clients/7", "timetap", "/timetap/live/clients/{clientId}"),
        ("GET", "/timetap/test/clients/7", "timetap", "/timetap/test/clients/{clientId}"),
        (
            "GET",
            "/carecloud/enterprise-interface/v1.3/customers/9",
            "carecloud",
            "/carecloud/enterprise-interface/{version}/customers/{customer_id}",
        ),
        ("GET", "/webcamconsult/clients/5.json", "webcamconsult", "/webcamconsult/clients/{client_id}.json"),
        ("GET", "/webcamconsult//users", "webcamconsult", "/webcamconsult/users.json"),  # rewritten before routing
        ("POST", "/wiredclient/api/v1/client", "wiredclient", "/wiredclient/api/v1/client"),
        ("GET", "/wiredclient/docs-assets/swagger-ui.css", "wiredclient", "/wiredclient/docs-assets/{path}"),
        ("GET", "/login", "web", "/login"),
        ("GET", "/healthz", "root", "/healthz"),
        ("POST", "/sms/status", "sms", "/sms/status"),
        ("GET", "/nowhere/at/all", "web", "unmatched"),
    ],
)
async def test_requests_are_counted_under_their_route_template(
    http: httpx.AsyncClient, method: str, path: str, dialect: str, route: str
) -> None:
    before = await scrape(http)
    status = (await http.request(method, path)).status_code
    after = await scrape(http)
    labels = {"dialect": dialect, "method": method, "route": route, "status": str(status)}
    assert count(after, **labels) == count(before, **labels) + 1
    buckets = after["clientbook_http_request_duration_seconds"]
    assert any(s.name.endswith("_count") and labels.items() <= s.labels.items() for s in buckets)


async def test_the_outbox_gauges_count_queued_messages_and_their_age(
    http: httpx.AsyncClient, make_tenant: TenantFactory
) -> None:
    practice = await make_tenant()
    auth = {**practice["credentials"]["wiredclient"], "account_number": practice["branches"][0]["account_number"]}
    base = "/wiredclient/api/v1"
    body = {**auth, "id": 0, "first_name": "Ada", "last_name": "Lee", "mobile_phone1": "+1 415 555 0142"}
    client = (await http.post(f"{base}/client", json=body)).json()
    before = await scrape(http)
    for text in ("one", "two"):
        answer = (await http.post(f"{base}/clientsms", json={**auth, "id": client["id"], "message": text})).json()
        assert answer["status"] == 0, answer
    after = await scrape(http)
    value = {name: after[name][0].value for name in after if name.startswith("clientbook_outbox_")}
    assert value["clientbook_outbox_queued"] == before["clientbook_outbox_queued"][0].value + 2
    assert value["clientbook_outbox_oldest_queued_age_seconds"] >= 0
    assert {"clientbook_outbox_sending", "clientbook_outbox_failed"} <= value.keys()


async def test_delivery_attempts_are_counted_by_provider_and_outcome(
    http: httpx.AsyncClient, context: Context, tenant: dict[str, Any]
) -> None:
    def sent(metrics: dict[str, list[Sample]]) -> float:
        samples = metrics.get("clientbook_sms_attempts", [])
        wanted = {"provider": "log", "outcome": "sent"}
        return sum(s.value for s in samples if s.name.endswith("_total") and s.labels == wanted)

    auth = {**tenant["credentials"]["wiredclient"], "account_number": tenant["branches"][0]["account_number"]}
    body = {**auth, "id": 0, "first_name": "Ada", "last_name": "Lee", "mobile_phone1": "+1 415 555 0143"}
    client = (await http.post("/wiredclient/api/v1/client", json=body)).json()
    await http.post("/wiredclient/api/v1/clientsms", json={**auth, "id": client["id"], "message": "hi"})
    before = sent(await scrape(http))
    attempted = await Worker(context.db, LogProvider()).drain()
    assert attempted >= 1
    assert sent(await scrape(http)) >= before + 1


async def test_the_pool_gauges_show_its_size(http: httpx.AsyncClient) -> None:
    metrics = await scrape(http)
    assert metrics["clientbook_db_pool_size"][0].value >= 1
    assert metrics["clientbook_db_pool_checked_out"][0].value >= 0
