from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.dialects.registry import DIALECTS
from clientbook.store.engine import Database


async def test_health_and_readiness(http: httpx.AsyncClient, backend: str) -> None:
    assert (await http.get("/healthz")).json() == {"status": "ok"}
    ready = await http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == backend


async def test_metrics_count_requests_by_dialect_route_and_status(http: httpx.AsyncClient) -> None:
    await http.post("/wiredclient/api/v1/client", content=b"{")
    text = (await http.get("/metrics")).text
    labels = 'dialect="wiredclient",method="POST",route="/wiredclient/api/v1/client",status="200"'
    assert f"clientbook_http_requests_total{{{labels}}}" in text


async def test_wired_client_openapi_documents_its_request_bodies(http: httpx.AsyncClient) -> None:
    spec = (await http.get("/wiredclient/openapi.json")).json()
    assert "/api/v1/client" in spec["paths"]
    assert "first_name" in str(spec["paths"]["/api/v1/client"])


@pytest.mark.parametrize("mount", sorted({m for d in DIALECTS for m in d.mounts}))
async def test_every_dialect_serves_its_openapi_and_a_self_hosted_docs_page(
    http: httpx.AsyncClient, mount: str
) -> None:
    assert (await http.get(f"{mount}/openapi.json")).json()["paths"]
    page = await http.get(f"{mount}/docs")
    assert page.status_code == 200
    assert f"{mount}/openapi.json" in page.text
    assert "cdn" not in page.text.lower()  # self-hosted: the page must work without the internet
    assert (await http.get(f"{mount}/docs-assets/swagger-ui-bundle.js")).status_code == 200


async def test_the_benchmark_references_are_mounted_only_when_asked_for(
    http: httpx.AsyncClient, settings: Settings, database: Database, read: Any
) -> None:
    assert (await http.post("/_bench/insert/")).status_code != 200  # not mounted in a normal deployment
    bench_app = create_app(settings.model_copy(update={"bench_ceiling": True}), database)
    count = text("SELECT count(*) FROM bench_rows")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=bench_app), base_url="http://t") as client:
        first = await client.post("/_bench/insert/", content=b"{}")  # creates its table on first use
        before = await read(lambda s: s.scalar(count))
        again = await client.post("/_bench/round-trips/4", content=b"{}")
    assert [a.json() for a in (first, again)] == [{"status": 0}, {"status": 0}]
    assert await read(lambda s: s.scalar(count)) == before + 1  # four statements, one row
