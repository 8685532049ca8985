"""Ids: 64-bit integers from one sequence per table.

PostgreSQL draws them inline in the INSERT (the columns carry a `Sequence`). SQLite has no sequences, so the id is
drawn from the `id_sequences` table inside the same write transaction; SQLite has a single writer, so this costs a
few microseconds and never contends.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Base

_ALLOCATE = text("UPDATE id_sequences SET next_value = next_value + :n WHERE name = :name RETURNING next_value - :n")


async def next_id(session: AsyncSession, table: str, count: int = 1) -> int | None:
    """The next id of `table` on SQLite (the first of `count` consecutive ones, drawn in one statement); None on
    PostgreSQL, where the INSERT draws it from the sequence."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    result = await session.execute(_ALLOCATE, {"name": f"{table}_id_seq", "n": count})
    value: int = result.scalar_one()
    return value


async def assign(session: AsyncSession, record: Base) -> None:
    """Give `record` its id now on SQLite; on PostgreSQL the INSERT draws it from the sequence. Tables keyed
    without an `id` (tokens, links between records) have none to give."""
    if getattr(type(record), "id", None) is None or getattr(record, "id", None) is not None:
        return
    allocated = await next_id(session, cast(Table, record.__table__).name)
    if allocated is not None:
        record.id = allocated  # type: ignore[attr-defined]


async def add(session: AsyncSession, record: Base) -> None:
    """Add a new record with its id assigned."""
    await assign(session, record)
    session.add(record)
