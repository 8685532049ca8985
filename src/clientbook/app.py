"""The root ASGI app: one sub-app per dialect, the web app and /sms beside them, health and metrics."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.routing import Mount

from clientbook.config import Settings
from clientbook.context import Context
from clientbook.delivery import create_app as create_sms_app
from clientbook.delivery import delivery_worker
from clientbook.delivery.webhooks import webhook_worker
from clientbook.dialects.registry import DIALECTS
from clientbook.edge import idempotency
from clientbook.edge.app import dialect_app
from clientbook.edge.docs import install_index
from clientbook.observability.logs import configure_logging
from clientbook.observability.metrics import process_exiting, watch_pool
from clientbook.observability.middleware import Observe
from clientbook.observability.scrape import metrics_response
from clientbook.store.engine import Database

# Background services started with the server (the SMS delivery worker registers here).
BackgroundService = Callable[[Context], Any]
BACKGROUND_SERVICES: list[BackgroundService] = [delivery_worker, webhook_worker, idempotency.purger]
ROOT_ROUTES = ("/healthz", "/readyz", "/metrics", "/docs")


def _dialect_labels() -> list[tuple[str, str]]:
    """Mount prefix → the `dialect` label of its requests in logs and metrics."""
    labels = [(mount, dialect.name) for dialect in DIALECTS for mount in dialect.mounts]
    return [*labels, ("/sms", "sms"), ("/_bench", "bench")]


def serve_app() -> FastAPI:
    """The app as `clientbook serve` runs it, in every worker process: logging configured from the settings first."""
    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    return create_app(settings)


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    settings = settings or Settings()
    settings.check()
    context = Context(settings=settings, db=db or Database(settings.database_url))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if settings.run_worker:
                for service in BACKGROUND_SERVICES:
                    await stack.enter_async_context(service(context))
            yield
        process_exiting()
        if db is None:
            await context.db.dispose()

    app = FastAPI(title="Clientbook", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.context = context
    app.add_middleware(Observe, mounts=_dialect_labels(), root_routes=ROOT_ROUTES)
    watch_pool(context.db.engine)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> Response:
        try:
            async with context.db.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:  # any failure to reach the database means not ready
            return JSONResponse({"status": "unavailable", "detail": type(error).__name__}, status_code=503)
        return JSONResponse({"status": "ok", "database": context.db.backend})

    install_index(app, DIALECTS)  # /docs: every dialect's docs page and OpenAPI document

    @app.get("/metrics")
    async def metrics() -> Response:
        return await metrics_response(context)

    if settings.bench_ceiling:
        from clientbook.bench_ceiling import mount_ceiling

        mount_ceiling(app, context)

    for dialect in DIALECTS:
        sub_app = dialect_app(context, dialect)
        for mount in dialect.mounts:
            app.mount(mount, sub_app)
    app.mount("/sms", create_sms_app(context))  # replies and delivery receipts from the SMS provider
    # The staff web app answers `/` and so every path: keep this mount LAST, after the dialects and /sms.
    from clientbook.web import create_app as create_web_app

    app.mount("/", create_web_app(context))
    _match_any_character(app)
    return app


def _match_any_character(app: FastAPI) -> None:
    """Mounts match paths holding a newline too (`/webcamconsult/client/%0A.json`): Starlette's mount pattern `.*`
    stops at one, so such a request would fall past every sub-app to a bare 404 in no dialect's form."""
    for route in app.routes:
        if isinstance(route, Mount):
            route.path_regex = re.compile(route.path_regex.pattern, re.DOTALL)
