"""Ids: 64-bit integers from one sequence per table.

PostgreSQL draws them inline in the INSERT (the columns carry a `Sequence`). SQLite has no sequences, so the id is
drawn from the `id_sequences` table inside the same write transaction; SQLite has a single writer, so this costs a
few microseconds and never contends.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Base

_ALLOCATE = text("UPDATE id_sequences SET next_value = next_value + 1 WHERE name = :name RETURNING next_value - 1")


async def assign(session: AsyncSession, record: Base) -> None:
    """Give `record` its id now on SQLite; on PostgreSQL the INSERT draws it from the sequence."""
    if session.get_bind().dialect.name != "sqlite" or getattr(record, "id", None) is not None:
        return
    table = record.__table__.name  # type: ignore[attr-defined]
    result = await session.execute(_ALLOCATE, {"name": f"{table}_id_seq"})
    record.id = result.scalar_one()  # type: ignore[attr-defined]


async def add(session: AsyncSession, record: Base) -> None:
    """Add a new record with its id assigned."""
    await assign(session, record)
    session.add(record)
