"""`GET /metrics`: the samples of this process, or of every worker process under `serve --workers N`."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.responses import Response

from clientbook.context import Context

from .metrics import multiprocess_dir


async def metrics_response(context: Context) -> Response:
    directory = multiprocess_dir()
    if directory is None:
        registry = REGISTRY
    else:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
