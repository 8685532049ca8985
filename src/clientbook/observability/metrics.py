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
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import Counter, Histogram

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


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


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
