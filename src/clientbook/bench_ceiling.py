"""The references `make bench` measures against, bare ASGI endpoints on the same server and driver:

- `/_bench/insert`: the ceiling, one row inserted in its own transaction (BEGIN, INSERT, COMMIT);
- `/_bench/round-trips/N`: the same, with N - 1 `SELECT 1` before the INSERT: what N statements cost with nothing
  else around them, so the benchmark can tell what an endpoint's round trips cost from what its code costs;
- `/_bench/cpu`: the process's CPU time (time.process_time()), which the read bench reads per round;
- `/_bench/reads/<dialect>/<id>` and `/_bench/reads/<dialect>?limit=N`: a client read and a first page of N clients
  answered with the same JSON bytes as the dialect's get and list (TimeTap `GET /clients/{id}` and `GET /clients`,
  CareCloud `GET /customers/{id}` and `GET /customers`, Webcamconsult `GET /clients/{id}.json` and `GET /clients.json`)
  from the fewest statements: the caller's token with its business, the client rows, and what TimeTap shows beside
  them (related rows and field definitions, client_relations' one statement), each one Core select (no ORM objects,
  no FastAPI routing or dependencies), shaped by the dialect's own pure rendering. What a dialect costs above it is
  its stack, not its data.

Mounted only with CLIENTBOOK_BENCH_CEILING=1; never part of a normal deployment.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, cast
from urllib.parse import parse_qs

import pydantic_core
from fastapi import FastAPI
from pydantic import TypeAdapter
from sqlalchemy import Row, bindparam, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import Receive, Scope, Send

from clientbook.context import Context
from clientbook.core.secrets import keyed_hash
from clientbook.core.text import is_digits
from clientbook.dialects.carecloud import mapping as carecloud
from clientbook.dialects.carecloud.conventions import listing
from clientbook.dialects.timetap.rendering import ClientView, to_wire_client
from clientbook.dialects.webcamconsult import mapping as webcamconsult
from clientbook.dialects.webcamconsult import wire as webcamconsult_wire
from clientbook.edge.rendered import to_json
from clientbook.store.models import ApiToken, Business, Client
from clientbook.store.repositories.client_relations import ClientRelationsRepository

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
    app.mount("/_bench/reads", _reads_reference(context))

    async def cpu(scope: Scope, receive: Receive, send: Send) -> None:
        """This process's CPU seconds so far, its threads (aiosqlite's) included: finer than /proc's 10 ms ticks."""
        body = pydantic_core.to_json({"cpu": time.process_time()})
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})

    app.mount("/_bench/cpu", cpu)


# ---- reads -------------------------------------------------------------------------------------------------------

_CLIENTS = Client.__table__
_TOKEN = (
    select(Business.id, Business.time_zone)
    .join(ApiToken, ApiToken.business_id == Business.id)
    .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.realm == bindparam("realm"))
    .where(ApiToken.revoked_at.is_(None))
)
_ONE = select(_CLIENTS).where(_CLIENTS.c.business_id == bindparam("business_id"), _CLIENTS.c.id == bindparam("id"))
_PAGE = (
    select(_CLIENTS)
    .where(_CLIENTS.c.business_id == bindparam("business_id"), _CLIENTS.c.deleted_at.is_(None))
    .order_by(_CLIENTS.c.id)
    .limit(bindparam("limit"))
)
_COUNT = select(func.count()).where(_CLIENTS.c.business_id == bindparam("business_id"), _CLIENTS.c.deleted_at.is_(None))
_WEBCAMCONSULT_CLIENT = TypeAdapter(webcamconsult_wire.ClientEnvelope)
_WEBCAMCONSULT_LIST = TypeAdapter(list[webcamconsult_wire.ClientListItem])

Render = Callable[[AsyncSession, Context, Any, Sequence[Row[Any]], bool], Awaitable[bytes]]


async def _timetap(
    session: AsyncSession, context: Context, business: Any, rows: Sequence[Row[Any]], one: bool
) -> bytes:
    ids = [row.id for row in rows]
    related = await ClientRelationsRepository(session).related(business.id, ids)  # the field definitions too
    view = ClientView(
        definitions=related.definitions,
        time_zone=business.time_zone,
        tags=related.tags,
        custom=related.custom,
        viewers=related.viewers,
        viewable=related.viewable,
        notes={client_id: "\n".join(bodies) or None for client_id, bodies in related.notes.items()},
    )
    found = [to_wire_client(cast(Client, row), view) for row in rows]
    return to_json(found[0] if one else found)  # the dialect's serializer: its clients carry orjson Fragments


async def _carecloud(
    session: AsyncSession, context: Context, business: Any, rows: Sequence[Row[Any]], one: bool
) -> bytes:
    found = [carecloud.customer(cast(Client, row), business.time_zone) for row in rows]
    if one:
        return pydantic_core.to_json({"data": found[0]})
    total = (await session.execute(_COUNT, {"business_id": business.id})).scalar_one()
    return pydantic_core.to_json(listing("customers", found, total))


async def _webcamconsult(
    session: AsyncSession, context: Context, business: Any, rows: Sequence[Row[Any]], one: bool
) -> bytes:
    if one:
        client = webcamconsult.to_wire_client(cast(Client, rows[0]), business.time_zone)
        return _WEBCAMCONSULT_CLIENT.dump_json(webcamconsult_wire.ClientEnvelope(client=client))
    key = context.secret_key
    return _WEBCAMCONSULT_LIST.dump_json(
        [webcamconsult.to_wire_client_item(cast(Client, row), business.time_zone, key) for row in rows]
    )


_SHAPES: dict[str, Render] = {"timetap": _timetap, "carecloud": _carecloud, "webcamconsult": _webcamconsult}


def _token_of(scope: Scope) -> str:
    """The token of `Authorization: Bearer <t>` or `Token token=<t>`, the two forms the three dialects take."""
    for name, value in scope["headers"]:
        if name == b"authorization":
            return str(value.decode("latin-1").split()[-1].removeprefix("token=").strip('"'))
    return ""


def _reads_reference(context: Context) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    async def read(scope: Scope, receive: Receive, send: Send) -> None:
        parts = scope["path"].strip("/").split("/")
        start = parts.index("reads") + 1 if "reads" in parts else 0
        dialect, rest = parts[start], parts[start + 1 :]
        render = _SHAPES[dialect]
        query = parse_qs(scope.get("query_string", b"").decode())
        token_hash = keyed_hash(context.secret_key, _token_of(scope))
        status, body = 404, b"{}"
        async with context.db.transaction() as session:
            business = (await session.execute(_TOKEN, {"token_hash": token_hash, "realm": dialect})).first()
            if business is None:
                status = 401
            elif rest:
                rows = (await session.execute(_ONE, {"business_id": business.id, "id": int(rest[0])})).all()
                if rows:
                    status, body = 200, await render(session, context, business, rows, True)
            else:
                limit = int(query.get("limit", ["50"])[0])
                rows = (await session.execute(_PAGE, {"business_id": business.id, "limit": limit})).all()
                status, body = 200, await render(session, context, business, rows, False)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return read
