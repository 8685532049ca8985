"""The ceiling `make bench` measures against: a bare ASGI endpoint on the same server and driver inserting one row.

Mounted only with CLIENTBOOK_BENCH_CEILING=1; never part of a normal deployment.
"""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from starlette.types import Receive, Scope, Send

from clientbook.context import Context

_CREATE = "CREATE TABLE IF NOT EXISTS bench_rows (id BIGINT, payload VARCHAR(200))"


async def _create_table(context: Context) -> None:
    try:
        async with context.db.transaction() as session:
            await session.execute(text(_CREATE))
    except DBAPIError:  # another worker process (serve --workers N) created it at the same moment
        pass


def mount_ceiling(app: FastAPI, context: Context) -> None:
    ready = False
    creating = asyncio.Lock()

    async def ceiling(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal ready
        while True:  # drain the request body
            message = await receive()
            if not message.get("more_body"):
                break
        if not ready:
            async with creating:
                if not ready:
                    await _create_table(context)
                    ready = True
        async with context.db.transaction() as session:
            await session.execute(text("INSERT INTO bench_rows (id, payload) VALUES (1, 'x')"))
        body = b'{"status":0}'
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    app.mount("/_bench/insert", ceiling)
