"""Prometheus metrics (prometheus-client): requests by dialect, method, route template and status; SMS delivery; the
outbox and the database pool.

Under `clientbook serve --workers N` every worker process writes its samples to files in `PROMETHEUS_MULTIPROC_DIR`
(set by `serve` before the workers start, which is when prometheus-client picks its storage) and a scrape of any
worker sums them (`MultiProcessCollector`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import mark_process_dead
from prometheus_client.registry import Collector
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from clientbook.core.messages_outbox import Backlog

REQUESTS = Counter(
    "clientbook_http_requests",
    "HTTP requests answered, by dialect (or web, sms, root), method, route template and status",
    ["dialect", "method", "route", "status"],
)
LATENCY = Histogram(
    "clientbook_http_request_duration_seconds",
    "Time from the request's arrival to its last byte, by dialect, method, route template and status",
    ["dialect", "method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
SMS_ATTEMPTS = Counter(
    "clientbook_sms_attempts",
    "SMS delivery attempts by provider and outcome (sent, retry, failed)",
    ["provider", "outcome"],
)
SMS_REQUEUED = Counter("clientbook_sms_requeued", "SMS left `sending` by a stopped worker and queued again")
# Summed over the live worker processes (`livesum`): a dead worker's connections leave with it (mark_process_dead).
POOL_SIZE = Gauge(
    "clientbook_db_pool_size", "Database connections the pools may keep open", multiprocess_mode="livesum"
)
POOL_CHECKED_OUT = Gauge(
    "clientbook_db_pool_checked_out", "Database connections in use right now", multiprocess_mode="livesum"
)
_watched: weakref.WeakSet[Any] = weakref.WeakSet()


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def watch_pool(engine: AsyncEngine) -> None:
    """Count `engine`'s pool in the pool gauges (once per engine, however many apps share it)."""
    sync_engine = engine.sync_engine
    if sync_engine in _watched:
        return
    _watched.add(sync_engine)
    size = getattr(sync_engine.pool, "size", None)
    POOL_SIZE.inc(size() if callable(size) else 0)
    event.listen(sync_engine, "checkout", lambda *_: POOL_CHECKED_OUT.inc())
    event.listen(sync_engine, "checkin", lambda *_: POOL_CHECKED_OUT.dec())


def serve_metrics(port: int, engine: AsyncEngine) -> None:
    """`clientbook worker --metrics-port`: this process's counters and pool on 127.0.0.1:`port`/metrics (a thread)."""
    watch_pool(engine)
    start_http_server(port, addr="127.0.0.1")


def process_exiting() -> None:
    """A worker process stops: its live gauges leave the sums (multiprocess mode only)."""
    if multiprocess_dir() is not None:
        mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


class OutboxCollector(Collector):
    """The outbox gauges, from one `Backlog` read when /metrics is scraped."""

    def __init__(self, backlog: Backlog) -> None:
        self.backlog = backlog

    def collect(self) -> Iterator[Metric]:
        b = self.backlog
        yield GaugeMetricFamily("clientbook_outbox_queued", "SMS waiting in the outbox", value=b.queued)
        yield GaugeMetricFamily("clientbook_outbox_sending", "SMS handed to the provider, not yet sent", b.sending)
        yield GaugeMetricFamily("clientbook_outbox_failed", "SMS that failed for good", value=b.failed)
        yield GaugeMetricFamily(
            "clientbook_outbox_oldest_queued_age_seconds",
            "How long the longest-waiting queued SMS has waited (0 when none is queued)",
            value=b.oldest_queued_seconds,
        )


def observe_request(dialect: str, method: str, route: str, status: int, seconds: float) -> None:
    labels = (dialect, method, route, str(status))
    REQUESTS.labels(*labels).inc()
    LATENCY.labels(*labels).observe(seconds)


@contextmanager
def multiprocess_metrics(workers: int) -> Iterator[None]:
    """With several worker processes, a fresh `PROMETHEUS_MULTIPROC_DIR` for their samples (removed afterwards); an
    operator's own directory is used as it is (prometheus-client asks that it be emptied between runs)."""
    if workers <= 1 or multiprocess_dir() is not None:
        yield
        return
    directory = tempfile.mkdtemp(prefix="clientbook-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    try:
        yield
    finally:
        del os.environ["PROMETHEUS_MULTIPROC_DIR"]
        shutil.rmtree(directory, ignore_errors=True)
