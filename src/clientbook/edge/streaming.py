"""Lists answered whole, streamed: a JSON array written batch by batch as the core reads it (issue 15.3).

A vendor that documents a list without paging (Webcamconsult's `clients.json`) gets every record in one answer; built
in memory, a million clients took 5 GB. Streamed, the server holds one batch at a time. The bytes are those FastAPI
would render for the same models (compact JSON, aliases), so a client cannot tell a streamed list from a built one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from typing import TypeVar

from fastapi.responses import StreamingResponse
from pydantic import BaseModel

T = TypeVar("T")


def json_array(batches: AsyncIterator[list[T]], render: Callable[[T], BaseModel]) -> StreamingResponse:
    """An `application/json` answer that is the array of `render(record)` for every record of every batch."""
    return StreamingResponse(_chunks(batches, render), media_type="application/json")


async def _chunks(batches: AsyncIterator[list[T]], render: Callable[[T], BaseModel]) -> AsyncIterator[bytes]:
    yield b"["
    separator = b""
    async for batch in batches:
        if batch:
            yield separator + _joined(render(record) for record in batch)
            separator = b","
    yield b"]"


def _joined(models: Iterable[BaseModel]) -> bytes:
    return b",".join(model.__pydantic_serializer__.to_json(model, by_alias=True) for model in models)
