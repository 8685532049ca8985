"""SMS throughput against a real server: the rate of accepted Wired Client `clientsms` sends (concurrency 32) and
the rate at which the server's own delivery worker hands them to a local fake provider (`webhook:URL`, an asyncio
HTTP server in this process). Run: `python -m bench.sms [SECONDS]`."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench._load import drive
from bench._server import free_port, fresh_database, postgres_available, running_server

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
DRAIN_LIMIT = 60.0  # seconds to wait, after sending stops, for the worker to deliver the rest


@dataclass
class FakeProvider:
    """Accepts every webhook POST at once and notes when each message id first arrived."""

    port: int = field(default_factory=free_port)
    arrivals: dict[int, float] = field(default_factory=dict)
    posts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/messages"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                body = await reader.readexactly(length)
                self.posts += 1
                message_id = int(json.loads(body)["message_id"])
                self.arrivals.setdefault(message_id, time.monotonic())
                answer = json.dumps({"id": f"fake-{message_id}"}).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + str(len(answer)).encode()
                    + b"\r\n\r\n"
                    + answer
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.CancelledError, ConnectionError, StopIteration):
            pass  # the worker hung up, or the benchmark is over
        finally:
            writer.close()


def _client_sms(tenant: dict[str, Any], client_id: int) -> Any:
    payload = {
        **tenant["credentials"]["wiredclient"],
        "account_number": tenant["branches"][0]["account_number"],
        "id": client_id,
    }

    def body(n: int) -> bytes:
        return json.dumps({**payload, "message": f"Reminder {n}: your appointment is tomorrow at 10:00."}).encode()

    return body


def _accepted(ids: list[int]) -> Any:
    def ok(_n: int, status: int, answer: bytes) -> bool:
        data = json.loads(answer)
        if status == 200 and data.get("status") == 0:
            ids.append(int(data["smsid"]))
            return True
        return False

    return ok


async def measure(backend: str) -> dict[str, float]:
    provider = FakeProvider()
    fake = await asyncio.start_server(provider.handle, "127.0.0.1", provider.port)
    env = {
        "CLIENTBOOK_BENCH_CEILING": "1",
        "CLIENTBOOK_SMS_PROVIDER": f"webhook:{provider.url}",
        "CLIENTBOOK_SMS_WEBHOOK_SECRET": "bench-webhook-secret",
    }
    try:
        with fresh_database(backend) as url, running_server(url, env) as server:
            tenant = server.tenant
            async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
                created = await http.post(
                    "/wiredclient/api/v1/client",
                    json={
                        **tenant["credentials"]["wiredclient"],
                        "account_number": tenant["branches"][0]["account_number"],
                        "id": 0,
                        "first_name": "Bench",
                        "last_name": "Recipient",
                        "mobile_phone1": "+1 212 555 0100",
                    },
                )
            client_id = int(created.json()["id"])
            ceiling = await drive(server.url, "/_bench/insert/", lambda n: b"{}", seconds=min(SECONDS, 5.0))
            ids: list[int] = []
            started = time.monotonic()
            sends = await drive(
                server.url,
                "/wiredclient/api/v1/clientsms",
                _client_sms(tenant, client_id),
                seconds=SECONDS,
                ok=_accepted(ids),
            )
            sending_ended = time.monotonic()
            during = sum(1 for i in ids if provider.arrivals.get(i, float("inf")) <= sending_ended)
            deadline = sending_ended + DRAIN_LIMIT
            while any(i not in provider.arrivals for i in ids) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            delivered = [provider.arrivals[i] for i in ids if i in provider.arrivals]
            last = max(delivered, default=started)
    finally:
        fake.close()
        await fake.wait_closed()
    return {
        "ceiling": ceiling.rate,
        "accepted": len(ids) / sends.seconds if sends.seconds else 0.0,
        "errors": sends.errors,
        "p95_ms": sends.percentile(95) * 1000,
        "delivered_during": during / (sending_ended - started),
        "delivered_overall": len(delivered) / (last - started) if last > started else 0.0,
        "undelivered": len(ids) - len(delivered),
        "duplicates": provider.posts - len(provider.arrivals),
        "sent": len(ids),
    }


def main() -> None:
    backends = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    print(f"Wired Client POST /api/v1/clientsms (concurrency 32, {SECONDS:g} s), delivered by the in-server worker")
    print("to a local fake provider (webhook:URL)")
    for backend in backends:
        r = asyncio.run(measure(backend))
        print(
            f"  {backend:10} accepted {r['accepted']:7.0f}/s (ceiling {r['ceiling']:6.0f}/s, "
            f"ratio {r['accepted'] / r['ceiling']:.0%}, p95 {r['p95_ms']:.1f} ms, errors {r['errors']:.0f})   "
            f"delivered {r['delivered_during']:6.0f}/s while sending, {r['delivered_overall']:6.0f}/s overall "
            f"({r['sent']:.0f} sent, {r['undelivered']:.0f} undelivered, {r['duplicates']:.0f} duplicate posts)"
        )


if __name__ == "__main__":
    main()
