"""`clientbook worker --metrics-port`: a worker process of its own serves its delivery counters for Prometheus."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from clientbook.context import Context
from clientbook.core import clients, messages
from clientbook.core.clients import ClientChanges
from clientbook.core.types import Tenant
from tests.delivery.processes import fresh_database
from tests.servers import free_port, start, stop


async def test_a_separate_worker_serves_its_delivery_counters(backend: str, context: Context, tmp_path: Path) -> None:
    async with fresh_database(backend, tmp_path) as fresh:
        data = await fresh.make_tenant(Context(settings=context.settings, db=fresh.db))
        tenant = Tenant(business_id=data["business"]["id"], actor="test")
        async with fresh.db.transaction() as session:
            client = await clients.create(
                session, tenant, ClientChanges(first_name="Kim", last_name="Lee", mobile_phone="+14155550123")
            )
            await messages.send_to_client(session, tenant, client.id, "Hello")
        port = free_port()
        env = {"CLIENTBOOK_DATABASE_URL": fresh.url, "CLIENTBOOK_SMS_PROVIDER": "log"}
        worker = start(["worker", "--metrics-port", str(port)], env, tmp_path / "worker.log")
        try:
            assert await _until_sent(f"http://127.0.0.1:{port}/metrics", tmp_path / "worker.log") == 1
        finally:
            stop(worker)


async def _until_sent(url: str, log: Path) -> float:
    started = time.monotonic()
    async with httpx.AsyncClient(timeout=5) as http:
        while True:
            try:
                families = {f.name: f for f in text_string_to_metric_families((await http.get(url)).text)}
            except httpx.TransportError:
                families = {}
            samples = families["clientbook_sms_attempts"].samples if "clientbook_sms_attempts" in families else []
            sent = sum(s.value for s in samples if s.name.endswith("_total") and s.labels["outcome"] == "sent")
            if sent:
                assert "clientbook_db_pool_size" in families
                return sent
            assert time.monotonic() - started < 60, log.read_text()[-2000:]
            await asyncio.sleep(0.1)
