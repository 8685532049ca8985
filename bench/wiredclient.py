"""Wired Client client upserts (creates and updates, concurrency 32) against a real server, as a ratio of the ceiling:
a bare ASGI endpoint on the same server and driver inserting one row. Run: `python -m bench.wiredclient`."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from bench._load import drive
from bench._server import fresh_database, postgres_available, running_server
from clientbook.core import secrets

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 8.0


def _mobile(n: int) -> str:
    return f"+1 212 555 {n % 10000:04d}" if n < 10000 else f"+1 646 {200 + n // 10000:03d} {n % 10000:04d}"


def _upserts(tenant: dict[str, Any]) -> tuple[list[tuple[int, int]], Callable[[int], bytes]]:
    """Bodies for a mix of creates and (every third request) updates of clients created earlier."""
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


async def measure(backend: str) -> dict[str, float]:
    with (
        fresh_database(backend) as url,
        running_server(url, {"CLIENTBOOK_BENCH_CEILING": "1", "CLIENTBOOK_RUN_WORKER": "false"}) as server,
    ):
        ceiling = await drive(server.url, "/_bench/insert/", lambda n: b"{}", seconds=SECONDS)
        created, body = _upserts(server.tenant)
        upserts = await drive(server.url, "/wiredclient/api/v1/client", body, seconds=SECONDS, ok=_recorder(created))
    return {
        "ceiling": ceiling.rate,
        "upserts": upserts.rate,
        "errors": upserts.errors + ceiling.errors,
        "p50_ms": upserts.percentile(50) * 1000,
        "p95_ms": upserts.percentile(95) * 1000,
    }


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
    print("Wired Client POST /api/v1/client (create + update mix, concurrency 32)")
    for backend in backends:
        r = asyncio.run(measure(backend))
        print(
            f"  {backend:10} upserts {r['upserts']:8.0f}/s   ceiling {r['ceiling']:8.0f}/s   "
            f"ratio {r['upserts'] / r['ceiling']:.0%}   p50 {r['p50_ms']:.1f} ms  p95 {r['p95_ms']:.1f} ms   "
            f"errors {r['errors']:.0f}"
        )


if __name__ == "__main__":
    main()
