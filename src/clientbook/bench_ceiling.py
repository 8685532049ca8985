"""The references `make bench` measures against, bare ASGI endpoints on the same server and driver:

- `/_bench/insert`: the ceiling, one row inserted in its own transaction (BEGIN, INSERT, COMMIT);
- `/_bench/round-trips/N`: the same, with N - 1 `SELECT 1` before the INSERT: what N statements cost with nothing
  else around them, so the benchmark can tell what an endpoint's round trips cost from what its code costs.

Mounted only with CLIENTBOOK_BENCH_CEILING=1; never part of a normal deployment.
"""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from starlette.types import Receive, Scope, Send

from clientbook.context import Context
from clientbook.core.text import is_digits

_CREATE = text("CREATE TABLE IF NOT EXISTS bench_rows (id BIGINT, payload VARCHAR(200))")
_INSERT = text("INSERT INTO bench_rows (id, payload) VALUES (1, 'x')")
_SELECT = text("SELECT 1")
_ANSWER = b'{"status":0}'
_HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(_ANSWER)).encode())]


async def _create_table(context: Context) -> None:
    try:
        async with context.db.transaction() as session:
            await session.execute(_CREATE)
    except DBAPIError:  # another worker process (serve --workers N) created it at the same moment
        pass


def mount_ceiling(app: FastAPI, context: Context) -> None:
    ready = False
    creating = asyncio.Lock()

    async def reference(scope: Scope, receive: Receive, send: Send) -> None:
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
        last = scope["path"].rstrip("/").rpartition("/")[2]
        statements = int(last) if is_digits(last) else 1
        async with context.db.transaction() as session:
            for _ in range(statements - 1):
                await session.execute(_SELECT)
            await session.execute(_INSERT)
        await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
        await send({"type": "http.response.body", "body": _ANSWER})

    app.mount("/_bench/insert", reference)
    app.mount("/_bench/round-trips", reference)
