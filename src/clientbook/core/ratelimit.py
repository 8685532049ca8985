"""Request rate limits per credential: a fixed window per key, in process or shared through Redis.

`CLIENTBOOK_RATE_LIMIT` reads like `6000/minute` (also `/second`, `/hour`, `/day`). With `CLIENTBOOK_REDIS_URL` set,
every process counts in the same Redis keys (DESIGN "Scale": no per-process state that breaks with two processes).
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

from .errors import RateLimited

_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_LIMIT = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day)s?\s*$")


@dataclass(frozen=True)
class Limit:
    requests: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Limit:
        """`600/minute`, `10/second`, `5000/hour`, `100/5minutes`."""
        match = _LIMIT.match(text.lower())
        if not match or int(match.group(1)) < 1:
            raise ValueError(f"rate limit {text!r} is not like '600/minute'")
        multiple = int(match.group(2) or 1)
        return cls(int(match.group(1)), multiple * _PERIODS[match.group(3)])


class Limiter(Protocol):
    async def hit(self, key: str) -> int | None:
        """Count one request for `key`; the seconds to wait when it is over the limit, else None."""

    async def close(self) -> None: ...


class MemoryLimiter:
    """Counts in this process (one server process, tests)."""

    def __init__(self, limit: Limit, clock: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self.clock = clock
        self._windows: dict[str, tuple[int, int]] = {}
        self._lock = asyncio.Lock()

    async def hit(self, key: str) -> int | None:
        now = self.clock()
        window = int(now // self.limit.seconds)
        async with self._lock:
            start, count = self._windows.get(key, (window, 0))
            if start != window:
                count = 0
                if len(self._windows) > 100_000:  # forget finished windows so memory stays bounded
                    self._windows = {k: v for k, v in self._windows.items() if v[0] == window}
            count += 1
            self._windows[key] = (window, count)
        if count <= self.limit.requests:
            return None
        return max(1, math.ceil((window + 1) * self.limit.seconds - now))

    async def close(self) -> None:
        self._windows.clear()


class RedisLimiter:
    """Counts in Redis: INCR on a key per window, expiring with it, so every process shares one count."""

    def __init__(self, limit: Limit, url: str, clock: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self.clock = clock
        self.redis = Redis.from_url(url)

    async def hit(self, key: str) -> int | None:
        now = self.clock()
        window = int(now // self.limit.seconds)
        name = f"clientbook:ratelimit:{key}:{window}"
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(name)
                pipe.expire(name, self.limit.seconds + 1)
                count, _ = await pipe.execute()
        except RedisError as error:  # the caller decides what an unreachable Redis means (the middleware serves)
            raise ConnectionError(f"rate limiter: {type(error).__name__}") from error
        if int(count) <= self.limit.requests:
            return None
        return max(1, math.ceil((window + 1) * self.limit.seconds - now))

    async def close(self) -> None:
        await self.redis.aclose()


def create_limiter(rate_limit: str, redis_url: str | None = None) -> Limiter:
    limit = Limit.parse(rate_limit)
    if redis_url:
        return RedisLimiter(limit, redis_url)
    return MemoryLimiter(limit)


async def check(limiter: Limiter, key: str) -> None:
    """RateLimited (with the seconds to wait) when `key` is over its limit."""
    retry_after = await limiter.hit(key)
    if retry_after is not None:
        raise RateLimited("Too many requests: rate limit exceeded", retry_after=retry_after)
