"""Rates under load (concurrency 16, the load client on the same two cores), for issue 15 points 7 and 8. Run:
`python -m bench.throughput [sqlite|workers]` (both when not named; also part of `make bench`).

- sqlite: TimeTap creates and list pages on SQLite with the few hundred clients the creates make, then at 100,000
  more (bench.timetap.load),
  as rates and the server's CPU per request; "busy" is the server's CPU seconds per wall second while requests were
  queued (1.0: one core's worth, the most one process's event loop and its aiosqlite thread give), so a server that
  waits on a lock or the disk shows below it; beside it, the seconds per wall second its threads were runnable but
  waited for a CPU (on a machine shared with other work, busy + that is what the server asked for: 1.0 or more
  means it never waited on anything of its own).
- workers: TimeTap client gets and list pages with `--workers 1` and `--workers 2` on PostgreSQL (SQLite when it is
  not reachable), the rate ratio beside the CPU the load client itself took per wall second: on two cores, what it
  takes is not there for the second worker.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from bench._load import drive
from bench._server import Server, fresh_database, postgres_available, running_server
from bench.growth import sessions
from bench.stream import _load

SECONDS = 8.0
CONCURRENCY = 16
LARGE = 100_000


@dataclass
class Rate:
    rate: float
    server_ms: float  # server CPU per request
    busy: float  # server CPU seconds per wall second
    runnable: float  # seconds per wall second the server's threads were ready to run but waited for a CPU
    client_busy: float  # the load client's CPU seconds per wall second
    errors: int

    def line(self, name: str) -> str:
        return (
            f"  {name:<44} {self.rate:7.1f}/s   server {self.server_ms:6.2f} ms CPU/request   busy {self.busy:4.2f}"
            f" + waiting for a CPU {self.runnable:4.2f}   load client {self.client_busy:4.2f}   errors {self.errors}"
        )


def _rate(server: Server, path: str, body: Callable[[int], bytes], method: str, headers: dict[str, str]) -> Rate:
    cpu, client_cpu, wall = server.cpu_seconds(), time.process_time(), time.monotonic()
    waited = server.runnable_seconds()
    result = asyncio.run(
        drive(server.url, path, body, method=method, concurrency=CONCURRENCY, seconds=SECONDS, headers=headers)
    )
    wall = time.monotonic() - wall
    used = server.cpu_seconds() - cpu
    return Rate(
        result.rate,
        used / max(1, result.requests) * 1000,
        used / wall,
        (server.runnable_seconds() - waited) / wall,
        (time.process_time() - client_cpu) / wall,
        result.errors,
    )


def _timetap(server: Server) -> dict[str, str]:
    return {"Authorization": f"Bearer {sessions(server)[0]}"}


def _create(first: int) -> Callable[[int], bytes]:
    def body(n: int) -> bytes:
        n += first
        payload = {"firstName": f"Rate{n}", "lastName": "Bench", "emailAddress": f"rate{n}@bench.example"}
        return json.dumps(payload).encode()

    return body


def _nothing(_n: int) -> bytes:
    return b""


LIST = "/timetap/live/clients?pageSize=25&order_field=fullName"


def _sqlite_phase(server: Server, headers: dict[str, str], label: str, first: int) -> list[str]:
    create = _rate(server, "/timetap/live/clients", _create(first), "POST", headers)
    listed = _rate(server, LIST, _nothing, "GET", headers)
    return [create.line(f"{label}: TimeTap create"), listed.line(f"{label}: TimeTap list page 1 (25)")]


def sqlite() -> None:
    print(f"SQLite, small tables then {LARGE:,} clients (concurrency {CONCURRENCY}, {SECONDS:.0f} s each)")
    with fresh_database("sqlite") as url, running_server(url, {"CLIENTBOOK_RUN_WORKER": "false"}) as server:
        headers = _timetap(server)
        for line in _sqlite_phase(server, headers, "small", 0):
            print(line, flush=True)
        asyncio.run(_load(url, server.tenant["business"]["id"], LARGE))
        for line in _sqlite_phase(server, headers, f"{LARGE // 1000}k", 5_000_000):
            print(line, flush=True)


def workers() -> None:
    backend = "postgresql" if postgres_available() else "sqlite"
    print(f"TimeTap reads on {backend}, --workers 1 then 2 (concurrency {CONCURRENCY}, {SECONDS:.0f} s each)")
    rates: dict[int, list[Rate]] = {}
    for count in (1, 2):
        with (
            fresh_database(backend) as url,
            running_server(url, {"CLIENTBOOK_RUN_WORKER": "false"}, workers=count) as s,
        ):
            asyncio.run(_load(url, s.tenant["business"]["id"], 2000))
            headers = _timetap(s)
            with httpx.Client(base_url=s.url, timeout=60, headers=headers) as http:
                some = http.get("/timetap/live/clients", params={"pageSize": 1}).json()
            client_id = (some[0] if isinstance(some, list) else some["clients"][0])["clientId"]
            for _ in range(2):  # warm both workers' caches and pools
                _rate(s, f"/timetap/live/clients/{client_id}", _nothing, "GET", headers)
            rates[count] = [
                _rate(s, f"/timetap/live/clients/{client_id}", _nothing, "GET", headers),
                _rate(s, LIST, _nothing, "GET", headers),
            ]
        for name, rate in zip(("get by id", "list page 1 (25)"), rates[count], strict=True):
            print(rate.line(f"--workers {count}: TimeTap {name}"), flush=True)
    for index, name in enumerate(("get by id", "list page 1 (25)")):
        print(f"  {name}: --workers 2 / 1 = {rates[2][index].rate / rates[1][index].rate:.2f}×")


def main() -> None:
    chosen = sys.argv[1:] or ["sqlite", "workers"]
    if "sqlite" in chosen:
        sqlite()
    if "workers" in chosen:
        workers()


if __name__ == "__main__":
    main()
