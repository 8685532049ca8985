"""Rate limits per key: a fixed window counted in process or in Redis (shared by every server process)."""

from __future__ import annotations

import os
import uuid

import pytest

from clientbook.core import ratelimit
from clientbook.core.errors import RateLimited

REDIS_URL = os.environ.get("CLIENTBOOK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("6000/minute", ratelimit.Limit(6000, 60)),
        ("10/second", ratelimit.Limit(10, 1)),
        ("5 / hours", ratelimit.Limit(5, 3600)),
        ("100/5minutes", ratelimit.Limit(100, 300)),
    ],
)
def test_limits_read_like_count_per_period(text: str, limit: ratelimit.Limit) -> None:
    assert ratelimit.Limit.parse(text) == limit


@pytest.mark.parametrize("text", ["", "fast", "0/minute", "10/fortnight"])
def test_a_limit_that_is_not_count_per_period_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="rate limit"):
        ratelimit.Limit.parse(text)


async def test_memory_limiter_refuses_past_the_limit_with_the_seconds_left_and_forgets_at_the_next_window() -> None:
    clock = Clock(600_020.0)  # 20 s into a minute window
    limiter = ratelimit.MemoryLimiter(ratelimit.Limit(2, 60), clock)
    assert await limiter.hit("a") is None
    assert await limiter.hit("a") is None
    assert await limiter.hit("a") == 40
    assert await limiter.hit("b") is None  # another credential has its own count
    clock.now += 40
    assert await limiter.hit("a") is None


async def test_check_raises_rate_limited_with_retry_after() -> None:
    limiter = ratelimit.MemoryLimiter(ratelimit.Limit(1, 60), Clock(30.0))
    await ratelimit.check(limiter, "k")
    with pytest.raises(RateLimited) as raised:
        await ratelimit.check(limiter, "k")
    assert raised.value.retry_after == 30


async def test_redis_limiter_counts_across_limiters_as_two_processes_would() -> None:
    first = ratelimit.RedisLimiter(ratelimit.Limit(3, 60), REDIS_URL)
    second = ratelimit.RedisLimiter(ratelimit.Limit(3, 60), REDIS_URL)
    try:
        await first.redis.ping()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    key = f"test-{uuid.uuid4().hex}"
    try:
        assert [await first.hit(key), await second.hit(key), await first.hit(key)] == [None, None, None]
        retry = await second.hit(key)
        assert retry is not None
        assert 1 <= retry <= 60
    finally:
        await first.close()
        await second.close()


def test_the_redis_backend_is_chosen_when_a_url_is_set() -> None:
    assert isinstance(ratelimit.create_limiter("10/minute"), ratelimit.MemoryLimiter)
    assert isinstance(ratelimit.create_limiter("10/minute", REDIS_URL), ratelimit.RedisLimiter)


async def test_an_unreachable_redis_is_a_connection_error() -> None:
    limiter = ratelimit.RedisLimiter(ratelimit.Limit(3, 60), "redis://127.0.0.1:1/0")
    try:
        with pytest.raises(ConnectionError):
            await limiter.hit("k")
    finally:
        await limiter.close()
