"""Webcamconsult's unpaged `GET /clients.json` at 100,000 clients: the server's memory before, during and after
(issue 15.3: the list streams, so the server's resident memory must stay within 50 MB of where it started).

`.venv/bin/python -m bench.stream [--clients N]` (also part of `make bench`): loads N clients (the TimeTap bench's
data set) into a fresh SQLite database, and a fresh PostgreSQL one when reachable, then reads the whole list once from
a real server while sampling its resident set size every 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
from pathlib import Path

import httpx

from bench.timetap import CLIENTS, load
from clientbook.store.engine import Database

LIMIT_MB = 50.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class PeakSampler:
    """The highest resident set size of a process while the block runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            self._stop.wait(0.02)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


async def _load(url: str, business_id: int, count: int) -> None:
    db = Database(url)
    try:
        await load(db, business_id, count)
    finally:
        await db.dispose()


def run_backend(backend: str, count: int) -> None:
    from bench._server import fresh_database, running_server

    with fresh_database(backend) as url, running_server(url) as server:
        started = time.perf_counter()
        asyncio.run(_load(url, server.tenant["business"]["id"], count))
        print(f"{backend}: loaded {count:,} clients in {time.perf_counter() - started:.1f} s", flush=True)
        token = server.tenant["credentials"]["webcamconsult"]["token"]
        headers = {"Authorization": f"Token token={token}"}
        with httpx.Client(base_url=f"{server.url}/webcamconsult", headers=headers, timeout=600) as client:
            client.get("/clients.json", params={"per_page": 10}).raise_for_status()  # warm-up
            before = rss_mb(server.process.pid)
            received = 0
            started = time.perf_counter()
            with PeakSampler(server.process.pid) as sampler, client.stream("GET", "/clients.json") as response:
                response.raise_for_status()
                for chunk in response.iter_raw():
                    received += len(chunk)
            seconds = time.perf_counter() - started
            after = rss_mb(server.process.pid)
        growth = sampler.peak - before
        verdict = "within" if growth <= LIMIT_MB else "OVER"
        print(
            f"  GET /clients.json unpaged: {received / 1e6:,.1f} MB in {seconds:.1f} s; server RSS {before:.0f} MB "
            f"before, {sampler.peak:.0f} MB peak, {after:.0f} MB after: +{growth:.0f} MB ({verdict} {LIMIT_MB:.0f})",
            flush=True,
        )


def main(argv: list[str] | None = None) -> None:
    from bench._server import postgres_available

    parser = argparse.ArgumentParser(prog="python -m bench.stream")
    parser.add_argument("--clients", type=int, default=CLIENTS, help=f"how many clients (default {CLIENTS:,})")
    count = parser.parse_args(argv if argv is not None else []).clients
    run_backend("sqlite", count)
    if postgres_available():
        run_backend("postgresql", count)
    else:
        print("postgresql: not reachable, skipped")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
