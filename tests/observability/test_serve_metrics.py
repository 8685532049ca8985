"""`clientbook serve --workers 2`, a real server: /metrics sums both worker processes (prometheus-client's
multiprocess mode), and the log is JSON lines with no secret from the query string."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.delivery.processes import fresh_database
from tests.servers import free_port, start, stop

SECRET = "s3cret-session-token-value"


def log_lines(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def healthz_by_process(log: Path) -> dict[int, int]:
    served: dict[int, int] = {}
    for line in log_lines(log):
        if line.get("logger") == "clientbook.access" and line.get("route") == "/healthz":
            served[line["process"]] = served.get(line["process"], 0) + 1
    return served


async def test_two_workers_report_one_sum_and_log_json_without_secrets(backend: str, tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    async with fresh_database(backend, tmp_path) as fresh:
        port = free_port()
        env = {"CLIENTBOOK_DATABASE_URL": fresh.url, "CLIENTBOOK_LOG_FORMAT": "json", "CLIENTBOOK_RUN_WORKER": "false"}
        server = start(["serve", "--port", str(port), "--workers", "2"], env, log)
        try:
            await _until_both_workers_started(log)
            base = f"http://127.0.0.1:{port}"
            sent = 0
            # New connections until both workers have answered some (the kernel picks which accepts each one).
            for _ in range(50):
                await asyncio.gather(*(_get(f"{base}/healthz?sessionToken={SECRET}") for _ in range(20)))
                sent += 20
                if len(healthz_by_process(log)) == 2:
                    break
            served = healthz_by_process(log)
            assert len(served) == 2, served
            assert sum(served.values()) == sent
            for _ in range(4):  # whichever worker answers the scrape, it reports both workers' requests
                assert await _healthz_count(f"{base}/metrics") == sent
        finally:
            stop(server)
    lines = log_lines(log)  # every line is JSON: json.loads raised otherwise
    assert SECRET not in log.read_text()
    assert not [line for line in lines if line.get("logger") == "uvicorn.access"]
    assert any(line.get("path") == "/healthz?sessionToken=[redacted]" for line in lines)


async def _get(url: str) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        assert (await http.get(url)).status_code == 200


async def _healthz_count(url: str) -> float:
    async with httpx.AsyncClient(timeout=30) as http:
        text = (await http.get(url)).text
    families = {family.name: family for family in text_string_to_metric_families(text)}
    return sum(
        s.value
        for s in families["clientbook_http_requests"].samples
        if s.name.endswith("_total") and s.labels["route"] == "/healthz"
    )


async def _until_both_workers_started(log: Path) -> None:
    started = time.monotonic()
    while True:
        lines = log_lines(log) if log.exists() else []
        ready = {line["process"] for line in lines if line["event"] == "Application startup complete."}
        if len(ready) == 2:
            return
        assert time.monotonic() - started < 120, log.read_text()[-3000:] if log.exists() else "no log"
        await asyncio.sleep(0.2)
