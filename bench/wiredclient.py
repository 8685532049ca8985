"""Wired Client client upserts (creates and updates, concurrency 32) against a real server, as a ratio of the ceiling:
a bare ASGI endpoint on the same server and driver inserting one row. Run: `python -m bench.wiredclient [SECONDS]`.

The two are measured in alternating rounds (ceiling, upserts, ceiling, upserts, …) so that a slow patch of the machine
weighs on both alike, and the ratio is that of the medians. Beside the rates, the server's own CPU time per request
(read from /proc) shows what each request costs, independent of what else the two cores were doing.

Before measuring, a warm-up creates the clients that the updates will touch. On PostgreSQL it is followed by ANALYZE,
as autovacuum does within a minute of a table's first rows: plans made for a never-analyzed table are unreliable (a
primary-key lookup may pick another index that leads with business_id and scan the whole business).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench._load import drive
from bench._server import Server, fresh_database, postgres_available, running_server
from clientbook.core import secrets

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 12.0  # per endpoint, split over the rounds
ROUNDS = 3
WARM_UP_SECONDS = 3.0
WORKERS = int(os.environ.get("CLIENTBOOK_BENCH_WORKERS", "1"))
UPSERT_PATH = "/wiredclient/api/v1/client"
CEILING_PATH = "/_bench/insert/"
# An upsert's statements on PostgreSQL: credentials with branch, then lock + guarded INSERT + event (a create) or
# read + UPDATE + event (an update, one in three); BEGIN and COMMIT besides. The bare endpoint running that many
# statements shows what the round trips alone cost on this machine.
UPSERT_STATEMENTS = 4
ROUND_TRIPS_PATH = f"/_bench/round-trips/{UPSERT_STATEMENTS}"


def _mobile(n: int) -> str:
    return f"+1 212 555 {n % 10000:04d}" if n < 10000 else f"+1 646 {200 + n // 10000:03d} {n % 10000:04d}"


def _upserts(tenant: dict[str, Any]) -> tuple[list[tuple[int, int]], Callable[[int], bytes]]:
    """Bodies for a mix of creates and (every third request) updates of clients created earlier.

    Request `n` creates a client with mobile number `_mobile(n)`; an update keeps the client's own number.
    """
    credentials = tenant["credentials"]["wiredclient"]
    account = tenant["branches"][0]["account_number"]
    created: list[tuple[int, int]] = []  # (client id, the n its mobile number came from)

    def body(n: int) -> bytes:
        client_id, mobile_n = created[n % len(created)] if n % 3 == 2 and created else (0, n)
        payload = {
            **credentials,
            "account_number": account,
            "id": client_id,
            "first_name": f"Client{n}",
            "last_name": "Bench",
            "mobile_phone1": _mobile(mobile_n),
            "email_address1": f"c{n}@bench.example",
            "birthday": "1990-01-01",
            "gender": 1 + n % 4,
        }
        return json.dumps(payload).encode()

    return created, body


def _recorder(created: list[tuple[int, int]]) -> Callable[[int, int, bytes], bool]:
    def ok(n: int, status: int, answer: bytes) -> bool:
        data = json.loads(answer)
        if data.get("status") == 0 and data.get("message", "").startswith("Inserted") and len(created) < 5000:
            created.append((data["id"], n))
        return status == 200 and data.get("status") == 0

    return ok


@dataclass
class Phase:
    rate: float
    requests: int
    errors: int
    cpu_seconds: float
    latencies: list[float]


async def _phase(server: Server, path: str, body: Callable[[int], bytes], first: int, **kwargs: Any) -> Phase:
    cpu = server.cpu_seconds()
    result = await drive(server.url, path, body, first=first, **kwargs)
    return Phase(result.rate, result.requests, result.errors, server.cpu_seconds() - cpu, result.latencies)


def _analyze(database_url: str) -> None:
    if database_url.startswith("postgresql"):
        subprocess.run(["psql", database_url, "-qc", "ANALYZE"], check=True)


@dataclass
class Measured:
    ceiling: list[Phase]
    upserts: list[Phase]
    round_trips: list[Phase]

    @staticmethod
    def _rate(phases: list[Phase]) -> float:
        return statistics.median(p.rate for p in phases)

    @staticmethod
    def _cpu_us(phases: list[Phase]) -> float:
        return sum(p.cpu_seconds for p in phases) / max(1, sum(p.requests for p in phases)) * 1e6

    def line(self, backend: str) -> str:
        ceiling, upserts = self._rate(self.ceiling), self._rate(self.upserts)
        latencies = sorted(x for p in self.upserts for x in p.latencies)
        p50 = latencies[len(latencies) // 2] * 1000 if latencies else 0.0
        p95 = latencies[int(len(latencies) * 0.95)] * 1000 if latencies else 0.0
        errors = sum(p.errors for p in self.ceiling + self.upserts)
        errors += sum(p.errors for p in self.round_trips)
        spread = ", ".join(f"{u.rate / c.rate:.0%}" for c, u in zip(self.ceiling, self.upserts, strict=True))
        bare = self._rate(self.round_trips)
        return (
            f"  {backend:10} upserts {upserts:6.0f}/s   ceiling {ceiling:6.0f}/s   ratio {upserts / ceiling:.0%} "
            f"(rounds {spread})\n"
            f"  {'':10} server CPU per request: upsert {self._cpu_us(self.upserts):5.0f} µs, "
            f"ceiling {self._cpu_us(self.ceiling):5.0f} µs   p50 {p50:.1f} ms  p95 {p95:.1f} ms   errors {errors}\n"
            f"  {'':10} the upsert's {UPSERT_STATEMENTS} statements alone (bare endpoint, no validation or core): "
            f"{bare:6.0f}/s, {bare / ceiling:.0%} of the ceiling, {self._cpu_us(self.round_trips):5.0f} µs CPU"
        )


async def measure(backend: str) -> Measured:
    env = {"CLIENTBOOK_BENCH_CEILING": "1", "CLIENTBOOK_RUN_WORKER": "false"}
    with fresh_database(backend) as url, running_server(url, env, workers=WORKERS) as server:
        created, body = _upserts(server.tenant)
        ok = _recorder(created)
        await _phase(server, UPSERT_PATH, body, 3_000_000, seconds=WARM_UP_SECONDS, ok=ok)
        _analyze(url)
        measured = Measured([], [], [])
        seconds = SECONDS / ROUNDS
        for round_ in range(ROUNDS):
            measured.ceiling.append(await _phase(server, CEILING_PATH, lambda n: b"{}", 0, seconds=seconds))
            first = round_ * 1_000_000  # a fresh range of mobile numbers for each round's creates
            measured.upserts.append(await _phase(server, UPSERT_PATH, body, first, seconds=seconds, ok=ok))
            measured.round_trips.append(await _phase(server, ROUND_TRIPS_PATH, lambda n: b"{}", 0, seconds=seconds / 2))
    return measured


def credential_check_microseconds(rounds: int = 20_000) -> float:
    """What checking an API secret costs (a keyed hash and a constant-time compare, DESIGN rule 7)."""
    stored = secrets.keyed_hash("bench-key", "api-password")
    started = time.perf_counter()
    for _ in range(rounds):
        secrets.matches("bench-key", "api-password", stored)
    return (time.perf_counter() - started) / rounds * 1e6


def main() -> None:
    print(f"API secret check: {credential_check_microseconds():.1f} µs (HMAC-SHA256, constant-time compare)")
    backends = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    backends = os.environ.get("CLIENTBOOK_BENCH_BACKENDS", ",".join(backends)).split(",")
    print(f"Wired Client POST {UPSERT_PATH} (create + update mix, concurrency 32, {WORKERS} server process(es))")
    for backend in backends:
        print(asyncio.run(measure(backend)).line(backend), flush=True)


if __name__ == "__main__":
    main()
