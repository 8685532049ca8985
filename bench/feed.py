"""Change feed and webhooks against a real server, as ratios to the SMS worker's delivery rate in the same run.

One server, one business with a webhook subscription to every change, pointed at a local receiver (an asyncio HTTP
server in this process that answers 200 at once). Wired Client `clientsms` sends run for SECONDS (concurrency 32):
the in-server SMS worker delivers them to a local fake provider, and every state a message moves through is a
change the webhook worker delivers. Then the whole feed is read back, page by page (limit 1000), by one client.
Run: `python -m bench.feed [SECONDS]`."""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass, field

import httpx

from bench._load import drive
from bench._server import free_port, fresh_database, postgres_available, running_server
from bench.sms import FakeProvider, _accepted, _client_sms

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
DRAIN_LIMIT = 120.0


@dataclass
class FakeReceiver:
    """Answers every webhook POST with 200 at once and notes when each webhook-id first arrived."""

    port: int = field(default_factory=free_port)
    arrivals: dict[str, float] = field(default_factory=dict)
    posts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                headers = dict(line.split(b":", 1) for line in head.split(b"\r\n")[1:] if b":" in line)
                lower = {k.strip().lower(): v.strip() for k, v in headers.items()}
                await reader.readexactly(int(lower[b"content-length"]))
                self.posts += 1
                self.arrivals.setdefault(lower[b"webhook-id"].decode(), time.monotonic())
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.CancelledError, ConnectionError, KeyError):
            pass
        finally:
            writer.close()


async def _read_feed(http: httpx.AsyncClient, headers: dict[str, str]) -> tuple[int, float]:
    """Every change of the business, page by page: (changes, seconds)."""
    started, after, total = time.perf_counter(), "", 0
    while True:
        page = (await http.get("/api/v1/changes", params={"after": after, "limit": 1000}, headers=headers)).json()
        total += len(page["data"])
        after = page["next_cursor"]
        if not page["has_more"]:
            return total, time.perf_counter() - started


async def measure(backend: str) -> dict[str, float]:
    provider, receiver = FakeProvider(), FakeReceiver()
    fakes = [
        await asyncio.start_server(provider.handle, "127.0.0.1", provider.port),
        await asyncio.start_server(receiver.handle, "127.0.0.1", receiver.port),
    ]
    env = {"CLIENTBOOK_SMS_PROVIDER": f"webhook:{provider.url}", "CLIENTBOOK_SMS_WEBHOOK_SECRET": "bench-secret"}
    try:
        with fresh_database(backend) as url, running_server(url, env) as server:
            tenant = server.tenant
            native = {"Authorization": f"Bearer {tenant['credentials']['clientbook']['token']}"}
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
                hooked = await http.post("/api/v1/webhooks", json={"url": receiver.url}, headers=native)
                assert hooked.status_code == 201, hooked.text
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
                ids: list[int] = []
                started = time.monotonic()
                await drive(
                    server.url,
                    "/wiredclient/api/v1/clientsms",
                    _client_sms(tenant, client_id),
                    seconds=SECONDS,
                    ok=_accepted(ids),
                )
                deadline = time.monotonic() + DRAIN_LIMIT
                while any(i not in provider.arrivals for i in ids) and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
                sms_last = max(provider.arrivals.values(), default=started)
                changes, _ = await _read_feed(http, native)
                # Every change since the subscription (all but the business's creation and the subscription's own).
                expected = changes - 2
                while len(receiver.arrivals) < expected and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
                hooks_last = max(receiver.arrivals.values(), default=started)
                read, seconds = await _read_feed(http, native)
    finally:
        for fake in fakes:
            fake.close()
            await fake.wait_closed()
    sms_rate = len(provider.arrivals) / (sms_last - started) if sms_last > started else 0.0
    hook_rate = len(receiver.arrivals) / (hooks_last - started) if hooks_last > started else 0.0
    return {
        "sms": sms_rate,
        "webhooks": hook_rate,
        "feed": read / seconds if seconds else 0.0,
        "changes": read,
        "webhook_ids": len(receiver.arrivals),
        "expected": expected,
        "duplicates": receiver.posts - len(receiver.arrivals),
    }


def main() -> None:
    backends = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    print(f"Change feed and webhooks beside Wired Client clientsms sends (concurrency 32, {SECONDS:g} s); ratios to")
    print("the in-server SMS worker's delivery rate in the same run")
    for backend in backends:
        r = asyncio.run(measure(backend))
        sms = r["sms"] or 1.0
        print(
            f"  {backend:10} SMS delivered {r['sms']:6.0f}/s   webhooks {r['webhooks']:6.0f}/s "
            f"(ratio {r['webhooks'] / sms:.2f}; {r['webhook_ids']:.0f} of {r['expected']:.0f} changes, "
            f"{r['duplicates']:.0f} repeats)   feed read {r['feed']:7.0f} changes/s (ratio {r['feed'] / sms:.1f}; "
            f"{r['changes']:.0f} changes)"
        )


if __name__ == "__main__":
    main()
