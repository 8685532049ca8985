"""A lean HTTP/1.1 keep-alive load generator on asyncio streams.

Written for the benchmarks so the client costs as little CPU as possible on a two-core machine: the server, not the
load generator, should be what saturates.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int
    latencies: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return status, await reader.readexactly(length)


async def drive(
    url: str,
    path: str,
    make_body: Callable[[int], bytes],
    *,
    method: str = "POST",
    concurrency: int = 32,
    seconds: float = 8.0,
    max_requests: int = 200_000,
    first: int = 0,
    ok: Callable[[int, int, bytes], bool] = lambda _n, status, _body: status == 200,
    headers: Mapping[str, str] | None = None,
) -> LoadResult:
    """Send requests for `seconds` (or `max_requests`) over `concurrency` keep-alive connections; request `n` (counted
    from `first`) carries `make_body(n)` and every one `headers` (an Authorization, say)."""
    parts = urlsplit(url)
    extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    counter = iter(range(first, first + max_requests))
    stop_at = time.monotonic() + seconds
    result = LoadResult(0, 0.0, 0)

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            while time.monotonic() < stop_at:
                n = next(counter, None)
                if n is None:
                    return
                body = make_body(n)
                request = (
                    f"{method} {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
                    f"{extra}Content-Length: {len(body)}\r\n\r\n"
                ).encode() + body
                started = time.perf_counter()
                writer.write(request)
                status, answer = await _read_response(reader)
                result.latencies.append(time.perf_counter() - started)
                result.requests += 1
                if not ok(n, status, answer):
                    result.errors += 1
        finally:
            writer.close()

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.seconds = time.monotonic() - started
    return result
