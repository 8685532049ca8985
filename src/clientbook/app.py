"""The root ASGI app: one sub-app per dialect, the web app and /sms beside them, health and metrics."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy import text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clientbook.config import Settings
from clientbook.context import Context
from clientbook.delivery import create_app as create_sms_app
from clientbook.delivery import delivery_worker
from clientbook.dialects.registry import DIALECTS
from clientbook.store.engine import Database

# Background services started with the server (the SMS delivery worker registers here).
BackgroundService = Callable[[Context], Any]
BACKGROUND_SERVICES: list[BackgroundService] = [delivery_worker]


class _CountRequests:
    """Requests by mount and status for /metrics (pure ASGI: BaseHTTPMiddleware costs a task per request)."""

    def __init__(self, app: ASGIApp, counter: Counter[tuple[str, int]]) -> None:
        self.app = app
        self.counter = counter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        mount = scope["path"].split("/", 2)[1] or "root"

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.counter[(mount, message["status"])] += 1
            await send(message)

        await self.app(scope, receive, counting_send)


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
    requests: Counter[tuple[str, int]] = Counter()
    started = time.time()
    app.add_middleware(_CountRequests, counter=requests)

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
        lines += [
            f'clientbook_requests_total{{mount="{mount}",status="{status}"}} {n}'
            for (mount, status), n in sorted(requests.items())
        ]
        lines += ["# TYPE clientbook_uptime_seconds gauge", f"clientbook_uptime_seconds {time.time() - started:.0f}"]
        return PlainTextResponse("\n".join(lines) + "\n")

    if settings.bench_ceiling:
        from clientbook.bench_ceiling import mount_ceiling

        mount_ceiling(app, context)

    for dialect in DIALECTS:
        sub_app = dialect.create_app(context)
        for mount in dialect.mounts:
            app.mount(mount, sub_app)
    app.mount("/sms", create_sms_app(context))  # replies and delivery receipts from the SMS provider
    # The staff web app answers `/` and so every path: keep this mount LAST, after the dialects and /sms.
    from clientbook.web import create_app as create_web_app

    app.mount("/", create_web_app(context))
    return app
