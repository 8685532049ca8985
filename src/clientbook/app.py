"""The root ASGI app: one sub-app per dialect, the web app and /sms beside them, health and metrics."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy import text

from clientbook.config import Settings
from clientbook.context import Context
from clientbook.dialects.registry import DIALECTS
from clientbook.store.engine import Database

# Background services started with the server (the SMS delivery worker registers here).
BackgroundService = Callable[[Context], Any]
BACKGROUND_SERVICES: list[BackgroundService] = []


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
        if db is None:
            await context.db.dispose()

    app = FastAPI(title="Clientbook", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.context = context
    requests: Counter[str] = Counter()
    started = time.time()

    @app.middleware("http")
    async def count_requests(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        requests[f'{request.url.path.split("/")[1] or "root"}",status="{response.status_code}'] += 1
        return response

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

    @app.get("/metrics")
    async def metrics() -> PlainTextResponse:
        lines = ["# TYPE clientbook_requests_total counter"]
        lines += [f'clientbook_requests_total{{mount="{key}"}} {n}' for key, n in sorted(requests.items())]
        lines += ["# TYPE clientbook_uptime_seconds gauge", f"clientbook_uptime_seconds {time.time() - started:.0f}"]
        return PlainTextResponse("\n".join(lines) + "\n")

    if settings.bench_ceiling:
        from clientbook.bench_ceiling import mount_ceiling

        mount_ceiling(app, context)

    for dialect in DIALECTS:
        app.mount(dialect.MOUNT, dialect.create_app(context))
    return app
