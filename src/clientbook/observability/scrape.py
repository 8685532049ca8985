"""`GET /metrics`: the samples of this process, or of every worker process under `serve --workers N`, and the outbox
gauges read from the database at scrape time."""

from __future__ import annotations

import logging

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.responses import Response

from clientbook.context import Context
from clientbook.core import messages_outbox

from .metrics import OutboxCollector, multiprocess_dir

log = logging.getLogger("clientbook.metrics")


async def metrics_response(context: Context) -> Response:
    directory = multiprocess_dir()
    if directory is None:
        registry = REGISTRY
    else:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    body = generate_latest(registry)
    try:
        async with context.db.transaction() as session:
            backlog = await messages_outbox.backlog(session)
    except Exception:  # the database away: the process metrics are still worth a scrape (/readyz says why)
        log.warning("outbox gauges left out of /metrics: the database did not answer", exc_info=True)
    else:
        outbox = CollectorRegistry()
        outbox.register(OutboxCollector(backlog))
        body += generate_latest(outbox)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
